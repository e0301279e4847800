import { parseDigest, type Digest } from '@/registry/digest';
import { ANNOTATION_REFERENCE_DIGEST, ANNOTATION_REFERENCE_TYPE } from '@/registry/media-types';
import { descriptorLabel, isAttestation, platformLabel } from '@/registry/manifests';
import type { Descriptor, IndexManifest } from '@/registry/types';
import type { ConfigFacts } from './config-facts';

/** One child of an index: a platform, or an attestation about one. */
export interface IndexEntry {
  descriptor: Descriptor;
  /** Position in the index, from 0. */
  position: number;
  /**
   * `linux/arm/v7`; `unknown/unknown` for attestations; for an entry without a platform (artifacts in an index,
   * some clients' test layouts) its artifactType, else its media type.
   */
  label: string;
  /** The entry states no platform: an image's config may still name one (see `entryLabel`). */
  platformless: boolean;
  /** What `?platform=` selects it by: the label when no other child has it, else the digest. */
  key: string;
  attestation: boolean;
  /** `vnd.docker.reference.type` (BuildKit: `attestation-manifest`; others write e.g. `builder`). */
  referenceType?: string;
  /** For an attestation: the manifest it describes and that manifest's platform in this index. */
  attests?: { digest: Digest; label?: string };
}

/** The children of an index, each with its own platform; attestations named as such, never as platforms. */
export function indexEntries(index: IndexManifest): IndexEntry[] {
  const labels = index.manifests.map(descriptorLabel);
  const count = new Map<string, number>();
  index.manifests.forEach((d, i) => {
    if (!isAttestation(d)) count.set(labels[i]!, (count.get(labels[i]!) ?? 0) + 1);
  });
  return index.manifests.map((d, i) => {
    const attestation = isAttestation(d);
    const label = labels[i]!;
    const platformless = !d.platform;
    const entry: IndexEntry = {
      descriptor: d,
      position: i,
      label,
      platformless,
      // a platform-less entry's label may change to its config's platform: select it by digest, which cannot
      key: !attestation && !platformless && count.get(label) === 1 ? label : d.digest,
      attestation,
    };
    const referenceType = d.annotations?.[ANNOTATION_REFERENCE_TYPE];
    if (referenceType) entry.referenceType = referenceType;
    if (attestation) {
      const ref = parseDigest(d.annotations?.[ANNOTATION_REFERENCE_DIGEST]);
      if (ref) {
        const target = index.manifests.find((m) => m.digest === ref && !isAttestation(m));
        entry.attests = { digest: ref, ...(target ? { label: platformLabel(target.platform) } : {}) };
      }
    }
    return entry;
  });
}

/**
 * What an entry is called: its platform; for an entry without one, the platform its image config names
 * (`config` when read), else its artifactType or media type.
 */
export function entryLabel(entry: IndexEntry, config?: Pick<ConfigFacts, 'platform'>): string {
  return entry.platformless && config?.platform ? config.platform : entry.label;
}

/** The entry `?platform=` names (by key or digest), else the first runnable platform, else the first child. */
export function selectEntry(entries: readonly IndexEntry[], wanted: string | null): IndexEntry | undefined {
  if (wanted) {
    const hit = entries.find((e) => e.key === wanted || e.descriptor.digest === wanted);
    if (hit) return hit;
  }
  return entries.find((e) => !e.attestation) ?? entries[0];
}


import type { RegistryClient, CallOptions } from './client';
import { parseDigest, type Digest } from './digest';
import { RegistryError } from './errors';
import { MediaType } from './media-types';
import type { Descriptor, FetchedManifest } from './types';

/** What kind of supply-chain object a tag named after a digest holds. */
export type SupplyChainKind = 'signature' | 'attestation' | 'sbom' | 'referrers';

/** A tag named after the digest it describes: cosign's `sha256-<hex>.sig|.att|.sbom`, or the referrers fallback tag. */
export interface SupplyChainTag {
  tag: string;
  /** The manifest the object is about. */
  subject: Digest;
  kind: SupplyChainKind;
}

const SUFFIX_KIND: Record<string, SupplyChainKind> = { sig: 'signature', att: 'attestation', sbom: 'sbom' };
// cosign: <alg>-<hex>.<suffix> (pkg/oci/remote: SignatureTag, AttestationTag, SBOMTag);
// distribution-spec "Referrers Tag Schema": <alg>-<ref>, the digest with ':' replaced by '-'
const SUPPLY_CHAIN_TAG = /^(sha256|sha512)-([a-f0-9]{64}|[a-f0-9]{128})(?:\.(sig|att|sbom))?$/;

/** Recognises a tag that names a digest; undefined for ordinary tags. */
export function parseSupplyChainTag(tag: string): SupplyChainTag | undefined {
  const m = SUPPLY_CHAIN_TAG.exec(tag);
  if (!m) return undefined;
  const subject = parseDigest(`${m[1]}:${m[2]}`);
  if (!subject) return undefined;
  return { tag, subject, kind: m[3] ? SUFFIX_KIND[m[3]]! : 'referrers' };
}

/** What a referrer is, by its artifactType: signatures (Notation, cosign), attestations, SBOMs. */
const ARTIFACT_KIND: Record<string, Exclude<SupplyChainKind, 'referrers'>> = {
  [MediaType.NotarySignature]: 'signature',
  [MediaType.CosignSignatureArtifact]: 'signature',
  [MediaType.InToto]: 'attestation',
  'application/vnd.dsse.envelope.v1+json': 'attestation',
  'application/vnd.dev.cosign.artifact.att.v1+json': 'attestation',
  'application/spdx+json': 'sbom',
  'application/vnd.cyclonedx+json': 'sbom',
  'application/vnd.dev.cosign.artifact.sbom.v1+json': 'sbom',
};

/** The kind of a referrer by its artifactType; undefined for other artifacts. */
export function referrerKind(artifactType: string | undefined): Exclude<SupplyChainKind, 'referrers'> | undefined {
  return artifactType ? ARTIFACT_KIND[artifactType] : undefined;
}

/** The referrers fallback tag of a digest: `sha256:abc…` → `sha256-abc…` (distribution-spec, Referrers Tag Schema). */
export function referrersTagFor(digest: Digest): string {
  const colon = digest.indexOf(':');
  return `${digest.slice(0, colon).slice(0, 32)}-${digest.slice(colon + 1).slice(0, 64)}`;
}

/** The cosign tags that would hold a signature, attestation and SBOM of `digest`. */
export function cosignTagsFor(digest: Digest): Record<'signature' | 'attestation' | 'sbom', string> {
  const base = referrersTagFor(digest);
  return { signature: `${base}.sig`, attestation: `${base}.att`, sbom: `${base}.sbom` };
}

/**
 * The referrers a `sha256-<hex>` tag lists, when it is a referrers fallback tag: an OCI index (distribution-spec
 * "Referrers Tag Schema") whose entries describe artifacts, each with the `artifactType` the spec requires the
 * fallback index to copy from the referrer. Undefined for anything else holding that name: a "digest tag"
 * pointing at the manifest it names (regclient pushes these), an image, a Docker list, an index of platforms.
 */
export function referrersInIndex(subject: Digest, fetched: FetchedManifest): Descriptor[] | undefined {
  const m = fetched.manifest;
  // an index cannot name itself as its own subject: the digest would have to cover itself
  if (fetched.digest === subject) return undefined;
  if (m.mediaType !== MediaType.OciIndex || m.manifests.length === 0) return undefined;
  if (!m.manifests.every((d) => d.artifactType !== undefined)) return undefined;
  return m.manifests;
}

/** Manifests that name a digest as their subject, and where the list came from. */
export interface Referrers {
  /** `api`: the registry's referrers API; `tag`: the fallback tag clients write where there is none. */
  source: 'api' | 'tag';
  /** The fallback tag read (or looked for), when source is `tag`. */
  tag?: string;
  /** The fallback tag exists but holds something else (a digest tag, an image): an ordinary tag, no referrers. */
  ordinaryTag?: boolean;
  manifests: Descriptor[];
}

/**
 * The API must give each referrer the manifest's own `artifactType`, and its config's media type only when it has
 * none (distribution-spec "Listing Referrers"). go-containerregistry's registry (v0.22.1, pkg/registry
 * handleReferrers) always gives the config's, so an artifact pushed with the empty config (oras attach) shows up
 * as `application/vnd.oci.empty.v1+json`, which names no type at all. For those, the manifest is read and its own
 * `artifactType` used; one that cannot be read keeps what the registry said.
 */
async function ownArtifactTypes(client: RegistryClient, name: string, manifests: Descriptor[], options: CallOptions): Promise<Descriptor[]> {
  return Promise.all(
    manifests.map(async (d) => {
      if (d.artifactType !== undefined && d.artifactType !== MediaType.OciEmpty) return d;
      const digest = parseDigest(d.digest);
      if (!digest) return d;
      try {
        const m = (await client.getManifest(name, digest, options)).manifest as { artifactType?: unknown };
        return typeof m.artifactType === 'string' && m.artifactType !== '' ? { ...d, artifactType: m.artifactType } : d;
      } catch (e) {
        if (options.signal.aborted) throw e;
        return d;
      }
    }),
  );
}

/**
 * Lists the referrers of `digest`: `GET /v2/<name>/referrers/<digest>` where the registry has the API, else the
 * index at the fallback tag `sha256-<hex>` (none there, or something that is not a referrers index, means no
 * referrers). A registry with the API must not answer it with 404 (distribution-spec "Listing Referrers");
 * distribution 2.8 has no such route and answers a plain-text 404, some proxies a 405.
 */
export async function listReferrers(client: RegistryClient, name: string, digest: Digest, options: CallOptions): Promise<Referrers> {
  try {
    const index = await client.getReferrers(name, digest, options);
    return { source: 'api', manifests: await ownArtifactTypes(client, name, index.manifests, options) };
  } catch (e) {
    if (!(e instanceof RegistryError) || (e.kind !== 'not-found' && e.kind !== 'unsupported')) throw e;
  }
  const tag = referrersTagFor(digest);
  let fetched: FetchedManifest;
  try {
    fetched = await client.getManifest(name, tag, options);
  } catch (e) {
    if (e instanceof RegistryError && e.kind === 'not-found') return { source: 'tag', tag, manifests: [] };
    throw e;
  }
  const manifests = referrersInIndex(digest, fetched);
  return manifests ? { source: 'tag', tag, manifests } : { source: 'tag', tag, ordinaryTag: true, manifests: [] };
}

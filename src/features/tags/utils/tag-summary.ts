import { MediaType } from '@/registry/media-types';
import { artifactTypeOf, descriptorLabel, imageSize, isAttestation, isIndex, isSingle, platformLabel } from '@/registry/manifests';
import type { Digest } from '@/registry/digest';
import type { FetchedManifest, ImageConfig } from '@/registry/types';
import type { RegistryError } from '@/registry/errors';

/** What one row of the tag table shows. */
export interface TagSummary {
  digest: Digest;
  mediaType: string;
  /** Compressed size of config + layers; for an index, its largest platform's (undefined until they are read). */
  size: number | undefined;
  /** For an index: its newest platform's date, else the index's own created annotation. */
  created: string | undefined;
  /** An index whose size and date are its platforms' (largest, newest). */
  fromPlatforms?: boolean;
  /** `linux/amd64` … for indexes, attestations left out; the config's platform for images. */
  platforms: string[];
  /** Attestation manifests inside an index. */
  attestations: number;
  artifactType: string | undefined;
}

export type TagRowState =
  | { status: 'pending' }
  | { status: 'done'; summary: TagSummary }
  | { status: 'error'; error: RegistryError | Error };

const CREATED_ANNOTATION = 'org.opencontainers.image.created';

/** A platform of an index as read for its row: its manifest and, for images, its config. */
export interface PlatformRead {
  fetched: FetchedManifest;
  config?: ImageConfig;
}

function newest(dates: readonly (string | undefined)[]): string | undefined {
  let best: string | undefined;
  let bestTime = -Infinity;
  for (const d of dates) {
    const time = d ? Date.parse(d) : NaN;
    if (!Number.isNaN(time) && time > bestTime) {
      best = d;
      bestTime = time;
    }
  }
  return best;
}

/**
 * Derives a row from a manifest and, for images, its config; for an index, from the platforms read (`children`):
 * the largest platform's size and the newest platform's date, so indexes sort among images by what a pull of
 * them costs and when they were last built. Pure: unit-tested on captured manifests.
 */
export function summarize(fetched: FetchedManifest, config?: ImageConfig, children: readonly PlatformRead[] = []): TagSummary {
  const m = fetched.manifest;
  const base = { digest: fetched.digest, mediaType: m.mediaType, artifactType: artifactTypeOf(m) };
  if (isIndex(m)) {
    const platforms = m.manifests.filter((d) => !isAttestation(d));
    const annotations = m.mediaType === MediaType.OciIndex ? m.annotations : undefined;
    const rows = children.map((c) => summarize(c.fetched, c.config));
    const sizes = rows.flatMap((r) => (r.size === undefined ? [] : [r.size]));
    const created = newest(rows.map((r) => r.created));
    return {
      ...base,
      size: sizes.length ? Math.max(...sizes) : undefined,
      created: created ?? annotations?.[CREATED_ANNOTATION],
      ...(sizes.length || created ? { fromPlatforms: true } : {}),
      // a platform-less entry is named by its config's platform once read
      platforms: platforms.map((d) => {
        const read = d.platform ? undefined : rows[children.findIndex((c) => c.fetched.digest === d.digest)];
        return read?.platforms[0] ?? descriptorLabel(d);
      }),
      attestations: m.manifests.length - platforms.length,
    };
  }
  if (isSingle(m)) {
    const annotations = m.mediaType === MediaType.OciManifest ? m.annotations : undefined;
    const platform = config?.os && config.architecture ? platformLabel({ os: config.os, architecture: config.architecture, ...(config.variant ? { variant: config.variant } : {}) }) : undefined;
    return {
      ...base,
      size: imageSize(m),
      created: config?.created ?? annotations?.[CREATED_ANNOTATION],
      platforms: platform ? [platform] : [],
      attestations: 0,
    };
  }
  // schema1: sizes are not in the manifest
  return { ...base, size: undefined, created: undefined, platforms: m.architecture ? [m.architecture] : [], attestations: 0 };
}

/** True when the config blob is a JSON image config worth fetching for created/platform. */
export function hasImageConfig(fetched: FetchedManifest): boolean {
  const m = fetched.manifest;
  if (!isSingle(m)) return false;
  return m.config.mediaType === MediaType.OciConfig || m.config.mediaType === MediaType.DockerConfig;
}

export type SortKey = 'name' | 'created' | 'size';
export type SortDir = 'asc' | 'desc';

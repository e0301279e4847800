import type { Digest } from './digest';
import { isAttestation, isIndex, isSingle } from './manifests';
import type { FetchedManifest } from './types';

/** A blob as garbage collection sees it: the manifest's own bytes, a config or a layer. */
export interface BlobRef {
  digest: Digest;
  size: number;
  kind: 'manifest' | 'config' | 'layer';
}

/** What one manifest references, reduced to what retention and reclaimable space need. */
export interface ManifestNode {
  digest: Digest;
  /** Bytes of the manifest body: distribution stores it as a blob too. */
  size: number;
  /** Config and layers of an image manifest; empty for an index. Foreign layers (with `urls`) are not stored. */
  blobs: BlobRef[];
  /** Manifests an index lists (platforms and attestations alike); empty for an image. */
  children: { digest: Digest; size: number; attestation: boolean }[];
  /** True for schema1 manifests, whose layer sizes are not in the manifest. */
  sizesUnknown: boolean;
}

/** One tag as the cleanup sees it: where it points now, and when that image was built. */
export interface TagFacts {
  tag: string;
  digest: Digest;
  /** RFC 3339 time from the image config, or the index annotation; undefined when unknown. */
  created: string | undefined;
}

/** A repository read for a cleanup: every tag, and every manifest those tags reach (index children included). */
export interface Inventory {
  tags: TagFacts[];
  manifests: ReadonlyMap<Digest, ManifestNode>;
}

/** Reduces a fetched manifest to the references garbage collection follows. */
export function manifestNode(fetched: FetchedManifest): ManifestNode {
  const m = fetched.manifest;
  const base = { digest: fetched.digest, size: fetched.size, sizesUnknown: false };
  if (isSingle(m)) {
    const blobs: BlobRef[] = [{ digest: m.config.digest, size: m.config.size, kind: 'config' }];
    for (const l of m.layers) {
      // distribution never stores a foreign layer (it has urls and lives elsewhere)
      if (!l.urls?.length) blobs.push({ digest: l.digest, size: l.size, kind: 'layer' });
    }
    return { ...base, blobs, children: [] };
  }
  if (isIndex(m)) {
    return { ...base, blobs: [], children: m.manifests.map((d) => ({ digest: d.digest, size: d.size, attestation: isAttestation(d) })) };
  }
  return {
    ...base,
    blobs: m.fsLayers.map((l) => ({ digest: l.blobSum as Digest, size: 0, kind: 'layer' as const })),
    children: [],
    sizesUnknown: true,
  };
}

/** Every manifest reachable from `roots` through index children, roots included. */
export function reachable(roots: Iterable<Digest>, manifests: ReadonlyMap<Digest, ManifestNode>): Set<Digest> {
  const seen = new Set<Digest>();
  const stack = [...roots];
  while (stack.length > 0) {
    const d = stack.pop()!;
    if (seen.has(d)) continue;
    seen.add(d);
    for (const c of manifests.get(d)?.children ?? []) stack.push(c.digest);
  }
  return seen;
}

/** Sum of config and layers of an image; for an index, of every child image (what a naive UI adds up). */
export function imageBytes(digest: Digest, manifests: ReadonlyMap<Digest, ManifestNode>, seen = new Set<Digest>()): number {
  if (seen.has(digest)) return 0;
  seen.add(digest);
  const node = manifests.get(digest);
  if (!node) return 0;
  return node.blobs.reduce((s, b) => s + b.size, 0) + node.children.reduce((s, c) => s + imageBytes(c.digest, manifests, seen), 0);
}

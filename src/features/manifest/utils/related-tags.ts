import type { Digest } from '@/registry/digest';
import { parseSupplyChainTag } from '@/registry/referrers';
import { isAttestation, isIndex, isSingle } from '@/registry/manifests';
import type { FetchedManifest } from '@/registry/types';

/** Layers of a manifest by digest, with sizes: an image's own, or every platform's of an index (those read). */
export function layersOf(fetched: FetchedManifest, manifests: ReadonlyMap<Digest, FetchedManifest>): Map<Digest, number> {
  const out = new Map<Digest, number>();
  const add = (m: FetchedManifest['manifest']) => {
    if (isSingle(m)) for (const l of m.layers) out.set(l.digest, l.size);
  };
  const m = fetched.manifest;
  if (isIndex(m)) {
    for (const d of m.manifests) {
      if (isAttestation(d)) continue;
      const child = manifests.get(d.digest);
      if (child) add(child.manifest);
    }
  } else add(m);
  return out;
}

/** Another tag of the repository measured against the image on view. */
export interface RelatedTag {
  tag: string;
  digest: Digest;
  sharedLayers: number;
  sharedBytes: number;
  /** Layers of that tag's image (every platform's, for an index). */
  layers: number;
}

/**
 * Which other tags point at the same digest, and which images share layers with it (largest share first;
 * cosign and referrers tags left out of the sharing). `tags`
 * maps each tag to its digest now; `manifests` holds what was read, index children included.
 */
export function relatedTags(
  self: { digest: Digest; layers: ReadonlyMap<Digest, number> },
  tags: ReadonlyMap<string, Digest>,
  manifests: ReadonlyMap<Digest, FetchedManifest>,
): { sameDigest: string[]; sharing: RelatedTag[] } {
  const sameDigest: string[] = [];
  const sharing: RelatedTag[] = [];
  const byDigest = new Map<Digest, { shared: number; bytes: number; layers: number }>();
  for (const [tag, digest] of tags) {
    if (digest === self.digest) {
      sameDigest.push(tag);
      continue;
    }
    // signatures and referrers indexes are about images, not images: they share no filesystem with them
    if (parseSupplyChainTag(tag)) continue;
    let facts = byDigest.get(digest);
    if (!facts) {
      const fetched = manifests.get(digest);
      if (!fetched) continue;
      const theirs = layersOf(fetched, manifests);
      let shared = 0;
      let bytes = 0;
      for (const [d, size] of theirs) {
        if (self.layers.has(d)) {
          shared++;
          bytes += size;
        }
      }
      facts = { shared, bytes, layers: theirs.size };
      byDigest.set(digest, facts);
    }
    if (facts.shared > 0) sharing.push({ tag, digest, sharedLayers: facts.shared, sharedBytes: facts.bytes, layers: facts.layers });
  }
  sharing.sort((a, b) => b.sharedBytes - a.sharedBytes || (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
  return { sameDigest: sameDigest.sort(), sharing };
}


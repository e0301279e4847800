import type { Digest } from '@/registry/digest';
import { imageBytes, reachable, type BlobRef, type ManifestNode } from '@/registry/inventory';

export interface ReclaimEstimate {
  /** Sum of the image sizes of the deleted manifests: what most UIs show. Counts a layer once per image. */
  plainSum: number;
  /** Bytes of the blobs garbage collection would remove: see `freed`. */
  reclaimable: number;
  /** Blobs no manifest that stays references: deleted manifests themselves, their configs and layers. Largest first. */
  freed: BlobRef[];
  /** Blobs of deleted manifests that stay, because a manifest that stays (or another repository) uses them. */
  stillUsed: { blob: BlobRef; by: 'repository' | { repository: string } }[];
  /**
   * Platform manifests of deleted indexes. The DELETE removes only the index: its children stay in the
   * repository as untagged manifests, and plain garbage collection keeps them and their layers.
   */
  untaggedChildren: { manifests: Digest[]; bytes: number };
  /** Manifests the estimate needed but could not read; the figures are then an upper bound. */
  unknown: Digest[];
  /** A schema1 manifest is involved: its layer sizes are not known. */
  sizesUnknown: boolean;
}

/**
 * Predicts what `registry garbage-collect` (without --delete-untagged) frees after deleting `deleteDigests`,
 * the way distribution 2.8 marks and sweeps: every manifest left in the repository (tagged or not, index
 * children included) marks itself, its config, its layers and its children; every blob not marked is freed.
 * Deleted manifests free their own blob, their config and layers; an index frees only itself.
 *
 * Only manifests reachable from the repository's tags are known: untagged manifests already in storage are
 * invisible to the V2 API. Blobs other repositories use are subtracted only when `external` (blob → one
 * repository using it, from a registry-wide scan) is given.
 */
export function estimateReclaimable(
  manifests: ReadonlyMap<Digest, ManifestNode>,
  tagDigests: Iterable<Digest>,
  deleteDigests: ReadonlySet<Digest>,
  external?: ReadonlyMap<string, string>,
): ReclaimEstimate {
  const roots = [...tagDigests];
  const known = reachable(roots, manifests);
  const unknown = [...known].filter((d) => !manifests.has(d));
  // what garbage collection marks in this repository afterwards
  const marked = new Set<string>();
  for (const d of known) {
    if (deleteDigests.has(d)) continue;
    marked.add(d);
    const node = manifests.get(d);
    for (const b of node?.blobs ?? []) marked.add(b.digest);
    for (const c of node?.children ?? []) marked.add(c.digest);
  }

  const candidates = new Map<string, BlobRef>();
  let plainSum = 0;
  let sizesUnknown = false;
  const childRoots: Digest[] = [];
  for (const d of deleteDigests) {
    const node = manifests.get(d);
    if (!node) {
      if (!unknown.includes(d)) unknown.push(d);
      continue;
    }
    sizesUnknown ||= node.sizesUnknown;
    plainSum += imageBytes(d, manifests);
    candidates.set(d, { digest: d, size: node.size, kind: 'manifest' });
    for (const b of node.blobs) if (!candidates.has(b.digest)) candidates.set(b.digest, b);
    for (const c of node.children) if (!deleteDigests.has(c.digest)) childRoots.push(c.digest);
  }

  const freed: BlobRef[] = [];
  const stillUsed: ReclaimEstimate['stillUsed'] = [];
  for (const blob of candidates.values()) {
    const other = external?.get(blob.digest);
    if (marked.has(blob.digest)) stillUsed.push({ blob, by: 'repository' });
    else if (other !== undefined) stillUsed.push({ blob, by: { repository: other } });
    else freed.push(blob);
  }
  freed.sort((a, b) => b.size - a.size || (a.digest < b.digest ? -1 : 1));

  // what --delete-untagged would add: the children of deleted indexes that no tag reaches any more, and
  // their blobs no tagged manifest uses. Shown as a rough figure: on 2.8 that flag also deletes the children
  // of indexes that stay.
  const tagged = new Set<Digest>();
  for (const d of roots) if (!deleteDigests.has(d)) tagged.add(d);
  const keptReach = reachable(tagged, manifests);
  const keptBlobs = new Set<string>(keptReach);
  for (const d of keptReach) for (const b of manifests.get(d)?.blobs ?? []) keptBlobs.add(b.digest);
  const freedSet = new Set<string>(freed.map((b) => b.digest));
  const children = [...reachable(childRoots, manifests)].filter((d) => !deleteDigests.has(d) && !keptReach.has(d));
  const childBlobs = new Map<string, number>();
  for (const d of children) {
    const node = manifests.get(d);
    if (!node) continue;
    childBlobs.set(d, node.size);
    for (const b of node.blobs) childBlobs.set(b.digest, b.size);
  }
  let childBytes = 0;
  for (const [digest, size] of childBlobs) if (!freedSet.has(digest) && !keptBlobs.has(digest) && !external?.has(digest)) childBytes += size;

  return {
    plainSum,
    reclaimable: freed.reduce((s, b) => s + b.size, 0),
    freed,
    stillUsed,
    untaggedChildren: { manifests: children, bytes: childBytes },
    unknown,
    sizesUnknown,
  };
}

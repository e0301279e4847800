import type { Digest } from '@/registry/digest';
import { naturalCompare } from '@/lib/natural-sort';
import { reachable, type ManifestNode } from './inventory';

/** One DELETE and every tag it removes. */
export interface DeleteGroup {
  digest: Digest;
  /** Every tag pointing at the digest: all of them go. */
  tags: string[];
  /** Of those, the tags the user did not select (they go because they share the digest). */
  added: string[];
}

export interface SelectionPlan {
  groups: DeleteGroup[];
  /** Selected tags that no longer exist. */
  gone: string[];
  /** Selected tags that cannot go: their manifest is part of a multi-arch index a remaining tag points at. */
  blocked: { tag: string; digest: Digest; index: string }[];
}

/**
 * Expands a selection to what the registry will actually delete: a DELETE removes a digest, so every tag
 * sharing it goes too and is listed. A manifest that is a child of an index that stays is not deleted,
 * which would leave that index dangling.
 */
export function planSelection(
  selected: Iterable<string>,
  digests: ReadonlyMap<string, Digest>,
  manifests: ReadonlyMap<Digest, ManifestNode>,
): SelectionPlan {
  const chosen = new Set(selected);
  const gone: string[] = [];
  const wanted = new Set<Digest>();
  for (const tag of chosen) {
    const d = digests.get(tag);
    if (d) wanted.add(d);
    else gone.push(tag);
  }
  // children of every index a remaining tag points at, with one such tag
  const staying = new Map<Digest, string>();
  for (const [tag, d] of [...digests].sort(([a], [b]) => naturalCompare(a, b))) {
    if (wanted.has(d)) continue;
    for (const child of reachable([d], manifests)) if (child !== d && !staying.has(child)) staying.set(child, tag);
  }
  const blocked: SelectionPlan['blocked'] = [];
  const groups: DeleteGroup[] = [];
  for (const digest of wanted) {
    const tags = [...digests].filter(([, d]) => d === digest).map(([t]) => t).sort(naturalCompare);
    const index = staying.get(digest);
    if (index !== undefined) {
      for (const tag of tags) if (chosen.has(tag)) blocked.push({ tag, digest, index });
      continue;
    }
    groups.push({ digest, tags, added: tags.filter((t) => !chosen.has(t)) });
  }
  groups.sort((a, b) => naturalCompare(a.tags[0]!, b.tags[0]!));
  return { groups, gone: gone.sort(naturalCompare), blocked };
}

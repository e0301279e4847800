import { naturalCompare } from '@/lib/natural-sort';
import type { SortDir, SortKey, TagRowState } from './tag-summary';

function valueOf(state: TagRowState | undefined, key: SortKey): number | undefined {
  if (!state || state.status !== 'done') return undefined;
  if (key === 'size') return state.summary.size;
  const created = state.summary.created ? Date.parse(state.summary.created) : NaN;
  return Number.isNaN(created) ? undefined : created;
}

/**
 * Sorts ALL tags, not a page. Tags whose value is not known yet (still loading, an index's size, an error)
 * go last in either direction; ties fall back to natural name order so the order is stable.
 */
export function sortTags(tags: readonly string[], rows: ReadonlyMap<string, TagRowState>, key: SortKey, dir: SortDir): string[] {
  const sign = dir === 'asc' ? 1 : -1;
  const out = [...tags];
  if (key === 'name') return out.sort((a, b) => sign * naturalCompare(a, b));
  return out.sort((a, b) => {
    const va = valueOf(rows.get(a), key);
    const vb = valueOf(rows.get(b), key);
    if (va === undefined && vb === undefined) return naturalCompare(a, b);
    if (va === undefined) return 1;
    if (vb === undefined) return -1;
    return sign * (va - vb) || naturalCompare(a, b);
  });
}

/** Case-insensitive substring filter; a filter that is a valid regex in /…/ is used as one. */
export function filterTags(tags: readonly string[], query: string): string[] {
  const q = query.trim();
  if (!q) return [...tags];
  const regex = /^\/(.+)\/$/.exec(q);
  if (regex) {
    try {
      const re = new RegExp(regex[1]!, 'i');
      return tags.filter((t) => re.test(t));
    } catch {
      // not a valid regex: treat as text
    }
  }
  const lower = q.toLowerCase();
  return tags.filter((t) => t.toLowerCase().includes(lower));
}

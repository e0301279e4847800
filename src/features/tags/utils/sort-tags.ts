import { naturalCompare } from '@/lib/natural-sort';
import type { SortDir, SortKey, TagRowState } from './tag-summary';

function valueOf(state: TagRowState | undefined, key: SortKey): number | undefined {
  if (!state || state.status !== 'done') return undefined;
  if (key === 'size') return state.summary.size;
  const created = state.summary.created ? Date.parse(state.summary.created) : NaN;
  return Number.isNaN(created) ? undefined : created;
}

// a row's state object is kept as long as the row does not change, so its value is read (dates parsed) once,
// not at every sort of every batch (a Chromium profile of a 2,500-tag walk: valueOf was the top page function)
const valueCache = new WeakMap<object, Partial<Record<SortKey, number | undefined>>>();

function cachedValueOf(state: TagRowState | undefined, key: SortKey): number | undefined {
  if (!state) return undefined;
  let entry = valueCache.get(state);
  if (!entry) valueCache.set(state, (entry = {}));
  if (!(key in entry)) entry[key] = valueOf(state, key);
  return entry[key];
}

/**
 * Sorts ALL tags, not a page. Tags whose value is not known yet (still loading, an index's size, an error)
 * go last in either direction; ties fall back to natural name order so the order is stable.
 */
export function sortTags(
  tags: readonly string[],
  rows: ReadonlyMap<string, TagRowState>,
  key: SortKey,
  dir: SortDir,
  /** `tags` in ascending natural order, when the caller has it already. */
  inNameOrder?: readonly string[],
): string[] {
  const sign = dir === 'asc' ? 1 : -1;
  if (key === 'name') return [...tags].sort((a, b) => sign * naturalCompare(a, b));
  // each value read once and names ranked once, not per comparison: the table sorts 2,500 rows again each
  // time a batch of details arrives
  const byName = inNameOrder ?? [...tags].sort(naturalCompare);
  const rank = new Map(byName.map((t, i) => [t, i]));
  const keyed = byName.map((tag) => ({ tag, value: cachedValueOf(rows.get(tag), key), rank: rank.get(tag)! }));
  keyed.sort((a, b) => {
    if (a.value === undefined && b.value === undefined) return a.rank - b.rank;
    if (a.value === undefined) return 1;
    if (b.value === undefined) return -1;
    return sign * (a.value - b.value) || a.rank - b.rank;
  });
  return keyed.map((k) => k.tag);
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

import { naturalCompare } from '@/lib/natural-sort';

export type CatalogRow =
  | { type: 'group'; namespace: string; count: number; collapsed: boolean }
  | { type: 'repo'; name: string; namespace: string };

/** `team/app` → `team`; `deep/a/b/c/image` → `deep/a/b/c`; `alpine` → `` (top level). */
export function namespaceOf(name: string): string {
  const i = name.lastIndexOf('/');
  return i < 0 ? '' : name.slice(0, i);
}

/** Case-insensitive match on the full name; several words must all match. */
export function matchesFilter(name: string, filter: string): boolean {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  const lower = name.toLowerCase();
  return words.every((w) => lower.includes(w));
}

/**
 * Rows for the repository list: repositories grouped under their namespace (the path before the last
 * slash), namespaces and names in natural order, top-level names first. Pure and linear after the sort, so
 * filtering 10,000 names stays well inside a frame.
 */
export function groupRepositories(names: readonly string[], filter: string, collapsed: ReadonlySet<string>): CatalogRow[] {
  const groups = new Map<string, string[]>();
  for (const name of names) {
    if (filter && !matchesFilter(name, filter)) continue;
    const ns = namespaceOf(name);
    let list = groups.get(ns);
    if (!list) groups.set(ns, (list = []));
    list.push(name);
  }
  const rows: CatalogRow[] = [];
  const namespaces = [...groups.keys()].sort((a, b) => (a === '' ? -1 : b === '' ? 1 : naturalCompare(a, b)));
  for (const ns of namespaces) {
    const list = groups.get(ns)!.sort(naturalCompare);
    const isCollapsed = collapsed.has(ns) && !filter;
    rows.push({ type: 'group', namespace: ns, count: list.length, collapsed: isCollapsed });
    if (!isCollapsed) for (const name of list) rows.push({ type: 'repo', name, namespace: ns });
  }
  return rows;
}

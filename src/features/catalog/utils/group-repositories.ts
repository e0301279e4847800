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

/** Names grouped and sorted once per catalog, with their lower-case forms for filtering. */
export interface RepositoryIndex {
  groups: { namespace: string; names: string[]; lower: string[] }[];
}

/**
 * Groups repositories under their namespace (the path before the last slash), namespaces and names in natural
 * order, top-level names first. Done once per catalog (and per streamed page), not per keystroke.
 */
export function indexRepositories(names: readonly string[]): RepositoryIndex {
  const groups = new Map<string, string[]>();
  for (const name of names) {
    const ns = namespaceOf(name);
    let list = groups.get(ns);
    if (!list) groups.set(ns, (list = []));
    list.push(name);
  }
  const namespaces = [...groups.keys()].sort((a, b) => (a === '' ? -1 : b === '' ? 1 : naturalCompare(a, b)));
  return {
    groups: namespaces.map((namespace) => {
      const list = groups.get(namespace)!.sort(naturalCompare);
      return { namespace, names: list, lower: list.map((n) => n.toLowerCase()) };
    }),
  };
}

/**
 * Rows for the repository list from an index: one linear pass, no sorting, so filtering 10,000 names on
 * every keystroke stays well inside a frame. A namespace with no match is left out; collapsing is ignored
 * while filtering.
 */
export function repositoryRows(index: RepositoryIndex, filter: string, collapsed: ReadonlySet<string>): CatalogRow[] {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  const rows: CatalogRow[] = [];
  for (const { namespace, names, lower } of index.groups) {
    const isCollapsed = collapsed.has(namespace) && !filter;
    const header = rows.length;
    let count = 0;
    for (let i = 0; i < names.length; i++) {
      if (words.length > 0 && !words.every((w) => lower[i]!.includes(w))) continue;
      if (count++ === 0) rows.push({ type: 'group', namespace, count: 0, collapsed: isCollapsed });
      if (!isCollapsed) rows.push({ type: 'repo', name: names[i]!, namespace });
    }
    if (count > 0) rows[header] = { type: 'group', namespace, count, collapsed: isCollapsed };
  }
  return rows;
}

/** Both steps at once, for a list that is grouped only once. */
export function groupRepositories(names: readonly string[], filter: string, collapsed: ReadonlySet<string>): CatalogRow[] {
  return repositoryRows(indexRepositories(names), filter, collapsed);
}

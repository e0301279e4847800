// @vitest-environment node
import { groupRepositories, matchesFilter, namespaceOf } from './group-repositories';

describe('groupRepositories', () => {
  const names = ['team/app', 'alpine', 'deep/a/b/c/image', 'team/api', 'team/app10', 'team/app9', 'busybox', 'deep/a/b/c/other'];

  it('groups by namespace, top level first, natural order inside', () => {
    const rows = groupRepositories(names, '', new Set());
    expect(rows.map((r) => (r.type === 'group' ? `#${r.namespace}(${r.count})` : r.name))).toEqual([
      '#(2)', 'alpine', 'busybox',
      '#deep/a/b/c(2)', 'deep/a/b/c/image', 'deep/a/b/c/other',
      '#team(4)', 'team/api', 'team/app', 'team/app9', 'team/app10',
    ]);
  });

  it('collapses a namespace but never while filtering', () => {
    const rows = groupRepositories(names, '', new Set(['team']));
    expect(rows.filter((r) => r.type === 'repo' && r.namespace === 'team')).toHaveLength(0);
    const filtered = groupRepositories(names, 'app', new Set(['team']));
    expect(filtered.filter((r) => r.type === 'repo').map((r) => r.type === 'repo' && r.name)).toEqual(['team/app', 'team/app9', 'team/app10']);
  });

  it('filters case-insensitively on every word', () => {
    expect(matchesFilter('Team/Backend/API', 'backend api')).toBe(true);
    expect(matchesFilter('team/frontend', 'backend')).toBe(false);
    expect(namespaceOf('alpine')).toBe('');
    expect(namespaceOf('deep/a/b/c/image')).toBe('deep/a/b/c');
  });

  it('keeps every one of 10,000 names reachable', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => `ns${i % 50}/repo-${i}`);
    const rows = groupRepositories(many, '', new Set());
    expect(rows.filter((r) => r.type === 'repo')).toHaveLength(10_000);
    expect(rows.filter((r) => r.type === 'group')).toHaveLength(50);
  });
});

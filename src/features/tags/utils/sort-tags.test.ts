// @vitest-environment node
import { naturalCompare } from '@/lib/natural-sort';
import type { Digest } from '@/registry/digest';
import { filterTags, sortTags } from './sort-tags';
import type { TagRowState } from './tag-summary';

function row(created: string | undefined, size: number | undefined): TagRowState {
  return {
    status: 'done',
    summary: { digest: 'sha256:x' as Digest, mediaType: '', size, created, platforms: [], attestations: 0, artifactType: undefined },
  };
}

describe('sortTags', () => {
  const tags = ['v1.10.0', 'v1.2.10', 'v1.2.9', 'latest', 'build-100', 'build-99'];

  it('sorts names in natural order, both directions', () => {
    expect(sortTags(tags, new Map(), 'name', 'asc')).toEqual(['build-99', 'build-100', 'latest', 'v1.2.9', 'v1.2.10', 'v1.10.0']);
    expect(sortTags(tags, new Map(), 'name', 'desc')[0]).toBe('v1.10.0');
  });

  it('sorts by created across all tags, unknown values last in both directions', () => {
    const rows = new Map<string, TagRowState>([
      ['v1.2.9', row('2024-01-01T00:00:00Z', 10)],
      ['v1.2.10', row('2024-03-01T00:00:00Z', 30)],
      ['v1.10.0', row('2024-02-01T00:00:00Z', 20)],
      ['latest', { status: 'error', error: new Error('x') }],
    ]);
    expect(sortTags(tags, rows, 'created', 'desc')).toEqual(['v1.2.10', 'v1.10.0', 'v1.2.9', 'build-99', 'build-100', 'latest']);
    expect(sortTags(tags, rows, 'created', 'asc').slice(0, 3)).toEqual(['v1.2.9', 'v1.10.0', 'v1.2.10']);
    expect(sortTags(tags, rows, 'size', 'asc').slice(0, 3)).toEqual(['v1.2.9', 'v1.10.0', 'v1.2.10']);
    expect(sortTags(tags, rows, 'size', 'asc').slice(3)).toEqual(['build-99', 'build-100', 'latest']);
  });
});

describe('sortTags over many rows with shared values', () => {
  it('orders ties by natural name order, the same with or without a name order handed in', () => {
    const many = Array.from({ length: 600 }, (_, i) => `v1.${(i * 7919) % 600}`);
    const rows = new Map<string, TagRowState>(many.map((t, i) => [t, i % 5 === 4 ? { status: 'pending' } : row(`2024-0${(i % 3) + 1}-01T00:00:00Z`, i % 3)]));
    const byName = [...many].sort(naturalCompare);
    for (const dir of ['asc', 'desc'] as const) {
      const sorted = sortTags(many, rows, 'created', dir);
      expect(sortTags(many, rows, 'created', dir, byName)).toEqual(sorted);
      // a reference: value order, unknown last, then name
      const value = (t: string) => { const r = rows.get(t); return r?.status === 'done' && r.summary.created ? Date.parse(r.summary.created) : undefined; };
      const reference = [...many].sort((a, b) => {
        const va = value(a);
        const vb = value(b);
        if (va === undefined || vb === undefined) return (va === undefined ? 1 : 0) - (vb === undefined ? 1 : 0) || naturalCompare(a, b);
        return (dir === 'asc' ? va - vb : vb - va) || naturalCompare(a, b);
      });
      expect(sorted).toEqual(reference);
    }
  });
});

describe('filterTags', () => {
  it('matches text case-insensitively, or a /regex/', () => {
    const tags = ['v1.0', 'V2.0', 'latest', 'sha256-abc.sig'];
    expect(filterTags(tags, 'v')).toEqual(['v1.0', 'V2.0']);
    expect(filterTags(tags, '/^v\\d\\.0$/')).toEqual(['v1.0', 'V2.0']);
    expect(filterTags(tags, '/[/')).toEqual([]);
    expect(filterTags(tags, '  ')).toEqual(tags);
  });
});

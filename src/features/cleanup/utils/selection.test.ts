// @vitest-environment node
import type { Digest } from '@/registry/digest';
import type { ManifestNode } from './inventory';
import { planSelection } from './selection';
import { dg, image, index } from './test-data';

describe('planSelection', () => {
  const a = image('a', []);
  const b = image('b', []);
  const amd = image('amd', []);
  const multi = index('multi', [amd]);
  const manifests = new Map<Digest, ManifestNode>([a, b, amd, multi].map((n) => [n.digest, n]));
  const digests = new Map<string, Digest>([
    ['one', a.digest],
    ['one-alias', a.digest],
    ['two', b.digest],
    ['multi', multi.digest],
    ['amd-only', amd.digest],
  ]);

  it('adds every tag that shares a selected digest, and says which were not selected', () => {
    const plan = planSelection(['one', 'two'], digests, manifests);
    expect(plan.groups).toEqual([
      { digest: dg('a'), tags: ['one', 'one-alias'], added: ['one-alias'] },
      { digest: dg('b'), tags: ['two'], added: [] },
    ]);
  });

  it('refuses a platform manifest of an index that stays, and allows it when the index goes too', () => {
    expect(planSelection(['amd-only'], digests, manifests)).toEqual({ groups: [], gone: [], blocked: [{ tag: 'amd-only', digest: amd.digest, index: 'multi' }] });
    expect(planSelection(['amd-only', 'multi'], digests, manifests).groups.map((g) => g.tags)).toEqual([['amd-only'], ['multi']]);
  });

  it('lists selected tags that no longer exist', () => {
    expect(planSelection(['gone', 'two'], digests, manifests)).toMatchObject({ gone: ['gone'], groups: [{ tags: ['two'] }] });
  });
});

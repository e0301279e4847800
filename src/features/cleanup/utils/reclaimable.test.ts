// @vitest-environment node
import fc from 'fast-check';
import type { Digest } from '@/registry/digest';
import type { ManifestNode } from '@/registry/inventory';
import { estimateReclaimable } from './reclaimable';
import { dg, image, index } from '@/testing/inventory';

const map = (nodes: ManifestNode[]) => new Map<Digest, ManifestNode>(nodes.map((n) => [n.digest, n]));

describe('estimateReclaimable', () => {
  // two images on one base layer, the shape of demo/dated
  const old = image('old', [['base', 200_000], ['old-app', 30_000]], 1_000, 500);
  const cur = image('cur', [['base', 200_000], ['cur-app', 40_000]], 1_100, 510);

  it('frees the deleted manifest, its config and the layers nothing else uses; the plain sum counts shared ones', () => {
    const e = estimateReclaimable(map([old, cur]), [old.digest, cur.digest], new Set([old.digest]));
    expect(e.plainSum).toBe(231_000);
    expect(e.freed.map((b) => [b.digest, b.kind])).toEqual([
      [dg('old-app'), 'layer'],
      [dg('old-config'), 'config'],
      [dg('old'), 'manifest'],
    ]);
    expect(e.reclaimable).toBe(31_500);
    expect(e.stillUsed).toEqual([{ blob: { digest: dg('base'), size: 200_000, kind: 'layer' }, by: 'repository' }]);
  });

  it('frees shared layers once when every image using them goes', () => {
    const e = estimateReclaimable(map([old, cur]), [old.digest, cur.digest], new Set([old.digest, cur.digest]));
    expect(e.plainSum).toBe(231_000 + 241_100);
    expect(e.reclaimable).toBe(200_000 + 30_000 + 40_000 + 1_000 + 1_100 + 500 + 510);
  });

  it('subtracts blobs other repositories use, when a registry-wide scan found them', () => {
    const e = estimateReclaimable(map([old, cur]), [old.digest, cur.digest], new Set([old.digest]), new Map([[dg('old-app'), 'team/other']]));
    expect(e.reclaimable).toBe(1_500);
    expect(e.stillUsed).toContainEqual({ blob: { digest: dg('old-app'), size: 30_000, kind: 'layer' }, by: { repository: 'team/other' } });
  });

  it('frees only the index itself when a multi-arch tag goes: its platform manifests stay, untagged', () => {
    const amd = image('amd', [['base', 200_000], ['amd-app', 50_000]], 900, 400);
    const arm = image('arm', [['arm-base', 190_000]], 800, 400);
    const multi = index('multi', [amd, arm], 700);
    const e = estimateReclaimable(map([amd, arm, multi, cur]), [multi.digest, cur.digest], new Set([multi.digest]));
    expect(e.freed).toEqual([{ digest: dg('multi'), size: 700, kind: 'manifest' }]);
    // the plain sum counts every child
    expect(e.plainSum).toBe(250_900 + 190_800);
    // what --delete-untagged would add: both children and their blobs, except the base layer cur still uses
    expect(e.untaggedChildren.manifests.sort()).toEqual([amd.digest, arm.digest].sort());
    expect(e.untaggedChildren.bytes).toBe(400 + 900 + 50_000 + 400 + 800 + 190_000);
  });

  it('keeps every child of a kept index marked', () => {
    const amd = image('amd', [['amd-app', 50_000]]);
    const multi = index('multi', [amd]);
    const alone = image('alone', [['amd-app', 50_000]]);
    const e = estimateReclaimable(map([amd, multi, alone]), [multi.digest, alone.digest], new Set([alone.digest]));
    expect(e.freed.map((b) => b.digest).sort()).toEqual([dg('alone-config'), dg('alone')].sort());
    expect(e.stillUsed.map((s) => s.blob.digest)).toEqual([dg('amd-app')]);
  });

  it('lists manifests it could not read, so the figure is shown as an upper bound', () => {
    const e = estimateReclaimable(map([old]), [old.digest, dg('missing')], new Set([old.digest]));
    expect(e.unknown).toEqual([dg('missing')]);
  });
});

// ---- the estimate against a model of distribution's mark and sweep over a storage directory

const repository = fc.record({
  images: fc.array(fc.array(fc.nat({ max: 9 }), { maxLength: 4 }), { minLength: 1, maxLength: 8 }),
  indexes: fc.array(fc.uniqueArray(fc.nat({ max: 7 }), { minLength: 1, maxLength: 3 }), { maxLength: 3 }),
  tags: fc.array(fc.nat({ max: 10 }), { minLength: 1, maxLength: 12 }),
  deleted: fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
  elsewhere: fc.array(fc.nat({ max: 9 }), { maxLength: 3 }),
});

describe('estimateReclaimable against a mark-and-sweep model', () => {
  it('predicts exactly the blobs garbage collection removes', () => {
    fc.assert(
      fc.property(repository, ({ images, indexes, tags, deleted, elsewhere }) => {
        const imgs = images.map((layers, i) => image(`img${i}`, layers.map((l) => [`layer${l}`, 1000 + l]), 100 + i, 400 + i));
        const idxs = indexes.map((children, i) => index(`idx${i}`, children.map((c) => imgs[c % imgs.length]!), 300 + i));
        const all = [...imgs, ...idxs];
        const manifests = map(all);
        const tagged = tags.map((t) => all[t % all.length]!.digest);
        // a delete never targets a child of an index that stays (the plan refuses it): model the same
        const chosen = new Set(tagged.filter((_, i) => deleted[i]));
        for (const d of [...chosen]) {
          const keptParent = tagged.some((t) => !chosen.has(t) && manifests.get(t)!.children.some((c) => c.digest === d));
          if (keptParent) chosen.delete(d);
        }
        const external = new Map(elsewhere.map((l) => [dg(`layer${l}`) as string, 'other/repo']));

        // storage before: every blob of every manifest pushed (images and indexes), the manifests themselves
        const stored = new Map<string, number>();
        const revisions = new Set<Digest>();
        const push = (d: Digest) => {
          if (revisions.has(d)) return;
          revisions.add(d);
          const n = manifests.get(d)!;
          stored.set(d, n.size);
          for (const b of n.blobs) stored.set(b.digest, b.size);
          for (const c of n.children) push(c.digest);
        };
        tagged.forEach(push);
        // DELETE removes the revision link; garbage collection marks from every revision left, and from others
        for (const d of chosen) revisions.delete(d);
        const marked = new Set<string>(external.keys());
        for (const d of revisions) {
          marked.add(d);
          for (const b of manifests.get(d)!.blobs) marked.add(b.digest);
          for (const c of manifests.get(d)!.children) marked.add(c.digest);
        }
        const swept = [...stored.keys()].filter((b) => !marked.has(b)).sort();

        const e = estimateReclaimable(manifests, tagged, chosen, external);
        expect(e.freed.map((b) => b.digest).sort()).toEqual(swept);
        expect(e.reclaimable).toBe(swept.reduce((s, b) => s + stored.get(b)!, 0));
        expect(e.reclaimable).toBeLessThanOrEqual(e.plainSum + [...chosen].reduce((s, d) => s + manifests.get(d)!.size, 0));
      }),
    );
  });

  it('frees nothing when nothing is deleted', () => {
    fc.assert(
      fc.property(repository, ({ images, tags }) => {
        const imgs = images.map((layers, i) => image(`img${i}`, layers.map((l) => [`layer${l}`, 1000 + l])));
        const e = estimateReclaimable(map(imgs), tags.map((t) => imgs[t % imgs.length]!.digest), new Set());
        expect(e.freed).toEqual([]);
        expect(e.plainSum).toBe(0);
      }),
    );
  });
});

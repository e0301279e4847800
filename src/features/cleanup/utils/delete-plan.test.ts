// @vitest-environment node
import fc from 'fast-check';
import type { Digest } from '@/registry/digest';
import { reachable, type ManifestNode } from '@/registry/inventory';
import { dg, image, index } from '@/testing/inventory';
import { planDelete, type RepositoryState } from './delete-plan';

const hexOf = (d: Digest) => d.slice('sha256:'.length);
const state = (nodes: ManifestNode[], tags: [string, ManifestNode][]): RepositoryState => ({
  manifests: new Map(nodes.map((n) => [n.digest, n])),
  digests: new Map(tags.map(([t, n]) => [t, n.digest])),
});

describe('planDelete', () => {
  const a = image('a', []);
  const b = image('b', []);
  const amd = image('amd', []);
  const multi = index('multi', [amd]);
  const base = state([a, b, amd, multi], [['one', a], ['one-alias', a], ['two', b], ['multi', multi], ['amd-only', amd]]);

  it('adds every tag that shares a chosen digest, and says which were not chosen', () => {
    expect(planDelete(['one', 'two'], base).groups).toEqual([
      { digest: dg('a'), tags: ['one', 'one-alias'], added: ['one-alias'] },
      { digest: dg('b'), tags: ['two'], added: [] },
    ]);
  });

  it('refuses a platform manifest of an index that stays, and allows it when the index goes too', () => {
    expect(planDelete(['amd-only'], base)).toEqual({ groups: [], gone: [], blocked: [{ tag: 'amd-only', digest: amd.digest, index: 'multi' }], artifacts: [], orphaned: [] });
    expect(planDelete(['amd-only', 'multi'], base).groups.map((g) => g.tags)).toEqual([['amd-only'], ['multi']]);
  });

  it('lists chosen tags that no longer exist', () => {
    expect(planDelete(['gone', 'two'], base)).toMatchObject({ gone: ['gone'], groups: [{ tags: ['two'] }] });
  });

  describe('signatures, attestations and referrers of what goes', () => {
    const v1 = image('v1', []);
    const v2 = image('v2', []);
    const sig = image('sig', []);
    const att = image('att', []);
    const sigOfSig = image('sig-of-sig', []);
    const fallback = index('fallback', [image('sbom', [])]);
    const h = hexOf(v1.digest);
    const repo = state([v1, v2, sig, att, sigOfSig, fallback], [
      ['v1', v1],
      ['v2', v2],
      [`sha256-${h}.sig`, sig],
      [`sha256-${h}.att`, att],
      [`sha256-${hexOf(sig.digest)}.sig`, sigOfSig],
      [`sha256-${h}`, fallback],
      // a digest tag on the very manifest it names is an alias of that manifest, not a referrers index
      [`sha256-${hexOf(v2.digest)}`, v2],
    ]);

    it('takes them along by default, each after the manifest it describes, and names them', () => {
      const plan = planDelete(['v1'], repo);
      expect(plan.groups.map((g) => [g.tags, g.subject ?? null])).toEqual([
        [['v1'], null],
        [[`sha256-${hexOf(sig.digest)}.sig`], sig.digest],
        [[`sha256-${h}`], v1.digest],
        [[`sha256-${h}.att`], v1.digest],
        [[`sha256-${h}.sig`], v1.digest],
      ]);
      expect(plan.artifacts.map((x) => x.kind)).toEqual(['signature', 'referrers', 'attestation', 'signature']);
      expect(plan.orphaned).toEqual([]);
      expect(plan.groups.filter((g) => g.subject).every((g) => g.added.length === g.tags.length)).toBe(true);
    });

    it('leaves them, named as orphaned, when asked to', () => {
      const plan = planDelete(['v1'], repo, { withArtifacts: false });
      expect(plan.groups.map((g) => g.tags)).toEqual([['v1']]);
      expect(plan.orphaned.map((x) => x.tag)).toEqual([`sha256-${h}`, `sha256-${h}.att`, `sha256-${h}.sig`]);
    });

    it('treats a digest tag on its own manifest as a tag sharing the digest, not as a referrers index', () => {
      const plan = planDelete(['v2'], repo);
      expect(plan.groups).toEqual([{ digest: v2.digest, tags: [`sha256-${hexOf(v2.digest)}`, 'v2'], added: [`sha256-${hexOf(v2.digest)}`] }]);
      expect(plan.artifacts).toEqual([]);
    });

    it('keeps what describes a refused manifest', () => {
      const p1 = image('p1', []);
      const idx = index('idx', [p1]);
      const plan = planDelete(['p1'], state([p1, idx, sig], [['p1', p1], ['idx', idx], [`sha256-${hexOf(p1.digest)}.sig`, sig]]));
      expect(plan.groups).toEqual([]);
      expect(plan.blocked.map((x) => x.tag)).toEqual(['p1']);
      expect(plan.artifacts).toEqual([]);
    });

    it('never takes a signature manifest another tag keeps', () => {
      const plan = planDelete(['v1'], state([v1, sig], [['v1', v1], [`sha256-${h}.sig`, sig], ['pinned-signature', sig]]));
      expect(plan.groups.map((g) => g.tags)).toEqual([['v1']]);
      expect(plan.orphaned.map((x) => x.tag)).toEqual([`sha256-${h}.sig`]);
    });
  });
});

// ---- properties over random repositories ----------------------------------------------------------------

/** A repository of images, indexes over them, and cosign-style tags naming some of them. */
const repository = fc
  .record({
    images: fc.integer({ min: 1, max: 8 }),
    indexes: fc.array(fc.uniqueArray(fc.nat(7), { maxLength: 3 }), { maxLength: 3 }),
    tags: fc.array(fc.tuple(fc.nat(10), fc.boolean()), { minLength: 1, maxLength: 14 }),
    signatures: fc.array(fc.tuple(fc.nat(10), fc.nat(7)), { maxLength: 4 }),
  })
  .map(({ images, indexes, tags, signatures }) => {
    const imgs = Array.from({ length: images }, (_, i) => image(`img${i}`, []));
    const idxs = indexes.map((c, i) => index(`idx${i}`, c.map((n) => imgs[n % images]!)));
    const all = [...imgs, ...idxs];
    const digests = new Map<string, Digest>();
    tags.forEach(([n], i) => digests.set(`t${i}`, all[n % all.length]!.digest));
    for (const [subject, sig] of signatures) digests.set(`sha256-${hexOf(all[subject % all.length]!.digest)}.sig`, imgs[sig % images]!.digest);
    return { state: { manifests: new Map(all.map((n) => [n.digest, n])), digests } as RepositoryState, chosen: [...digests.keys()].filter((_, i) => tags[i]?.[1]) };
  });

describe('planDelete: properties', () => {
  it('never plans a DELETE that takes a tag nobody chose without naming it, or breaks an index that stays', () => {
    fc.assert(
      fc.property(repository, fc.boolean(), ({ state: s, chosen }, withArtifacts) => {
        const plan = planDelete(chosen, s, { withArtifacts });
        const going = new Set(plan.groups.map((g) => g.digest));
        for (const g of plan.groups) {
          // every tag on a deleted digest is listed, and those not chosen are marked
          expect(g.tags.sort()).toEqual([...s.digests].filter(([, d]) => d === g.digest).map(([t]) => t).sort());
          for (const t of g.tags) expect(g.added.includes(t)).toBe(!chosen.includes(t));
        }
        // no index reached by a tag that stays loses a manifest
        for (const [tag, d] of s.digests) {
          if (going.has(d)) continue;
          for (const child of reachable([d], s.manifests)) expect(going.has(child), `${tag} keeps ${child}`).toBe(false);
        }
        // a group added for what it describes goes after that (only when it goes)
        for (const g of plan.groups) if (g.subject && g.added.length === g.tags.length) expect(going.has(g.subject)).toBe(true);
        if (!withArtifacts) for (const g of plan.groups) expect(g.tags.some((t) => chosen.includes(t))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

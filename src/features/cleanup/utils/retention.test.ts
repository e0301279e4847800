// @vitest-environment node
import fc from 'fast-check';
import { reachable, type Inventory, type ManifestNode } from '@/registry/inventory';
import { EMPTY_RULES, planRetention, type RetentionRules } from './retention';
import { compilePattern } from './patterns';
import { dg, image, index, inventory } from '@/testing/inventory';

const NOW = Date.parse('2025-01-01T00:00:00Z');
const day = (n: number) => new Date(NOW - n * 86_400_000).toISOString();
const rules = (r: Partial<RetentionRules>): RetentionRules => ({ ...EMPTY_RULES, ...r });
const going = (inv: Inventory, r: Partial<RetentionRules>) => planRetention(inv, rules(r), NOW).decisions.filter((d) => d.action === 'delete').map((d) => d.tag);

/** demo/dated's shape: 60 tags five days apart, latest on the newest, stable on the 45th. */
function dated(): Inventory {
  const nodes: ManifestNode[] = [];
  const tags: [string, string, string][] = [];
  for (let i = 0; i < 60; i++) {
    const created = new Date(Date.parse('2024-01-01T03:00:00Z') + i * 5 * 86_400_000).toISOString();
    const tag = created.slice(0, 10).replaceAll('-', '.');
    nodes.push(image(`dated-${i}`, [['base', 200_000], [`mid-${Math.floor(i / 10)}`, 64_000]]));
    tags.push([tag, `dated-${i}`, created]);
  }
  tags.push(['latest', 'dated-59', tags[59]![2]], ['stable', 'dated-44', tags[44]![2]]);
  return inventory(nodes, tags);
}

describe('planRetention', () => {
  it('keeps the newest N and deletes the rest, newest first', () => {
    const plan = planRetention(dated(), rules({ keepNewest: 10, keep: ['latest', 'stable'] }), NOW);
    const del = plan.decisions.filter((d) => d.action === 'delete');
    // 60 dated tags: 10 newest kept, stable's date tag kept because it shares stable's digest
    expect(del).toHaveLength(49);
    expect(plan.deleteDigests.size).toBe(49);
    const stableTwin = plan.decisions.find((d) => d.tag === '2024.08.08')!;
    expect(stableTwin).toMatchObject({ action: 'keep', reasons: [{ kind: 'shares-digest', with: 'stable' }] });
    expect(plan.decisions.find((d) => d.tag === 'latest')).toMatchObject({ action: 'keep', reasons: [{ kind: 'always-keep' }] });
    expect(plan.decisions.find((d) => d.tag === '2024.10.22')).toMatchObject({ action: 'keep', reasons: [{ kind: 'newest', rank: 1 }] });
    expect(del[0]).toMatchObject({ tag: '2024.09.02', reasons: [{ kind: 'beyond-newest', rank: 11 }] });
  });

  it('deletes only what every date rule lets go', () => {
    const inv = inventory([image('a', []), image('b', []), image('c', []), image('d', [])], [
      ['a', 'a', day(1)],
      ['b', 'b', day(10)],
      ['c', 'c', day(40)],
      ['d', 'd', day(400)],
    ]);
    expect(going(inv, { olderThanDays: 30 })).toEqual(['c', 'd']);
    expect(going(inv, { keepNewest: 1 })).toEqual(['b', 'c', 'd']);
    // both set: a tag goes only when it is beyond the newest N AND older than D days
    expect(going(inv, { keepNewest: 3, olderThanDays: 5 })).toEqual(['d']);
    const d = planRetention(inv, rules({ keepNewest: 1, olderThanDays: 30 }), NOW).decisions;
    expect(d.find((x) => x.tag === 'b')).toMatchObject({ action: 'keep', reasons: [{ kind: 'recent', ageDays: 10 }] });
    expect(d.find((x) => x.tag === 'd')).toMatchObject({ action: 'delete', reasons: [{ kind: 'beyond-newest', rank: 4 }, { kind: 'older', ageDays: 400 }] });
  });

  it('chooses candidates with include and exclude patterns; newest N counts candidates only', () => {
    const inv = inventory([image('1', []), image('2', []), image('3', []), image('4', []), image('5', [])], [
      ['v1.0', '1', day(50)],
      ['v1.1', '2', day(40)],
      ['v2.0', '3', day(30)],
      ['dev-1', '4', day(20)],
      ['dev-2', '5', day(10)],
    ]);
    expect(going(inv, { include: 'v*', keepNewest: 1 })).toEqual(['v1.1', 'v1.0']);
    expect(going(inv, { include: 'dev-.*', syntax: 'regex' })).toEqual(['dev-2', 'dev-1']);
    expect(going(inv, { exclude: 'v2.*', olderThanDays: 25 })).toEqual(['v1.1', 'v1.0']);
    const d = planRetention(inv, rules({ include: 'v*', exclude: 'v2.0', keepNewest: 0 }), NOW).decisions;
    expect(d.find((x) => x.tag === 'dev-1')?.reasons).toEqual([{ kind: 'not-included' }]);
    expect(d.find((x) => x.tag === 'v2.0')?.reasons).toEqual([{ kind: 'excluded' }]);
  });

  it('keeps tags without a created date when a date rule is set', () => {
    const inv = inventory([image('a', []), image('b', [])], [['a', 'a', undefined], ['b', 'b', day(100)]]);
    expect(going(inv, { olderThanDays: 1 })).toEqual(['b']);
    expect(planRetention(inv, rules({ keepNewest: 0 }), NOW).decisions.find((d) => d.tag === 'a')?.reasons).toEqual([{ kind: 'no-date' }]);
    expect(going(inv, { include: '*' })).toEqual(['b', 'a']);
  });

  it('keeps a platform manifest that a kept multi-arch index lists', () => {
    const amd = image('amd', [['l1', 10]]);
    const arm = image('arm', [['l2', 10]]);
    const inv = inventory([amd, arm, index('multi', [amd, arm])], [
      ['multi', 'multi', day(1)],
      ['amd-only', 'amd', day(100)],
    ]);
    const plan = planRetention(inv, rules({ olderThanDays: 30 }), NOW);
    expect(plan.decisions.find((d) => d.tag === 'amd-only')).toMatchObject({ action: 'keep', reasons: [{ kind: 'in-kept-index', with: 'multi' }] });
    expect(plan.deleteDigests.size).toBe(0);
  });

  it('refuses to plan without a rule that limits the candidates, or with an invalid pattern', () => {
    const inv = dated();
    expect(planRetention(inv, rules({ exclude: 'latest' }), NOW)).toMatchObject({ errors: ['no-criterion'] });
    expect(planRetention(inv, rules({ exclude: 'latest' }), NOW).deleteDigests.size).toBe(0);
    expect(planRetention(inv, rules({ include: '(', syntax: 'regex', keepNewest: 1 }), NOW).errors).toEqual(['include']);
    expect(planRetention(inv, rules({ include: '(', syntax: 'regex', keepNewest: 1 }), NOW).deleteDigests.size).toBe(0);
  });

  it('groups the tags that go by digest', () => {
    const inv = inventory([image('a', []), image('b', [])], [['x', 'a', day(100)], ['y', 'a', day(100)], ['z', 'b', day(100)]]);
    expect(planRetention(inv, rules({ olderThanDays: 1 }), NOW).groups).toEqual([
      { digest: dg('a'), tags: ['x', 'y'], added: [] },
      { digest: dg('b'), tags: ['z'], added: [] },
    ]);
  });

  it('takes the signatures and attestations of what goes along, after it, and says why', () => {
    const old = image('old', []);
    const sig = image('sig', []);
    const att = image('att', []);
    const hex = old.digest.slice('sha256:'.length);
    // cosign's signature manifests carry no created date: a date rule alone would keep them forever
    const inv = inventory([old, sig, att, image('new', [])], [['v1', old, day(100)], ['v2', 'new', day(1)], [`sha256-${hex}.sig`, sig], [`sha256-${hex}.att`, att]]);
    const plan = planRetention(inv, rules({ keepNewest: 1 }), NOW);
    expect(plan.groups.map((g) => [g.tags, g.subject ?? null])).toEqual([[['v1'], null], [[`sha256-${hex}.att`], old.digest], [[`sha256-${hex}.sig`], old.digest]]);
    expect(plan.decisions.find((d) => d.tag === `sha256-${hex}.sig`)).toMatchObject({ action: 'delete', reasons: [{ kind: 'describes', what: 'signature', of: 'v1' }] });
    expect(plan.deleteDigests).toEqual(new Set([old.digest, sig.digest, att.digest]));
  });
});

// ---- properties, over random repositories and random rules

const tagName = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,6}$/);

const repository = fc
  .record({
    images: fc.array(fc.array(fc.nat({ max: 7 }), { maxLength: 4 }), { minLength: 1, maxLength: 8 }),
    indexes: fc.array(fc.uniqueArray(fc.nat({ max: 7 }), { minLength: 1, maxLength: 3 }), { maxLength: 3 }),
    tags: fc.uniqueArray(fc.tuple(tagName, fc.nat({ max: 10 }), fc.option(fc.integer({ min: 0, max: 400 }), { nil: undefined })), {
      minLength: 1,
      maxLength: 25,
      selector: ([t]) => t,
    }),
  })
  .map(({ images, indexes, tags }): Inventory => {
    const imgs = images.map((layers, i) => image(`img${i}`, layers.map((l) => [`layer${l}`, 1000 + l])));
    const idxs = indexes.map((children, i) => index(`idx${i}`, children.map((c) => imgs[c % imgs.length]!)));
    const all = [...imgs, ...idxs];
    return inventory(all, tags.map(([tag, target, age]) => [tag, all[target % all.length]!, age === undefined ? undefined : day(age)]));
  });

const anyRules = fc.record({
  keepNewest: fc.option(fc.nat({ max: 12 }), { nil: undefined }),
  olderThanDays: fc.option(fc.nat({ max: 300 }), { nil: undefined }),
  include: fc.constantFrom('', '*', 'a*', '*1*', '?'),
  exclude: fc.constantFrom('', 'b*', '*.*', '*-*'),
  syntax: fc.constant('glob' as const),
  keep: fc.array(tagName, { maxLength: 3 }),
});

describe('planRetention properties', () => {
  it('never deletes a digest a kept tag points at, nor a manifest a kept index lists', () => {
    fc.assert(
      fc.property(repository, anyRules, (inv, r) => {
        const plan = planRetention(inv, r, NOW);
        const keptRoots = plan.decisions.filter((d) => d.action === 'keep').map((d) => d.digest);
        for (const d of reachable(keptRoots, inv.manifests)) expect(plan.deleteDigests.has(d)).toBe(false);
      }),
    );
  });

  it('deletes exactly the digests of the tags it says go, and every tag on such a digest goes', () => {
    fc.assert(
      fc.property(repository, anyRules, (inv, r) => {
        const plan = planRetention(inv, r, NOW);
        for (const d of plan.decisions) expect(plan.deleteDigests.has(d.digest)).toBe(d.action === 'delete');
      }),
    );
  });

  it('every tag that goes satisfies every rule', () => {
    fc.assert(
      fc.property(repository, anyRules, (inv, r) => {
        const plan = planRetention(inv, r, NOW);
        const include = compilePattern(r.include, 'glob');
        const exclude = compilePattern(r.exclude, 'glob');
        for (const d of plan.decisions.filter((x) => x.action === 'delete')) {
          expect(r.keep).not.toContain(d.tag);
          if (include.ok && include.matcher) expect(include.matcher(d.tag)).toBe(true);
          if (exclude.ok && exclude.matcher) expect(exclude.matcher(d.tag)).toBe(false);
          if (r.olderThanDays !== undefined) expect(NOW - Date.parse(d.created!)).toBeGreaterThan(r.olderThanDays * 86_400_000);
          if (r.keepNewest !== undefined) expect(d.reasons).toContainEqual(expect.objectContaining({ kind: 'beyond-newest' }));
        }
      }),
    );
  });

  it('keeps at least min(N, candidates) tags for keep newest N', () => {
    fc.assert(
      fc.property(repository, fc.nat({ max: 12 }), (inv, n) => {
        const plan = planRetention(inv, rules({ keepNewest: n }), NOW);
        const kept = plan.decisions.filter((d) => d.action === 'keep' && d.reasons.some((x) => x.kind === 'newest'));
        const dated = inv.tags.filter((t) => t.created).length;
        expect(kept.length).toBe(Math.min(n, dated));
      }),
    );
  });

  it('never deletes more when a rule keeps more', () => {
    fc.assert(
      fc.property(repository, anyRules, fc.nat({ max: 5 }), fc.array(tagName, { maxLength: 3 }), (inv, r, more, extraKeep) => {
        const base = planRetention(inv, r, NOW).deleteDigests;
        const wider = [
          planRetention(inv, { ...r, keepNewest: r.keepNewest === undefined ? undefined : r.keepNewest + more }, NOW),
          planRetention(inv, { ...r, keep: [...r.keep, ...extraKeep] }, NOW),
          planRetention(inv, { ...r, olderThanDays: r.olderThanDays === undefined ? undefined : r.olderThanDays + more * 10 }, NOW),
        ];
        for (const plan of wider) for (const d of plan.deleteDigests) expect(base.has(d)).toBe(true);
      }),
    );
  });

  it('does not depend on the order the registry listed the tags in', () => {
    fc.assert(
      fc.property(repository, anyRules, fc.infiniteStream(fc.nat()), (inv, r, rnd) => {
        const shuffled = [...inv.tags].sort(() => (rnd.next().value % 3) - 1);
        const a = planRetention(inv, r, NOW);
        const b = planRetention({ ...inv, tags: shuffled }, r, NOW);
        expect(b.decisions).toEqual(a.decisions);
      }),
    );
  });
});

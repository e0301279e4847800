// @vitest-environment node
import fc from 'fast-check';
import { rulesFromParams, rulesToParams, withoutCleanup } from './rules-url';
import { EMPTY_RULES } from './retention';

describe('cleanup rules in the URL', () => {
  it('reads a deep link', () => {
    const p = new URLSearchParams('cleanup=1&keepNewest=10&olderThan=30&include=v*&exclude=v1.*&keep=latest,stable&q=x');
    expect(rulesFromParams(p)).toEqual({
      rules: { keepNewest: 10, olderThanDays: 30, include: 'v*', exclude: 'v1.*', syntax: 'glob', keep: ['latest', 'stable'] },
      invalid: [],
    });
  });

  it('ignores and reports numbers that are not whole numbers', () => {
    expect(rulesFromParams(new URLSearchParams('keepNewest=-1&olderThan=1e3'))).toMatchObject({ rules: { keepNewest: undefined, olderThanDays: undefined }, invalid: ['keepNewest', 'olderThan'] });
  });

  it('writes rules back, keeps other keys, and round-trips', () => {
    const rules = fc.record({
      keepNewest: fc.option(fc.nat({ max: 999_999 }), { nil: undefined }),
      olderThanDays: fc.option(fc.nat({ max: 999_999 }), { nil: undefined }),
      include: fc.string(),
      exclude: fc.string(),
      syntax: fc.constantFrom('glob' as const, 'regex' as const),
      keep: fc.uniqueArray(fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,10}$/), { maxLength: 4 }),
    });
    fc.assert(
      fc.property(rules, (r) => {
        const p = rulesToParams(new URLSearchParams('q=abc&sort=created'), r);
        expect(p.get('q')).toBe('abc');
        expect(p.get('cleanup')).toBe('1');
        expect(rulesFromParams(new URLSearchParams(p.toString())).rules).toEqual(r);
      }),
    );
  });

  it('closes the preview by dropping every cleanup key', () => {
    const p = rulesToParams(new URLSearchParams('q=a'), { ...EMPTY_RULES, keepNewest: 3 });
    expect(withoutCleanup(p).toString()).toBe('q=a');
  });
});

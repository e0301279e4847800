// @vitest-environment node
import fc from 'fast-check';
import { parseNextLink } from './link-header';

describe('parseNextLink', () => {
  it('reads distribution’s catalog link', () => {
    expect(parseNextLink('</v2/_catalog?last=bulk%2Frepo-00100&n=100>; rel="next"')).toBe('/v2/_catalog?last=bulk%2Frepo-00100&n=100');
  });

  it('finds next among several links, unquoted or with several rel tokens', () => {
    expect(parseNextLink('<https://r.example/v2/a/tags/list?n=1>; rel="prev", </v2/a/tags/list?last=b&n=1>; rel=next')).toBe('/v2/a/tags/list?last=b&n=1');
    expect(parseNextLink('</v2/x?a=1>; title="a, b; c"; rel="first next"')).toBe('/v2/x?a=1');
  });

  it('returns undefined without a next link', () => {
    expect(parseNextLink(null)).toBeUndefined();
    expect(parseNextLink('')).toBeUndefined();
    expect(parseNextLink('</v2/x>; rel="prev"')).toBeUndefined();
    expect(parseNextLink('garbage')).toBeUndefined();
    expect(parseNextLink('<unterminated; rel="next"')).toBeUndefined();
  });

  it('never throws or hangs on random input', () => {
    fc.assert(fc.property(fc.string({ maxLength: 500 }), (s) => {
      const r = parseNextLink(s);
      return r === undefined || typeof r === 'string';
    }), { numRuns: 2000 });
  });
});

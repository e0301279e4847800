// @vitest-environment node
import fc from 'fast-check';
import { createRegistryClient } from './client';
import { parseNextLink } from './link-header';

// Link targets: anything but '>' (RFC 8288 URI-Reference has none), as registries send them.
const target = fc.oneof(
  fc.stringMatching(/^\/v2\/[a-z0-9/_.-]{1,40}\?(last=[a-zA-Z0-9%._-]{0,20}&)?n=\d{1,4}$/),
  fc.webUrl({ withQueryParameters: true }).filter((u) => !u.includes('>')),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }).filter((s) => !s.includes('>') && s.trim() !== ''),
);
const relName = fc.constantFrom('prev', 'first', 'last', 'self', 'alternate');
const param = fc.oneof(
  fc.constant('title="a, b; rel=next"'),
  fc.constant('type="application/json"'),
  fc.string({ unit: fc.constantFrom('a', 'b', ' ', ';', ',', '='), maxLength: 10 }).map((s) => `x="${s}"`),
);

interface Link {
  target: string;
  rels: string[];
  extra: string[];
  quoted: boolean;
}
const link: fc.Arbitrary<Link> = fc.record({
  target,
  rels: fc.array(relName, { minLength: 1, maxLength: 3 }),
  extra: fc.array(param, { maxLength: 2 }),
  quoted: fc.boolean(),
});

function serialize(l: Link): string {
  const rel = l.rels.length === 1 && !l.quoted ? `rel=${l.rels[0]}` : `rel="${l.rels.join(' ')}"`;
  return [`<${l.target}>`, ...l.extra, rel].join('; ');
}

describe('parseNextLink: properties', () => {
  it('finds the first rel=next among any other links, whatever the order, quoting or case', () => {
    fc.assert(
      fc.property(
        fc.array(link, { maxLength: 4 }),
        link,
        fc.array(link, { maxLength: 4 }),
        fc.constantFrom('next', 'NEXT', 'Next'),
        (before, next, after, spelling) => {
          const withNext = { ...next, rels: [...next.rels, spelling] };
          const header = [...before, withNext, ...after].map(serialize).join(', ');
          expect(parseNextLink(header)).toBe(withNext.target.trim());
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('answers undefined when no link has rel=next', () => {
    fc.assert(
      fc.property(fc.array(link, { maxLength: 5 }), (links) => {
        expect(parseNextLink(links.map(serialize).join(', '))).toBeUndefined();
      }),
    );
  });

  it('never throws on arbitrary and binary input, and returns a string or undefined', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 400 }), fc.string({ unit: 'binary', maxLength: 400 }), fc.string({ unit: fc.constantFrom('<', '>', ';', ',', '"', '\\', '=', ' ', 'r', 'e', 'l', 'n', 'x', 't'), maxLength: 400 })), (s) => {
        const r = parseNextLink(s);
        expect(r === undefined || typeof r === 'string').toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('stays fast on hostile headers at and above the length limit', () => {
    const started = performance.now();
    for (const h of ['<'.repeat(16384), '<a>; rel="'.repeat(1600), '<a>;'.repeat(4000) + 'rel=next', `<x>; ${'\\"'.repeat(8000)}`, '<'.repeat(1_000_000)]) {
      parseNextLink(h);
    }
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('resolveLink: a registry cannot send the UI elsewhere', () => {
  it('keeps every followed link on our own prefix, whatever the registry put in Link', () => {
    fc.assert(
      fc.property(fc.constantFrom('', '/registry-ui', 'http://127.0.0.1:5050'), fc.oneof(target, fc.string({ unit: 'binary', maxLength: 200 })), (base, t) => {
        const resolved = createRegistryClient({ baseUrl: base }).resolveLink(t);
        if (resolved !== undefined) {
          expect(resolved.startsWith(`${base}/v2/`)).toBe(true);
          // the part after our prefix is the registry's /v2/… path, never another origin
          expect(resolved.slice(base.length)).toBe(t.slice(t.indexOf('/v2/')));
        } else {
          expect(t.includes('/v2/')).toBe(false);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

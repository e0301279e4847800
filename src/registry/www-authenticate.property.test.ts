// @vitest-environment node
import fc from 'fast-check';
import { MAX_WWW_AUTHENTICATE_LENGTH, findChallenge, parseWwwAuthenticate } from './www-authenticate';

const plain = (c: { params: Readonly<Record<string, string>> }) => ({ ...c.params });

describe('parseWwwAuthenticate: what registries send', () => {
  it('reads distribution’s htpasswd challenge', () => {
    const [c] = parseWwwAuthenticate('Basic realm="registry-ui"');
    expect(c?.scheme).toBe('basic');
    expect(plain(c!)).toEqual({ realm: 'registry-ui' });
  });

  it('reads a token challenge with parameters in any order and commas inside a quoted scope', () => {
    const header = 'Bearer service="registry.example.com",scope="repository:team/app:pull,delete",realm="https://auth.example.com/token"';
    const bearer = findChallenge(parseWwwAuthenticate(header), 'Bearer');
    expect(plain(bearer!)).toEqual({
      realm: 'https://auth.example.com/token',
      service: 'registry.example.com',
      scope: 'repository:team/app:pull,delete',
    });
  });

  it('reads several challenges in one header, token68 and escapes (RFC 7235 §4.1 example)', () => {
    const cs = parseWwwAuthenticate('Newauth realm="apps", type=1, title="Login to \\"apps\\"", Basic realm="simple", Negotiate abc+/def==');
    expect(cs.map((c) => c.scheme)).toEqual(['newauth', 'basic', 'negotiate']);
    expect(plain(cs[0]!)).toEqual({ realm: 'apps', type: '1', title: 'Login to "apps"' });
    expect(plain(cs[1]!)).toEqual({ realm: 'simple' });
    expect(cs[2]!.token68).toBe('abc+/def==');
  });

  it('keeps a parameter named __proto__ as data', () => {
    const [c] = parseWwwAuthenticate('Bearer __proto__="x", constructor=y, realm=z');
    expect(c!.params['__proto__']).toBe('x');
    expect(c!.params['constructor']).toBe('y');
    expect(({} as Record<string, unknown>)['x']).toBeUndefined();
  });

  it('returns nothing for an empty, missing or oversized header', () => {
    expect(parseWwwAuthenticate(null)).toEqual([]);
    expect(parseWwwAuthenticate('')).toEqual([]);
    expect(parseWwwAuthenticate(`Basic realm="${'a'.repeat(MAX_WWW_AUTHENTICATE_LENGTH)}"`)).toEqual([]);
  });
});

// ------------------------------------------------------------------ properties

const TCHARS = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".split('');
const token = fc.string({ unit: fc.constantFrom(...TCHARS), minLength: 1, maxLength: 12 });
const scheme = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,11}$/);
// quoted values: any text, including quotes, backslashes, commas and unicode
const value = fc.string({ unit: 'grapheme', maxLength: 40 }).filter((v) => !/[\r\n]/.test(v));
const ows = fc.constantFrom('', ' ', '  ', '\t');

interface Gen {
  scheme: string;
  params: [string, string, boolean][];
}

const challenge: fc.Arbitrary<Gen> = fc.record({
  scheme,
  params: fc.array(fc.tuple(token, value, fc.boolean()), { minLength: 1, maxLength: 5 }),
});

function serialize(cs: Gen[], space: string): string {
  return cs
    .map((c) => {
      const params = c.params.map(([k, v, asToken]) => {
        const bare = asToken && /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(v);
        return `${k}${space}=${space}${bare ? v : `"${v.replace(/["\\]/g, (m) => `\\${m}`)}"`}`;
      });
      return `${c.scheme} ${params.join(`${space},${space}`)}`;
    })
    .join(`${space},${space}`);
}

describe('parseWwwAuthenticate: properties', () => {
  it('reads back every challenge and parameter it is given, in any spacing', () => {
    fc.assert(
      fc.property(fc.array(challenge, { minLength: 1, maxLength: 4 }), ows, (cs, space) => {
        const parsed = parseWwwAuthenticate(serialize(cs, space));
        expect(parsed.map((c) => c.scheme)).toEqual(cs.map((c) => c.scheme.toLowerCase()));
        cs.forEach((c, n) => {
          const expected: Record<string, string> = {};
          for (const [k, v] of c.params) if (!Object.hasOwn(expected, k.toLowerCase())) Object.defineProperty(expected, k.toLowerCase(), { value: v, enumerable: true });
          expect(plain(parsed[n]!)).toEqual(expected);
        });
      }),
      { numRuns: 500 },
    );
  });

  it('never throws and returns well-formed challenges on arbitrary input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ unit: fc.constantFrom(' ', ',', '=', '"', '\\', 'a', 'B', '/', '+'), maxLength: 300 })), (s) => {
        for (const c of parseWwwAuthenticate(s)) {
          expect(c.scheme).toMatch(/^[!#$%&'*+.^_`|~0-9a-z-]+$/);
          for (const [k, v] of Object.entries(c.params)) {
            expect(k).toBe(k.toLowerCase());
            expect(typeof v).toBe('string');
          }
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('stays linear on hostile headers at the length limit', () => {
    const hostile = [
      'Bearer ' + 'a='.repeat(8000),
      'Bearer realm="' + '\\"'.repeat(8000),
      ','.repeat(MAX_WWW_AUTHENTICATE_LENGTH),
      'x '.repeat(8000),
      'Basic ' + '='.repeat(16000),
    ];
    const started = performance.now();
    for (const h of hostile) parseWwwAuthenticate(h.slice(0, MAX_WWW_AUTHENTICATE_LENGTH));
    expect(performance.now() - started).toBeLessThan(500);
  });
});

// @vitest-environment node
import fc from 'fast-check';
import { fixtures } from '@/testing/msw/handlers';
import { findChallenge, parseWwwAuthenticate } from './www-authenticate';

const params = (header: string, scheme: string) => ({ ...findChallenge(parseWwwAuthenticate(header), scheme)?.params });

describe('parseWwwAuthenticate on captured challenges', () => {
  // every 401 captured from distribution 2.8.2, directly (htpasswd) and through nginx (token auth)
  const captured = Object.entries(fixtures)
    .filter(([, f]) => f.response.status === 401)
    .map(([name, f]) => [name, f.response.headers['www-authenticate'] ?? f.response.headers['x-registry-authenticate']] as const)
    .filter((x): x is readonly [string, string] => !!x[1]);

  it('has captured challenges of both kinds to read', () => {
    expect(captured.some(([, h]) => h.startsWith('Basic '))).toBe(true);
    expect(captured.some(([, h]) => h.startsWith('Bearer '))).toBe(true);
  });

  it.each(captured)('%s', (_name, header) => {
    const cs = parseWwwAuthenticate(header);
    expect(cs).toHaveLength(1);
    const [c] = cs;
    if (c!.scheme === 'basic') expect({ ...c!.params }).toEqual({ realm: 'registry-ui' });
    else {
      expect(c!.scheme).toBe('bearer');
      expect(c!.params['realm']).toBe('/auth/token');
      expect(c!.params['service']).toBe('registry.test');
    }
  });

  it('reads error and scope of a token refused for lack of scope', () => {
    expect(params('Bearer realm="/auth/token",service="registry.test",scope="repository:team/app:pull",error="insufficient_scope"', 'bearer')).toEqual({
      realm: '/auth/token',
      service: 'registry.test',
      scope: 'repository:team/app:pull',
      error: 'insufficient_scope',
    });
  });
});

describe('parseWwwAuthenticate edge cases', () => {
  it('takes scheme and parameter names in any case, and spaces around "="', () => {
    expect(params('BEARER Realm = "https://a/token" , SERVICE=reg', 'bearer')).toEqual({ realm: 'https://a/token', service: 'reg' });
  });

  it('keeps several scopes in one quoted value (space-separated, with commas)', () => {
    const p = params('Bearer realm="/t",scope="repository:a:pull,push repository:b:pull"', 'Bearer');
    expect(p['scope']).toBe('repository:a:pull,push repository:b:pull');
  });

  it('finds the Bearer challenge after a Basic one, and the reverse', () => {
    const h = 'Basic realm="basic, with a comma", Bearer realm="/auth/token",service="s"';
    expect(params(h, 'basic')).toEqual({ realm: 'basic, with a comma' });
    expect(params(h, 'bearer')).toEqual({ realm: '/auth/token', service: 's' });
    expect(params('Bearer realm="/t", Basic realm="x"', 'basic')).toEqual({ realm: 'x' });
  });

  it('unescapes quoted-pairs and keeps an unterminated value to the end', () => {
    expect(params('Basic realm="a \\"quoted\\" \\\\ realm"', 'basic')).toEqual({ realm: 'a "quoted" \\ realm' });
    expect(params('Bearer realm="/t,service="s', 'bearer')).toEqual({ realm: '/t,service=' });
  });

  it('a scheme alone is a challenge without parameters', () => {
    expect(parseWwwAuthenticate('Negotiate')).toEqual([{ scheme: 'negotiate', params: {} }]);
    expect(parseWwwAuthenticate('Basic, Bearer realm="/t"').map((c) => c.scheme)).toEqual(['basic', 'bearer']);
  });
});

describe('parseWwwAuthenticate properties', () => {
  const name = fc.constantFrom('realm', 'service', 'scope', 'error', 'charset');
  const quotedText = fc.string({ unit: fc.constantFrom('a', 'B', ',', ' ', '=', '"', '\\', ':', '/', '*', 'é'), maxLength: 24 });
  const quote = (v: string) => `"${v.replace(/["\\]/g, (m) => `\\${m}`)}"`;

  it('the order of parameters does not change what is read', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(name, quotedText), { selector: ([k]) => k, minLength: 1, maxLength: 5 }), fc.nat(), (pairs, seed) => {
        const shuffled = [...pairs].sort((a, b) => ((a[0].charCodeAt(0) * (seed + 7)) % 13) - ((b[0].charCodeAt(0) * (seed + 7)) % 13));
        const a = params(`Bearer ${pairs.map(([k, v]) => `${k}=${quote(v)}`).join(',')}`, 'bearer');
        const b = params(`Bearer ${shuffled.map(([k, v]) => `${k}=${quote(v)}`).join(', ')}`, 'bearer');
        expect(b).toEqual(a);
        expect(a).toEqual(Object.fromEntries(pairs));
      }),
      { numRuns: 400 },
    );
  });

  it('a quoted value never starts another challenge, whatever it holds', () => {
    fc.assert(
      fc.property(quotedText, quotedText, (v1, v2) => {
        const cs = parseWwwAuthenticate(`Bearer realm=${quote(v1)},scope=${quote(v2)}, Basic realm=${quote(v2)}`);
        expect(cs.map((c) => c.scheme)).toEqual(['bearer', 'basic']);
        expect({ ...cs[0]!.params }).toEqual({ realm: v1, scope: v2 });
        expect({ ...cs[1]!.params }).toEqual({ realm: v2 });
      }),
      { numRuns: 400 },
    );
  });
});

import { http, HttpResponse, type HttpHandler } from 'msw';

/** A request/response pair captured from a real docker-registry 2.8 by scripts/capture-fixtures.sh. */
export interface Fixture {
  command: string;
  request: { method: string; path: string; headers?: Record<string, string> };
  response: { status: number; headers: Record<string, string>; body: string };
}

/** Where unit tests reach "the registry". */
export const REGISTRY = 'http://registry.test';

const modules = import.meta.glob<Fixture>('../fixtures/*.json', { eager: true, import: 'default' });

/** Every captured fixture by file name without `.json`. */
export const fixtures: Record<string, Fixture> = Object.fromEntries(
  Object.entries(modules).map(([path, f]) => [path.replace(/^.*\/(.*)\.json$/, '$1'), f]),
);

/** A captured fixture; fails the test loudly when the capture script did not produce it. */
export function fixture(name: string): Fixture {
  const f = fixtures[name];
  if (!f) throw new Error(`fixture ${name} is missing: run scripts/capture-fixtures.sh`);
  return f;
}

/** The captured response, headers and body as the registry sent them. */
export function replay(f: Fixture, overrides: { status?: number; headers?: Record<string, string>; body?: string } = {}): HttpResponse<string> {
  const status = overrides.status ?? f.response.status;
  const body = f.request.method === 'HEAD' || status === 204 ? null : (overrides.body ?? f.response.body);
  const headers = new Headers();
  for (const [k, v] of Object.entries({ ...f.response.headers, ...overrides.headers })) {
    // the length of a replayed body is recomputed; a HEAD keeps the length of the body it did not send
    if ((k === 'content-length' && body !== null) || k === 'transfer-encoding' || k === 'connection') continue;
    headers.set(k, v);
  }
  return new HttpResponse(body, { status, headers });
}

function key(method: string, pathAndQuery: string): string {
  return `${method.toUpperCase()} ${pathAndQuery}`;
}

/**
 * Fixtures from the other captured registries (delete disabled, htpasswd auth, Distribution 3, go-containerregistry)
 * and writes: used explicitly.
 */
function isDefault(name: string, f: Fixture): boolean {
  return !/^(auth|dist3|ggcr)-/.test(name) && (f.request.method === 'GET' || f.request.method === 'HEAD');
}

/**
 * Replays every captured read from the main registry at REGISTRY, matched on method, path, query and, for
 * manifests, the Accept header (the registry negotiates on it). A request with no captured answer falls
 * through and fails the test (onUnhandledRequest: 'error').
 */
export function fixtureHandlers(): HttpHandler[] {
  const byRequest = new Map<string, Fixture[]>();
  for (const [name, f] of Object.entries(fixtures)) {
    if (!isDefault(name, f)) continue;
    const k = key(f.request.method, f.request.path);
    byRequest.set(k, [...(byRequest.get(k) ?? []), f]);
  }
  return [
    http.all(`${REGISTRY}/v2/*`, ({ request }) => {
      const url = new URL(request.url);
      const candidates = byRequest.get(key(request.method, url.pathname + url.search)) ?? [];
      const accept = request.headers.get('accept') ?? '';
      const sameAccept = (c: Fixture) => (c.request.headers?.Accept ?? c.request.headers?.accept ?? '') === accept;
      const f = url.pathname.includes('/manifests/') ? candidates.find(sameAccept) : candidates[0];
      // distribution answers HEAD and GET with one handler, and a conditional GET whose If-None-Match names
      // the manifest's digest gets 304 with no body and no Docker-Content-Digest (2.8.2, checked with curl)
      const ifNoneMatch = request.headers.get('if-none-match');
      if (ifNoneMatch && url.pathname.includes('/manifests/')) {
        const same = f ?? (byRequest.get(key('HEAD', url.pathname + url.search)) ?? []).find(sameAccept);
        const digest = same?.response.status === 200 ? same.response.headers['docker-content-digest'] : undefined;
        if (digest && (ifNoneMatch === `"${digest}"` || ifNoneMatch === digest)) {
          return new HttpResponse(null, { status: 304, headers: { 'docker-distribution-api-version': 'registry/2.0', 'x-content-type-options': 'nosniff' } });
        }
      }
      if (f) return replay(f);
      // a GET by tag with no capture of its own: the registry resolves the tag (as its HEAD did) and sends that
      // digest's manifest, with the same headers as a GET by digest
      if (request.method === 'GET' && url.pathname.includes('/manifests/') && !url.pathname.includes('/manifests/sha256:')) {
        const head = (byRequest.get(key('HEAD', url.pathname)) ?? []).find(sameAccept);
        const digest = head?.response.status === 200 ? head.response.headers['docker-content-digest'] : undefined;
        const byDigest = digest ? (byRequest.get(key('GET', url.pathname.replace(/\/manifests\/[^/]+$/, `/manifests/${digest}`))) ?? []).find(sameAccept) : undefined;
        if (byDigest) return replay(byDigest);
      }
      // 2.8 has no referrers route: every referrers path gets the captured plain-text 404, and a fallback tag
      // nobody wrote the captured 404 MANIFEST_UNKNOWN, so an image view of any captured digest replays
      if (request.method === 'GET' && /^\/v2\/.+\/referrers\/[^/]+$/.test(url.pathname)) return replay(fixture('referrers-artifact'));
      if (/^\/v2\/.+\/manifests\/sha(256|512)-[a-f0-9]+$/.test(url.pathname)) {
        return replay(fixture(request.method === 'HEAD' ? 'manifest-head-missing-tag' : 'manifest-get-referrers-tag-missing'));
      }
      return undefined;
    }),
  ];
}

/**
 * A catalog of `names` served the way distribution serves it: lexical order, `n` capped at 1000 with
 * 400 PAGINATION_NUMBER_INVALID above it, and a `Link: <…>; rel="next"` header shaped like the captured one.
 */
export function catalogHandler(names: readonly string[], requests: string[] = []): HttpHandler {
  const sorted = [...names].sort();
  const invalid = fixture('catalog-n1001');
  return http.get(`${REGISTRY}/v2/_catalog`, ({ request }) => {
    const url = new URL(request.url);
    requests.push(url.pathname + url.search);
    const n = Number(url.searchParams.get('n') ?? '100');
    if (n > 1000) return replay(invalid);
    const last = url.searchParams.get('last');
    const start = last ? sorted.findIndex((x) => x > last) : 0;
    const page = start < 0 ? [] : sorted.slice(start, start + n);
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'docker-distribution-api-version': 'registry/2.0' };
    if (start >= 0 && start + n < sorted.length) {
      headers.link = `</v2/_catalog?last=${encodeURIComponent(page[page.length - 1]!)}&n=${n}>; rel="next"`;
    }
    return new HttpResponse(JSON.stringify({ repositories: page }) + '\n', { status: 200, headers });
  });
}

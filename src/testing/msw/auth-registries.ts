import { http, HttpResponse, type HttpHandler } from 'msw';
import { REGISTRY, fixture, replay } from './handlers';

/*
 * Registries with authentication, for unit tests: the decisions (who may do what, which token is valid) are
 * made here, every answer is a captured one — challenges from Distribution 2.8.2 with htpasswd
 * (scripts/capture-fixtures.sh, `auth-*`) and with auth.token behind registry-ui's nginx
 * (tests/token-server/capture-fixtures.mjs, `auth-token-*`), replayed with their headers.
 */

/** What a user of the simulated token service may do: read (pull, catalog), or everything. */
export type Grant = 'read' | 'all';

export interface TokenRegistryOptions {
  users?: Record<string, { password: string; grant: Grant }>;
  /** What a request without credentials gets; `undefined`: the token service answers 401. */
  anonymous?: Grant | 'nothing';
  /** `expires_in` of the tokens, or `null` to leave it out. */
  expiresIn?: number | null;
}

export interface IssuedToken {
  account: string;
  scope: string | null;
  authorization: string | null;
  marker: string | null;
}

export interface TokenRegistry {
  handlers: HttpHandler[];
  /** Every request the registry saw: `METHOD path Authorization` (the token's account, or `-`). */
  registry: string[];
  tokens: IssuedToken[];
  /** The next `n` tokens are refused by the registry as invalid_token (expired early, revoked). */
  staleNext(n?: number): void;
  /** The team/app manifest digest the DELETE handler accepts. */
  digest: string;
}

const DIGEST = `sha256:${'a'.repeat(64)}`;
const REPO_PATH = /^\/v2\/(.+?)\/(?:tags\/list|manifests\/[^/]+|blobs\/[^/]+|referrers\/[^/]+)$/;

/**
 * Any other repository path: refused like the registry refuses it, or — when allowed — answered by the
 * captured fixtures of the main registry (demo/alpine, demo/oci-app, …) that follow in the handler list.
 */
function otherRepositories(check: (request: Request, name: string, action: string) => Response | undefined): HttpHandler {
  return http.all(`${REGISTRY}/v2/*`, ({ request }) => {
    const m = REPO_PATH.exec(new URL(request.url).pathname);
    if (!m) return undefined;
    const action = request.method === 'DELETE' ? 'delete' : 'pull';
    return check(request, m[1]!, action) ?? (action === 'delete' ? replay(fixture('delete-manifest-by-digest')) : undefined);
  });
}
const b64url = (s: string) => btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

function grants(grant: Grant | 'nothing', scope: string | null): { type: string; name: string; actions: string[] }[] {
  if (!scope || grant === 'nothing') return [];
  const m = /^(repository|registry):(.+):([a-z*,]+)$/.exec(scope);
  if (!m) return [];
  const asked = m[3]!.split(',');
  const actions = grant === 'all' ? asked : asked.filter((a) => a === 'pull' || (m[1] === 'registry' && a === '*'));
  return actions.length ? [{ type: m[1]!, name: m[2]!, actions }] : [];
}

/**
 * A registry with `auth.token`, as the app sees it through nginx with REGISTRY_TOKEN_URL: challenges in
 * X-Registry-Authenticate with the realm `/auth/token` on the page's origin (REGISTRY here).
 */
export function tokenRegistry(options: TokenRegistryOptions = {}): TokenRegistry {
  const { users = {}, anonymous, expiresIn = 60 } = options;
  const issued = new Map<string, { account: string; access: ReturnType<typeof grants>; stale: boolean }>();
  const log: TokenRegistry = { handlers: [], registry: [], tokens: [], staleNext: (n = 1) => void (stale = n), digest: DIGEST };
  let stale = 0;
  const tokenHeaders = fixture('auth-token-issue-admin-pull').response.headers;

  const allowed = (request: Request, type: string, name: string, action: string) => {
    const auth = request.headers.get('authorization') ?? '';
    const t = auth.startsWith('Bearer ') ? issued.get(auth.slice(7)) : undefined;
    if (auth.startsWith('Bearer ') && (!t || t.stale)) return 'invalid';
    if (!t) return 'none';
    return t.access.some((a) => a.type === type && a.name === name && a.actions.includes(action)) ? 'ok' : 'insufficient';
  };
  const who = (request: Request) => {
    const auth = request.headers.get('authorization') ?? '';
    return auth.startsWith('Bearer ') ? (issued.get(auth.slice(7))?.account || 'anonymous') : '-';
  };
  /** The captured 401 for this outcome, with the scope of this request. */
  const challenge = (outcome: string, scope: string) => {
    const base = outcome === 'insufficient' ? 'auth-token-tags-insufficient-scope' : outcome === 'invalid' ? 'auth-token-tags-invalid-token' : 'auth-token-tags-unauthorized';
    const f = fixture(base);
    const header = f.response.headers['x-registry-authenticate']!.replace('repository:team/app:pull', scope);
    return replay(f, { headers: { 'x-registry-authenticate': header } });
  };
  const guard = (request: Request, type: string, name: string, action: string, scope: string, ok: () => Response) => {
    log.registry.push(`${request.method} ${new URL(request.url).pathname} ${who(request)}`);
    const outcome = allowed(request, type, name, action);
    return outcome === 'ok' ? ok() : challenge(outcome, scope);
  };

  log.handlers = [
    http.get(`${REGISTRY}/auth/token`, ({ request }) => {
      const url = new URL(request.url);
      const scope = url.searchParams.get('scope');
      const authorization = request.headers.get('authorization');
      let account = '';
      let grant: Grant | 'nothing' | undefined = anonymous;
      if (authorization) {
        const [user, password] = atob(authorization.replace(/^Basic /, '')).split(':');
        const u = user && Object.hasOwn(users, user) ? users[user] : undefined;
        if (!u || u.password !== password) return replay(fixture('auth-token-wrong-password'));
        account = user!;
        grant = u.grant;
      }
      log.tokens.push({ account, scope, authorization, marker: request.headers.get('x-registry-ui') });
      if (grant === undefined) return replay(fixture('auth-token-wrong-password'));
      const access = grants(grant, scope);
      const token = `${b64url(JSON.stringify({ typ: 'JWT', alg: 'RS256' }))}.${b64url(JSON.stringify({ sub: account, access }))}.sig${log.tokens.length}`;
      issued.set(token, { account, access, stale: stale > 0 });
      if (stale > 0) stale--;
      const body: Record<string, unknown> = { token, access_token: token, issued_at: '2026-01-01T00:00:00Z' };
      if (expiresIn !== null) body.expires_in = expiresIn;
      return new HttpResponse(JSON.stringify(body), { status: 200, headers: tokenHeaders });
    }),
    http.get(`${REGISTRY}/v2/`, ({ request }) => {
      log.registry.push(`GET /v2/ ${who(request)}`);
      const auth = request.headers.get('authorization') ?? '';
      const t = auth.startsWith('Bearer ') ? issued.get(auth.slice(7)) : undefined;
      if (t && !t.stale) return replay(fixture('v2-base'));
      return replay(fixture(t ? 'auth-token-tags-invalid-token' : 'auth-token-v2-unauthorized'), t ? { headers: { 'x-registry-authenticate': 'Bearer realm="/auth/token",service="registry.test",error="invalid_token"' } } : {});
    }),
    http.get(`${REGISTRY}/v2/_catalog`, ({ request }) =>
      guard(request, 'registry', 'catalog', '*', 'registry:catalog:*', () => HttpResponse.json({ repositories: ['team/app'] }, { headers: { 'docker-distribution-api-version': 'registry/2.0' } })),
    ),
    http.get(`${REGISTRY}/v2/team/app/tags/list`, ({ request }) =>
      guard(request, 'repository', 'team/app', 'pull', 'repository:team/app:pull', () => replay(fixture('auth-token-tags-authorized'))),
    ),
    http.delete(`${REGISTRY}/v2/team/app/manifests/:digest`, ({ request }) =>
      guard(request, 'repository', 'team/app', 'delete', 'repository:team/app:delete', () => replay(fixture('delete-manifest-by-digest'))),
    ),
    otherRepositories((request, name, action) => {
      log.registry.push(`${request.method} ${new URL(request.url).pathname} ${who(request)}`);
      const outcome = allowed(request, 'repository', name, action);
      return outcome === 'ok' ? undefined : challenge(outcome, `repository:${name}:${action}`);
    }),
  ];
  return log;
}

export interface BasicRegistry {
  handlers: HttpHandler[];
  /** Every request: `METHOD path user` (`-` without credentials, `?` with wrong ones). */
  registry: string[];
}

/**
 * A registry with htpasswd auth. `viaProxy` renames the challenge as registry-ui's nginx does for the app;
 * without it the registry's own WWW-Authenticate arrives (the dev server, another proxy).
 */
export function basicRegistry({ users, viaProxy = true }: { users: Record<string, string>; viaProxy?: boolean }): BasicRegistry {
  const log: BasicRegistry = { handlers: [], registry: [] };
  const check = (request: Request): string | undefined => {
    const auth = request.headers.get('authorization');
    if (!auth?.startsWith('Basic ')) return undefined;
    const [user, password] = atob(auth.slice(6)).split(':');
    return user && Object.hasOwn(users, user) && users[user] === password ? user : '?';
  };
  const unauthorized = (name: string) => {
    const f = fixture(name);
    if (!viaProxy) return replay(f);
    const { 'www-authenticate': challenge, ...headers } = f.response.headers;
    return replay({ ...f, response: { ...f.response, headers: { ...headers, 'x-registry-authenticate': challenge! } } });
  };
  const guarded = (path: string, method: 'get' | 'delete', ok: () => Response, challenge = 'auth-v2-unauthorized') =>
    http[method](`${REGISTRY}${path}`, ({ request }) => {
      const user = check(request);
      log.registry.push(`${request.method} ${new URL(request.url).pathname} ${user ?? '-'}`);
      return user && user !== '?' ? ok() : unauthorized(user === '?' ? 'auth-v2-wrong-password' : challenge);
    });
  log.handlers = [
    guarded('/v2/', 'get', () => replay(fixture('auth-v2-authorized'))),
    guarded('/v2/_catalog', 'get', () => HttpResponse.json({ repositories: ['team/app'] }), 'auth-catalog-unauthorized'),
    guarded('/v2/team/app/tags/list', 'get', () => replay(fixture('auth-token-tags-authorized'))),
    guarded('/v2/team/app/manifests/:digest', 'delete', () => replay(fixture('delete-manifest-by-digest'))),
    otherRepositories((request) => {
      const user = check(request);
      log.registry.push(`${request.method} ${new URL(request.url).pathname} ${user ?? '-'}`);
      return user && user !== '?' ? undefined : unauthorized(user === '?' ? 'auth-v2-wrong-password' : 'auth-v2-unauthorized');
    }),
  ];
  return log;
}

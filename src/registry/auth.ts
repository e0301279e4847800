import { RegistryError } from './errors';
import { findChallenge, parseWwwAuthenticate, type AuthChallenge } from './www-authenticate';

/**
 * Registry authentication for the browser (distribution "Token Authentication Specification", RFC 7617 Basic).
 * Framework-free, like the client: the app decides where credentials live and what the user sees.
 *
 * - Basic (htpasswd): the user's credentials go on every request once the registry asked for them.
 * - Bearer (auth.token): a token per scope from the challenge's realm, anonymous first and with the user's
 *   credentials when the registry refuses the anonymous one; cached until shortly before `expires_in`; a token
 *   the registry rejects is replaced once. Tokens are only asked for on the page's own origin: a realm
 *   elsewhere needs REGISTRY_TOKEN_URL, which makes nginx proxy the token service and point the realm at it.
 */

/** What the user typed. Held in memory; never written anywhere by this module. */
export interface Credentials {
  username: string;
  password: string;
}

/** How the registry authenticates, as learnt from its challenges; `undefined` until it answered once. */
export type AuthScheme = 'none' | 'basic' | 'bearer';

/** Marks the app's requests; nginx then renames the registry's challenge (docs/runtime-contract.md). */
export const APP_MARKER_HEADER = 'X-Registry-UI';
/** The registry's WWW-Authenticate as nginx hands it to the app, so the browser never prompts for it. */
export const APP_CHALLENGE_HEADER = 'X-Registry-Authenticate';

/** `expires_in` when the token service sends none (the token spec's default). */
export const DEFAULT_TOKEN_LIFETIME_S = 60;
/** A token is renewed this long before it expires (at most a fifth of its lifetime). */
export const RENEW_BEFORE_MS = 10_000;
/** A token request shared by several registry requests is not cancelled with any one of them; it has its own limit. */
const TOKEN_TIMEOUT_MS = 30_000;

/** The scope a request needs (distribution's resource scopes); `undefined` for `/v2/` itself. */
export function scopeFor(method: string, path: string): string | undefined {
  const p = path.split('?')[0] ?? '';
  if (p === '/v2/_catalog') return 'registry:catalog:*';
  const m = /^\/v2\/(.+?)\/(?:tags\/list|manifests\/[^/]+|blobs\/[^/]+|referrers\/[^/]+)$/.exec(p);
  if (!m) return undefined;
  return `repository:${m[1]}:${method.toUpperCase() === 'DELETE' ? 'pull,delete' : 'pull'}`;
}

/** The repository a `repository:<name>:<actions>` scope names. */
export function repositoryOfScope(scope: string | undefined): string | undefined {
  const m = /^repository:(.+):[a-z*,]+$/.exec(scope ?? '');
  return m?.[1];
}

/** The challenge of a 401: nginx's renamed header first, the registry's own without the proxy (dev server). */
export function challengeOf(res: Response): AuthChallenge[] {
  return parseWwwAuthenticate(res.headers.get(APP_CHALLENGE_HEADER) ?? res.headers.get('www-authenticate'));
}

/** The `access` claim of a JWT token, when the token is one; tokens are opaque otherwise. */
export function tokenAccess(token: string): { type: string; name: string; actions: string[] }[] | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(payload.length / 4) * 4, '='));
    const access = (JSON.parse(json) as { access?: unknown }).access;
    if (!Array.isArray(access)) return undefined;
    return access
      .filter((a): a is { type: string; name: string; actions: unknown[] } => !!a && typeof a === 'object' && typeof a.type === 'string' && typeof a.name === 'string' && Array.isArray(a.actions))
      .map((a) => ({ type: a.type, name: a.name, actions: a.actions.filter((x): x is string => typeof x === 'string') }));
  } catch {
    return undefined;
  }
}

/** Who asked for a token: nobody, or the user. */
type Level = 'anonymous' | 'user';

interface CachedToken {
  token: string;
  level: Level;
  /** ms since the epoch after which the token is not sent again. */
  renewAt: number;
}

/** The authentication of one request across its attempts (created by `begin`, read by the client). */
export interface AuthAttempt {
  readonly method: string;
  readonly scope: string | undefined;
  /** What the last attempt carried. */
  sent: { kind: 'none' } | { kind: 'basic' } | { kind: 'token'; token: string; level: Level };
  /** Retries this request made because of a 401 (at most two: anonymous token, then the user's). */
  retries: number;
  /** A rejected token was replaced once already. */
  refreshed: boolean;
  /** The registry refused the user's own token for lack of scope: the account may not do this. */
  denied: boolean;
}

/** What the app shows about authentication; a new object whenever something changes. */
export interface AuthSnapshot {
  scheme: AuthScheme | undefined;
  username: string | undefined;
  /** Repositories where the registry refused this identity a delete. */
  deleteDenied: ReadonlySet<string>;
}

export interface RegistryAuthOptions {
  /** Injected for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
  /** The page's origin: realms resolve against it and must stay on it. Defaults to `location.origin`. */
  origin?: string;
  /** Clock, for tests. */
  now?: () => number;
  /**
   * Accept a token service on another origin than `origin` (http or https still). For the command line only,
   * which, like `docker login`, trusts the realm of the registry it was pointed at; a page must not.
   */
  realmAnywhere?: boolean;
}

/** Credentials, tokens and what the registry asked for: one per registry client. */
export class RegistryAuth {
  private readonly fetchImpl: typeof fetch;
  private readonly origin: string;
  private readonly now: () => number;
  private readonly realmAnywhere: boolean;
  private creds: Credentials | undefined;
  private tokens = new Map<string, CachedToken>();
  private inflight = new Map<string, Promise<CachedToken | undefined>>();
  private bearer: { realm: string; service: string | undefined } | undefined;
  /** Set once anonymous tokens were refused while the user had signed in: skip them from then on. */
  private userFirst = false;
  private snapshot: AuthSnapshot = { scheme: undefined, username: undefined, deleteDenied: new Set() };
  private readonly listeners = new Set<() => void>();

  constructor(options: RegistryAuthOptions = {}) {
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.origin = options.origin ?? globalThis.location?.origin ?? 'http://localhost';
    this.now = options.now ?? Date.now;
    this.realmAnywhere = options.realmAnywhere ?? false;
  }

  /** The signed-in user's credentials, if any. */
  get credentials(): Credentials | undefined {
    return this.creds;
  }

  /**
   * Signs in (or out, with `undefined`): forgets every token and refusal of the previous identity. With
   * `verify`, the next requests use the credentials straight away, so a wrong password cannot pass as an
   * anonymous success; `settle()` returns to anonymous-first once they were accepted.
   */
  setCredentials(credentials: Credentials | undefined, { verify = false }: { verify?: boolean } = {}): void {
    this.creds = credentials ? { ...credentials } : undefined;
    this.tokens.clear();
    this.inflight.clear();
    this.userFirst = verify && !!credentials;
    // who is signed in shows once the credentials were accepted (settle), not while they are being checked
    this.update({ username: verify ? undefined : credentials?.username, deleteDenied: new Set() });
  }

  /** After a sign-in was verified: the user shows as signed in; tokens are asked for anonymously first again. */
  settle(): void {
    this.userFirst = false;
    this.update({ username: this.creds?.username });
  }

  /** For useSyncExternalStore. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** For useSyncExternalStore: the same object until something changes. */
  getSnapshot = (): AuthSnapshot => this.snapshot;

  private update(patch: Partial<AuthSnapshot>): void {
    const next = { ...this.snapshot, ...patch };
    if (next.scheme === this.snapshot.scheme && next.username === this.snapshot.username && next.deleteDenied === this.snapshot.deleteDenied) return;
    this.snapshot = next;
    for (const l of this.listeners) l();
  }

  /** Starts the authentication of one request. */
  begin(method: string, path: string): AuthAttempt {
    return { method, scope: scopeFor(method, path), sent: { kind: 'none' }, retries: 0, refreshed: false, denied: false };
  }

  /** A request answered without a challenge: the registry needs nothing more than what was sent. */
  answered(attempt: AuthAttempt): void {
    if (attempt.sent.kind === 'none' && this.snapshot.scheme === undefined) this.update({ scheme: 'none' });
  }

  /** The Authorization header for the next attempt of `attempt`, from what is known now. */
  async authorization(attempt: AuthAttempt, signal: AbortSignal): Promise<string | undefined> {
    const scheme = this.snapshot.scheme;
    if (scheme === 'basic' && this.creds) {
      attempt.sent = { kind: 'basic' };
      return basicHeader(this.creds);
    }
    if (scheme === 'bearer' && this.bearer) {
      const key = attempt.scope ?? '';
      let cached = this.fresh(key);
      // a realm is known: get the token before the request instead of after its 401 (a refusal of the user's
      // credentials ends the request here: asking again after the 401 would send them twice)
      if (!cached && attempt.retries === 0) cached = await this.obtain(attempt.scope, key, signal);
      if (cached) {
        attempt.sent = { kind: 'token', token: cached.token, level: cached.level };
        return `Bearer ${cached.token}`;
      }
    }
    attempt.sent = { kind: 'none' };
    return undefined;
  }

  /**
   * After a 401: reads the challenge and prepares the next attempt. True when another attempt can succeed;
   * false leaves the 401 as the answer (`attempt.denied` says whether the account itself was refused).
   * Throws a RegistryError when the token service fails or refuses the user's credentials.
   */
  async retry(attempt: AuthAttempt, res: Response, signal: AbortSignal): Promise<boolean> {
    const challenges = challengeOf(res);
    const bearer = findChallenge(challenges, 'bearer');
    const basic = findChallenge(challenges, 'basic');
    if (bearer?.params['realm']) return this.retryBearer(attempt, bearer, signal);
    if (basic) {
      this.update({ scheme: 'basic' });
      if (this.creds && attempt.sent.kind !== 'basic' && attempt.retries < 2) {
        attempt.retries++;
        return true;
      }
      return false;
    }
    return false;
  }

  private async retryBearer(attempt: AuthAttempt, challenge: AuthChallenge, signal: AbortSignal): Promise<boolean> {
    this.bearer = { realm: challenge.params['realm']!, service: challenge.params['service'] };
    this.update({ scheme: 'bearer' });
    const scope = attempt.scope ?? challenge.params['scope'];
    const key = attempt.scope ?? '';
    const sent = attempt.sent;
    if (attempt.retries >= 2) {
      attempt.denied = sent.kind === 'token' && sent.level === 'user';
      return false;
    }
    if (sent.kind !== 'token') {
      attempt.retries++;
      return !!(await this.obtain(scope, key, signal));
    }
    if (this.tokens.get(key)?.token === sent.token) this.tokens.delete(key);
    if (challenge.params['error'] === 'invalid_token') {
      // rejected (expired early, revoked, signed with a rotated key): one fresh token of the same kind
      if (attempt.refreshed) return false;
      attempt.refreshed = true;
      attempt.retries++;
      return !!(await this.token(scope, sent.level, signal, key));
    }
    // a valid token that grants too little (insufficient_scope): only the user's own token can do better
    if (sent.level === 'user') {
      attempt.denied = true;
      return false;
    }
    if (!this.creds) return false;
    this.userFirst = true;
    attempt.retries++;
    return !!(await this.token(scope, 'user', signal, key));
  }

  /** A token for a scope not seen yet: anonymous first, the user's when the token service refuses that. */
  private async obtain(scope: string | undefined, key: string, signal: AbortSignal): Promise<CachedToken | undefined> {
    const first: Level = this.userFirst && this.creds ? 'user' : 'anonymous';
    const token = await this.token(scope, first, signal, key);
    if (token || first === 'user' || !this.creds) return token;
    // the token service refuses anonymous requests: this session signs in for every scope from now on
    this.userFirst = true;
    return this.token(scope, 'user', signal, key);
  }

  /** A cached token for `key` that is not about to expire. */
  private fresh(key: string): CachedToken | undefined {
    const t = this.tokens.get(key);
    if (t && t.renewAt > this.now()) return t;
    if (t) this.tokens.delete(key);
    return undefined;
  }

  /**
   * A token for `scope` from the realm, shared by concurrent requests. `undefined` when the token service
   * refuses an anonymous request (the caller may try with credentials); throws when it refuses the user's.
   */
  private token(scope: string | undefined, level: Level, signal: AbortSignal, key = scope ?? ''): Promise<CachedToken | undefined> {
    const flight = `${level} ${key}`;
    let p = this.inflight.get(flight);
    if (!p) {
      const credentials = this.creds;
      p = this.fetchToken(scope, level, AbortSignal.timeout(TOKEN_TIMEOUT_MS))
        .then((t) => {
          // a token asked for by an identity that signed out meanwhile is not kept
          if (t && this.creds === credentials) this.tokens.set(key, t);
          return t;
        })
        .finally(() => {
          if (this.inflight.get(flight) === p) this.inflight.delete(flight);
        });
      this.inflight.set(flight, p);
    }
    return untilAborted(p, signal);
  }

  private async fetchToken(scope: string | undefined, level: Level, signal: AbortSignal): Promise<CachedToken | undefined> {
    const bearer = this.bearer;
    if (!bearer) return undefined;
    const creds = level === 'user' ? this.creds : undefined;
    if (level === 'user' && !creds) return undefined;
    let url: URL;
    try {
      url = new URL(bearer.realm, this.origin);
    } catch {
      throw new RegistryError({ kind: 'unauthorized', errors: [{ code: 'TOKEN_REALM_INVALID', message: 'the registry named a token service that is not a URL' }] });
    }
    // never credentials, nor any request, to another origin: the page's CSP (connect-src 'self') would block it
    // anyway, and a registry must not be able to collect the user's password elsewhere
    if ((!this.realmAnywhere && url.origin !== new URL(this.origin).origin) || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      throw new RegistryError({
        kind: 'unauthorized',
        errors: [{ code: 'TOKEN_REALM_ELSEWHERE', message: `the token service ${url.host} is not on this page's origin`, detail: { host: url.host } }],
      });
    }
    if (bearer.service) url.searchParams.set('service', bearer.service);
    if (scope) url.searchParams.set('scope', scope);
    if (creds) url.searchParams.set('account', creds.username);
    const request = `GET ${url.pathname}`;
    const headers: Record<string, string> = { [APP_MARKER_HEADER]: '1', Accept: 'application/json' };
    if (creds) headers['Authorization'] = basicHeader(creds);
    let res: Response;
    try {
      res = await this.fetchImpl(url.toString(), { method: 'GET', headers, signal, credentials: 'same-origin', cache: 'no-store' });
    } catch (e) {
      if (signal.aborted) throw new RegistryError({ kind: 'timeout', request, message: 'the token service did not answer in time', cause: e });
      throw new RegistryError({ kind: 'network', request, message: 'the token service could not be reached', cause: e });
    }
    if (!res.ok) {
      void res.body?.cancel().catch(() => undefined);
      if ((res.status === 401 || res.status === 403) && !creds) return undefined;
      if (res.status === 401 || res.status === 403) {
        throw new RegistryError({ kind: 'unauthorized', status: res.status, request, errors: [{ code: 'TOKEN_DENIED', message: 'the token service refused these credentials' }] });
      }
      throw new RegistryError({ kind: res.status >= 500 ? 'server' : 'malformed', status: res.status, request, message: 'the token service failed' });
    }
    let body: { token?: unknown; access_token?: unknown; expires_in?: unknown };
    try {
      body = (await res.json()) as typeof body;
    } catch (e) {
      throw new RegistryError({ kind: 'malformed', status: res.status, request, message: 'the token service sent a body that is not JSON', cause: e });
    }
    const token = typeof body?.token === 'string' && body.token ? body.token : body?.access_token;
    if (typeof token !== 'string' || !/^[\x21-\x7e]+$/.test(token)) {
      throw new RegistryError({ kind: 'malformed', status: res.status, request, message: 'the token service sent no usable token' });
    }
    const lifetime = typeof body.expires_in === 'number' && Number.isFinite(body.expires_in) && body.expires_in > 0 ? body.expires_in * 1000 : DEFAULT_TOKEN_LIFETIME_S * 1000;
    return { token, level: creds ? 'user' : 'anonymous', renewAt: this.now() + lifetime - Math.min(RENEW_BEFORE_MS, lifetime / 5) };
  }

  /**
   * Turns the failure of a DELETE into what it means for the user: refused for this identity (401/403) is
   * `forbidden` when signed in, `unauthorized` (sign in first) otherwise, and is remembered per repository.
   */
  deleteRefused(repository: string, e: unknown): unknown {
    if (!(e instanceof RegistryError) || (e.status !== 401 && e.status !== 403)) return e;
    const denied = new Set(this.snapshot.deleteDenied);
    denied.add(repository);
    this.update({ deleteDenied: denied });
    return new RegistryError({
      kind: this.creds ? 'forbidden' : 'unauthorized',
      status: e.status,
      errors: e.errors,
      request: e.request,
      message: this.creds ? 'this account may not delete in this repository' : 'deleting needs a signed-in account',
      cause: e,
    });
  }

  /**
   * Whether this identity may delete in `repository`, before trying: with token auth, the access a
   * `pull,delete` token grants (when the token is a JWT); `undefined` when it cannot be known in advance.
   */
  async canDelete(repository: string, signal: AbortSignal): Promise<boolean | undefined> {
    if (this.snapshot.deleteDenied.has(repository)) return false;
    if (this.snapshot.scheme !== 'bearer' || !this.bearer) return undefined;
    const scope = `repository:${repository}:pull,delete`;
    const t = this.fresh(scope) ?? (await this.token(scope, this.creds ? 'user' : 'anonymous', signal));
    if (!t) return false;
    const access = tokenAccess(t.token);
    if (!access) return undefined;
    return access.some((a) => a.type === 'repository' && a.name === repository && (a.actions.includes('delete') || a.actions.includes('*')));
  }
}

/** `p`, or the abort reason as soon as `signal` aborts (the work behind `p` goes on for its other waiters). */
function untilAborted<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason ?? new DOMException('Aborted', 'AbortError'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason ?? new DOMException('Aborted', 'AbortError'));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function basicHeader(c: Credentials): string {
  // RFC 7617: user-id ":" password, UTF-8, then base64
  const bytes = new TextEncoder().encode(`${c.username}:${c.password}`);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return `Basic ${btoa(binary)}`;
}

import { APP_MARKER_HEADER, type AuthAttempt, type RegistryAuth } from './auth';
import { computeDigest, parseDigest, type Digest } from './digest';
import {
  RegistryError,
  kindFromStatus,
  parseErrorBody,
  parseRetryAfter,
  type RegistryErrorKind,
} from './errors';
import { parseNextLink } from './link-header';
import { MANIFEST_ACCEPT, MediaType, baseMediaType } from './media-types';
import { parseManifest } from './manifests';
import { parseConfig, type Config } from './config';
import { isValidRepositoryName, isValidTag } from './names';
import { isSignedSchema1, schema1Payload } from './schema1';
import type { FetchedManifest, ImageIndex, ManifestHead } from './types';


/**
 * The largest manifest body read, parsed and shown: twice what distribution stores (it refuses bodies over
 * 4 MiB), so any manifest a registry of that lineage holds is shown; anything larger is refused with a clear
 * message instead of freezing the tab.
 */
export const MAX_MANIFEST_BYTES = 8 * 1024 * 1024;

/** Per-call options: every call can be cancelled. */
export interface CallOptions {
  signal: AbortSignal;
}

export interface RegistryClientOptions {
  /** Prefix before `/v2/` as the browser sees it: `""` for the same origin root, `/registry-ui` under a sub-path. */
  baseUrl: string;
  /** Injected for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Retries of idempotent requests (GET/HEAD) on 429, 502, 503, 504 and network failures. */
  retries?: number;
  /** Longest wait between retries, in ms (Retry-After is honoured up to this). */
  maxRetryDelayMs?: number;
  /**
   * Longest wait, in ms, for the headers of one attempt and again for its body; 0 waits forever. A registry
   * (or a proxy in between) that holds a request open would otherwise leave a spinner for good: nginx only
   * gives up after proxy_read_timeout (300 s). A timed-out request is not retried.
   */
  timeoutMs?: number;
  /** Credentials and tokens (auth.ts); without it, requests carry no Authorization of their own. */
  auth?: RegistryAuth;
}

/** distribution caps n at 1000 and answers 400 PAGINATION_NUMBER_INVALID above it. */
export const MAX_CATALOG_PAGE_SIZE = 1000;
const MAX_PAGES = 100_000;
const RETRY_STATUSES = new Set([429, 502, 503, 504]);

function isAbort(e: unknown): boolean {
  return e instanceof DOMException ? e.name === 'AbortError' : (e as { name?: string } | null)?.name === 'AbortError';
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason ?? new DOMException('Aborted', 'AbortError'));
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal.reason ?? new DOMException('Aborted', 'AbortError'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * The caller's signal plus a deadline: aborting either aborts the request (and the body stream, which stays
 * tied to this signal after the headers arrived).
 */
function deadline(signal: AbortSignal, ms: number): { signal: AbortSignal; timedOut: () => boolean; clear: () => void } {
  const controller = new AbortController();
  let timedOut = false;
  const forward = () => controller.abort(signal.reason);
  if (signal.aborted) forward();
  else signal.addEventListener('abort', forward, { once: true });
  const timer = ms > 0 && Number.isFinite(ms)
    ? setTimeout(() => {
        timedOut = true;
        controller.abort(new DOMException('the registry did not answer in time', 'TimeoutError'));
      }, ms)
    : undefined;
  return { signal: controller.signal, timedOut: () => timedOut, clear: () => clearTimeout(timer) };
}

function checkName(name: string): void {
  if (!isValidRepositoryName(name)) {
    throw new RegistryError({ kind: 'bad-request', message: `invalid repository name` });
  }
}

function checkReference(ref: string): void {
  if (!isValidTag(ref) && !parseDigest(ref)) {
    throw new RegistryError({ kind: 'bad-request', message: `invalid tag or digest` });
  }
}

/**
 * A typed client for the Registry V2 API (distribution-spec). Framework-free: no React, no query cache.
 * All URLs to the registry are built here and nowhere else.
 */
export class RegistryClient {
  readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;
  private readonly retries: number;
  private readonly maxRetryDelayMs: number;
  private readonly timeoutMs: number;
  /** Authentication of this client's requests, if any. */
  readonly auth: RegistryAuth | undefined;

  constructor(options: RegistryClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.retries = options.retries ?? 2;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 10_000;
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.auth = options.auth;
  }

  /** Builds a URL for a `/v2/...` path. */
  url(path: string): string {
    return `${this.baseUrl}${path}`;
  }

  /**
   * Keeps only the `/v2/...` part of a Link target and puts our own prefix before it. The registry (or a proxy)
   * may answer with a root-relative path, a prefixed path or an absolute URL; following it anywhere but our
   * own origin and prefix would let a registry redirect the UI elsewhere.
   */
  resolveLink(target: string): string | undefined {
    const at = target.indexOf('/v2/');
    if (at < 0) return undefined;
    return this.url(target.slice(at));
  }

  private async send(
    method: 'GET' | 'HEAD' | 'DELETE',
    url: string,
    signal: AbortSignal,
    headers: Record<string, string> = {},
    accept304 = false,
  ): Promise<Response> {
    const request = `${method} ${url}`;
    const idempotent = method !== 'DELETE';
    const auth = this.auth?.begin(method, url.startsWith(this.baseUrl) ? url.slice(this.baseUrl.length) : url);
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      const guard = deadline(signal, this.timeoutMs);
      try {
        res = await this.authorizedFetch(method, url, headers, guard.signal, auth);
      } catch (e) {
        if (signal.aborted) throw e;
        if (e instanceof RegistryError) throw e; // from the token service
        // not retried: a registry that holds one request open will likely hold the next one too
        if (guard.timedOut()) throw new RegistryError({ kind: 'timeout', request, message: 'the registry did not answer in time', cause: e });
        if (isAbort(e)) throw e;
        if (idempotent && attempt < this.retries) {
          await sleep(this.backoff(attempt), signal);
          continue;
        }
        throw new RegistryError({ kind: 'network', request, message: 'the registry could not be reached', cause: e });
      } finally {
        guard.clear();
      }
      if (res.ok || (accept304 && res.status === 304)) return res;
      const retryAfter = parseRetryAfter(res.headers.get('retry-after'));
      if (idempotent && attempt < this.retries && RETRY_STATUSES.has(res.status)) {
        void res.body?.cancel().catch(() => undefined);
        const wait = retryAfter !== undefined ? retryAfter * 1000 : this.backoff(attempt);
        if (wait <= this.maxRetryDelayMs) {
          await sleep(wait, signal);
          continue;
        }
      }
      const text = method === 'HEAD' ? '' : await this.bytes(res, request).then((b) => new TextDecoder().decode(b), () => '');
      const errors = parseErrorBody(text);
      // a 401 to the user's own token for lack of scope: signed in, and this account may not
      const kind: RegistryErrorKind = auth?.denied ? 'forbidden' : kindFromStatus(res.status, errors.map((e) => e.code));
      throw new RegistryError({ kind, status: res.status, errors, retryAfter, request });
    }
  }

  /**
   * One request with the Authorization `auth` knows of, answering the registry's challenges: a 401 is sent
   * again with credentials or a (fresh) token as long as `auth` says another attempt can succeed. Every
   * request carries the app's marker, so nginx renames the challenge and the browser opens no prompt.
   */
  private async authorizedFetch(method: string, url: string, headers: Record<string, string>, signal: AbortSignal, auth: AuthAttempt | undefined): Promise<Response> {
    for (;;) {
      const authorization = auth && this.auth ? await this.auth.authorization(auth, signal) : undefined;
      const res = await this.fetchImpl(url, {
        method,
        headers: { ...headers, [APP_MARKER_HEADER]: '1', ...(authorization ? { Authorization: authorization } : {}) },
        signal,
        credentials: 'same-origin',
        cache: 'no-store',
      });
      if (res.status !== 401 || !auth || !this.auth) {
        if (auth && res.ok) this.auth?.answered(auth);
        return res;
      }
      if (!(await this.auth.retry(auth, res, signal))) return res;
      void res.body?.cancel().catch(() => undefined);
    }
  }

  private backoff(attempt: number): number {
    return Math.min(this.maxRetryDelayMs, 300 * 2 ** attempt);
  }

  /**
   * The whole body, within the timeout. A body cut short (the connection closed before Content-Length bytes,
   * or a chunked body never finished) is a `network` error, a stalled one a `timeout`: never a partial body.
   */
  private async bytes(res: Response, request: string): Promise<Uint8Array> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stalled = new Promise<never>((_, reject) => {
      if (this.timeoutMs > 0 && Number.isFinite(this.timeoutMs)) {
        timer = setTimeout(() => {
          void res.body?.cancel().catch(() => undefined);
          reject(new RegistryError({ kind: 'timeout', status: res.status, request, message: 'the registry stopped sending the body' }));
        }, this.timeoutMs);
      }
    });
    try {
      return new Uint8Array(await Promise.race([res.arrayBuffer(), stalled]));
    } catch (e) {
      if (e instanceof RegistryError || isAbort(e)) throw e;
      throw new RegistryError({ kind: 'network', status: res.status, request, message: 'the response was cut short', cause: e });
    } finally {
      clearTimeout(timer);
    }
  }

  private async json<T>(res: Response, request: string): Promise<T> {
    const text = new TextDecoder().decode(await this.bytes(res, request));
    try {
      return JSON.parse(text) as T;
    } catch (e) {
      throw new RegistryError({ kind: 'malformed', status: res.status, request, message: 'the registry sent a body that is not JSON', cause: e });
    }
  }

  /** `GET /v2/`: checks the registry answers the V2 API (and whether it wants credentials). */
  async ping({ signal }: CallOptions): Promise<{ apiVersion: string | null }> {
    const res = await this.send('GET', this.url('/v2/'), signal);
    void res.body?.cancel().catch(() => undefined);
    return { apiVersion: res.headers.get('docker-distribution-api-version') };
  }

  /**
   * `GET /v2/_catalog?n=-1`: how the registry takes a negative page size. Distribution 3 refuses it (`refused`:
   * 400 PAGINATION_NUMBER_INVALID, registry/handlers/catalog.go); 2.x ignores it and answers its first page, as
   * JSON (`ignored`). Both send the same `Docker-Distribution-Api-Version`, so this is how the two are told apart.
   * Anything else (go-containerregistry's `{"repositories":null}` as text/plain, another code) is `other`; errors
   * that tell nothing (no catalog access, network) are thrown.
   */
  async catalogNegativeN({ signal }: CallOptions): Promise<'refused' | 'ignored' | 'other'> {
    const url = this.url('/v2/_catalog?n=-1');
    let res: Response;
    try {
      res = await this.send('GET', url, signal);
    } catch (e) {
      if (e instanceof RegistryError && e.status === 400) return e.codes.includes('PAGINATION_NUMBER_INVALID') ? 'refused' : 'other';
      throw e;
    }
    const json = /^application\/json\b/i.test(res.headers.get('content-type') ?? '');
    const body = json ? await this.json<unknown>(res, `GET ${url}`).catch(() => undefined) : void res.body?.cancel().catch(() => undefined);
    return json && Array.isArray((body as { repositories?: unknown } | undefined)?.repositories) ? 'ignored' : 'other';
  }

  /**
   * GETs `first` and every page its `Link: <…>; rel="next"` chain points at, yielding the string list in
   * `field` of each body (`null` or absent means an empty page). Stops on a link back to a page already read,
   * which would otherwise loop forever.
   */
  private async *linkedPages(first: string, field: string, signal: AbortSignal): AsyncGenerator<string[]> {
    let url: string | undefined = first;
    const seen = new Set<string>();
    for (let page = 0; url && page < MAX_PAGES && !seen.has(url); page++) {
      seen.add(url);
      const res = await this.send('GET', url, signal);
      const body = await this.json<unknown>(res, `GET ${url}`);
      // `null`, `[]` or `"…"` (a proxy's answer, a cut body) is not an empty page: it would show "no tags"
      if (!body || typeof body !== 'object' || Array.isArray(body)) {
        throw new RegistryError({ kind: 'malformed', status: res.status, request: `GET ${url}`, message: 'the body is not a JSON object' });
      }
      const list = (body as Record<string, unknown>)[field];
      if (list !== null && list !== undefined && !Array.isArray(list)) {
        throw new RegistryError({ kind: 'malformed', request: `GET ${url}`, message: `"${field}" is not a list` });
      }
      yield (list ?? []).filter((r): r is string => typeof r === 'string');
      const next = parseNextLink(res.headers.get('link'));
      url = next ? this.resolveLink(next) : undefined;
    }
  }

  /**
   * Streams the catalog page by page, following `Link: <…>; rel="next"` to the end, so the first page can be
   * shown before the last arrives. Names are not assumed sorted.
   */
  catalogPages({ signal, pageSize = MAX_CATALOG_PAGE_SIZE }: CallOptions & { pageSize?: number }): AsyncGenerator<string[]> {
    const n = Math.max(1, Math.min(MAX_CATALOG_PAGE_SIZE, Math.floor(pageSize)));
    return this.linkedPages(this.url(`/v2/_catalog?n=${n}`), 'repositories', signal);
  }

  /** Every tag of a repository (`{"tags": null}` and `[]` both mean none), following Link pagination if sent. */
  async listTags(name: string, { signal }: CallOptions): Promise<string[]> {
    checkName(name);
    const tags: string[] = [];
    for await (const page of this.linkedPages(this.url(`/v2/${name}/tags/list`), 'tags', signal)) {
      for (const t of page) tags.push(t); // a page can hold 100,000 tags: too many for push(...page)
    }
    return tags;
  }

  /**
   * `GET /v2/<name>/manifests/<reference>` with every supported type in Accept. Verifies the body against the
   * requested digest and Docker-Content-Digest; a mismatch is an error, never data.
   */
  async getManifest(name: string, reference: string, { signal }: CallOptions): Promise<FetchedManifest> {
    checkName(name);
    checkReference(reference);
    const url = this.url(`/v2/${name}/manifests/${reference}`);
    const res = await this.send('GET', url, signal, { Accept: MANIFEST_ACCEPT });
    return this.readManifest(res, url, reference);
  }

  /**
   * Re-checks a tag last seen at `digest` in one request: a conditional GET (`If-None-Match: "<digest>"`).
   * Distribution sets `Etag: "<digest>"` on manifests and answers 304, before reading the manifest, when the
   * tag still points there (registry/handlers/manifests.go, etagMatch); when the tag moved, the same request
   * brings the new manifest, so a moved tag costs no second round trip. A registry that ignores the header
   * answers 200 with the body, which is read and verified like any GET.
   */
  async getManifestIfChanged(name: string, reference: string, digest: Digest, { signal }: CallOptions): Promise<FetchedManifest | 'not-modified'> {
    checkName(name);
    checkReference(reference);
    const url = this.url(`/v2/${name}/manifests/${reference}`);
    const res = await this.send('GET', url, signal, { Accept: MANIFEST_ACCEPT, 'If-None-Match': `"${digest}"` }, true);
    if (res.status === 304) {
      void res.body?.cancel().catch(() => undefined);
      return 'not-modified';
    }
    return this.readManifest(res, url, reference);
  }

  private async readManifest(res: Response, url: string, reference: string): Promise<FetchedManifest> {
    const tooLarge = (size: number) =>
      new RegistryError({ kind: 'too-large', status: res.status, request: `GET ${url}`, message: `the manifest is ${size} bytes, more than the ${MAX_MANIFEST_BYTES} this UI reads` });
    const announced = Number(res.headers.get('content-length'));
    if (announced > MAX_MANIFEST_BYTES) {
      void res.body?.cancel().catch(() => undefined);
      throw tooLarge(announced);
    }
    const bytes = await this.bytes(res, `GET ${url}`);
    if (bytes.length > MAX_MANIFEST_BYTES) throw tooLarge(bytes.length);
    // a signed schema1 body carries its signatures; its digest covers the payload without them
    const signed = isSignedSchema1(baseMediaType(res.headers.get('content-type'))) ? schema1Payload(bytes) : undefined;
    const computed = await computeDigest(signed ?? bytes);
    const header = parseDigest(res.headers.get('docker-content-digest'));
    const requested = parseDigest(reference);
    for (const expected of [requested, header]) {
      if (expected && expected.startsWith('sha256:') && expected !== computed) {
        throw new RegistryError({
          kind: 'digest-mismatch',
          status: res.status,
          request: `GET ${url}`,
          message: `manifest bytes hash to ${computed}, not ${expected}`,
        });
      }
    }
    const raw = new TextDecoder().decode(bytes);
    const manifest = parseManifest(raw, res.headers.get('content-type'));
    const digest: Digest = header ?? requested ?? computed;
    return { digest, digestComputed: !header, manifest, size: bytes.length, raw };
  }

  /** `HEAD /v2/<name>/manifests/<reference>`: the digest a tag points at now, without the body. */
  async headManifest(name: string, reference: string, { signal }: CallOptions): Promise<ManifestHead> {
    checkName(name);
    checkReference(reference);
    const res = await this.send('HEAD', this.url(`/v2/${name}/manifests/${reference}`), signal, { Accept: MANIFEST_ACCEPT });
    const length = res.headers.get('content-length');
    return {
      digest: parseDigest(res.headers.get('docker-content-digest')),
      mediaType: baseMediaType(res.headers.get('content-type')),
      size: length !== null && /^\d+$/.test(length) ? Number(length) : undefined,
    };
  }

  /**
   * `GET /v2/<name>/referrers/<digest>`: the OCI index of the manifests whose subject is `digest`
   * (distribution-spec "Listing Referrers"). A registry without the API answers 404 (distribution 2.8: plain
   * text), thrown as `not-found`; `listReferrers` in referrers.ts falls back to the referrers tag then.
   */
  async getReferrers(name: string, digest: Digest, { signal }: CallOptions): Promise<ImageIndex> {
    checkName(name);
    if (!parseDigest(digest)) throw new RegistryError({ kind: 'bad-request', message: 'invalid digest' });
    const url = this.url(`/v2/${name}/referrers/${digest}`);
    const res = await this.send('GET', url, signal, { Accept: MediaType.OciIndex });
    const raw = new TextDecoder().decode(await this.bytes(res, `GET ${url}`));
    const index = parseManifest(raw, res.headers.get('content-type'));
    if (index.mediaType !== MediaType.OciIndex) {
      throw new RegistryError({ kind: 'malformed', status: res.status, request: `GET ${url}`, message: 'the referrers answer is not an OCI index' });
    }
    return index;
  }

  /** `GET /v2/<name>/blobs/<digest>` parsed as JSON after checking the bytes hash to the digest. */
  async getBlobJson<T = unknown>(name: string, digest: Digest, { signal }: CallOptions): Promise<T> {
    checkName(name);
    if (!parseDigest(digest)) throw new RegistryError({ kind: 'bad-request', message: 'invalid digest' });
    const url = this.url(`/v2/${name}/blobs/${digest}`);
    const res = await this.send('GET', url, signal);
    const bytes = await this.bytes(res, `GET ${url}`);
    if (digest.startsWith('sha256:')) {
      const computed = await computeDigest(bytes);
      if (computed !== digest) {
        throw new RegistryError({ kind: 'digest-mismatch', status: res.status, request: `GET ${url}`, message: `blob bytes hash to ${computed}, not ${digest}` });
      }
    }
    try {
      return JSON.parse(new TextDecoder().decode(bytes)) as T;
    } catch (e) {
      throw new RegistryError({ kind: 'malformed', status: res.status, request: `GET ${url}`, message: 'blob is not JSON', cause: e });
    }
  }

  /**
   * The config blob of a manifest (an image's or a Helm chart's), checked by `parseConfig`: a body that is not
   * JSON or not a JSON object is `malformed`, a field of the wrong type is dropped.
   */
  async getConfig(name: string, digest: Digest, options: CallOptions): Promise<Config> {
    return parseConfig(await this.getBlobJson(name, digest, options));
  }

  /**
   * `DELETE /v2/<name>/manifests/<digest>`. Takes a Digest, never a tag: distribution 2.8 answers 400 to a tag,
   * and a DELETE removes every tag that points at the digest. Never retried.
   */
  async deleteManifest(name: string, digest: Digest, { signal }: CallOptions): Promise<void> {
    checkName(name);
    if (!parseDigest(digest)) throw new RegistryError({ kind: 'bad-request', message: 'delete needs a digest' });
    let res: Response;
    try {
      res = await this.send('DELETE', this.url(`/v2/${name}/manifests/${digest}`), signal);
    } catch (e) {
      // 401/403: this identity may not delete here (auth.ts says which, and remembers it)
      throw this.auth ? this.auth.deleteRefused(name, e) : e;
    }
    void res.body?.cancel().catch(() => undefined);
  }
}

/** Creates the client; the app makes one from the runtime config. */
export function createRegistryClient(options: RegistryClientOptions): RegistryClient {
  return new RegistryClient(options);
}

// @vitest-environment node
// The transport against a registry that misbehaves at random: statuses, bodies, headers, cut and stalled
// bodies. Whatever happens, the client answers verified data or a typed RegistryError; it retries only GET
// and HEAD, and never sends a DELETE twice.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { createRegistryClient } from './client';
import type { Digest } from './digest';
import { RegistryError } from './errors';
import { MediaType } from './media-types';

const sha256 = (b: Uint8Array | string) => `sha256:${createHash('sha256').update(b).digest('hex')}` as Digest;
const signal = new AbortController().signal;

type Reply =
  | { kind: 'status'; status: number; retryAfter?: string; body?: string }
  | { kind: 'network' }
  | { kind: 'ok'; body?: string };

/** A fetch that answers from a script and records every call. */
function scripted(replies: Reply[]) {
  const calls: { method: string; url: string }[] = [];
  const impl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ method: init?.method ?? 'GET', url: String(input) });
    const r = replies[Math.min(calls.length - 1, replies.length - 1)]!;
    if (r.kind === 'network') throw new TypeError('fetch failed');
    if (r.kind === 'ok') return new Response(r.body ?? '{"tags":[]}', { status: 200 });
    const headers = new Headers({ 'content-type': 'application/json' });
    if (r.retryAfter !== undefined) headers.set('retry-after', r.retryAfter);
    return new Response(r.status === 204 || r.status === 304 ? null : (r.body ?? '{"errors":[{"code":"UNKNOWN","message":"x"}]}'), { status: r.status, headers });
  }) as typeof fetch;
  return { impl, calls };
}

const RETRYABLE = new Set([429, 502, 503, 504]);
const failure: fc.Arbitrary<Reply> = fc.oneof(
  fc.record({ kind: fc.constant('status' as const), status: fc.integer({ min: 400, max: 599 }), retryAfter: fc.option(fc.constantFrom('0', '1', '3600', 'soon', '9'.repeat(30)), { nil: undefined }) }, { requiredKeys: ['kind', 'status'] }),
  fc.constant<Reply>({ kind: 'network' }),
);
const reply: fc.Arbitrary<Reply> = fc.oneof(failure, fc.constant<Reply>({ kind: 'ok' }));

async function outcome<T>(p: Promise<T>): Promise<{ ok: T } | { error: RegistryError }> {
  try {
    return { ok: await p };
  } catch (e) {
    expect(e).toBeInstanceOf(RegistryError);
    return { error: e as RegistryError };
  }
}

describe('retries: properties', () => {
  it('sends a DELETE exactly once, whatever the registry answers', async () => {
    await fc.assert(
      fc.asyncProperty(failure, async (r) => {
        const { impl, calls } = scripted([r]);
        const client = createRegistryClient({ baseUrl: '', fetch: impl, retries: 3, maxRetryDelayMs: 1 });
        const res = await outcome(client.deleteManifest('team/app', sha256('x'), { signal }));
        expect('error' in res).toBe(true);
        expect(calls).toEqual([{ method: 'DELETE', url: `/v2/team/app/manifests/${sha256('x')}` }]);
      }),
      { numRuns: 300 },
    );
  });

  it('retries a GET only on 429/502/503/504 and network failures, at most `retries` times', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(reply, { minLength: 1, maxLength: 6 }), fc.nat({ max: 3 }), async (replies, retries) => {
        const { impl, calls } = scripted(replies);
        const client = createRegistryClient({ baseUrl: '', fetch: impl, retries, maxRetryDelayMs: 1 });
        const res = await outcome(client.listTags('team/app', { signal }));
        expect(calls.length).toBeLessThanOrEqual(retries + 1);
        expect(calls.every((c) => c.method === 'GET')).toBe(true);
        // every attempt but the last was answered with something worth retrying
        for (const r of replies.slice(0, calls.length - 1)) {
          const retryable = r.kind === 'network' || (r.kind === 'status' && RETRYABLE.has(r.status) && (r.retryAfter === undefined || r.retryAfter === '0' || r.retryAfter === 'soon'));
          expect(retryable).toBe(true);
        }
        const last = replies[Math.min(calls.length - 1, replies.length - 1)]!;
        if (last.kind === 'ok') expect(res).toEqual({ ok: [] });
        else if (last.kind === 'status' && 'error' in res) expect(res.error.status).toBe(last.status);
        else if ('error' in res) expect(res.error.kind).toBe('network');
      }),
      { numRuns: 500 },
    );
  });
});

describe('bodies: properties', () => {
  it('a tag list is a list of strings or a typed error, never a guess', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.json({ maxDepth: 3 }), fc.string({ maxLength: 100 }), fc.constantFrom('null', '[]', '"tags"', '{"tags":"v1"}', '{"tags":[1,"v1",null]}', '{"tags":null}', '{"tags":["v1"')), async (body) => {
        const { impl } = scripted([{ kind: 'ok', body }]);
        const res = await outcome(createRegistryClient({ baseUrl: '', fetch: impl, retries: 0 }).listTags('team/app', { signal }));
        let parsed: unknown;
        try {
          parsed = JSON.parse(body);
        } catch {
          expect(res).toMatchObject({ error: { kind: 'malformed' } });
          return;
        }
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
          expect(res).toMatchObject({ error: { kind: 'malformed' } });
        } else if ('ok' in res) {
          expect(res.ok.every((t) => typeof t === 'string')).toBe(true);
        } else {
          expect(res.error.kind).toBe('malformed');
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('a manifest is shown only when its bytes hash to every digest that names it', async () => {
    const good = JSON.stringify({ schemaVersion: 2, mediaType: MediaType.OciManifest, config: { mediaType: MediaType.OciConfig, digest: sha256('c'), size: 1 }, layers: [] });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constant(good), fc.string({ maxLength: 200 }), fc.constant(good.replace('"size":1', '"size":2'))),
        fc.constantFrom('right', 'wrong', 'none', 'garbage'),
        fc.constantFrom('tag', 'right', 'wrong'),
        async (body, headerKind, refKind) => {
          const header = { right: sha256(body), wrong: sha256(`${body}!`), none: undefined, garbage: 'sha256:nope' }[headerKind];
          const reference = { tag: 'latest', right: sha256(body), wrong: sha256(`${body}?`) }[refKind];
          const impl = (async () =>
            new Response(body, { headers: header ? { 'docker-content-digest': header, 'content-type': MediaType.OciManifest } : { 'content-type': MediaType.OciManifest } })) as typeof fetch;
          const res = await outcome(createRegistryClient({ baseUrl: '', fetch: impl, retries: 0 }).getManifest('team/app', reference, { signal }));
          if ('ok' in res) {
            expect(res.ok.digest).toBe(sha256(body));
            expect(res.ok.raw).toBe(body);
            expect(headerKind === 'wrong' || refKind === 'wrong').toBe(false);
          } else if (headerKind === 'wrong' || refKind === 'wrong') {
            expect(res.error.kind).toBe('digest-mismatch');
          } else {
            expect(res.error.kind).toBe('malformed');
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('cut and stalled answers', () => {
  const cut = (text: string) =>
    new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode(text));
        c.error(new TypeError('terminated: other side closed'));
      },
    });
  const never = () => new ReadableStream<Uint8Array>({ start() {} });

  it('a body cut short is a network error, never a partial page', async () => {
    const impl = (async () => new Response(cut('{"tags":["v1","v2'), { status: 200 })) as typeof fetch;
    const res = await outcome(createRegistryClient({ baseUrl: '', fetch: impl, retries: 0 }).listTags('team/app', { signal }));
    expect(res).toMatchObject({ error: { kind: 'network', status: 200 } });
  });

  it('headers that never come are a timeout, not retried, and a DELETE is sent once', async () => {
    for (const call of ['get', 'delete'] as const) {
      const calls: string[] = [];
      const impl = ((_: RequestInfo | URL, init?: RequestInit) => {
        calls.push(init?.method ?? 'GET');
        return new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)));
      }) as typeof fetch;
      const client = createRegistryClient({ baseUrl: '', fetch: impl, retries: 2, timeoutMs: 20 });
      const p: Promise<unknown> = call === 'get' ? client.listTags('team/app', { signal }) : client.deleteManifest('team/app', sha256('x'), { signal });
      expect(await outcome(p)).toMatchObject({ error: { kind: 'timeout' } });
      expect(calls).toEqual([call === 'get' ? 'GET' : 'DELETE']);
    }
  });

  it('a body that stalls is a timeout', async () => {
    const impl = (async () => new Response(never(), { status: 200 })) as typeof fetch;
    const res = await outcome(createRegistryClient({ baseUrl: '', fetch: impl, retries: 0, timeoutMs: 20 }).getManifest('team/app', 'latest', { signal }));
    expect(res).toMatchObject({ error: { kind: 'timeout' } });
  });

  it('cancelling still cancels: an abort is not turned into a timeout or a network error', async () => {
    const controller = new AbortController();
    const impl = ((_: RequestInfo | URL, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('Aborted', 'AbortError'))))) as typeof fetch;
    const p = createRegistryClient({ baseUrl: '', fetch: impl, timeoutMs: 10_000 }).listTags('team/app', { signal: controller.signal });
    controller.abort();
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
  });
});

import { createHash } from 'node:crypto';
import { QueryClient } from '@tanstack/react-query';
import { http, HttpResponse, delay } from 'msw';
import { server } from '@/testing/msw/server';
import { REGISTRY, fixture, replay } from '@/testing/msw/handlers';
import { createRegistryClient } from '@/registry/client';
import type { Digest } from '@/registry/digest';
import { setRuntimeConfigForTests } from '@/config/runtime-config';
import { setRegistryForTests } from '@/queries/registry-client';
import { deleteCalls } from '@/queries/delete';
import { executeDelete, type DeleteProgress, type DeleteTarget, type TagOutcome } from './delete-plan';

const runCleanup = (c: QueryClient, repo: string, targets: readonly DeleteTarget[], options: Parameters<typeof executeDelete>[2]) =>
  executeDelete(targets, deleteCalls(c, repo), options);

const REPO = 'team/app';
const MEDIA = 'application/vnd.oci.image.manifest.v1+json';

/** Image n: a real manifest body, so a GET's bytes hash to the digest the registry names. */
function body(n: number): string {
  const config = `sha256:${createHash('sha256').update(`config ${n}`).digest('hex')}`;
  return JSON.stringify({ schemaVersion: 2, mediaType: MEDIA, config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: config, size: 10 }, layers: [] });
}
const d = (n: number) => `sha256:${createHash('sha256').update(body(n)).digest('hex')}` as Digest;

/** A repository served like distribution 2.8: HEAD/GET answer the digest, DELETE by digest removes every tag on it. */
function fakeRepository(pointers: Record<string, Digest>, options: { deleteDelay?: number; deleteStatus?: 'disabled' } = {}) {
  const state = new Map(Object.entries(pointers));
  const bodies = new Map(Array.from({ length: 20 }, (_, i) => [d(i + 1), body(i + 1)] as const));
  const deletes: string[] = [];
  const manifest = (ref: string, withBody: boolean) => {
    const digest = state.get(ref) ?? (bodies.has(ref as Digest) ? (ref as Digest) : undefined);
    if (!digest) return replay(fixture('manifest-head-missing-tag'));
    return new HttpResponse(withBody ? bodies.get(digest)! : null, { status: 200, headers: { 'docker-content-digest': digest, 'content-type': MEDIA } });
  };
  server.use(
    http.get(`${REGISTRY}/v2/${REPO}/tags/list`, () => HttpResponse.json({ name: REPO, tags: [...state.keys()] })),
    http.head(`${REGISTRY}/v2/${REPO}/manifests/:ref`, ({ params }) => manifest(String(params.ref), false)),
    http.get(`${REGISTRY}/v2/${REPO}/manifests/:ref`, ({ params }) => manifest(String(params.ref), true)),
    http.delete(`${REGISTRY}/v2/${REPO}/manifests/:ref`, async ({ params }) => {
      const ref = String(params.ref);
      deletes.push(ref);
      if (options.deleteDelay) await delay(options.deleteDelay);
      if (options.deleteStatus === 'disabled') return replay(fixture('delete-manifest-disabled'));
      const before = state.size;
      for (const [tag, digest] of state) if (digest === ref) state.delete(tag);
      return before === state.size ? replay(fixture('delete-manifest-gone')) : replay(fixture('delete-manifest-by-digest'));
    }),
  );
  return { state, deletes };
}

function outcomes(p: DeleteProgress): Record<string, TagOutcome['status']> {
  return Object.fromEntries([...p.results].map(([tag, r]) => [tag, r.outcome!.status]));
}

beforeEach(() => {
  setRuntimeConfigForTests({ registryUrl: REGISTRY });
  setRegistryForTests(createRegistryClient({ baseUrl: REGISTRY, retries: 0 }));
});

const client = () => new QueryClient({ defaultOptions: { queries: { retry: false } } });

describe('executeDelete', () => {
  it('deletes each digest once, after a fresh read of each of its tags', async () => {
    const repo = fakeRepository({ a: d(1), 'a-alias': d(1), b: d(2), stays: d(3) });
    const final = await runCleanup(client(), REPO, [{ digest: d(1), tags: ['a', 'a-alias'] }, { digest: d(2), tags: ['b'] }], { signal: new AbortController().signal });
    expect(repo.deletes.sort()).toEqual([d(1), d(2)]);
    expect(outcomes(final)).toEqual({ a: 'deleted', 'a-alias': 'deleted', b: 'deleted' });
    expect([...repo.state.keys()]).toEqual(['stays']);
    expect(final).toMatchObject({ phase: 'done', finished: 2, total: 2, cancelled: false, checkTotal: 1 });
  });

  it('leaves a digest alone when a tag outside the cleanup points at it now', async () => {
    // "latest" was pushed onto d(1) after the preview
    const repo = fakeRepository({ old: d(1), latest: d(1), other: d(2) });
    const final = await runCleanup(client(), REPO, [{ digest: d(1), tags: ['old'] }, { digest: d(2), tags: ['other'] }], { signal: new AbortController().signal });
    expect(repo.deletes).toEqual([d(2)]);
    expect(final.results.get('old')?.outcome).toEqual({ status: 'kept', by: 'latest' });
    expect(repo.state.get('latest')).toBe(d(1));
  });

  it('does not delete for a tag that was pushed again, and reports it', async () => {
    const repo = fakeRepository({ moved: d(9) });
    const final = await runCleanup(client(), REPO, [{ digest: d(1), tags: ['moved'] }], { signal: new AbortController().signal });
    expect(repo.deletes).toEqual([]);
    expect(final.results.get('moved')?.outcome).toEqual({ status: 'moved', now: d(9) });
  });

  it('stops at the first 405 UNSUPPORTED and leaves the rest untouched', async () => {
    const repo = fakeRepository({ a: d(1), b: d(2), c: d(3) }, { deleteStatus: 'disabled' });
    const final = await runCleanup(client(), REPO, [1, 2, 3].map((n) => ({ digest: d(n), tags: [String.fromCharCode(96 + n)] })), { signal: new AbortController().signal, concurrency: 1 });
    expect(repo.deletes).toEqual([d(1)]);
    expect(outcomes(final)).toEqual({ a: 'failed', b: 'not-run', c: 'not-run' });
    expect(final.stoppedBy).toMatchObject({ kind: 'unsupported' });
  });

  it('cancels between digests: what was sent finishes, the rest is not run', async () => {
    const pointers = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`t${i}`, d(i + 1)]));
    const repo = fakeRepository(pointers, { deleteDelay: 40 });
    const controller = new AbortController();
    const final = await runCleanup(client(), REPO, Array.from({ length: 10 }, (_, i) => ({ digest: d(i + 1), tags: [`t${i}`] })), {
      signal: controller.signal,
      concurrency: 2,
      onProgress: (p) => {
        if (p.phase === 'deleting' && p.finished >= 2) controller.abort();
      },
    });
    const statuses = Object.values(outcomes(final));
    const deleted = statuses.filter((s) => s === 'deleted').length;
    expect(final.cancelled).toBe(true);
    expect(deleted).toBeGreaterThanOrEqual(2);
    expect(deleted).toBeLessThan(10);
    expect(statuses.filter((s) => s === 'not-run').length).toBe(10 - deleted);
    // every DELETE sent finished and is reported: none is lost, none was sent for a tag reported as not run
    expect(repo.deletes).toHaveLength(deleted);
    expect(repo.state.size).toBe(10 - deleted);
  });
  it('deletes a signature only after the image it signs, and keeps it when the image stays', async () => {
    const sig = `sha256-${d(1).slice(7)}.sig`;
    const repo = fakeRepository({ img: d(1), [sig]: d(2) });
    const targets = [{ digest: d(2), tags: [sig], subject: d(1) }, { digest: d(1), tags: ['img'] }];
    const final = await runCleanup(client(), REPO, targets, { signal: new AbortController().signal });
    expect(repo.deletes).toEqual([d(1), d(2)]);
    expect(outcomes(final)).toEqual({ [sig]: 'deleted', img: 'deleted' });

    // the image was pushed again between the plan and the run: it stays, and so does its signature
    const moved = fakeRepository({ img: d(3), [sig]: d(2) });
    const again = await runCleanup(client(), REPO, targets, { signal: new AbortController().signal });
    expect(moved.deletes).toEqual([]);
    expect(again.results.get('img')?.outcome).toEqual({ status: 'moved', now: d(3) });
    expect(again.results.get(sig)?.outcome).toEqual({ status: 'kept', by: 'img' });
  });
});

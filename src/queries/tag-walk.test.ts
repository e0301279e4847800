import { QueryClient } from '@tanstack/react-query';
import { fixture, REGISTRY } from '@/testing/msw/handlers';
import { server } from '@/testing/msw/server';
import { createRegistryClient } from '@/registry/client';
import type { Digest } from '@/registry/digest';
import { registryKeys } from './keys';
import { setRegistryForTests } from './registry-client';
import { walkRepository } from './repository-walk';
import { walkTags, type WalkedTag } from './tag-walk';

const REPOS = { alpine: 'demo/alpine', 'oci-app': 'demo/oci-app', multiarch: 'demo/multiarch', signed: 'demo/signed', 'docker-list': 'demo/docker-list', artifact: 'demo/artifact', mychart: 'charts/mychart' } as const;
const tagsOf = (slug: string) => JSON.parse(fixture(`tags-list-${slug}`).response.body).tags as string[];

function recordRequests(): string[] {
  const log: string[] = [];
  server.events.on('request:start', ({ request }) => {
    log.push(`${request.method} ${new URL(request.url).pathname}${request.headers.get('if-none-match') ? ' (if-none-match)' : ''}`);
  });
  return log;
}

function freshClient(): QueryClient {
  setRegistryForTests(createRegistryClient({ baseUrl: REGISTRY, retries: 0 }));
  return new QueryClient({ defaultOptions: { queries: { retry: false } } });
}

/** What the walks did before the one walker: a HEAD per tag, then the manifest GET by the digest it named. */
async function headThenGet(repo: string, tags: readonly string[]): Promise<Map<string, { digest: string; raw: string; mediaType: string }>> {
  const registry = createRegistryClient({ baseUrl: REGISTRY, retries: 0 });
  const signal = new AbortController().signal;
  const out = new Map<string, { digest: string; raw: string; mediaType: string }>();
  for (const tag of tags) {
    const head = await registry.headManifest(repo, tag, { signal });
    const m = await registry.getManifest(repo, head.digest!, { signal });
    out.set(tag, { digest: m.digest, raw: m.raw, mediaType: m.manifest.mediaType });
  }
  return out;
}

afterEach(() => {
  server.events.removeAllListeners();
  setRegistryForTests(undefined);
});

describe('the one tag walker', () => {
  it.each(Object.entries(REPOS))('gives, for %s, the digests and manifests a HEAD-then-GET walk gives, with one request per tag', async (slug, repo) => {
    const tags = tagsOf(slug);
    const expected = await headThenGet(repo, tags);
    const client = freshClient();
    const requests = recordRequests();
    const results = new Map<string, WalkedTag>();
    await walkTags(client, repo, tags, { signal: new AbortController().signal, onTag: (r) => void results.set(r.tag, r), onError: (tag, e) => { throw new Error(`${tag}: ${String(e)}`); } });
    expect(new Map([...results].map(([t, r]) => [t, { digest: r.digest, raw: r.fetched?.raw, mediaType: r.fetched?.manifest.mediaType }]))).toEqual(expected);
    // no HEAD, no GET by digest: the GET by tag brought digest and body together
    expect(requests.filter((r) => r.includes('/manifests/')).sort()).toEqual(tags.map((t) => `GET /v2/${repo}/manifests/${t}`).sort());
  });

  it('walkRepository (repository size, related tags) reads the same tags and manifests through it', async () => {
    const tags = tagsOf('multiarch');
    const expected = await headThenGet('demo/multiarch', tags);
    const client = freshClient();
    const walk = await walkRepository(client, 'demo/multiarch', tags, { signal: new AbortController().signal, children: false });
    expect(Object.fromEntries(walk.tags)).toEqual(Object.fromEntries([...expected].map(([t, e]) => [t, e.digest])));
    expect([...walk.manifests.values()].map((m) => m.raw).sort()).toEqual([...new Set([...expected.values()].map((e) => e.raw))].sort());
    expect(walk.failed).toEqual([]);
  });

  it('re-checks a known digest with If-None-Match, and reads nothing more when the caller reuses its row', async () => {
    const tags = tagsOf('alpine');
    const expected = await headThenGet('demo/alpine', tags);
    const client = freshClient();
    const requests = recordRequests();
    const known = new Map([...expected].map(([t, e]) => [t, { digest: e.digest as Digest, mediaType: e.mediaType }]));
    const results: WalkedTag[] = [];
    await walkTags(client, 'demo/alpine', tags, { signal: new AbortController().signal, known, reuse: () => true, configs: true, onTag: (r) => void results.push(r) });
    expect(results.every((r) => r.confirmed && r.fetched === undefined && r.config === undefined)).toBe(true);
    // the pointer in the query cache keeps the media type it had, for whoever reads it next
    for (const t of tags) expect(client.getQueryData<{ mediaType: string }>(registryKeys.tag('demo/alpine', t))?.mediaType).toBe(expected.get(t)!.mediaType);
    expect(requests.sort()).toEqual(tags.map((t) => `GET /v2/demo/alpine/manifests/${t} (if-none-match)`).sort());
  });

  it('takes the rows in view first', async () => {
    const tags = tagsOf('oci-app');
    const client = freshClient();
    const order: string[] = [];
    const last = tags[tags.length - 1]!;
    await walkTags(client, 'demo/oci-app', tags, { signal: new AbortController().signal, concurrency: 1, first: () => (order.length === 0 ? [last] : []), onTag: (r) => void order.push(r.tag) });
    expect(order[0]).toBe(last);
  });

  it('stops on cancel: no tag after it is reported, and the walk rejects', async () => {
    const tags = tagsOf('oci-app');
    const client = freshClient();
    const controller = new AbortController();
    const seen: string[] = [];
    const walk = walkTags(client, 'demo/oci-app', tags, {
      signal: controller.signal,
      concurrency: 1,
      onTag: (r) => {
        seen.push(r.tag);
        controller.abort();
      },
    });
    await expect(walk).rejects.toThrow();
    expect(seen).toHaveLength(1);
    // the pointers it did not reach were never asked for
    expect(tags.filter((t) => client.getQueryData(registryKeys.tag('demo/oci-app', t)) !== undefined)).toHaveLength(1);
  });
});

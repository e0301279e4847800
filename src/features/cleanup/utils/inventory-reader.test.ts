import { QueryClient } from '@tanstack/react-query';
import { fixture, REGISTRY } from '@/testing/msw/handlers';
import { server } from '@/testing/msw/server';
import { createRegistryClient } from '@/registry/client';
import { configQuery, manifestQuery } from '@/queries/manifests';
import { setRegistryForTests } from '@/queries/registry-client';
import { resolveTag } from '@/queries/tag-walk';
import { Priority } from '@/lib/request-queue';
import { readInventory, type InventoryCalls, type InventoryRead } from './inventory-reader';

const REPOS = { alpine: 'demo/alpine', 'oci-app': 'demo/oci-app', multiarch: 'demo/multiarch', signed: 'demo/signed', 'docker-list': 'demo/docker-list', artifact: 'demo/artifact', mychart: 'charts/mychart' } as const;

function recordRequests(): string[] {
  const log: string[] = [];
  server.events.on('request:start', ({ request }) => void log.push(`${request.method} ${new URL(request.url).pathname}`));
  return log;
}

/** The reading before the one walker: a HEAD per tag, then the manifest by the digest it named. */
function headCalls(repo: string): InventoryCalls {
  const registry = createRegistryClient({ baseUrl: REGISTRY, retries: 0 });
  return {
    listTags: (signal) => registry.listTags(repo, { signal }),
    resolve: async (tag, signal) => ({ digest: (await registry.headManifest(repo, tag, { signal })).digest }),
    manifest: (digest, signal) => registry.getManifest(repo, digest, { signal }),
    config: (digest, signal) => registry.getConfig(repo, digest, { signal }),
  };
}

/** As use-repository-inventory.ts wires it: the walker's request per tag, through the query cache and queue. */
function walkerCalls(repo: string): InventoryCalls {
  const registry = createRegistryClient({ baseUrl: REGISTRY, retries: 0 });
  setRegistryForTests(registry);
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return {
    listTags: (signal) => registry.listTags(repo, { signal }),
    resolve: async (tag) => {
      const r = await resolveTag(client, repo, tag, { priority: Priority.page, fresh: true });
      return { digest: r.digest, manifest: r.fetched };
    },
    manifest: (digest) => client.fetchQuery(manifestQuery(repo, digest, Priority.page)),
    config: (digest) => client.fetchQuery(configQuery(repo, digest, Priority.page)),
  };
}

const comparable = (read: InventoryRead) => ({
  tags: [...(read.inventory?.tags ?? [])].sort((a, b) => a.tag.localeCompare(b.tag)),
  manifests: new Map([...(read.inventory?.manifests ?? new Map())].sort(([a], [b]) => String(a).localeCompare(String(b)))),
  failed: read.failed,
});

afterEach(() => {
  server.events.removeAllListeners();
  setRegistryForTests(undefined);
});

describe('the cleanup inventory read through the walker', () => {
  it.each(Object.entries(REPOS))('reads %s as the HEAD-then-GET reading did, with one request per tag and no GET by digest of a tag\'s own manifest', async (slug, repo) => {
    const tags = JSON.parse(fixture(`tags-list-${slug}`).response.body).tags as string[];
    const before = await readInventory(headCalls(repo), { signal: new AbortController().signal });
    expect(before.inventory).toBeDefined();
    const requests = recordRequests();
    const now = await readInventory(walkerCalls(repo), { signal: new AbortController().signal });
    expect(comparable(now)).toEqual(comparable(before));
    const manifestRequests = requests.filter((r) => r.includes('/manifests/'));
    expect(manifestRequests.filter((r) => r.startsWith('HEAD'))).toEqual([]);
    expect(manifestRequests.filter((r) => !r.includes('/manifests/sha256:')).sort()).toEqual(tags.map((t) => `GET /v2/${repo}/manifests/${t}`).sort());
    // by digest: only what no tag names itself (the platforms of an index)
    const tagDigests = new Set(now.inventory!.tags.map((t) => t.digest));
    expect(manifestRequests.filter((r) => [...tagDigests].some((d) => r.endsWith(`/manifests/${d}`)))).toEqual([]);
  });
});

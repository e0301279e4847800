import { createQueryClient } from '@/lib/query-client';
import { registryKeys } from '@/queries/keys';
import { setRegistryForTests } from '@/queries/registry-client';
import { RegistryAuth } from '@/registry/auth';
import { createRegistryClient } from '@/registry/client';
import { setRuntimeConfigForTests } from '@/config/runtime-config';
import { server } from '@/testing/msw/server';
import { REGISTRY } from '@/testing/msw/handlers';
import { loadTagIndex } from '@/queries/persist';
import { prefetchRoute, preloadRouteOf } from './route-modules';

vi.mock('@/queries/persist', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/queries/persist')>()),
  loadTagIndex: vi.fn(async () => undefined),
}));

// The boot (main.tsx) sends a tag or digest page's first request before React renders, and starts reading a tag
// list's last visit: prefetchRoute, once the page's module is in. A file of its own: route-modules.test.ts resets the module graph, and a page module loaded after that
// would read another registry client than the one installed here.
describe("the page's first registry request, sent by the boot", () => {
  beforeEach(() => {
    setRuntimeConfigForTests({ registryUrl: REGISTRY });
    setRegistryForTests(createRegistryClient({ baseUrl: REGISTRY, retries: 0, auth: new RegistryAuth({ origin: REGISTRY }) }));
  });

  function requests(): string[] {
    const seen: string[] = [];
    server.events.on('request:start', ({ request }) => void seen.push(`${request.method} ${new URL(request.url).pathname}`));
    return seen;
  }

  it('starts reading the last visit of /r/<name>, and leaves tags/list to the page, which asks once the index is read', async () => {
    await preloadRouteOf('/ui/r/demo/alpine', '/ui/').ready;
    vi.mocked(loadTagIndex).mockClear();
    const seen = requests();
    const client = createQueryClient();
    prefetchRoute(client, '/ui/r/demo/alpine', '/ui/');
    expect(vi.mocked(loadTagIndex).mock.calls.map((c) => c[0])).toEqual(['demo/alpine']);
    // tags/list answering before the index is read would send the rows in view without the digests it knows
    expect(client.getQueryCache().getAll()).toEqual([]);
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toEqual([]);
    server.events.removeAllListeners();
  });

  it('asks for the manifest of a tag page and of a digest page (the path decoded as the router does)', async () => {
    await preloadRouteOf('/r/demo/alpine/t/3.18', '/').ready;
    const client = createQueryClient();
    prefetchRoute(client, '/r/demo/alpine/t/3.18', '/');
    expect(client.getQueryState([...registryKeys.tag('demo/alpine', '3.18'), 'manifest'])?.fetchStatus).toBe('fetching');
    const digest = 'sha256:b3fb1619df8761f03c227a8ae49a6f27b0d8dffb422ead97f00f8e1e8941f5e6';
    prefetchRoute(client, `/r/demo/alpine/d/${encodeURIComponent(digest)}`, '/');
    expect(client.getQueryState(registryKeys.manifest('demo/alpine', digest))?.fetchStatus).toBe('fetching');
    await client.cancelQueries();
  });

  it('sends nothing for the catalog, the sign-in page, a path outside the base or a name the router refuses', async () => {
    await preloadRouteOf('/r/demo/alpine', '/').ready;
    const seen = requests();
    const client = createQueryClient();
    for (const path of ['/', '/login', '/elsewhere/r/demo/alpine', '/r/Bad..Name', '/r/demo/alpine/d/sha256:nothex', '/r/%E0%A4%A']) {
      prefetchRoute(client, path, '/');
    }
    expect(client.getQueryCache().getAll()).toEqual([]);
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toEqual([]);
    server.events.removeAllListeners();
  });

  it('sends nothing while the page module is not loaded: the page asks when it renders', async () => {
    vi.resetModules();
    const fresh = await import('./route-modules');
    const seen = requests();
    const client = createQueryClient();
    fresh.prefetchRoute(client, '/r/demo/alpine/t/3.18', '/');
    expect(client.getQueryCache().getAll()).toEqual([]);
    await fresh.preloadRouteOf('/r/demo/alpine/t/3.18', '/').ready;
    fresh.prefetchRoute(client, '/r/demo/alpine/t/3.18', '/');
    expect(client.getQueryCache().getAll()).toHaveLength(1);
    await client.cancelQueries();
    expect(seen.length).toBeLessThanOrEqual(1);
    server.events.removeAllListeners();
  });
});

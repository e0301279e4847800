import { loadedRoute, preloadRouteOf, routeModulesOf, type RouteModule } from './route-modules';

function spies() {
  const started: RouteModule[] = [];
  const modules = Object.fromEntries(
    (['catalog', 'repository', 'login'] as const).map((m) => [
      m,
      () => {
        started.push(m);
        return Promise.resolve({});
      },
    ]),
  ) as Record<RouteModule, () => Promise<unknown>>;
  return { started, modules };
}

describe('the page chunk the URL names', () => {
  it.each([
    ['', ['catalog']],
    ['login?next=%2Fr%2Fdemo', ['login']],
    ['r/demo/alpine', ['repository']],
    ['r/team/app/compare', ['repository']],
    ['r/demo/alpine/t/3.19', ['repository']],
    ['nowhere', []],
  ])('%s → %j', (path, want) => {
    expect(routeModulesOf(path)).toEqual(want);
  });

  it('starts importing it at boot, under the router base of the registry the URL names', async () => {
    const { started, modules } = spies();
    const { modules: wanted, ready } = preloadRouteOf('/ui/x/prod/r/demo/alpine', '/ui/x/prod/', modules);
    expect(wanted).toEqual(['repository']);
    expect(started).toEqual(['repository']);
    await ready;
    // loaded: the router renders it without a Suspense fallback
    expect(loadedRoute('repository')).toEqual({});
    expect(loadedRoute('catalog')).toBeUndefined();
  });

  it('starts nothing for a path outside the base', () => {
    const { started, modules } = spies();
    preloadRouteOf('/elsewhere/r/demo', '/ui/', modules);
    expect(started).toEqual([]);
  });

  it('is started by the boot module, before the app is imported', async () => {
    window.history.replaceState(null, '', '/r/demo/alpine');
    const started: string[] = [];
    vi.resetModules();
    vi.doMock('./route-modules', async (importOriginal) => {
      const real = await importOriginal<typeof import('./route-modules')>();
      return {
        ...real,
        preloadRouteOf: (pathname: string) => {
          started.push(pathname);
          return { modules: [], ready: Promise.resolve() };
        },
      };
    });
    await import('./boot-preload');
    expect(started).toEqual(['/r/demo/alpine']);
    vi.doUnmock('./route-modules');
    window.history.replaceState(null, '', '/');
  });
});

import type { QueryClient } from '@tanstack/react-query';
import { getRuntimeConfig } from '@/config/runtime-config';

/*
 * The page chunks: the router's lazy() and the boot (preloadRouteOf) share these import()s, so a chunk the boot
 * asked for is the one the router awaits. This module imports no React and no page, so that evaluating it
 * first costs nothing. (The manifest view, lazy inside the repository page, is left to it: preloading it from
 * here too made the first view of a tag list 2 KiB gzip larger.)
 */

export const routeModules = {
  catalog: () => import('./routes/catalog'),
  repository: () => import('./routes/repository'),
  login: () => import('./routes/login'),
} as const;

export type RouteModule = keyof typeof routeModules;

/** The chunks the page at `path` (relative to the router's base, no leading slash) renders first. */
export function routeModulesOf(path: string): RouteModule[] {
  const clean = path.replace(/^\/+/, '').split(/[?#]/)[0] ?? '';
  if (clean === '') return ['catalog'];
  if (clean === 'login') return ['login'];
  if (!clean.startsWith('r/')) return [];
  return ['repository'];
}

/** `pathname` relative to the router's base (the base itself without its slash too), or undefined outside it. */
function routePathOf(pathname: string, routeBasePath: string): string | undefined {
  if (pathname.startsWith(routeBasePath)) return pathname.slice(routeBasePath.length);
  return `${pathname}/` === routeBasePath ? '' : undefined;
}

type Loaded = { [K in RouteModule]?: Awaited<ReturnType<(typeof routeModules)[K]>> };
const loaded: Loaded = {};

/**
 * The page module the boot has loaded already, if it has: the router renders it at once instead of through
 * lazy(), which would show a Suspense fallback first, and React 19 holds back what replaces a fallback for up to
 * 300 ms (react-dom's FALLBACK_THROTTLE_MS): on a cold visit, that wait was most of the time before tags/list.
 */
export function loadedRoute<K extends RouteModule>(name: K): Loaded[K] {
  return loaded[name];
}

/**
 * Starts downloading the chunks of the page the URL names, before React and the app are evaluated and render:
 * the route's chunk (and the chunks it imports, which Vite's import() preloads) then arrive while the entry
 * runs, instead of after the first render reaches the lazy route. `ready` settles once they are in (or failed:
 * a failure is left for the router to show).
 */
export function preloadRouteOf(
  pathname: string,
  routeBasePath = getRuntimeConfig().routeBasePath,
  modules: Record<RouteModule, () => Promise<unknown>> = routeModules,
): { modules: RouteModule[]; ready: Promise<void> } {
  const path = routePathOf(pathname, routeBasePath);
  if (path === undefined) return { modules: [], ready: Promise.resolve() };
  const wanted = routeModulesOf(path);
  const ready = Promise.all(
    wanted.map((m) =>
      modules[m]().then(
        (mod) => void ((loaded as Record<RouteModule, unknown>)[m] = mod),
        () => undefined,
      ),
    ),
  ).then(() => undefined);
  return { modules: wanted, ready };
}

/**
 * The first registry request of the page at `pathname`, sent by the boot through `client` when the boot has
 * that page's module already (only the repository page has one: its tag list, tag or digest). Nothing when the
 * module is not loaded: the page then asks when it renders, as it always does.
 */
export function prefetchRoute(client: QueryClient, pathname: string, routeBasePath = getRuntimeConfig().routeBasePath): void {
  const path = routePathOf(pathname, routeBasePath)?.replace(/^\/+/, '');
  if (!path?.startsWith('r/')) return;
  let splat: string;
  try {
    splat = decodeURIComponent(path.slice(2));
  } catch {
    return; // not a path the router matches either
  }
  loaded.repository?.prefetchRepositoryRoute(client, splat);
}

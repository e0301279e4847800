import { createBrowserRouter, type RouteObject } from 'react-router';
import { AppShell } from '@/components/layout/app-shell';
import { getRuntimeConfig } from '@/config/runtime-config';
import { NotFoundRoute } from './routes/not-found';
import { RouteError } from './route-error';
import { Spinner } from '@/components/ui/spinner';

/** The route table; real paths (no `#!`): `/`, `/r/<name…>`, `/r/<name…>/t/<tag>`, `/r/<name…>/d/<digest>`. */
export function appRoutes(title: string, defaultTheme: 'auto' | 'light' | 'dark'): RouteObject[] {
  return [
    {
      path: '/',
      element: <AppShell title={title} defaultTheme={defaultTheme} />,
      errorElement: <RouteError />,
      hydrateFallbackElement: <Spinner label="…" />,
      children: [
        // every page is its own chunk: the first load carries only the shell (bundle budget: scripts/bundle-size.mjs)
        { index: true, lazy: async () => ({ Component: (await import('./routes/catalog')).CatalogRoute }), errorElement: <RouteError /> },
        {
          path: 'r/*',
          lazy: async () => ({ Component: (await import('./routes/repository')).RepositoryRoute }),
          errorElement: <RouteError />,
        },
        { path: '*', element: <NotFoundRoute /> },
      ],
    },
  ];
}

/** The browser router, under BASE_PATH. */
export function createRouter() {
  const config = getRuntimeConfig();
  return createBrowserRouter(appRoutes(config.registryTitle, config.theme), { basename: config.basePath.replace(/\/$/, '') || '/' });
}

import { createBrowserRouter } from 'react-router';
import { AppShell } from '@/components/layout/app-shell';
import { getRuntimeConfig } from '@/config/runtime-config';
import { CatalogRoute } from './routes/catalog';
import { NotFoundRoute } from './routes/not-found';
import { RouteError } from './route-error';

/** Real paths (no `#!`), under BASE_PATH: `/`, `/r/<name…>`, `/r/<name…>/t/<tag>`, `/r/<name…>/d/<digest>`. */
export function createRouter() {
  const config = getRuntimeConfig();
  return createBrowserRouter(
    [
      {
        path: '/',
        element: <AppShell title={config.registryTitle} defaultTheme={config.theme} />,
        errorElement: <RouteError />,
        children: [
          { index: true, element: <CatalogRoute />, errorElement: <RouteError /> },
          {
            path: 'r/*',
            lazy: async () => ({ Component: (await import('./routes/repository')).RepositoryRoute }),
            errorElement: <RouteError />,
          },
          { path: '*', element: <NotFoundRoute /> },
        ],
      },
    ],
    { basename: config.basePath.replace(/\/$/, '') || '/' },
  );
}

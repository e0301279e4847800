import { createBrowserRouter, type RouteObject } from 'react-router';
import { AppShell } from '@/components/layout/app-shell';
import { AccountMenu } from '@/features/auth/components/account-menu';
import { RegistrySwitcher } from '@/features/registries/components/registry-switcher';
import { AuthRedirect } from '@/features/auth/components/auth-redirect';
import { getRuntimeConfig } from '@/config/runtime-config';
import { NotFoundRoute } from './routes/not-found';
import { RouteError } from './route-error';
import { Spinner } from '@/components/ui/spinner';

/**
 * The route table; real paths (no `#!`): `/`, `/r/<name…>`, `/r/<name…>/t/<tag>`, `/r/<name…>/d/<digest>`, and
 * `/login?next=<path>` when the registry asks for credentials.
 */
export function appRoutes(title: string, defaultTheme: 'auto' | 'light' | 'dark'): RouteObject[] {
  return [
    {
      path: '/',
      element: (
        <>
          <AuthRedirect />
          <AppShell title={title} defaultTheme={defaultTheme} account={<AccountMenu />} registrySwitcher={<RegistrySwitcher />} />
        </>
      ),
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
        { path: 'login', lazy: async () => ({ Component: (await import('./routes/login')).LoginRoute }), errorElement: <RouteError /> },
        { path: '*', element: <NotFoundRoute /> },
      ],
    },
  ];
}

/** The browser router, under BASE_PATH. */
export function createRouter() {
  const config = getRuntimeConfig();
  return createBrowserRouter(appRoutes(config.registryTitle, config.theme), { basename: config.routeBasePath.replace(/\/$/, '') || '/' });
}

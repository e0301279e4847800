import { Component, lazy, Suspense, useState, type ComponentType, type ReactNode } from 'react';
import { Route, Routes, useLocation } from 'react-router';
import { useTranslation } from '@/lib/i18n';
import { AppShell } from '@/components/layout/app-shell';
import { AccountMenu } from '@/features/auth/components/account-menu';
import { RegistrySwitcher } from '@/features/registries/components/registry-switcher';
import { AuthRedirect } from '@/features/auth/components/auth-redirect';
import { NotFoundRoute } from './routes/not-found';
import { RouteError } from './route-error';
import { loadedRoute, routeModules, type RouteModule } from './route-modules';
import { Spinner } from '@/components/ui/spinner';

// Every page is its own chunk: the first load carries only the shell (bundle budget: scripts/bundle-size.mjs).
// The route table is declarative (<Routes>), not a data router: the app loads its data with react-query, and the
// data router's code would be a sixth of the first download.
// The boot loads the chunk the URL names before the first render (route-modules.ts, main.tsx): that page is
// rendered at once, the others through lazy(). Each page keeps the way it was first rendered (a switch would remount it).
type PageModule<K extends RouteModule> = Awaited<ReturnType<(typeof routeModules)[K]>>;

/** A page: rendered at once when the boot loaded its module (`pick` takes the component out of it), else lazily. */
function pageRoute<K extends RouteModule>(name: K, pick: (module: PageModule<K>) => ComponentType) {
  // the same import() the boot calls (TypeScript widens routeModules[name] to the union of the three)
  const Lazy = lazy(async () => ({ default: pick((await routeModules[name]()) as PageModule<K>) }));
  return function PageRoute() {
    const [Loaded] = useState(() => {
      const module = loadedRoute(name);
      return module ? pick(module) : undefined;
    });
    return Loaded ? <Loaded /> : <Lazy />;
  };
}

const CatalogRoute = pageRoute('catalog', (m) => m.CatalogRoute);
const RepositoryRoute = pageRoute('repository', (m) => m.RepositoryRoute);
const LoginRoute = pageRoute('login', (m) => m.LoginRoute);

/** Catches what a page throws while rendering (or a page chunk that fails to load) and explains it. */
export class RouteErrorBoundary extends Component<{ children: ReactNode }, { error: unknown; failed: boolean }> {
  override state = { error: undefined as unknown, failed: false };
  static getDerivedStateFromError(error: unknown) {
    return { error, failed: true };
  }
  override render() {
    return this.state.failed ? <RouteError error={this.state.error} /> : this.props.children;
  }
}

/** One page: its own error boundary, reset when the path changes (not the query: filters and sorting live there), and a spinner while its chunk loads. */
function Page({ children }: { children: ReactNode }) {
  const location = useLocation();
  const { t } = useTranslation();
  return (
    <RouteErrorBoundary key={location.pathname}>
      <Suspense fallback={<Spinner label={t('common.loading')} />}>{children}</Suspense>
    </RouteErrorBoundary>
  );
}

/**
 * The route table; real paths (no `#!`): `/`, `/r/<name…>`, `/r/<name…>/t/<tag>`, `/r/<name…>/d/<digest>`, and
 * `/login?next=<path>` when the registry asks for credentials. Rendered inside a BrowserRouter (basename =
 * BASE_PATH) in the app and a MemoryRouter in the tests.
 */
export function AppRoutes({ title, defaultTheme }: { title: string; defaultTheme: 'auto' | 'light' | 'dark' }) {
  return (
    <RouteErrorBoundary>
      <Routes>
        <Route
          path="/"
          element={
            <>
              <AuthRedirect />
              <AppShell title={title} defaultTheme={defaultTheme} account={<AccountMenu />} registrySwitcher={<RegistrySwitcher />} />
            </>
          }
        >
          <Route index element={<Page><CatalogRoute /></Page>} />
          <Route path="r/*" element={<Page><RepositoryRoute /></Page>} />
          <Route path="login" element={<Page><LoginRoute /></Page>} />
          <Route path="*" element={<NotFoundRoute />} />
        </Route>
      </Routes>
    </RouteErrorBoundary>
  );
}

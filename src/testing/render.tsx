import { render } from '@testing-library/react';
import { useLayoutEffect } from 'react';
import { MemoryRouter, useLocation, useNavigate, type Location } from 'react-router';
import { AppRoutes } from '@/app/router';
import { AppProvider } from '@/app/provider';
import { setRuntimeConfigForTests, type RuntimeConfig } from '@/config/runtime-config';
import { initI18n, type Language } from '@/lib/i18n';
import { createQueryClient } from '@/lib/query-client';
import { setRegistryForTests } from '@/queries/registry-client';
import { RegistryAuth } from '@/registry/auth';
import { createRegistryClient } from '@/registry/client';
import { REGISTRY } from './msw/handlers';

/**
 * Renders the real route table at `path` with a fresh QueryClient, the registry client pointed at the msw
 * registry (no retries), and the given runtime config.
 */
export function renderApp(path: string, options: { config?: Partial<RuntimeConfig>; language?: Language } = {}) {
  setRuntimeConfigForTests({ registryUrl: REGISTRY, registryTitle: 'Test registry', ...options.config });
  setRegistryForTests(createRegistryClient({ baseUrl: REGISTRY, retries: 0, auth: new RegistryAuth({ origin: REGISTRY }) }));
  initI18n(options.language ?? 'en');
  const queryClient = createQueryClient();
  queryClient.setDefaultOptions({ queries: { retry: false, refetchOnWindowFocus: false }, mutations: { retry: false } });
  const router = new TestRouter();
  const utils = render(
    <AppProvider queryClient={queryClient}>
      <MemoryRouter initialEntries={[path]}>
        <RouterProbe router={router} />
        <AppRoutes title="Test registry" defaultTheme="light" />
      </MemoryRouter>
    </AppProvider>,
  );
  return { ...utils, router, queryClient };
}

/** What a test reads of the router: the current location, and navigation as a user's click would do it. */
class TestRouter {
  state: { location: Location } = { location: { pathname: '/', search: '', hash: '', state: null, key: 'default' } };
  private go: ((to: string) => void) | undefined;
  attach(location: Location, navigate: (to: string) => void) {
    this.state = { location };
    this.go = navigate;
  }
  navigate(to: string): Promise<void> {
    this.go?.(to);
    return Promise.resolve();
  }
}

function RouterProbe({ router }: { router: TestRouter }) {
  const location = useLocation();
  const navigate = useNavigate();
  useLayoutEffect(() => router.attach(location, (to) => void navigate(to)), [router, location, navigate]);
  return null;
}

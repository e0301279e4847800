import { render } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { appRoutes } from '@/app/router';
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
  const i18n = initI18n(options.language ?? 'en');
  const queryClient = createQueryClient();
  queryClient.setDefaultOptions({ queries: { retry: false, refetchOnWindowFocus: false }, mutations: { retry: false } });
  const router = createMemoryRouter(appRoutes('Test registry', 'light'), { initialEntries: [path] });
  const utils = render(
    <AppProvider queryClient={queryClient} i18n={i18n}>
      <RouterProvider router={router} />
    </AppProvider>,
  );
  return { ...utils, router, queryClient };
}

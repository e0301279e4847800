import { BrowserRouter } from 'react-router';
import type { QueryClient } from '@tanstack/react-query';
import { getRuntimeConfig } from '@/config/runtime-config';
import { AppProvider } from './provider';
import { AppRoutes } from './router';

/**
 * The app, on the query client the boot (main.tsx) made and may have sent the page's first request with; the
 * boot also set the theme, the language and the remembered session.
 */
export function App({ queryClient }: { queryClient: QueryClient }) {
  const config = getRuntimeConfig();
  return (
    <AppProvider queryClient={queryClient}>
      <BrowserRouter basename={config.routeBasePath.replace(/\/$/, '') || '/'}>
        <AppRoutes title={config.registryTitle} defaultTheme={config.theme} />
      </BrowserRouter>
    </AppProvider>
  );
}

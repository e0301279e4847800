import { useState } from 'react';
import { BrowserRouter } from 'react-router';
import type { QueryClient } from '@tanstack/react-query';
import { getRuntimeConfig } from '@/config/runtime-config';
import { detectLanguage, initI18n } from '@/lib/i18n';
import { AppProvider } from './provider';
import { AppRoutes } from './router';

/** The app, on the query client the boot (main.tsx) made and may have sent the page's first request with. */
export function App({ queryClient }: { queryClient: QueryClient }) {
  const config = getRuntimeConfig();
  useState(() => initI18n(detectLanguage(config.defaultLanguage)));
  return (
    <AppProvider queryClient={queryClient}>
      <BrowserRouter basename={config.routeBasePath.replace(/\/$/, '') || '/'}>
        <AppRoutes title={config.registryTitle} defaultTheme={config.theme} />
      </BrowserRouter>
    </AppProvider>
  );
}

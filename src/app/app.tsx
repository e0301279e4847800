import { useState } from 'react';
import { BrowserRouter } from 'react-router';
import { getRuntimeConfig } from '@/config/runtime-config';
import { restoreSession } from '@/features/auth/utils/session';
import { getRegistryAuth } from '@/queries/registry-auth';
import { detectLanguage, initI18n } from '@/lib/i18n';
import { createQueryClient } from '@/lib/query-client';
import { applyTheme, storedTheme } from '@/lib/theme';
import { AppProvider } from './provider';
import { AppRoutes } from './router';

export function App() {
  const config = getRuntimeConfig();
  const [queryClient] = useState(createQueryClient);
  const [i18n] = useState(() => initI18n(detectLanguage(config.defaultLanguage)));
  useState(() => {
    applyTheme(storedTheme(config.theme));
    restoreSession(getRegistryAuth()); // "remember me": this tab's sessionStorage
  });
  return (
    <AppProvider queryClient={queryClient} i18n={i18n}>
      <BrowserRouter basename={config.routeBasePath.replace(/\/$/, '') || '/'}>
        <AppRoutes title={config.registryTitle} defaultTheme={config.theme} />
      </BrowserRouter>
    </AppProvider>
  );
}

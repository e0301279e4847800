// first: the page's chunk starts downloading before React and the app are evaluated
import { routeReady } from './app/boot-preload';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { getRuntimeConfig } from '@/config/runtime-config';
import { restoreSession } from '@/features/auth/utils/session';
import { getRegistryAuth } from '@/queries/registry-auth';
import { detectLanguage, initI18n } from '@/lib/i18n';
import { createQueryClient } from '@/lib/query-client';
import { applyTheme, storedTheme } from '@/lib/theme';
import { App } from './app/app';
import { prefetchRoute } from './app/route-modules';
import './index.css';

// The first render waits for the page's chunk (it downloads while the entry runs, so it is usually in by now),
// at most ROUTE_WAIT_MS: a page rendered through a Suspense fallback is held back by React for up to 300 ms.
const ROUTE_WAIT_MS = 300;

void Promise.race([routeReady, new Promise((r) => setTimeout(r, ROUTE_WAIT_MS))]).then(() => {
  const config = getRuntimeConfig();
  applyTheme(storedTheme(config.theme));
  initI18n(detectLanguage(config.defaultLanguage));
  restoreSession(getRegistryAuth()); // "remember me": this tab's sessionStorage
  const queryClient = createQueryClient();
  // a tag or digest page's manifest request leaves now, with the restored session, and a tag list's last visit
  // starts being read, while React renders the first time (createRoot's render runs in a task of its own)
  prefetchRoute(queryClient, window.location.pathname, config.routeBasePath);
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App queryClient={queryClient} />
    </StrictMode>,
  );
});

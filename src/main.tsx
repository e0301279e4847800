// first: the page's chunk starts downloading before React and the app are evaluated
import { routeReady } from './app/boot-preload';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import './index.css';

// The first render waits for the page's chunk (it downloads while the entry runs, so it is usually in by now),
// at most ROUTE_WAIT_MS: a page rendered through a Suspense fallback is held back by React for up to 300 ms.
const ROUTE_WAIT_MS = 300;

void Promise.race([routeReady, new Promise((r) => setTimeout(r, ROUTE_WAIT_MS))]).then(() => {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});

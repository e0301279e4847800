import { preloadRouteOf } from './route-modules';

/**
 * Imported first by main.tsx, so this runs before React, the router and the app are evaluated: the chunk of
 * the page the URL names downloads meanwhile. Settles once it is in (or failed).
 */
export const routeReady: Promise<void> = typeof window === 'undefined' ? Promise.resolve() : preloadRouteOf(window.location.pathname).ready;

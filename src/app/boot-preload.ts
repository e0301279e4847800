import { preloadRouteOf } from './route-modules';

// imported first by main.tsx: runs before React, the router and the app are evaluated
if (typeof window !== 'undefined') preloadRouteOf(window.location.pathname);

import '@testing-library/jest-dom/vitest';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { cleanup, configure } from '@testing-library/react';
import { server } from './msw/server';

// Pages are lazy routes: the first test of a file also waits for the route's module to load, which on a
// busy machine takes longer than the default second.
configure({ asyncUtilTimeout: 5_000 });

// Every request in a unit test must be answered by a handler that replays a captured registry exchange.
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  if (typeof document !== 'undefined') cleanup();
});
afterAll(() => server.close());

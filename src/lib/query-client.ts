import { QueryClient } from '@tanstack/react-query';
import { isRegistryError, type RegistryError } from '@/registry/errors';

declare module '@tanstack/react-query' {
  interface Register {
    defaultError: RegistryError | Error;
  }
}

/** The client's transport already retries idempotent requests with backoff; queries do not retry on top. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: (count, error) => count < 1 && isRegistryError(error) && error.kind === 'network',
        refetchOnWindowFocus: false,
      },
      mutations: { retry: false },
    },
  });
}

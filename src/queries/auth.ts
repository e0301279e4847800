import { queryOptions } from '@tanstack/react-query';
import { registryKeys } from './keys';
import { getRegistryAuth } from './registry-auth';
import { getRegistry } from './registry-client';

/** The identity the auth queries are for: `-` when nobody is signed in. */
function identity(): string {
  return getRegistryAuth().credentials?.username ?? '-';
}

/**
 * `GET /v2/` for the current identity: whether the registry answers it, and (through the client's auth) how
 * the registry authenticates. A 401 here is what sends an anonymous visitor to the sign-in page.
 */
export function registryCheckQuery() {
  return queryOptions({
    queryKey: [...registryKeys.all, 'check', identity()] as const,
    queryFn: ({ signal }) => getRegistry().ping({ signal }),
    staleTime: 60_000,
    retry: false,
  });
}

/**
 * Whether the current identity may delete in `repo`, asked before any delete: with token auth, the access
 * the token service grants for `pull,delete`; `null` when it can only be known by trying.
 */
export function deletePermissionQuery(repo: string) {
  return queryOptions({
    queryKey: [...registryKeys.repo(repo), 'delete-permission', identity()] as const,
    queryFn: async ({ signal }) => (await getRegistryAuth().canDelete(repo, signal)) ?? null,
    staleTime: 30_000,
    retry: false,
  });
}

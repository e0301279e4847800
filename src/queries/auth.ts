import { queryOptions } from '@tanstack/react-query';
import { registryKeys } from './keys';
import { getRegistryAuth } from './registry-auth';
import { getRegistry } from './registry-client';

/** The identity the auth queries are for: `-` when nobody is signed in. */
function identity(): string {
  return getRegistryAuth().credentials?.username ?? '-';
}

/**
 * `GET /v2/` as the sign-in page opens: whether the registry answers it without credentials, and (through the
 * client's auth) how it authenticates. Not keyed by identity: a sign-in must not start a second check with
 * the credentials being verified; signing in or out clears every query anyway.
 */
export function registryCheckQuery() {
  return queryOptions({
    queryKey: [...registryKeys.all, 'check'] as const,
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

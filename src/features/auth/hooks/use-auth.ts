import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { deletePermissionQuery } from '@/queries/auth';
import { clearPersisted } from '@/queries/persist';
import { getRegistryAuth } from '@/queries/registry-auth';
import { getRegistry } from '@/queries/registry-client';
import type { Credentials } from '@/registry/auth';
import { forgetCredentials, rememberCredentials } from '../utils/session';
import { useAuthSnapshot } from './use-auth-snapshot';

/** Drops everything read for the previous identity: query caches and the manifests kept across visits. */
async function forgetIdentityData(client: QueryClient): Promise<void> {
  await client.cancelQueries();
  client.clear();
  await clearPersisted().catch(() => undefined);
}

export interface SignInInput extends Credentials {
  /** Keep the credentials in this tab's sessionStorage (until it closes); else in memory only. */
  remember: boolean;
}

/**
 * Signs in: the credentials are checked against the registry (`GET /v2/` with them, or a token asked for with
 * them) before anything else uses them; a refusal leaves nobody signed in.
 */
export async function signIn(client: QueryClient, { username, password, remember }: SignInInput, signal: AbortSignal): Promise<void> {
  const auth = getRegistryAuth();
  auth.setCredentials({ username, password }, { verify: true });
  try {
    await getRegistry().ping({ signal });
  } catch (e) {
    auth.setCredentials(undefined);
    forgetCredentials();
    throw e;
  }
  auth.settle();
  if (remember) rememberCredentials({ username, password });
  else forgetCredentials();
  await forgetIdentityData(client);
}

/** Signs out: forgets the credentials (memory and sessionStorage), every token and every cached answer. */
export async function signOut(client: QueryClient): Promise<void> {
  forgetCredentials();
  getRegistryAuth().setCredentials(undefined);
  await forgetIdentityData(client);
}

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationKey: ['sign-in'],
    mutationFn: (input: SignInInput) => signIn(client, input, AbortSignal.timeout(60_000)),
  });
}

/** `denied`: this identity may not delete in `repo` (refused before, or no delete in its token). */
export type DeletePermission = 'allowed' | 'denied' | 'unknown';

/** Whether the current identity may delete in `repo`; asks the token service only when deletes are on. */
export function useDeletePermission(repo: string, deleteImages: boolean): DeletePermission {
  const snapshot = useAuthSnapshot();
  const q = useQuery({ ...deletePermissionQuery(repo), enabled: deleteImages && snapshot.scheme === 'bearer' });
  if (!deleteImages) return 'unknown';
  if (snapshot.deleteDenied.has(repo) || q.data === false) return 'denied';
  return q.data === true ? 'allowed' : 'unknown';
}

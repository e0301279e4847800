import { useSyncExternalStore } from 'react';
import { getRegistryAuth } from '@/queries/registry-auth';
import type { AuthSnapshot } from '@/registry/auth';

/** What the app knows about authentication now: the registry's scheme, who is signed in, refused deletes. */
export function useAuthSnapshot(): AuthSnapshot {
  const auth = getRegistryAuth();
  return useSyncExternalStore(auth.subscribe, auth.getSnapshot, auth.getSnapshot);
}

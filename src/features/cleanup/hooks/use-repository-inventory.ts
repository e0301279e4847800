import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { configQuery, manifestQuery, tagHeadQuery } from '@/queries/manifests';
import { tagsQuery } from '@/queries/tags';
import { Priority } from '@/lib/request-queue';
import { readInventory, type InventoryCalls, type InventoryRead } from '../utils/inventory-reader';

export interface InventoryState extends InventoryRead {
  /** The tag list itself could not be read. */
  error: unknown;
}

const EMPTY: InventoryState = { inventory: undefined, digests: new Map(), checked: 0, total: 0, failed: [], done: false, error: undefined };

/**
 * Reads a repository for a cleanup (readInventory, shared with the command line), everything through React
 * Query and so through the shared request queue: pointers afresh, manifests and configs from the cache.
 */
export function useRepositoryInventory(repo: string, enabled: boolean, attempt = 0): InventoryState {
  const client = useQueryClient();
  const [state, setState] = useState<InventoryState>(EMPTY);
  useEffect(() => {
    if (!enabled) return;
    const controller = new AbortController();
    setState(EMPTY);
    const calls: InventoryCalls = {
      listTags: () => client.fetchQuery({ ...tagsQuery(repo), staleTime: 0 }),
      head: (tag) => client.fetchQuery({ ...tagHeadQuery(repo, tag, Priority.page), staleTime: 0 }),
      manifest: (digest) => client.fetchQuery(manifestQuery(repo, digest, Priority.page)),
      config: (digest) => client.fetchQuery(configQuery(repo, digest, Priority.page)),
    };
    readInventory(calls, {
      signal: controller.signal,
      onProgress: (read) => {
        if (!controller.signal.aborted) setState({ ...read, error: undefined });
      },
    }).catch((error: unknown) => {
      if (!controller.signal.aborted) setState({ ...EMPTY, done: true, error });
    });
    return () => controller.abort();
  }, [client, repo, enabled, attempt]);
  return state;
}

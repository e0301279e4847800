import { experimental_streamedQuery as streamedQuery, queryOptions } from '@tanstack/react-query';
import { getRuntimeConfig } from '@/config/runtime-config';
import { Priority } from '@/lib/request-queue';
import { registryKeys } from './keys';
import { getQueue, getRegistry } from './registry-client';

/** Pages of the catalog, each fetched through the queue. */
async function* catalogStream(signal: AbortSignal): AsyncGenerator<string[]> {
  const pages = getRegistry().catalogPages({ signal, pageSize: getRuntimeConfig().catalogPageSize });
  for (;;) {
    const next = await getQueue().add(() => pages.next(), { priority: Priority.page, signal });
    if (next.done) return;
    yield next.value;
  }
}

/**
 * The whole catalog, streamed: `data` grows page by page and `fetchStatus` stays 'fetching' until the last
 * Link is followed, so the first page is on screen while the rest arrives.
 */
export function catalogQuery() {
  return queryOptions({
    queryKey: registryKeys.catalog(),
    queryFn: streamedQuery<string[], string[]>({
      streamFn: ({ signal }) => catalogStream(signal),
      reducer: (acc, page) => acc.concat(page),
      initialValue: [],
      refetchMode: 'replace',
    }),
    staleTime: 60_000,
  });
}

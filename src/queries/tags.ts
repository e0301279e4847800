import { queryOptions } from '@tanstack/react-query';
import { Priority } from '@/lib/request-queue';
import { registryKeys } from './keys';
import { getQueue, getRegistry } from './registry-client';

/** Every tag of a repository, unsorted as the registry sent them. */
export function tagsQuery(repo: string, priority: number = Priority.page) {
  return queryOptions({
    queryKey: registryKeys.tags(repo),
    queryFn: ({ signal }) => getQueue().add(() => getRegistry().listTags(repo, { signal }), { priority, signal }),
    staleTime: 30_000,
  });
}

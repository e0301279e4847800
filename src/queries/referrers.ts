import { queryOptions } from '@tanstack/react-query';
import type { Digest } from '@/registry/digest';
import { listReferrers, type Referrers } from '@/registry/referrers';
import { Priority } from '@/lib/request-queue';
import { registryKeys } from './keys';
import { getQueue, getRegistry } from './registry-client';

/**
 * The manifests that name `digest` as their subject: the referrers API, else the `sha256-<hex>` fallback tag.
 * Short-lived: a new signature or SBOM can be pushed at any time.
 */
export function referrersQuery(repo: string, digest: Digest, priority: number = Priority.visible) {
  return queryOptions<Referrers>({
    queryKey: registryKeys.referrers(repo, digest),
    queryFn: ({ signal }) => getQueue().add(() => listReferrers(getRegistry(), repo, digest, { signal }), { priority, signal }),
    staleTime: 30_000,
  });
}

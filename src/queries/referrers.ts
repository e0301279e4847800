import { queryOptions } from '@tanstack/react-query';
import type { Digest } from '@/registry/digest';
import { MediaType } from '@/registry/media-types';
import { listReferrers, referrersInIndex, type Referrers } from '@/registry/referrers';
import { Priority } from '@/lib/request-queue';
import { registryKeys } from './keys';
import { manifestQuery, tagHeadQuery, tagManifestQuery } from './manifests';
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

/**
 * Whether the tag `sha256-<hex>` is the referrers fallback tag of `subject` (an index of artifacts) rather than an
 * ordinary tag with a digest for a name. A HEAD decides most cases (a digest tag points at `subject` itself; an
 * image is no index); only an OCI index is read, once, through the manifest cache.
 */
export function referrersTagQuery(repo: string, tag: string, subject: Digest, priority: number = Priority.background) {
  return queryOptions<boolean>({
    queryKey: registryKeys.referrersTag(repo, tag),
    queryFn: async ({ client }) => {
      const head = await client.fetchQuery(tagHeadQuery(repo, tag, priority));
      if (head.digest === subject) return false;
      if (head.mediaType && head.mediaType !== MediaType.OciIndex) return false;
      const fetched = await client.fetchQuery(head.digest ? manifestQuery(repo, head.digest, priority) : tagManifestQuery(repo, tag));
      return referrersInIndex(subject, fetched) !== undefined;
    },
    staleTime: 60_000,
  });
}

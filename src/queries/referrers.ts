import { queryOptions } from '@tanstack/react-query';
import type { Digest } from '@/registry/digest';
import { MediaType } from '@/registry/media-types';
import { listReferrers, referrerKind, referrersInIndex, type Referrers, type SupplyChainKind } from '@/registry/referrers';
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
 * What the tag `sha256-<hex>` holds: `ordinary` when it is not the referrers fallback tag of `subject` (a digest
 * tag, an image), else the kind its referrers share (all Notation signatures: `signature`), else `referrers`.
 * A HEAD decides most cases (a digest tag points at `subject` itself; an image is no index); only an OCI index
 * is read, once, through the manifest cache.
 */
export function referrersTagQuery(repo: string, tag: string, subject: Digest, priority: number = Priority.background) {
  return queryOptions<SupplyChainKind | 'ordinary'>({
    queryKey: registryKeys.referrersTag(repo, tag),
    queryFn: async ({ client }) => {
      const head = await client.fetchQuery(tagHeadQuery(repo, tag, priority));
      if (head.digest === subject) return 'ordinary';
      if (head.mediaType && head.mediaType !== MediaType.OciIndex) return 'ordinary';
      const fetched = await client.fetchQuery(head.digest ? manifestQuery(repo, head.digest, priority) : tagManifestQuery(repo, tag));
      const list = referrersInIndex(subject, fetched);
      if (!list) return 'ordinary';
      const kinds = new Set(list.map((d) => referrerKind(d.artifactType)));
      const only = kinds.size === 1 ? [...kinds][0] : undefined;
      return only ?? 'referrers';
    },
    staleTime: 60_000,
  });
}

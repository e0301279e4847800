import { queryOptions, type QueryClient } from '@tanstack/react-query';
import type { Digest } from '@/registry/digest';
import { parseConfig, type Config } from '@/registry/config';
import type { FetchedManifest, ManifestHead } from '@/registry/types';
import { Priority } from '@/lib/request-queue';
import { registryKeys } from './keys';
import { getQueue, getRegistry } from './registry-client';
import { persistManifest, persistedConfig, persistedManifest } from './persist';

/** What a tag points at now: a HEAD, short-lived (a tag is a pointer). */
export function tagHeadQuery(repo: string, tag: string, priority: number = Priority.visible) {
  return queryOptions<ManifestHead>({
    queryKey: registryKeys.tag(repo, tag),
    queryFn: ({ signal }) => getQueue().add(() => getRegistry().headManifest(repo, tag, { signal }), { priority, signal }),
    staleTime: 60_000,
  });
}

/** A manifest by digest: immutable, cached for the session and kept across visits (a digest is an identity). */
export function manifestQuery(repo: string, digest: Digest, priority: number = Priority.visible) {
  return queryOptions<FetchedManifest>({
    queryKey: registryKeys.manifest(repo, digest),
    queryFn: persistedManifest(repo, digest, (signal) => getQueue().add(() => getRegistry().getManifest(repo, digest, { signal }), { priority, signal })),
    staleTime: Infinity,
    gcTime: 30 * 60_000,
  });
}

/**
 * An image config (or a Helm chart's) by digest, as `parseConfig` checked it: immutable, kept across visits.
 * What the store hands back is checked again, as it may have been stored by a build that did not check it.
 */
export function configQuery(repo: string, digest: Digest, priority: number = Priority.visible) {
  const read = persistedConfig(repo, digest, (signal) => getQueue().add(() => getRegistry().getConfig(repo, digest, { signal }), { priority, signal }));
  return queryOptions<Config>({
    queryKey: registryKeys.config(repo, digest),
    queryFn: async (context) => parseConfig(await read(context)),
    staleTime: Infinity,
    gcTime: 30 * 60_000,
  });
}

/**
 * Resolves a tag to its manifest with one GET: the tag's current digest is recorded as a short-lived
 * pointer, and the body is stored under its digest so other tags with that digest need no second fetch.
 */
export function tagManifestQuery(repo: string, tag: string) {
  return queryOptions<FetchedManifest>({
    queryKey: [...registryKeys.tag(repo, tag), 'manifest'] as const,
    queryFn: async ({ signal, client }) => {
      const fetched = await getQueue().add(() => getRegistry().getManifest(repo, tag, { signal }), { priority: Priority.page, signal });
      rememberManifest(client, repo, fetched, tag);
      return fetched;
    },
    staleTime: 30_000,
  });
}

/** Stores a fetched manifest under its digest (and the tag pointer, when known). */
export function rememberManifest(client: QueryClient, repo: string, fetched: FetchedManifest, tag?: string): void {
  client.setQueryData(registryKeys.manifest(repo, fetched.digest), fetched);
  persistManifest(repo, fetched);
  if (tag) {
    client.setQueryData<ManifestHead>(registryKeys.tag(repo, tag), {
      digest: fetched.digest,
      mediaType: fetched.manifest.mediaType,
      size: fetched.size,
    });
  }
}

import type { QueryClient } from '@tanstack/react-query';
import type { Digest } from '@/registry/digest';
import { isIndex } from '@/registry/manifests';
import { MediaType } from '@/registry/media-types';
import { Priority } from '@/lib/request-queue';
import { registryKeys } from './keys';
import { manifestQuery } from './manifests';
import { getQueue, getRegistry } from './registry-client';

/** Refreshes what a delete changed: the repository's tags and pointers, and the catalog's tag counts. */
export async function invalidateAfterDelete(client: QueryClient, repo: string): Promise<void> {
  await client.invalidateQueries({ queryKey: registryKeys.repo(repo) });
}

const INDEX_TYPES: ReadonlySet<string> = new Set([MediaType.OciIndex, MediaType.DockerManifestList]);

/**
 * The registry calls a delete makes, through the shared request queue at page priority. The rules of a safe
 * delete (what to re-read, what to verify, what to refuse) are not here: they live in the cleanup feature's
 * delete plan, which takes these as its only way to the registry.
 */
export function deleteCalls(client: QueryClient, repo: string) {
  const registry = getRegistry();
  const queue = getQueue();
  const page = (signal: AbortSignal) => ({ priority: Priority.page, signal });
  return {
    listTags: (signal: AbortSignal) => queue.add(() => registry.listTags(repo, { signal }), page(signal)),
    head: (tag: string, signal: AbortSignal) => queue.add(() => registry.headManifest(repo, tag, { signal }), page(signal)),
    // a GET, not a HEAD: its bytes are hashed against Docker-Content-Digest (RegistryClient.getManifest), so a
    // digest that does not belong to what the tag serves (a broken cache, a meddling proxy) is refused instead
    // of deleted; a HEAD naming another tag's digest would make the delete take that tag
    verify: (tag: string, signal: AbortSignal) => queue.add(() => registry.getManifest(repo, tag, { signal }), page(signal)),
    children: async (digest: Digest, _signal: AbortSignal) => {
      const m = (await client.fetchQuery(manifestQuery(repo, digest, Priority.page))).manifest;
      return isIndex(m) ? m.manifests.map((c) => ({ digest: c.digest, index: INDEX_TYPES.has(c.mediaType) })) : [];
    },
    // no signal: once sent, a DELETE is waited for, so its outcome is known and reported
    deleteManifest: (digest: Digest) => queue.add(() => registry.deleteManifest(repo, digest, { signal: new AbortController().signal }), { priority: Priority.page }),
    isIndex: (mediaType: string) => INDEX_TYPES.has(mediaType),
  };
}

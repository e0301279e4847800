import type { QueryClient } from '@tanstack/react-query';
import type { Digest } from '@/registry/digest';
import { RegistryError } from '@/registry/errors';
import { isIndex } from '@/registry/manifests';
import type { FetchedManifest } from '@/registry/types';
import { Priority } from '@/lib/request-queue';
import { manifestQuery, tagHeadQuery } from './manifests';
import { eachConcurrently } from '@/lib/concurrency';

/** Every tag of a repository resolved to its manifest, and every manifest those reach. */
export interface RepositoryWalk {
  /** tag → the digest it points at now. */
  tags: Map<string, Digest>;
  /** Every manifest read: the tags' own and, for indexes, their children. */
  manifests: Map<Digest, FetchedManifest>;
  /** Index children the registry does not have (the index is dangling). */
  missing: Set<Digest>;
  /** Tags whose pointer or manifest could not be read. */
  failed: { tag: string; error: unknown }[];
}

export interface WalkOptions {
  signal: AbortSignal;
  priority?: number;
  /** Tags resolved at once; every request still goes through the shared queue. */
  concurrency?: number;
  /** Read the children of indexes too. */
  children?: boolean;
  onProgress?: (done: number, total: number) => void;
}

function aborted(signal: AbortSignal): never {
  throw signal.reason ?? new DOMException('Aborted', 'AbortError');
}

/**
 * Resolves every tag (one HEAD each) and reads each distinct manifest once, through the query cache: a digest
 * already read by the tag table or an earlier visit costs nothing. Tags sharing a digest share the work.
 */
export async function walkRepository(client: QueryClient, repo: string, tags: readonly string[], options: WalkOptions): Promise<RepositoryWalk> {
  const { signal, priority = Priority.background, concurrency = 6, children = true, onProgress } = options;
  const walk: RepositoryWalk = { tags: new Map(), manifests: new Map(), missing: new Set(), failed: [] };
  const reads = new Map<Digest, Promise<FetchedManifest | undefined>>();

  const read = (digest: Digest, isChild: boolean): Promise<FetchedManifest | undefined> => {
    let p = reads.get(digest);
    if (!p) {
      p = (async () => {
        if (signal.aborted) aborted(signal);
        let fetched: FetchedManifest;
        try {
          fetched = await client.fetchQuery(manifestQuery(repo, digest, priority));
        } catch (e) {
          if (isChild && e instanceof RegistryError && e.kind === 'not-found') {
            walk.missing.add(digest);
            return undefined;
          }
          throw e;
        }
        walk.manifests.set(digest, fetched);
        if (children && isIndex(fetched.manifest)) {
          await Promise.all(fetched.manifest.manifests.map((d) => read(d.digest, true)));
        }
        return fetched;
      })();
      reads.set(digest, p);
    }
    return p;
  };

  let done = 0;
  await eachConcurrently(tags, concurrency, async (tag) => {
    if (signal.aborted) aborted(signal);
    try {
      const head = await client.fetchQuery(tagHeadQuery(repo, tag, priority));
      if (!head.digest) throw new RegistryError({ kind: 'malformed', message: 'the registry sent no Docker-Content-Digest' });
      walk.tags.set(tag, head.digest);
      await read(head.digest, false);
    } catch (error) {
      if (signal.aborted) aborted(signal);
      walk.failed.push({ tag, error });
    }
    done++;
    onProgress?.(done, tags.length);
  });
  return walk;
}

import type { QueryClient } from '@tanstack/react-query';
import type { Digest } from '@/registry/digest';
import { RegistryError } from '@/registry/errors';
import { isIndex } from '@/registry/manifests';
import type { FetchedManifest } from '@/registry/types';
import { Priority } from '@/lib/request-queue';
import { manifestQuery } from './manifests';
import { walkTags } from './tag-walk';

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
 * Resolves every tag (one request each, see tag-walk.ts) and reads each distinct manifest once, through the
 * query cache: a digest already read by the tag table or an earlier visit costs nothing. Tags sharing a digest
 * share the work.
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
  const progress = () => {
    done++;
    onProgress?.(done, tags.length);
  };
  // the one walk from tags to manifests (tag-walk.ts): one request per tag, each distinct manifest read once
  await walkTags(client, repo, tags, {
    signal,
    concurrency,
    priority: () => priority,
    onTag: async ({ tag, digest }) => {
      walk.tags.set(tag, digest);
      try {
        // the walker stored the manifest it fetched in the query cache: no second request
        await read(digest, false);
      } catch (error) {
        if (signal.aborted) aborted(signal);
        walk.failed.push({ tag, error });
      }
      progress();
    },
    onError: (tag, error) => {
      walk.tags.delete(tag);
      walk.failed.push({ tag, error });
      progress();
    },
  });
  return walk;
}

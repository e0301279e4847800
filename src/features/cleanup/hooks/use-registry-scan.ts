import { useCallback, useEffect, useState } from 'react';
import { useRun } from '@/hooks/use-run';
import { useQueryClient } from '@tanstack/react-query';
import { catalogQuery } from '@/queries/catalog';
import { manifestQuery } from '@/queries/manifests';
import { walkTags } from '@/queries/tag-walk';
import { tagsQuery } from '@/queries/tags';
import { Priority } from '@/lib/request-queue';
import { isRegistryError } from '@/registry/errors';
import type { Digest } from '@/registry/digest';
import { manifestNode, type ManifestNode } from '@/registry/inventory';
import { eachConcurrently } from '@/lib/concurrency';

const WORKERS = 4;

export interface ScanState {
  status: 'idle' | 'running' | 'done' | 'cancelled' | 'failed';
  scanned: number;
  total: number;
  /** blob or manifest digest → one other repository whose tagged manifests use it. */
  used: ReadonlyMap<string, string>;
  /** Repositories that could not be read: blobs only they use are not subtracted. */
  failedRepos: string[];
  error: unknown;
}

const IDLE: ScanState = { status: 'idle', scanned: 0, total: 0, used: new Map(), failedRepos: [], error: undefined };

/**
 * The registry-wide check of reclaimable space, as a background task: reads every other repository's tags
 * and manifests (at background priority, so the page stays responsive) and records which blobs they use.
 * A digest is an identity, so each distinct manifest is read once, whichever repository has it.
 * Untagged manifests of other repositories are invisible to the V2 API and not counted.
 */
export function useRegistryScan(repo: string) {
  const client = useQueryClient();
  const [state, setState] = useState<ScanState>(IDLE);
  const run = useRun(repo);

  // cancelled at once: the few reads in flight finish in the background (into the cache) and are ignored
  const cancel = useCallback(() => {
    run.abort();
    setState((s) => (s.status === 'running' ? { ...s, status: 'cancelled' } : s));
  }, [run]);
  useEffect(() => setState(IDLE), [repo]);

  const start = useCallback(() => {
    const signal = run.begin();
    const used = new Map<string, string>();
    const failedRepos: string[] = [];
    const nodes = new Map<Digest, Promise<ManifestNode>>();
    let scanned = 0;
    let total = 0;
    const publish = (status: ScanState['status'], error?: unknown) => {
      if (!run.isCurrent(signal)) return;
      setState({ status, scanned, total, used: new Map(used), failedRepos: [...failedRepos], error });
    };
    setState({ ...IDLE, status: 'running' });

    const mark = async (name: string, digest: Digest): Promise<void> => {
      let p = nodes.get(digest);
      if (!p) {
        p = client.fetchQuery(manifestQuery(name, digest, Priority.background)).then(manifestNode);
        nodes.set(digest, p);
      }
      const node = await p;
      if (!used.has(digest)) used.set(digest, name);
      for (const b of node.blobs) if (!used.has(b.digest)) used.set(b.digest, name);
      for (const c of node.children) await mark(name, c.digest);
    };

    (async () => {
      const names = (await client.fetchQuery(catalogQuery())).filter((n) => n !== repo);
      total = names.length;
      publish('running');
      const scan = async (name: string) => {
        try {
          const tags = await client.fetchQuery(tagsQuery(name, Priority.background));
          // a tag deleted since the list was read marks nothing; any other failure leaves the repository unread
          let unread = false;
          const failed = (e: unknown) => {
            if (!(isRegistryError(e) && e.kind === 'not-found')) unread = true;
          };
          // the one walker, a tag at a time per repository (WORKERS repositories at once): a GET by tag brings
          // the digest and the manifest together, so mark() reads the manifest from the cache
          await walkTags(client, name, tags, {
            signal,
            concurrency: 1,
            priority: () => Priority.background,
            onTag: async ({ digest }) => {
              try {
                await mark(name, digest);
              } catch (e) {
                if (signal.aborted) throw e;
                failed(e);
              }
            },
            onError: (_tag, e) => failed(e),
          });
          if (unread) failedRepos.push(name);
        } catch (e) {
          // a name with blobs but no manifest answers 404: it marks nothing
          if (signal.aborted) return;
          if (!(isRegistryError(e) && e.kind === 'not-found')) failedRepos.push(name);
        }
        scanned++;
        if (scanned % 10 === 0 || scanned === total) publish('running');
      };
      await eachConcurrently(names, WORKERS, scan, () => signal.aborted);
      publish(signal.aborted ? 'cancelled' : 'done');
    })().catch((error: unknown) => publish(signal.aborted ? 'cancelled' : 'failed', error));
  }, [client, repo, run]);

  return { state, start, cancel };
}

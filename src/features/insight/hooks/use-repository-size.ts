import { useCallback, useEffect, useState } from 'react';
import { useRun } from '@/hooks/use-run';
import { useQueryClient } from '@tanstack/react-query';
import { tagsQuery } from '@/queries/tags';
import { walkRepository } from '@/queries/repository-walk';
import { Priority } from '@/lib/request-queue';
import { uniqueBlobs, type BlobTotals } from '../utils/unique-blobs';
import { throttleProgress } from '@/lib/concurrency';

export interface RepositorySizeState {
  status: 'idle' | 'running' | 'done' | 'error';
  done: number;
  total: number;
  totals: BlobTotals | undefined;
  /** Tags that could not be read: the totals leave their blobs out. */
  failed: number;
  /** Index children the registry does not have. */
  missing: number;
  error: unknown;
}

const IDLE: RepositorySizeState = { status: 'idle', done: 0, total: 0, totals: undefined, failed: 0, missing: 0, error: undefined };

/**
 * The total of a repository's distinct blobs, computed only when asked (`start`): every tag resolved, every
 * manifest and index child read once, at background priority through the shared cache and queue.
 */
export function useRepositorySize(repo: string): RepositorySizeState & { start: () => void } {
  const client = useQueryClient();
  const [state, setState] = useState<RepositorySizeState>(IDLE);
  const run = useRun(repo);
  useEffect(() => setState(IDLE), [repo]);

  const start = useCallback(() => {
    const signal = run.begin();
    setState({ ...IDLE, status: 'running' });
    void (async () => {
      try {
        const tags = await client.fetchQuery(tagsQuery(repo));
        setState((s) => ({ ...s, total: tags.length }));
        const walk = await walkRepository(client, repo, tags, {
          signal,
          priority: Priority.background,
          onProgress: throttleProgress((done, total) => {
            if (!signal.aborted) setState((s) => ({ ...s, done, total }));
          }),
        });
        if (signal.aborted) return;
        setState({
          status: 'done',
          done: tags.length,
          total: tags.length,
          totals: uniqueBlobs(walk.manifests.values()),
          failed: walk.failed.length,
          missing: walk.missing.size,
          error: undefined,
        });
      } catch (error) {
        if (!signal.aborted) setState((s) => ({ ...s, status: 'error', error }));
      }
    })();
  }, [client, repo, run]);

  return { ...state, start };
}

import { useCallback, useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { deleteCalls, invalidateAfterDelete } from '@/queries/delete';
import { executeDelete, type DeleteProgress, type DeleteTarget } from '../utils/delete-plan';

const PUBLISH_MS = 100;

/**
 * One cleanup run, started by the user's confirmation (an event, never an effect, so nothing is sent twice).
 * Leaving the page stops it like the Stop button does: DELETEs already sent finish, nothing new starts.
 */
export function useCleanupRun(repo: string) {
  const client = useQueryClient();
  const [progress, setProgress] = useState<DeleteProgress | undefined>();
  const [targets, setTargets] = useState<readonly DeleteTarget[] | undefined>();
  const [stopping, setStopping] = useState(false);
  const controller = useRef<AbortController | undefined>(undefined);
  useEffect(() => () => controller.current?.abort(), []);

  const start = useCallback(
    (next: readonly DeleteTarget[]) => {
      if (controller.current) return;
      const ac = new AbortController();
      controller.current = ac;
      setTargets(next);
      setStopping(false);
      setProgress(undefined);
      let last = 0;
      void executeDelete(next, deleteCalls(client, repo), {
        signal: ac.signal,
        onProgress: (p) => {
          const now = Date.now();
          if (now - last >= PUBLISH_MS) {
            last = now;
            setProgress(p);
          }
        },
      }).then(async (final) => {
        setProgress(final);
        await invalidateAfterDelete(client, repo);
      });
    },
    [client, repo],
  );

  const stop = useCallback(() => {
    setStopping(true);
    controller.current?.abort();
  }, []);

  return { progress, targets, started: targets !== undefined, done: progress?.phase === 'done', stopping, start, stop };
}

export type CleanupRunState = ReturnType<typeof useCleanupRun>;

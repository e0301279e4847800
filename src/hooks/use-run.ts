import { useCallback, useEffect, useMemo, useRef } from 'react';

/**
 * One background run at a time, for a page that starts long work on request: `begin()` aborts the run before
 * it and returns the new run's signal, `abort()` stops the current one, `isCurrent(signal)` tells a run that
 * was replaced. A change of `key` (the repository shown) and unmounting abort too.
 */
export function useRun(key: unknown) {
  const controller = useRef<AbortController | undefined>(undefined);
  const abort = useCallback(() => {
    controller.current?.abort();
    controller.current = undefined;
  }, []);
  useEffect(() => abort, [key, abort]);
  const begin = useCallback(() => {
    controller.current?.abort();
    const c = new AbortController();
    controller.current = c;
    return c.signal;
  }, []);
  const isCurrent = useCallback((signal: AbortSignal) => controller.current?.signal === signal, []);
  return useMemo(() => ({ begin, abort, isCurrent }), [begin, abort, isCurrent]);
}

import { useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { configQuery, manifestQuery, tagHeadQuery } from '@/queries/manifests';
import { Priority } from '@/lib/request-queue';
import { RegistryError } from '@/registry/errors';
import { isAttestation, isIndex } from '@/registry/manifests';
import type { FetchedManifest } from '@/registry/types';
import { hasImageConfig, summarize, type TagRowState } from '../utils/tag-summary';

// more workers than connections (the queue allows 6), so a request is always waiting when one ends: a worker
// also spends time reading the persisted manifest and config between its requests
const WORKERS = 12;
const FLUSH_MS = 120;
// a visible row that completes is shown at the next frame, not with the next batch
const VISIBLE_FLUSH_MS = 16;

export interface TagDetails {
  rows: ReadonlyMap<string, TagRowState>;
  done: number;
  failed: number;
  total: number;
}

/**
 * Fills in digest, size, created and platforms for EVERY tag of a repository, visible rows first, so that
 * sorting covers all tags. Costs one HEAD per tag, one GET per distinct digest (tags sharing a digest share
 * it) and one config GET per distinct image; all of it goes through the shared queue and query cache.
 */
export function useTagDetails(repo: string, tags: readonly string[] | undefined, visible: readonly string[], withPlatforms = false): TagDetails {
  const client = useQueryClient();
  const [rows, setRows] = useState<ReadonlyMap<string, TagRowState>>(() => new Map());
  const visibleRef = useRef<readonly string[]>(visible);
  visibleRef.current = visible;
  const rowsRef = useRef(rows);
  rowsRef.current = rows;
  const lastRun = useRef<{ repo: string; tags: readonly string[] }>(undefined);

  useEffect(() => {
    if (!tags) return;
    const controller = new AbortController();
    // asked for the platforms of indexes (a sort by size or date): the rows shown stay while they are read
    const again = lastRun.current?.repo === repo && lastRun.current.tags === tags;
    lastRun.current = { repo, tags };
    const results = new Map<string, TagRowState>(again ? rowsRef.current : []);
    const remaining = new Set(tags);
    let flushTimer: ReturnType<typeof setTimeout> | undefined;
    let flushAt = Infinity;
    const flush = () => {
      flushTimer = undefined;
      flushAt = Infinity;
      if (!controller.signal.aborted) setRows(new Map(results));
    };
    const scheduleFlush = (delay: number) => {
      const at = performance.now() + delay;
      if (at >= flushAt) return;
      if (flushTimer) clearTimeout(flushTimer);
      flushAt = at;
      flushTimer = setTimeout(flush, delay);
    };
    // queries started here and not finished: cancelled when the page closes, unless something else shows them
    const inFlight = new Set<readonly unknown[]>();
    const fetchQuery = async <T,>(options: { queryKey: readonly unknown[] } & Parameters<typeof client.fetchQuery<T>>[0]): Promise<T> => {
      inFlight.add(options.queryKey);
      try {
        return await client.fetchQuery(options);
      } finally {
        inFlight.delete(options.queryKey);
      }
    };
    if (!again) setRows(new Map());

    const take = (): string | undefined => {
      for (const t of visibleRef.current) {
        if (remaining.has(t)) {
          remaining.delete(t);
          return t;
        }
      }
      const first = remaining.values().next();
      if (first.done) return undefined;
      remaining.delete(first.value);
      return first.value;
    };

    const load = async (tag: string, priority: number): Promise<TagRowState> => {
      const head = await fetchQuery(tagHeadQuery(repo, tag, priority));
      if (!head.digest) {
        throw new RegistryError({ kind: 'malformed', message: 'the registry sent no Docker-Content-Digest' });
      }
      const fetched = await fetchQuery(manifestQuery(repo, head.digest, priority));
      const configOf = (f: FetchedManifest) => (hasImageConfig(f) && 'config' in f.manifest ? fetchQuery(configQuery(repo, f.manifest.config.digest, priority)) : undefined);
      const config = await configOf(fetched);
      // an index sorts by its platforms (largest size, newest date): read them only for such a sort, so the
      // default view costs one fetch per index; every tag of the index shares them
      const m = fetched.manifest;
      const children = withPlatforms && isIndex(m)
        ? await Promise.all(
            m.manifests.filter((d) => !isAttestation(d)).map(async (d) => {
              try {
                const child = await fetchQuery(manifestQuery(repo, d.digest, priority));
                return [{ fetched: child, config: await configOf(child) }];
              } catch (e) {
                if (controller.signal.aborted) throw e;
                return []; // a missing platform leaves the others to speak for the index
              }
            }),
          )
        : [];
      return { status: 'done', summary: summarize(fetched, config, children.flat()) };
    };

    const worker = async () => {
      for (let tag = take(); tag !== undefined && !controller.signal.aborted; tag = take()) {
        const priority = visibleRef.current.includes(tag) ? Priority.visible : Priority.background;
        try {
          results.set(tag, await load(tag, priority));
        } catch (error) {
          if (controller.signal.aborted) return;
          results.set(tag, { status: 'error', error: error instanceof Error ? error : new Error(String(error)) });
        }
        scheduleFlush(visibleRef.current.includes(tag) ? VISIBLE_FLUSH_MS : FLUSH_MS);
      }
    };
    void Promise.all(Array.from({ length: WORKERS }, worker)).then(flush);
    return () => {
      controller.abort();
      if (flushTimer) clearTimeout(flushTimer);
      for (const queryKey of inFlight) {
        const query = client.getQueryCache().find({ queryKey, exact: true });
        if (query && query.getObserversCount() === 0) void client.cancelQueries({ queryKey, exact: true });
      }
    };
  }, [client, repo, tags, withPlatforms]);

  let done = 0;
  let failed = 0;
  for (const r of rows.values()) {
    if (r.status === 'done') done++;
    else if (r.status === 'error') failed++;
  }
  return { rows, done, failed, total: tags?.length ?? 0 };
}

import { useEffect, useMemo, useRef, useState } from 'react';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { Priority } from '@/lib/request-queue';
import { configQuery, manifestQuery } from '@/queries/manifests';
import { saveTagIndex, type TagIndexEntry } from '@/queries/persist';
import { walkTags, type KnownPointer } from '@/queries/tag-walk';
import type { Digest } from '@/registry/digest';
import { isAttestation, isIndex } from '@/registry/manifests';
import { hasImageConfig, summarize, type PlatformRead, type TagRowState, type TagSummary } from '../utils/tag-summary';
import type { LastVisit } from './use-last-visit';

const FLUSH_MS = 120;
// a visible row that completes is shown at the next frame, not with the next batch
const VISIBLE_FLUSH_MS = 16;
// the index is written this often while a long walk runs, so a tab closed halfway keeps what it learnt
const SAVE_EVERY_MS = 5_000;

export interface TagDetails {
  rows: ReadonlyMap<string, TagRowState>;
  /** Rows the registry has answered for in this visit. */
  done: number;
  failed: number;
  /** Rows shown from the last visit, not re-checked yet. */
  checking: number;
  total: number;
}

interface Options {
  /** The last visit's tag index: its rows are shown at once, marked as being re-checked. */
  lastVisit?: LastVisit | null | undefined;
  /** False while `tags` is the last visit's list and tags/list has not answered: nothing is fetched yet. */
  listed?: boolean;
  /**
   * Read the platforms of every index (a sort by size or created): an index then takes its largest platform's
   * size and newest platform's date. Sorted by name an index costs one fetch.
   */
  withPlatforms?: boolean;
}

/**
 * Fills in digest, size, created and platforms for EVERY tag of a repository, visible rows first, so that
 * sorting covers all tags. One request per tag (queries/tag-walk.ts: a GET by tag, or a conditional GET for a
 * tag the last visit saw), one GET per distinct config; all through the shared queue and query cache. Rows
 * the last visit knew are shown at once and replaced in place as their tags are re-checked.
 */
export function useTagDetails(repo: string, tags: readonly string[] | undefined, visible: readonly string[], { lastVisit, listed = true, withPlatforms = false }: Options = {}): TagDetails {
  const client = useQueryClient();
  const [rows, setRows] = useState<ReadonlyMap<string, TagRowState>>(() => checkingRows(tags, lastVisit));
  const visibleRef = useRef<readonly string[]>(visible);
  visibleRef.current = visible;
  const lastVisitRef = useRef(lastVisit);
  lastVisitRef.current = lastVisit;
  // the running walk takes the last visit's rows when they are read after it started
  const adoptRef = useRef<((last: LastVisit) => void) | undefined>(undefined);

  useEffect(() => {
    if (lastVisit) adoptRef.current?.(lastVisit);
  }, [lastVisit]);

  // the walk starts once the last visit's index is read (its digests turn GETs into 304s): a miss answers in
  // milliseconds, and loadTagIndex gives up on a store that does not answer (TAG_INDEX_WAIT_MS)
  const settled = lastVisit !== undefined;

  useEffect(() => {
    if (!tags || !settled) return;
    if (!listed) {
      setRows(checkingRows(tags, lastVisitRef.current));
      return;
    }
    const controller = new AbortController();
    const results = new Map<string, TagRowState>();
    const known = new Map<string, KnownPointer>();
    const previous = new Map<string, TagIndexEntry<TagSummary>>();
    const fresh = new Set<string>();
    let flushTimer: ReturnType<typeof setTimeout> | undefined;
    let flushAt = Infinity;
    let savedAt = performance.now();
    const save = () => {
      savedAt = performance.now();
      const entries: [string, TagIndexEntry<TagSummary>][] = [];
      for (const [tag, r] of results) if (r.status === 'done') entries.push([tag, { digest: r.summary.digest, summary: r.summary }]);
      saveTagIndex(repo, entries);
    };
    const flush = () => {
      flushTimer = undefined;
      flushAt = Infinity;
      if (controller.signal.aborted) return;
      setRows(new Map(results));
      if (fresh.size > 0 && performance.now() - savedAt > SAVE_EVERY_MS) save();
    };
    const scheduleFlush = (delay: number) => {
      const at = performance.now() + delay;
      if (at >= flushAt) return;
      if (flushTimer) clearTimeout(flushTimer);
      flushAt = at;
      flushTimer = setTimeout(flush, delay);
    };
    const adopt = (last: LastVisit) => {
      for (const tag of tags) {
        const e = last.entries.get(tag);
        if (!e || fresh.has(tag) || previous.has(tag)) continue;
        previous.set(tag, e);
        known.set(tag, { digest: e.digest, mediaType: e.summary.mediaType });
        results.set(tag, { status: 'done', summary: e.summary, checking: true });
      }
      scheduleFlush(0);
    };
    adoptRef.current = adopt;
    if (lastVisitRef.current) adopt(lastVisitRef.current);
    setRows(new Map(results));

    const isVisible = (tag: string) => visibleRef.current.includes(tag);
    void walkTags(client, repo, tags, {
      signal: controller.signal,
      first: () => visibleRef.current,
      known,
      // a tag that still points where it did: its row from the last visit is the answer, nothing more to read
      reuse: (tag, digest) => previous.get(tag)?.digest === digest,
      configs: true,
      onTag: ({ tag, fetched, config }) => {
        const summary = fetched ? summarize(fetched, config) : previous.get(tag)?.summary;
        fresh.add(tag);
        if (summary) results.set(tag, { status: 'done', summary });
        scheduleFlush(isVisible(tag) ? VISIBLE_FLUSH_MS : FLUSH_MS);
      },
      onError: (tag, error) => {
        fresh.add(tag);
        results.set(tag, { status: 'error', error: error instanceof Error ? error : new Error(String(error)) });
        scheduleFlush(isVisible(tag) ? VISIBLE_FLUSH_MS : FLUSH_MS);
      },
    }).then(
      () => {
        flush();
        save();
      },
      () => undefined,
    );
    return () => {
      controller.abort();
      adoptRef.current = undefined;
      if (flushTimer) clearTimeout(flushTimer);
      if (fresh.size > 0) save();
    };
  }, [client, repo, tags, listed, settled]);

  const withIndexes = useIndexPlatforms(client, repo, rows, withPlatforms);

  let done = 0;
  let failed = 0;
  let checking = 0;
  for (const r of withIndexes.values()) {
    if (r.status === 'done') {
      if (r.checking) checking++;
      else done++;
    } else if (r.status === 'error') failed++;
  }
  return { rows: withIndexes, done, failed, checking, total: tags?.length ?? 0 };
}

function checkingRows(tags: readonly string[] | undefined, last: LastVisit | null | undefined): Map<string, TagRowState> {
  const out = new Map<string, TagRowState>();
  if (!tags || !last) return out;
  for (const tag of tags) {
    const e = last.entries.get(tag);
    if (e) out.set(tag, { status: 'done', summary: e.summary, checking: true });
  }
  return out;
}

const INDEX_READS = 4;

/**
 * The rows with each index summarised from its platforms once they are read (only when asked: a sort by size
 * or created). Every tag of an index shares the read; a missing platform leaves the others to speak for it.
 */
function useIndexPlatforms(client: QueryClient, repo: string, rows: ReadonlyMap<string, TagRowState>, enabled: boolean): ReadonlyMap<string, TagRowState> {
  const [read, setRead] = useState<ReadonlyMap<Digest, TagSummary>>(() => new Map());
  const started = useRef(new Set<Digest>());
  const controller = useRef<AbortController | undefined>(undefined);
  useEffect(() => {
    started.current = new Set();
    setRead(new Map());
    const c = new AbortController();
    controller.current = c;
    return () => c.abort();
  }, [repo]);

  useEffect(() => {
    const signal = controller.current?.signal;
    if (!enabled || !signal) return;
    const todo: Digest[] = [];
    for (const r of rows.values()) {
      if (r.status !== 'done' || r.summary.fromPlatforms || r.summary.platforms.length === 0 || started.current.has(r.summary.digest)) continue;
      started.current.add(r.summary.digest);
      todo.push(r.summary.digest);
    }
    if (todo.length === 0) return;
    const one = async (digest: Digest) => {
      const fetched = await client.fetchQuery(manifestQuery(repo, digest, Priority.background));
      const m = fetched.manifest;
      if (!isIndex(m)) return;
      const configOf = async (f: typeof fetched) => (hasImageConfig(f) && 'config' in f.manifest ? client.fetchQuery(configQuery(repo, f.manifest.config.digest, Priority.background)) : undefined);
      const children: PlatformRead[] = [];
      for (const d of m.manifests.filter((x) => !isAttestation(x))) {
        if (signal.aborted) return;
        try {
          const child = await client.fetchQuery(manifestQuery(repo, d.digest, Priority.background));
          const config = await configOf(child);
          children.push(config ? { fetched: child, config } : { fetched: child });
        } catch {
          // a missing platform leaves the others to speak for the index
        }
      }
      const summary = summarize(fetched, undefined, children);
      if (!signal.aborted && summary.fromPlatforms) setRead((prev) => new Map(prev).set(digest, summary));
    };
    let next = 0;
    const worker = async () => {
      while (next < todo.length && !signal.aborted) await one(todo[next++]!).catch(() => undefined);
    };
    for (let i = 0; i < Math.min(INDEX_READS, todo.length); i++) void worker();
  }, [client, repo, rows, enabled]);

  return useMemo(() => {
    if (!enabled || read.size === 0) return rows;
    const out = new Map(rows);
    for (const [tag, r] of rows) {
      const s = r.status === 'done' ? read.get(r.summary.digest) : undefined;
      if (s && r.status === 'done') out.set(tag, { ...r, summary: s });
    }
    return out;
  }, [rows, read, enabled]);
}

import { useEffect, useMemo, useRef, useState } from 'react';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { Priority } from '@/lib/request-queue';
import { configQuery, manifestQuery } from '@/queries/manifests';
import { saveTagIndex, type TagIndexEntry } from '@/queries/persist';
import { cachedTag, walkTags, type KnownPointer } from '@/queries/tag-walk';
import type { Digest } from '@/registry/digest';
import type { FetchedManifest, ImageConfig } from '@/registry/types';
import { isAttestation, isIndex } from '@/registry/manifests';
import { hasImageConfig, summarize, type PlatformRead, type TagRowState, type TagSummary } from '../utils/tag-summary';
import type { LastVisit } from './use-last-visit';

// rows of the background are shown in batches, at the first frame this long after the first of a batch (each
// flush re-sorts and re-renders the table: at 2,500 tags a flush per answer would be most of the main thread)
const FLUSH_MS = 120;
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
  // rows this page knows already (back to the list in the same tab) are in the first commit, complete
  // read once: the first render's rows, handed to the walk's effect (which runs right after) for the same tags
  const cachedRef = useRef<{ tags: readonly string[] | undefined; rows: Map<string, TagRowState>; lastVisit: LastVisit | null | undefined } | undefined>(undefined);
  const [rows, setRows] = useState<ReadonlyMap<string, TagRowState>>(() => {
    cachedRef.current = { tags, rows: cachedRows(client, repo, tags), lastVisit };
    return new Map([...checkingRows(tags, lastVisit), ...cachedRef.current.rows]);
  });
  const visibleRef = useRef<readonly string[]>(visible);
  visibleRef.current = visible;
  const lastVisitRef = useRef(lastVisit);
  lastVisitRef.current = lastVisit;
  // the running walk takes the last visit's rows when they are read after it started
  const adoptRef = useRef<((last: LastVisit) => void) | undefined>(undefined);

  useEffect(() => {
    if (lastVisit) adoptRef.current?.(lastVisit);
  }, [lastVisit]);

  // the walk does not wait for the last visit's index: a cold visit must not wait on IndexedDB. When the index
  // is read while the walk runs, the tags not answered yet show their old rows, and those not asked yet are
  // asked with If-None-Match (known and reuse are read per tag, when a worker takes it)
  useEffect(() => {
    if (!tags) return;
    if (!listed) {
      setRows(checkingRows(tags, lastVisitRef.current));
      return;
    }
    const controller = new AbortController();
    // what the query cache answers at once is fresh (the walk finds the same without a request)
    const initial = cachedRef.current;
    cachedRef.current = undefined;
    const cached = initial?.tags === tags ? initial.rows : cachedRows(client, repo, tags);
    const results = new Map(cached);
    const summaries = new Map<Digest, TagSummary>();
    const known = new Map<string, KnownPointer>();
    const previous = new Map<string, TagIndexEntry<TagSummary>>();
    const fresh = new Set<string>(results.keys());
    let batchTimer: ReturnType<typeof setTimeout> | undefined;
    let cancelFrame: (() => void) | undefined;
    let savedAt = performance.now();
    const save = () => {
      savedAt = performance.now();
      const entries: [string, TagIndexEntry<TagSummary>][] = [];
      for (const [tag, r] of results) if (r.status === 'done') entries.push([tag, { digest: r.summary.digest, summary: r.summary }]);
      saveTagIndex(repo, entries);
    };
    const flush = () => {
      cancelFrame?.();
      cancelFrame = undefined;
      clearTimeout(batchTimer);
      batchTimer = undefined;
      if (controller.signal.aborted) return;
      // a copy per flush (about half a millisecond at 2,500 rows): the rendered rows never change under React
      setRows(new Map(results));
      if (fresh.size > 0 && performance.now() - savedAt > SAVE_EVERY_MS) save();
    };
    // a visible row is shown at the next frame; the background waits for its batch, then for a frame
    const scheduleFlush = (soon: boolean) => {
      if (cancelFrame) return;
      if (soon) {
        clearTimeout(batchTimer);
        batchTimer = undefined;
        cancelFrame = nextFrame(flush);
      } else {
        batchTimer ??= setTimeout(() => {
          batchTimer = undefined;
          cancelFrame ??= nextFrame(flush);
        }, FLUSH_MS);
      }
    };
    const adopt = (last: LastVisit) => {
      for (const tag of tags) {
        const e = last.entries.get(tag);
        if (!e || fresh.has(tag) || previous.has(tag)) continue;
        previous.set(tag, e);
        known.set(tag, { digest: e.digest, mediaType: e.summary.mediaType });
        results.set(tag, { status: 'done', summary: e.summary, checking: true });
      }
      scheduleFlush(true);
    };
    adoptRef.current = adopt;
    if (lastVisitRef.current) adopt(lastVisitRef.current);
    // the first render showed these rows already, unless the last visit has come in since
    if (!initial || initial.tags !== tags || initial.lastVisit !== lastVisitRef.current) setRows(new Map(results));

    const isVisible = (tag: string) => visibleRef.current.includes(tag);
    // what the query cache answered is what the walk would answer without a request: not walked again
    const toWalk = cached.size > 0 ? tags.filter((t) => !cached.has(t)) : tags;
    void walkTags(client, repo, toWalk, {
      signal: controller.signal,
      first: () => visibleRef.current,
      known,
      // a tag that still points where it did: its row from the last visit is the answer, nothing more to read
      reuse: (tag, digest) => previous.get(tag)?.digest === digest,
      configs: true,
      onTag: ({ tag, digest, fetched, config }) => {
        const summary = fetched ? summaryOf(summaries, digest, fetched, config) : previous.get(tag)?.summary;
        fresh.add(tag);
        if (summary) results.set(tag, { status: 'done', summary });
        scheduleFlush(isVisible(tag));
      },
      onError: (tag, error) => {
        fresh.add(tag);
        results.set(tag, { status: 'error', error: error instanceof Error ? error : new Error(String(error)) });
        scheduleFlush(isVisible(tag));
      },
    }).then(
      () => {
        if (toWalk.length > 0) flush();
        save();
      },
      () => undefined,
    );
    return () => {
      controller.abort();
      adoptRef.current = undefined;
      cancelFrame?.();
      clearTimeout(batchTimer);
      if (fresh.size > 0) save();
    };
  }, [client, repo, tags, listed]);

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

/** Runs `run` before the next paint; in a hidden tab (no frames) after a short delay. Returns a cancel. */
function nextFrame(run: () => void): () => void {
  if (typeof requestAnimationFrame === 'function' && document.visibilityState !== 'hidden') {
    const id = requestAnimationFrame(run);
    return () => cancelAnimationFrame(id);
  }
  const id = setTimeout(run, 16);
  return () => clearTimeout(id);
}

/** The rows the query cache answers for now, without a request (cachedTag); one summary per digest. */
function cachedRows(client: QueryClient, repo: string, tags: readonly string[] | undefined): Map<string, TagRowState> {
  const out = new Map<string, TagRowState>();
  const summaries = new Map<Digest, TagSummary>();
  for (const tag of tags ?? []) {
    const walked = cachedTag(client, repo, tag, { configs: true });
    if (walked?.fetched) out.set(tag, { status: 'done', summary: summaryOf(summaries, walked.digest, walked.fetched, walked.config) });
  }
  return out;
}

/** A digest's row summary, made once per digest in `summaries`: the tags that share an image share it. */
function summaryOf(summaries: Map<Digest, TagSummary>, digest: Digest, fetched: FetchedManifest, config: ImageConfig | undefined): TagSummary {
  let summary = summaries.get(digest);
  if (!summary) {
    summary = summarize(fetched, config);
    summaries.set(digest, summary);
  }
  return summary;
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

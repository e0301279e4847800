import type { QueryClient } from '@tanstack/react-query';
import type { Digest } from '@/registry/digest';
import { RegistryError } from '@/registry/errors';
import { isSingle } from '@/registry/manifests';
import { MediaType } from '@/registry/media-types';
import type { FetchedManifest, HelmChartConfig, ImageConfig, ManifestHead } from '@/registry/types';
import { Priority } from '@/lib/request-queue';
import { registryKeys } from './keys';
import { configQuery, manifestQuery, rememberManifest } from './manifests';
import { getQueue, getRegistry } from './registry-client';

/** What a tag pointer stays fresh for in the query cache (a tag is a pointer: it may move). */
export const TAG_STALE_MS = 60_000;

/** One tag resolved by the walker. */
export interface WalkedTag {
  tag: string;
  /** The digest the tag points at now, as the registry just said (or said within TAG_STALE_MS). */
  digest: Digest;
  /**
   * The manifest, unless the registry confirmed the digest the caller already knew (`known`) and the caller
   * said it needs nothing more for it (`reuse`).
   */
  fetched: FetchedManifest | undefined;
  /** The image config, for images with a JSON config when `configs` is on. */
  config: (ImageConfig & HelmChartConfig) | undefined;
  /** True when the registry confirmed `known`'s digest for this tag (304 to If-None-Match). */
  confirmed: boolean;
}

/** A tag's digest as last seen, and the media type of the manifest it named. */
export interface KnownPointer {
  digest: Digest;
  mediaType: string;
}

export interface TagWalkOptions {
  signal: AbortSignal;
  /** Tags resolved at once; every request still goes through the shared queue of six. */
  concurrency?: number;
  /**
   * The tags to take first, asked again each time a worker is free (the rows in view right now): a row that
   * scrolls into view goes before the background.
   */
  first?: () => readonly string[];
  /** Queue priority of a tag's requests; by default Priority.visible for `first` tags, else background. */
  priority?: (tag: string) => number;
  /**
   * Where each tag pointed when the caller saw it last (a persisted tag index), with that manifest's media
   * type: re-checked with If-None-Match, not fetched again.
   */
  known?: ReadonlyMap<string, KnownPointer>;
  /** For a confirmed known digest: true when the caller already has what it shows, so nothing more is read. */
  reuse?: (tag: string, digest: Digest) => boolean;
  /** Read image configs too (created, platform). */
  configs?: boolean;
  onTag?: (result: WalkedTag) => void | Promise<void>;
  onError?: (tag: string, error: unknown) => void;
}

function aborted(signal: AbortSignal): never {
  throw signal.reason ?? new DOMException('Aborted', 'AbortError');
}

/** The digest of an image's JSON config (what `configs` reads), or undefined for anything else. */
function jsonConfigDigest(fetched: FetchedManifest): Digest | undefined {
  const m = fetched.manifest;
  return isSingle(m) && (m.config.mediaType === MediaType.OciConfig || m.config.mediaType === MediaType.DockerConfig) ? m.config.digest : undefined;
}

/**
 * Where a tag points now, in one request: a GET by tag when its digest is not known (the registry sends
 * Docker-Content-Digest and the body together, where a HEAD would need a second GET), a conditional GET when
 * it is (304 when the tag has not moved, the new manifest when it has). A pointer read within TAG_STALE_MS is
 * not asked again. The manifest a GET brought is stored under its digest for every other tag that shares it.
 */
export async function resolveTag(
  client: QueryClient,
  repo: string,
  tag: string,
  { priority = Priority.visible, known }: { priority?: number; known?: KnownPointer } = {},
): Promise<{ digest: Digest; fetched: FetchedManifest | undefined }> {
  const key = registryKeys.tag(repo, tag);
  let fetched: FetchedManifest | undefined;
  const head = await client.fetchQuery<ManifestHead>({
    queryKey: key,
    staleTime: TAG_STALE_MS,
    queryFn: async ({ signal }) => {
      // the pointer this session read before, else the one from the last visit
      const previous = client.getQueryData<ManifestHead>(key);
      const since: KnownPointer | undefined = previous?.digest ? { digest: previous.digest, mediaType: previous.mediaType } : known;
      const registry = getRegistry();
      const answer = await getQueue().add(
        () => (since ? registry.getManifestIfChanged(repo, tag, since.digest, { signal }) : registry.getManifest(repo, tag, { signal })),
        { priority, signal },
      );
      if (answer === 'not-modified') {
        const cached = client.getQueryData<FetchedManifest>(registryKeys.manifest(repo, since!.digest));
        return { digest: since!.digest, mediaType: cached?.manifest.mediaType ?? since!.mediaType, size: cached?.size };
      }
      fetched = answer;
      rememberManifest(client, repo, answer);
      return { digest: answer.digest, mediaType: answer.manifest.mediaType, size: answer.size };
    },
  });
  if (!head.digest) throw new RegistryError({ kind: 'malformed', message: 'the registry sent no Docker-Content-Digest' });
  return { digest: head.digest, fetched };
}

/**
 * What the walk would answer for `tag` without a request, read synchronously from the query cache: a pointer
 * read within TAG_STALE_MS (which resolveTag would not ask again), the manifest it names, and its image config
 * when `configs` is on and the image has one. Undefined when any of them is missing or the pointer is stale. A
 * page that renders again (back to the list in the same tab) shows these rows in its first commit.
 */
export function cachedTag(client: QueryClient, repo: string, tag: string, { configs = false }: { configs?: boolean } = {}): WalkedTag | undefined {
  const pointer = client.getQueryState<ManifestHead>(registryKeys.tag(repo, tag));
  const digest = pointer?.data?.digest;
  if (!digest || pointer.isInvalidated || Date.now() - pointer.dataUpdatedAt > TAG_STALE_MS) return undefined;
  const fetched = client.getQueryData<FetchedManifest>(registryKeys.manifest(repo, digest));
  if (!fetched) return undefined;
  const configDigest = configs ? jsonConfigDigest(fetched) : undefined;
  let config: WalkedTag['config'];
  if (configDigest) {
    config = client.getQueryData<ImageConfig & HelmChartConfig>(registryKeys.config(repo, configDigest));
    if (!config) return undefined;
  }
  return { tag, digest, fetched, config, confirmed: false };
}

/**
 * The one walk from tags to manifests (and image configs): visible rows first, one result per tag as soon as
 * it is known, one pool of workers over the shared request queue, and cancellation through `signal`. Each tag
 * costs one request (see resolveTag); each distinct manifest and config is read once through the query cache
 * (and the persisted store), so tags sharing a digest share the work and a revisit reads nothing twice.
 * Resolves when every tag has been reported to `onTag` or `onError`; rejects only when `signal` aborts.
 */
export async function walkTags(client: QueryClient, repo: string, tags: readonly string[], options: TagWalkOptions): Promise<void> {
  const { signal, concurrency = 12, first = () => [], known, reuse, configs = false, onTag, onError } = options;
  const remaining = new Set(tags);
  const firstSet = () => new Set(first());
  const priorityOf = options.priority ?? ((tag: string) => (firstSet().has(tag) ? Priority.visible : Priority.background));

  const take = (): string | undefined => {
    for (const t of first()) {
      if (remaining.delete(t)) return t;
    }
    const next = remaining.values().next();
    if (next.done) return undefined;
    remaining.delete(next.value);
    return next.value;
  };

  // queries this walk started and that have not settled: cancelled when the walk is, unless something shows them
  const inFlight = new Set<readonly unknown[]>();
  const tracked = async <T,>(queryKey: readonly unknown[], run: () => Promise<T>): Promise<T> => {
    inFlight.add(queryKey);
    try {
      return await run();
    } finally {
      inFlight.delete(queryKey);
    }
  };
  const cancel = () => {
    for (const queryKey of inFlight) {
      const query = client.getQueryCache().find({ queryKey, exact: true });
      if (query && query.getObserversCount() === 0) void client.cancelQueries({ queryKey, exact: true });
    }
  };
  signal.addEventListener('abort', cancel, { once: true });

  const one = async (tag: string): Promise<WalkedTag> => {
    const priority = priorityOf(tag);
    const last = known?.get(tag);
    const r = await tracked(registryKeys.tag(repo, tag), () => resolveTag(client, repo, tag, { priority, ...(last ? { known: last } : {}) }));
    const confirmed = r.digest === last?.digest && !r.fetched;
    let fetched = r.fetched;
    if (!fetched && !(confirmed && reuse?.(tag, r.digest))) {
      const q = manifestQuery(repo, r.digest, priority);
      fetched = await tracked(q.queryKey, () => client.fetchQuery(q));
    }
    let config: WalkedTag['config'];
    const configDigest = configs && fetched ? jsonConfigDigest(fetched) : undefined;
    if (configDigest) {
      const q = configQuery(repo, configDigest, priority);
      config = await tracked(q.queryKey, () => client.fetchQuery(q));
    }
    return { tag, digest: r.digest, fetched, config, confirmed };
  };

  // more workers than connections (the queue allows six), so a request is always waiting when one ends: a
  // worker also spends time on the persisted store and on hashing between its requests
  const worker = async () => {
    for (let tag = take(); tag !== undefined; tag = take()) {
      if (signal.aborted) aborted(signal);
      let result: WalkedTag;
      try {
        result = await one(tag);
      } catch (error) {
        if (signal.aborted) aborted(signal);
        onError?.(tag, error);
        continue;
      }
      if (signal.aborted) aborted(signal);
      await onTag?.(result);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, tags.length)) }, worker));
  } finally {
    signal.removeEventListener('abort', cancel);
  }
}

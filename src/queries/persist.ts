import type { QueryFunctionContext, QueryKey } from '@tanstack/react-query';
import { openIdbStore, type PersistStore } from '@/lib/persist-store';
import { parseManifest } from '@/registry/manifests';
import { isRegistryError } from '@/registry/errors';
import type { Digest } from '@/registry/digest';
import type { FetchedManifest } from '@/registry/types';
import { getRegistry } from './registry-client';

/*
 * What survives a visit: manifests and config blobs, which a digest identifies for good (a digest is an
 * identity), keyed by registry, repository and digest; and, per registry and repository, the tag index of the
 * last visit (tag → digest and the row it led to), which a revisit shows at once, marked as being re-checked,
 * until one request per tag confirms or corrects each row. The index is a memory of pointers, never an
 * answer: nothing acts on it (a delete re-reads the tag), and the catalog is never stored.
 */

let store: PersistStore | undefined;
let installed = false;

/** The store of this tab; `undefined` without IndexedDB (jsdom, some private modes). */
function getStore(): PersistStore | undefined {
  if (!installed) {
    installed = true;
    store = typeof globalThis.indexedDB === 'undefined' ? undefined : openIdbStore();
  }
  return store;
}

// opened as soon as the pages that read it load, so the first read does not wait for it
getStore();

/** Tests install a store on fake-indexeddb, or none. */
export function setPersistStoreForTests(next: PersistStore | undefined): void {
  store = next;
  installed = true;
}

/** Forgets everything stored, e.g. when the user signs out of a registry that needs credentials. */
export async function clearPersisted(): Promise<void> {
  await getStore()?.clear();
}

type Kind = 'manifest' | 'config' | 'tag-index';

/**
 * Forgets the tag index of every repository of every registry (a memory of pointers, which switching
 * registries must not carry over); manifests and configs, which a digest identifies for good, stay.
 */
export async function clearTagIndexes(): Promise<void> {
  await getStore()?.deleteWhere((key) => key.split('\n')[2] === 'tag-index');
}

function storeKey(kind: Kind, repo: string, digest: string): string {
  return [getRegistry().baseUrl || '/', repo, kind, digest].join('\n');
}

/** Only bytes whose sha256 the client checked are stored: an unverified body must not outlive the visit. */
function verifiable(digest: string): boolean {
  return digest.startsWith('sha256:');
}

interface StoredManifest {
  raw: string;
  mediaType: string;
  digestComputed: boolean;
  size: number;
}

const codecs = {
  manifest: {
    encode: (m: FetchedManifest): string =>
      JSON.stringify({ raw: m.raw, mediaType: m.manifest.mediaType, digestComputed: m.digestComputed, size: m.size } satisfies StoredManifest),
    // parsed again, so a parser fix applies to what was stored before it
    decode: (text: string, digest: Digest): FetchedManifest => {
      const s = JSON.parse(text) as StoredManifest;
      return { digest, digestComputed: s.digestComputed, manifest: parseManifest(s.raw, s.mediaType), size: s.size, raw: s.raw };
    },
  },
  config: {
    encode: (c: unknown): string => JSON.stringify(c),
    decode: (text: string): unknown => JSON.parse(text),
  },
};

/** Stores a manifest fetched by any reference under its digest. */
export function persistManifest(repo: string, fetched: FetchedManifest): void {
  if (!verifiable(fetched.digest)) return;
  getStore()?.put(storeKey('manifest', repo, fetched.digest), codecs.manifest.encode(fetched));
}

/**
 * A query function for digest-addressed data: the first fetch of a session looks in the store before the
 * network; a refetch (after a delete, or a retry) always asks the registry, and a 404 forgets the entry.
 */
function persisted<T>(kind: Kind, repo: string, digest: Digest, fetchFromRegistry: (signal: AbortSignal) => Promise<T>) {
  return async ({ client, queryKey, signal }: QueryFunctionContext<QueryKey>): Promise<T> => {
    const s = verifiable(digest) ? getStore() : undefined;
    const key = storeKey(kind, repo, digest);
    if (s && client.getQueryState(queryKey)?.dataUpdatedAt === 0) {
      const text = await s.get(key);
      if (text !== undefined) {
        try {
          return (kind === 'manifest' ? codecs.manifest.decode(text, digest) : codecs.config.decode(text)) as T;
        } catch {
          s.delete(key);
        }
      }
    }
    try {
      const value = await fetchFromRegistry(signal);
      s?.put(key, kind === 'manifest' ? codecs.manifest.encode(value as FetchedManifest) : codecs.config.encode(value));
      return value;
    } catch (e) {
      if (s && isRegistryError(e) && e.kind === 'not-found') s.delete(key);
      throw e;
    }
  };
}

/** The query function of `manifestQuery`. */
export function persistedManifest(repo: string, digest: Digest, fetchFromRegistry: (signal: AbortSignal) => Promise<FetchedManifest>) {
  return persisted('manifest', repo, digest, fetchFromRegistry);
}

/** The query function of `configQuery`. */
export function persistedConfig<T>(repo: string, digest: Digest, fetchFromRegistry: (signal: AbortSignal) => Promise<T>) {
  return persisted<T>('config', repo, digest, fetchFromRegistry);
}

/** One row of the persisted tag index: where the tag pointed, and what the page showed for it. */
export interface TagIndexEntry<T> {
  digest: Digest;
  summary: T;
}

const TAG_INDEX_VERSION = 1;
// the index is given up on after this long (a miss answers in milliseconds): a store that does not answer (an
// upgrade blocked by another tab) then counts as no index. Nothing waits for it: the walk starts with tags/list
const TAG_INDEX_WAIT_MS = 1_000;

/**
 * The tag index of `repo` from the last visit, or undefined (none, unreadable, or not read within
 * TAG_INDEX_WAIT_MS). `valid` checks each stored summary's shape, since a build may change it.
 */
export async function loadTagIndex<T>(repo: string, valid: (summary: unknown) => summary is T): Promise<Map<string, TagIndexEntry<T>> | undefined> {
  const s = getStore();
  if (!s) return undefined;
  const key = storeKey('tag-index', repo, '');
  let timer: ReturnType<typeof setTimeout> | undefined;
  const text = await Promise.race([s.get(key), new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), TAG_INDEX_WAIT_MS)))]);
  clearTimeout(timer);
  if (text === undefined) return undefined;
  try {
    const stored = JSON.parse(text) as { v?: number; tags?: Record<string, { d?: unknown; s?: unknown }> };
    if (stored.v !== TAG_INDEX_VERSION || !stored.tags || typeof stored.tags !== 'object') return undefined;
    const out = new Map<string, TagIndexEntry<T>>();
    for (const [tag, e] of Object.entries(stored.tags)) {
      if (typeof e?.d === 'string' && verifiable(e.d) && valid(e.s)) out.set(tag, { digest: e.d as Digest, summary: e.s });
    }
    return out;
  } catch {
    s.delete(key);
    return undefined;
  }
}

/** Replaces the tag index of `repo` (the tags it lists now, each with its digest and row). */
export function saveTagIndex<T>(repo: string, entries: Iterable<[string, TagIndexEntry<T>]>): void {
  const s = getStore();
  if (!s) return;
  const tags: Record<string, { d: string; s: T }> = {};
  for (const [tag, e] of entries) if (verifiable(e.digest)) tags[tag] = { d: e.digest, s: e.summary };
  s.put(storeKey('tag-index', repo, ''), JSON.stringify({ v: TAG_INDEX_VERSION, tags }));
}

import type { QueryFunctionContext, QueryKey } from '@tanstack/react-query';
import { openIdbStore, type PersistStore } from '@/lib/persist-store';
import { parseManifest } from '@/registry/manifests';
import { isRegistryError } from '@/registry/errors';
import type { Digest } from '@/registry/digest';
import type { FetchedManifest } from '@/registry/types';
import { getRegistry } from './registry-client';

/*
 * What survives a visit: manifests and config blobs, which a digest identifies for good (a digest is an
 * identity). Tags and the catalog are pointers and lists that change under us: never stored. Entries are keyed
 * by registry, repository and digest; a revisit then needs only the HEADs that say where each tag points now.
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

type Kind = 'manifest' | 'config';

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

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { getRuntimeConfig } from '@/config/runtime-config';
import { registryKeys } from '@/queries/keys';
import { tagsQuery } from '@/queries/tags';
import { Priority } from '@/lib/request-queue';

const MAX_REMEMBERED = 10_000;

function storageKeys() {
  const registry = getRuntimeConfig().registryUrl || '/';
  return { hide: `registry-ui.hideEmptyRepositories:${registry}`, known: `registry-ui.emptyRepositories:${registry}` };
}

function read(key: string): string | null {
  try {
    return globalThis.localStorage?.getItem(key) ?? null;
  } catch {
    return null; // storage can be disabled
  }
}

function write(key: string, value: string): void {
  try {
    globalThis.localStorage?.setItem(key, value);
  } catch {
    // not remembered, still applied
  }
}

function readNames(key: string): string[] {
  try {
    const v: unknown = JSON.parse(read(key) ?? '[]');
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/** The repository a `tagsQuery` key belongs to, or undefined for any other key. */
function tagsKeyRepository(key: QueryKey): string | undefined {
  const name = key[2];
  if (typeof name !== 'string') return undefined;
  const expected = registryKeys.tags(name);
  return key.length === expected.length && expected.every((part, i) => key[i] === part) ? name : undefined;
}

/**
 * Repositories whose tag list came back empty: every tag was deleted, and the V2 API cannot delete the
 * repository itself. They are learned as tag counts load, remembered in this browser with the choice to
 * hide them, and checked again in the background when hidden (a push may have brought tags back).
 */
export function useEmptyRepositories(names: readonly string[]) {
  const client = useQueryClient();
  const keys = useMemo(() => storageKeys(), []);
  const [hide, setHideState] = useState(() => read(keys.hide) === 'true');
  const [empty, setEmpty] = useState<ReadonlySet<string>>(() => new Set(readNames(keys.known)));

  useEffect(() => {
    const learn = (name: string, data: unknown) => {
      if (!Array.isArray(data)) return;
      setEmpty((prev) => {
        const isEmpty = data.length === 0;
        if (prev.has(name) === isEmpty) return prev;
        const next = new Set(prev);
        if (isEmpty) next.add(name);
        else next.delete(name);
        write(keys.known, JSON.stringify([...next].slice(-MAX_REMEMBERED)));
        return next;
      });
    };
    const cache = client.getQueryCache();
    for (const q of cache.getAll()) {
      const name = tagsKeyRepository(q.queryKey);
      if (name && q.state.status === 'success') learn(name, q.state.data);
    }
    return cache.subscribe((event) => {
      if (event.type !== 'updated' || event.action.type !== 'success') return;
      const name = tagsKeyRepository(event.query.queryKey);
      if (name) learn(name, event.query.state.data);
    });
  }, [client, keys]);

  // names remembered as empty are hidden before they are read again: read them, once, in the background
  const revalidated = useRef(new Set<string>());
  useEffect(() => {
    if (!hide) return;
    for (const name of names) {
      if (empty.has(name) && !revalidated.current.has(name)) {
        revalidated.current.add(name);
        void client.prefetchQuery(tagsQuery(name, Priority.background));
      }
    }
  }, [client, hide, names, empty]);

  const setHide = useCallback(
    (value: boolean) => {
      write(keys.hide, String(value));
      setHideState(value);
    },
    [keys],
  );

  const visible = useMemo(() => (hide ? names.filter((n) => !empty.has(n)) : names), [hide, names, empty]);
  const emptyCount = useMemo(() => names.reduce((n, name) => n + (empty.has(name) ? 1 : 0), 0), [names, empty]);
  return { hide, setHide, visible, hiddenCount: names.length - visible.length, emptyCount };
}

export type EmptyRepositories = ReturnType<typeof useEmptyRepositories>;

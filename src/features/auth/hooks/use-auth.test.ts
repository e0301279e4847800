import { QueryClient } from '@tanstack/react-query';
import { IDBFactory } from 'fake-indexeddb';
import { openIdbStore } from '@/lib/persist-store';
import { loadTagIndex, saveTagIndex, setPersistStoreForTests } from '@/queries/persist';
import type { Digest } from '@/registry/digest';
import { signOut } from './use-auth';

afterEach(() => setPersistStoreForTests(undefined));

it('signing out forgets the tag index of the last visits, with everything else kept across visits', async () => {
  const store = openIdbStore({ indexedDB: new IDBFactory() });
  setPersistStoreForTests(store);
  const isString = (s: unknown): s is string => typeof s === 'string';
  const digest = `sha256:${'b'.repeat(64)}` as Digest;
  saveTagIndex('demo/alpine', [['latest', { digest, summary: 'row' }]]);
  store.put('a manifest', '{}');
  await store.flush();
  expect((await loadTagIndex('demo/alpine', isString))?.get('latest')?.digest).toBe(digest);
  await signOut(new QueryClient());
  expect(await loadTagIndex('demo/alpine', isString)).toBeUndefined();
  expect(await store.get('a manifest')).toBeUndefined();
  store.close();
});

// @vitest-environment node
import { IDBFactory } from 'fake-indexeddb';
import { openIdbStore } from './persist-store';

describe('openIdbStore', () => {
  it('keeps values across instances of the same database, like a revisit', async () => {
    const indexedDB = new IDBFactory();
    const first = openIdbStore({ indexedDB });
    first.put('a', 'alpha');
    expect(await first.get('a')).toBe('alpha'); // answered before the write is flushed
    await first.flush();
    first.close();
    const second = openIdbStore({ indexedDB });
    expect(await second.get('a')).toBe('alpha');
    expect(await second.get('b')).toBeUndefined();
  });

  it('answers many reads in one go', async () => {
    const store = openIdbStore({ indexedDB: new IDBFactory() });
    for (let i = 0; i < 500; i++) store.put(`k${i}`, `v${i}`);
    await store.flush();
    const values = await Promise.all(Array.from({ length: 500 }, (_, i) => store.get(`k${i}`)));
    expect(values).toEqual(Array.from({ length: 500 }, (_, i) => `v${i}`));
  });

  it('deletes', async () => {
    const store = openIdbStore({ indexedDB: new IDBFactory() });
    store.put('a', 'alpha');
    await store.flush();
    store.delete('a');
    expect(await store.get('a')).toBeUndefined();
    await store.flush();
    expect(await store.usage()).toEqual({ entries: 0, size: 0 });
  });

  it('stays within its size, evicting the least recently used first', async () => {
    let clock = 1_000_000_000;
    const now = () => clock;
    const indexedDB = new IDBFactory();
    const store = openIdbStore({ indexedDB, maxSize: 1_000, now });
    for (let i = 0; i < 5; i++) {
      clock += 2 * 60 * 60_000; // far enough apart that a read refreshes recency
      store.put(`k${i}`, 'x'.repeat(150));
      await store.flush();
    }
    // k0 is read again: it is now more recent than k1..k4
    clock += 2 * 60 * 60_000;
    expect(await store.get('k0')).toBeDefined();
    await store.flush();
    for (let i = 5; i < 10; i++) {
      clock += 2 * 60 * 60_000;
      store.put(`k${i}`, 'x'.repeat(150));
      await store.flush();
    }
    const usage = await store.usage();
    expect(usage.size).toBeLessThanOrEqual(1_000);
    expect(await store.get('k0')).toBeDefined();
    expect(await store.get('k1')).toBeUndefined();
    expect(await store.get('k9')).toBeDefined();
  });

  it('bounds the number of entries too', async () => {
    const store = openIdbStore({ indexedDB: new IDBFactory(), maxEntries: 100 });
    for (let i = 0; i < 250; i++) store.put(`k${i}`, 'v');
    await store.flush();
    expect((await store.usage()).entries).toBeLessThanOrEqual(100);
  });

  it('stores nothing, and fails nothing, without IndexedDB', async () => {
    const store = openIdbStore({ indexedDB: undefined });
    store.put('a', 'alpha');
    await store.flush();
    // without a database the pending write is still the best answer for this tab
    expect(await openIdbStore({}).get('a')).toBeUndefined();
    expect(await store.usage()).toEqual({ entries: 0, size: 0 });
  });

  it('clears', async () => {
    const store = openIdbStore({ indexedDB: new IDBFactory() });
    store.put('a', 'alpha');
    await store.flush();
    await store.clear();
    expect(await store.get('a')).toBeUndefined();
  });

  it('deletes the entries whose key matches, stored or pending, and keeps the others', async () => {
    const store = openIdbStore({ indexedDB: new IDBFactory() });
    store.put('index a', 'alpha');
    store.put('manifest b', 'beta');
    await store.flush();
    store.put('index c', 'gamma');
    await store.deleteWhere((key) => key.startsWith('index '));
    expect(await store.get('index a')).toBeUndefined();
    expect(await store.get('index c')).toBeUndefined();
    expect(await store.get('manifest b')).toBe('beta');
    await store.flush();
    expect(await store.usage()).toEqual({ entries: 1, size: 4 });
  });
});

/**
 * A small, size-bounded key → string store in IndexedDB, for data that never changes once written (registry
 * content addressed by digest). Reads are batched into one transaction per tick, writes into one transaction
 * per flush; the least recently used entries are evicted once the store grows past its bounds. Any failure
 * (no IndexedDB, private browsing, quota, a blocked upgrade) degrades to "not stored": callers fetch again.
 */
export interface PersistStore {
  /** The stored value, or undefined when absent or the store is unavailable. */
  get(key: string): Promise<string | undefined>;
  /** Stores a value; written with the next flush. */
  put(key: string, value: string): void;
  /** Removes a value; written with the next flush. */
  delete(key: string): void;
  /** Writes what is pending now. */
  flush(): Promise<void>;
  /** Removes everything. */
  clear(): Promise<void>;
  /** Removes every entry whose key matches (stored, and written but not yet flushed). */
  deleteWhere(match: (key: string) => boolean): Promise<void>;
  /** Entries and their total size (UTF-16 code units), as last counted; for tests and diagnostics. */
  usage(): Promise<{ entries: number; size: number }>;
  close(): void;
}

export interface IdbStoreOptions {
  /** Database name; the origin already scopes it. */
  name?: string;
  /** Evict least recently used entries above this total size (UTF-16 code units of the values). */
  maxSize?: number;
  /** …or above this many entries. */
  maxEntries?: number;
  /** Injected for tests (fake-indexeddb); defaults to the global one. */
  indexedDB?: IDBFactory;
  /** Give up on a database that does not open in time (an older tab blocking an upgrade). */
  openTimeoutMs?: number;
  /** How long writes wait to be batched. */
  flushDelayMs?: number;
  now?: () => number;
}

const VERSION = 1;
const DATA = 'data';
const META = 'meta';
/** A read refreshes the recency of an entry at most this often (a write per read would double the work). */
const TOUCH_AFTER_MS = 60 * 60_000;

interface Meta {
  key: string;
  size: number;
  used: number;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new DOMException('transaction aborted', 'AbortError'));
  });
}

function open(factory: IDBFactory, name: string, timeoutMs: number): Promise<IDBDatabase | undefined> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (db: IDBDatabase | undefined) => {
      if (settled) {
        db?.close();
        return;
      }
      settled = true;
      clearTimeout(timer);
      resolve(db);
    };
    const timer = setTimeout(() => settle(undefined), timeoutMs);
    let req: IDBOpenDBRequest;
    try {
      req = factory.open(name, VERSION);
    } catch {
      settle(undefined);
      return;
    }
    req.onupgradeneeded = () => {
      const db = req.result;
      // a new layout starts empty: everything here can be fetched again
      for (const store of Array.from(db.objectStoreNames)) db.deleteObjectStore(store);
      db.createObjectStore(DATA);
      db.createObjectStore(META, { keyPath: 'key' }).createIndex('used', 'used');
    };
    req.onsuccess = () => {
      const db = req.result;
      // let another tab upgrade the layout instead of blocking it
      db.onversionchange = () => db.close();
      settle(db);
    };
    req.onerror = () => settle(undefined);
    req.onblocked = () => settle(undefined);
  });
}

/** Opens (lazily, on first use) the IndexedDB store. Never throws; without IndexedDB it stores nothing. */
export function openIdbStore(options: IdbStoreOptions = {}): PersistStore {
  const {
    name = 'registry-ui-cache',
    maxSize = 64 * 1024 * 1024,
    maxEntries = 50_000,
    openTimeoutMs = 3_000,
    flushDelayMs = 250,
    now = Date.now,
  } = options;
  const factory = options.indexedDB ?? (globalThis.indexedDB as IDBFactory | undefined);
  let db: Promise<IDBDatabase | undefined> | undefined;
  const database = () => (db ??= factory ? open(factory, name, openTimeoutMs) : Promise.resolve(undefined));
  // opening takes a round trip to the browser's storage process: start it now, not at the first read
  void database();

  // key → size of every entry this tab knows of; loaded before the first write (reads never need it)
  let sizes: Map<string, number> | undefined;
  let total = 0;

  const reads = new Map<string, ((value: string | undefined) => void)[]>();
  let readScheduled = false;
  const writes = new Map<string, string | null>(); // null: delete
  const touches = new Set<string>();
  let flushTimer: ReturnType<typeof setTimeout> | undefined;
  let flushing: Promise<void> = Promise.resolve();

  const runReads = async () => {
    readScheduled = false;
    const batch = new Map(reads);
    reads.clear();
    const answer = (key: string, value: string | undefined) => {
      for (const resolve of batch.get(key) ?? []) resolve(value);
    };
    const conn = await database();
    if (!conn) {
      for (const key of batch.keys()) answer(key, undefined);
      return;
    }
    try {
      const tx = conn.transaction([DATA, META], 'readonly');
      const data = tx.objectStore(DATA);
      const meta = tx.objectStore(META);
      const stale = now() - TOUCH_AFTER_MS;
      await Promise.all(
        [...batch.keys()].map(async (key) => {
          // a value written but not yet flushed is already the answer
          const pending = writes.get(key);
          if (pending !== undefined) return answer(key, pending ?? undefined);
          const [value, m] = await Promise.all([request<unknown>(data.get(key)), request<Meta | undefined>(meta.get(key))]);
          if (typeof value === 'string' && m && m.used < stale) touches.add(key);
          answer(key, typeof value === 'string' ? value : undefined);
        }),
      );
      if (touches.size > 0) schedule();
    } catch {
      for (const key of batch.keys()) answer(key, undefined);
    }
  };

  const evict = async (conn: IDBDatabase) => {
    if (!sizes || (total <= maxSize && sizes.size <= maxEntries)) return;
    // hysteresis: evict down to 90% so the next write does not evict again
    const targetSize = maxSize * 0.9;
    const targetEntries = Math.floor(maxEntries * 0.9);
    const tx = conn.transaction([DATA, META], 'readwrite');
    const data = tx.objectStore(DATA);
    const meta = tx.objectStore(META);
    const req = meta.index('used').openCursor();
    await new Promise<void>((resolve, reject) => {
      req.onsuccess = () => {
        const cursor = req.result;
        if (!cursor || !sizes || (total <= targetSize && sizes.size <= targetEntries)) return resolve();
        const m = cursor.value as Meta;
        data.delete(m.key);
        cursor.delete();
        total -= sizes.get(m.key) ?? m.size;
        sizes.delete(m.key);
        cursor.continue();
      };
      req.onerror = () => reject(req.error);
    });
    await done(tx);
  };

  const runWrites = async () => {
    flushTimer = undefined;
    if (writes.size === 0 && touches.size === 0) return;
    const conn = await database();
    const batch = new Map(writes);
    const touched = [...touches].filter((k) => !batch.has(k));
    writes.clear();
    touches.clear();
    if (!conn) return;
    try {
      const tx = conn.transaction([DATA, META], 'readwrite');
      const data = tx.objectStore(DATA);
      const meta = tx.objectStore(META);
      if (!sizes) {
        const all = await request(meta.getAll() as IDBRequest<Meta[]>);
        sizes = new Map(all.map((m) => [m.key, m.size]));
        total = all.reduce((sum, m) => sum + m.size, 0);
      }
      const at = now();
      for (const [key, value] of batch) {
        total -= sizes.get(key) ?? 0;
        if (value === null) {
          data.delete(key);
          meta.delete(key);
          sizes.delete(key);
        } else {
          data.put(value, key);
          meta.put({ key, size: value.length, used: at } satisfies Meta);
          sizes.set(key, value.length);
          total += value.length;
        }
      }
      for (const key of touched) {
        const size = sizes.get(key);
        if (size !== undefined) meta.put({ key, size, used: at } satisfies Meta);
      }
      await done(tx);
      await evict(conn);
    } catch {
      // quota or a closed database: forget what this tab counted, and count again on the next write
      sizes = undefined;
    }
  };

  function schedule() {
    flushTimer ??= setTimeout(() => {
      flushing = flushing.then(runWrites);
    }, flushDelayMs);
  }

  return {
    get(key) {
      return new Promise((resolve) => {
        const waiting = reads.get(key);
        if (waiting) waiting.push(resolve);
        else reads.set(key, [resolve]);
        if (!readScheduled) {
          readScheduled = true;
          setTimeout(() => void runReads(), 0);
        }
      });
    },
    put(key, value) {
      writes.set(key, value);
      schedule();
    },
    delete(key) {
      writes.set(key, null);
      schedule();
    },
    async flush() {
      if (flushTimer) {
        clearTimeout(flushTimer);
        flushTimer = undefined;
      }
      flushing = flushing.then(runWrites);
      await flushing;
    },
    async clear() {
      writes.clear();
      touches.clear();
      const conn = await database();
      if (!conn) return;
      try {
        const tx = conn.transaction([DATA, META], 'readwrite');
        tx.objectStore(DATA).clear();
        tx.objectStore(META).clear();
        await done(tx);
        sizes = new Map();
        total = 0;
      } catch {
        sizes = undefined;
      }
    },
    async deleteWhere(match) {
      for (const key of [...writes.keys()]) if (match(key)) writes.delete(key);
      for (const key of [...touches]) if (match(key)) touches.delete(key);
      // a batch being written now may hold a matching key: delete after it
      await flushing;
      const conn = await database();
      if (!conn) return;
      try {
        const tx = conn.transaction([DATA, META], 'readwrite');
        const data = tx.objectStore(DATA);
        const meta = tx.objectStore(META);
        const keys = (await request(data.getAllKeys())).filter((k): k is string => typeof k === 'string' && match(k));
        for (const key of keys) {
          data.delete(key);
          meta.delete(key);
          if (sizes) {
            total -= sizes.get(key) ?? 0;
            sizes.delete(key);
          }
        }
        await done(tx);
      } catch {
        sizes = undefined;
      }
    },
    async usage() {
      await flushing;
      const conn = await database();
      if (!conn) return { entries: 0, size: 0 };
      const all = await request(conn.transaction(META, 'readonly').objectStore(META).getAll() as IDBRequest<Meta[]>);
      return { entries: all.length, size: all.reduce((sum, m) => sum + m.size, 0) };
    },
    close() {
      void database().then((conn) => conn?.close());
    },
  };
}

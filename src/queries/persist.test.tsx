import { screen, waitFor, within } from '@testing-library/react';
import { IDBFactory } from 'fake-indexeddb';
import { http, HttpResponse } from 'msw';
import { server } from '@/testing/msw/server';
import { REGISTRY, fixture, replay } from '@/testing/msw/handlers';
import { recordDeletes, withoutModalDialogs } from '@/testing/deletes';
import userEvent from '@testing-library/user-event';
import { renderApp } from '@/testing/render';
import { openIdbStore, type PersistStore } from '@/lib/persist-store';
import { setPersistStoreForTests } from './persist';

/** Every request the page sends, as `METHOD /path`, with ` (if-none-match)` when it was conditional. */
function recordRequests(): string[] {
  const log: string[] = [];
  server.events.on('request:start', ({ request }) => {
    const conditional = request.headers.get('if-none-match') ? ' (if-none-match)' : '';
    log.push(`${request.method} ${decodeURIComponent(new URL(request.url).pathname)}${conditional}`);
  });
  return log;
}

/** The status of every registry answer, as `METHOD /path status`. */
function recordAnswers(): string[] {
  const log: string[] = [];
  server.events.on('response:mocked', ({ request, response }) => {
    log.push(`${request.method} ${decodeURIComponent(new URL(request.url).pathname)} ${response.status}`);
  });
  return log;
}

/**
 * The store, with tags/list held until the page has read the tag index from it: the order of a browser, where
 * the index is read while the route's chunk and tags/list are on their way. (The walk does not wait for the
 * index; when tags/list wins, the first tags are fetched in full: see the test of a slow store.)
 */
function indexReadFirst(store: PersistStore): PersistStore {
  let read!: () => void;
  const indexRead = new Promise<void>((r) => (read = r));
  server.use(
    http.get(`${REGISTRY}/v2/*`, async ({ request }) => {
      if (new URL(request.url).pathname.endsWith('/tags/list')) await indexRead;
      return undefined;
    }),
  );
  return {
    ...store,
    get: async (key) => {
      const value = await store.get(key);
      if (key.includes('\ntag-index\n')) read();
      return value;
    },
  };
}

/** One visit of a tag list: a fresh page (query cache, request queue) over the same browser storage. */
async function visitTags(path: string, db: IDBFactory, tagCount: number, check?: () => void): Promise<{ requests: string[]; answers: string[]; store: PersistStore }> {
  const store = indexReadFirst(openIdbStore({ indexedDB: db }));
  setPersistStoreForTests(store);
  const requests = recordRequests();
  const answers = recordAnswers();
  const view = renderApp(path);
  await screen.findByText(new RegExp(`^${tagCount} of ${tagCount} tags?$`));
  await waitFor(() => expect(screen.queryByRole('progressbar')).not.toBeInTheDocument());
  await waitFor(() => expect(screen.queryAllByText('Loading…')).toHaveLength(0));
  // what the page shows once every row is re-checked
  check?.();
  await store.flush();
  view.unmount();
  server.events.removeAllListeners();
  store.close();
  // the repository's own requests (the app shell may ping /v2/ for credentials)
  const own = (r: string) => r.includes(path.replace(/^\/r\//, '/v2/') + '/');
  return { requests: requests.filter(own).sort(), answers: answers.filter(own).sort(), store };
}

withoutModalDialogs();

const GETS_BY_DIGEST = /^GET \/v2\/.+\/(manifests|blobs)\/sha256:/;

describe('manifests and configs kept across visits', () => {
  afterEach(() => setPersistStoreForTests(undefined));

  it('a cold visit GETs each tag once (digest and body in one answer): no HEAD, no second GET by digest', async () => {
    const cold = await visitTags('/r/demo/alpine', new IDBFactory(), 3);
    // 3.19 and latest share a digest and an image: one config GET for the two of them
    expect(cold.requests).toEqual([
      'GET /v2/demo/alpine/blobs/sha256:57f7aeee3028d87a911ace1d6a4a1b4ac722f08346fb7306beb98d0539eca9e0',
      'GET /v2/demo/alpine/blobs/sha256:d6484a00990cbef0916e8140911a05a645a0a9593e5ab0994c79511c25171d07',
      'GET /v2/demo/alpine/manifests/3.18',
      'GET /v2/demo/alpine/manifests/3.19',
      'GET /v2/demo/alpine/manifests/latest',
      'GET /v2/demo/alpine/tags/list',
    ]);
  });

  it('a warm revisit re-checks each tag with one conditional GET, answered 304, and reads no manifest or config', async () => {
    const db = new IDBFactory();
    await visitTags('/r/demo/alpine', db, 3);
    const warm = await visitTags('/r/demo/alpine', db, 3);
    expect(warm.requests).toEqual([
      'GET /v2/demo/alpine/manifests/3.18 (if-none-match)',
      'GET /v2/demo/alpine/manifests/3.19 (if-none-match)',
      'GET /v2/demo/alpine/manifests/latest (if-none-match)',
      'GET /v2/demo/alpine/tags/list',
    ]);
    expect(warm.answers).toEqual([
      'GET /v2/demo/alpine/manifests/3.18 304',
      'GET /v2/demo/alpine/manifests/3.19 304',
      'GET /v2/demo/alpine/manifests/latest 304',
      'GET /v2/demo/alpine/tags/list 200',
    ]);
    // and the rows show what the cold visit showed, no longer marked as being re-checked
    expect(screen.queryByText('Loading…')).not.toBeInTheDocument();
  });

  it('a visit does not wait for a store that has not answered: the walk starts with tags/list, and the index merges when it comes', async () => {
    const db = new IDBFactory();
    await visitTags('/r/demo/alpine', db, 3);
    const idb = openIdbStore({ indexedDB: db });
    // the index read answers only when released (an upgrade blocked by another tab, a busy disk)
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    setPersistStoreForTests({
      ...idb,
      get: async (key) => {
        if (key.includes('\ntag-index\n')) await released;
        return idb.get(key);
      },
    });
    const at = new Map<string, number>();
    server.events.on('request:start', ({ request }) => {
      const path = new URL(request.url).pathname;
      if (!at.has(path)) at.set(path, performance.now());
    });
    server.events.on('response:mocked', ({ request }) => {
      const path = `${new URL(request.url).pathname} answered`;
      if (!at.has(path)) at.set(path, performance.now());
    });
    const view = renderApp('/r/demo/alpine');
    await screen.findByText(/^3 of 3 tags$/);
    await waitFor(() => expect(screen.queryAllByText('Loading…')).toHaveLength(0));
    // every row known from the registry while the store still says nothing (it used to wait 1 s for it)
    const listed = at.get('/v2/demo/alpine/tags/list answered')!;
    const firstTag = at.get('/v2/demo/alpine/manifests/3.18')!;
    expect(firstTag - listed).toBeLessThan(500);
    expect(within(screen.getByRole('row', { name: /^3\.18/ })).getByRole('link', { name: 'b3fb1619df87' })).toBeInTheDocument();
    release();
    // the index, read late, changes nothing the registry has answered
    await new Promise((r) => setTimeout(r, 100));
    expect(screen.getByRole('row', { name: /^latest/ })).not.toHaveAttribute('aria-busy');
    view.unmount();
    server.events.removeAllListeners();
    idb.close();
  });

  it('a warm revisit shows the last visit\'s rows before the registry has answered anything, marked as re-checked', async () => {
    const db = new IDBFactory();
    await visitTags('/r/demo/alpine', db, 3);
    const store = openIdbStore({ indexedDB: db });
    setPersistStoreForTests(store);
    // the registry holds every answer until released
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const answered: string[] = [];
    server.use(
      http.all(`${REGISTRY}/v2/demo/alpine/*`, async () => {
        await released;
        return undefined;
      }),
    );
    server.events.on('response:mocked', ({ request }) => answered.push(new URL(request.url).pathname));
    const view = renderApp('/r/demo/alpine');
    const row = await screen.findByRole('row', { name: /^3\.18/ });
    expect(answered.filter((p) => p.startsWith('/v2/demo/alpine/'))).toEqual([]);
    expect(row).toHaveAttribute('aria-busy', 'true');
    expect(within(row).getByRole('link', { name: 'b3fb1619df87' })).toBeInTheDocument();
    expect(screen.getByText('3 rows from your last visit, being re-checked')).toBeInTheDocument();
    release();
    await waitFor(() => expect(screen.getByRole('row', { name: /^3\.18/ })).not.toHaveAttribute('aria-busy'));
    await waitFor(() => expect(screen.queryByText(/from your last visit/)).not.toBeInTheDocument());
    await store.flush();
    view.unmount();
    server.events.removeAllListeners();
    store.close();
  });

  it('a tag that moved since the last visit shows its new digest after the re-check, from that one request', async () => {
    const db = new IDBFactory();
    await visitTags('/r/demo/alpine', db, 3);
    // latest now points where 3.18 points: the conditional GET brings that manifest (200), no GET by digest
    server.use(http.get(`${REGISTRY}/v2/demo/alpine/manifests/latest`, () => replay(fixture('manifest-get-alpine-3.18'))));
    const warm = await visitTags('/r/demo/alpine', db, 3, () => {
      const row = screen.getByRole('row', { name: /^latest/ });
      expect(row).not.toHaveAttribute('aria-busy');
      // 3.18's digest, where the last visit showed 3.19's
      expect(within(row).getByRole('link', { name: 'b3fb1619df87' })).toBeInTheDocument();
      expect(within(row).queryByRole('link', { name: '666e8ad03ecf' })).not.toBeInTheDocument();
    });
    expect(warm.requests.filter((r) => GETS_BY_DIGEST.test(r))).toEqual([]);
    expect(warm.answers).toContain('GET /v2/demo/alpine/manifests/latest 200');
  });

  it('a tag that moved since the last visit is deleted by its new digest, even while its row still shows the old one', async () => {
    const db = new IDBFactory();
    await visitTags('/r/demo/alpine', db, 3);
    const store = indexReadFirst(openIdbStore({ indexedDB: db }));
    setPersistStoreForTests(store);
    const D318 = 'sha256:b3fb1619df8761f03c227a8ae49a6f27b0d8dffb422ead97f00f8e1e8941f5e6';
    const D319 = 'sha256:666e8ad03ecfcfa547fe87bafdcf7d329b04f70fe361ad9158b95c1c50d9edf6';
    // latest moved to 3.18's manifest; the re-check of its row is held until released, so the row keeps the
    // old digest while the delete dialog opens (the dialog's own read of the tag joins that request)
    const deletes = recordDeletes();
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    server.use(
      http.get(`${REGISTRY}/v2/demo/alpine/manifests/latest`, async ({ request }) => {
        if (request.headers.get('if-none-match')) await released;
        return replay(fixture('manifest-get-alpine-3.18'));
      }),
      http.head(`${REGISTRY}/v2/demo/alpine/manifests/latest`, () => replay(fixture('manifest-head-alpine-3.18'))),
    );
    const view = renderApp('/r/demo/alpine', { config: { deleteImages: true } });
    expect(await within(await screen.findByRole('row', { name: /^latest/ })).findByRole('link', { name: D319.slice(7, 19) })).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('row', { name: /^3\.18/ })).not.toHaveAttribute('aria-busy'));
    expect(screen.getByRole('row', { name: /^latest/ })).toHaveAttribute('aria-busy', 'true');
    const user = userEvent.setup();
    await user.click(within(screen.getByRole('row', { name: /^latest/ })).getByRole('button', { name: 'Delete tag latest' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).queryByTestId('delete-digest')).toBeNull();
    release();
    expect(await within(dialog).findByTestId('delete-digest', undefined, { timeout: 10_000 })).toHaveTextContent(D318);
    await user.click(await within(dialog).findByRole('button', { name: /^Delete/ }));
    await waitFor(() => expect(deletes).toEqual([D318]));
    view.unmount();
    server.events.removeAllListeners();
    store.close();
  });

  it('an index costs one request per tag on the tag list; its platforms are fetched only when shown', async () => {
    server.use(http.get(`${REGISTRY}/v2/demo/multiarch/tags/list`, () => HttpResponse.json({ name: 'demo/multiarch', tags: ['latest', '1.0'] })));
    const cold = await visitTags('/r/demo/multiarch', new IDBFactory(), 2);
    expect(cold.requests).toEqual(['GET /v2/demo/multiarch/manifests/1.0', 'GET /v2/demo/multiarch/manifests/latest', 'GET /v2/demo/multiarch/tags/list']);
  });
});

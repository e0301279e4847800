import { screen, waitFor } from '@testing-library/react';
import { IDBFactory } from 'fake-indexeddb';
import { http, HttpResponse } from 'msw';
import { server } from '@/testing/msw/server';
import { REGISTRY } from '@/testing/msw/handlers';
import { renderApp } from '@/testing/render';
import { openIdbStore, type PersistStore } from '@/lib/persist-store';
import { setPersistStoreForTests } from './persist';

/** Every request the page sends, as `METHOD /path`. */
function recordRequests(): string[] {
  const log: string[] = [];
  server.events.on('request:start', ({ request }) => {
    log.push(`${request.method} ${decodeURIComponent(new URL(request.url).pathname)}`);
  });
  return log;
}

/** One visit of a tag list: a fresh page (query cache, request queue) over the same browser storage. */
async function visitTags(path: string, db: IDBFactory, tagCount: number): Promise<{ requests: string[]; store: PersistStore }> {
  const store = openIdbStore({ indexedDB: db });
  setPersistStoreForTests(store);
  const requests = recordRequests();
  const view = renderApp(path);
  await screen.findByText(new RegExp(`^${tagCount} of ${tagCount} tags?$`));
  await waitFor(() => expect(screen.queryByRole('progressbar')).not.toBeInTheDocument());
  await waitFor(() => expect(screen.queryAllByText('Loading…')).toHaveLength(0));
  await store.flush();
  view.unmount();
  server.events.removeAllListeners();
  store.close();
  // the repository's own requests (the app shell may ping /v2/ for credentials)
  return { requests: requests.filter((r) => r.includes(path.replace(/^\/r\//, '/v2/') + '/')).sort(), store };
}

const GETS_BY_DIGEST = /^GET \/v2\/.+\/(manifests|blobs)\/sha256:/;

describe('manifests and configs kept across visits', () => {
  afterEach(() => setPersistStoreForTests(undefined));

  it('a warm revisit of a tag list sends only HEADs for its tags, no GET for a manifest or config already seen', async () => {
    const db = new IDBFactory();
    const cold = await visitTags('/r/demo/alpine', db, 3);
    // 3.19 and latest share a digest: one manifest GET and one config GET for the two of them
    expect(cold.requests).toEqual([
      'GET /v2/demo/alpine/blobs/sha256:57f7aeee3028d87a911ace1d6a4a1b4ac722f08346fb7306beb98d0539eca9e0',
      'GET /v2/demo/alpine/blobs/sha256:d6484a00990cbef0916e8140911a05a645a0a9593e5ab0994c79511c25171d07',
      'GET /v2/demo/alpine/manifests/sha256:666e8ad03ecfcfa547fe87bafdcf7d329b04f70fe361ad9158b95c1c50d9edf6',
      'GET /v2/demo/alpine/manifests/sha256:b3fb1619df8761f03c227a8ae49a6f27b0d8dffb422ead97f00f8e1e8941f5e6',
      'GET /v2/demo/alpine/tags/list',
      'HEAD /v2/demo/alpine/manifests/3.18',
      'HEAD /v2/demo/alpine/manifests/3.19',
      'HEAD /v2/demo/alpine/manifests/latest',
    ]);
    const warm = await visitTags('/r/demo/alpine', db, 3);
    expect(warm.requests).toEqual([
      'GET /v2/demo/alpine/tags/list',
      'HEAD /v2/demo/alpine/manifests/3.18',
      'HEAD /v2/demo/alpine/manifests/3.19',
      'HEAD /v2/demo/alpine/manifests/latest',
    ]);
    // and the rows show what the cold visit showed
    expect(screen.queryByText('Loading…')).not.toBeInTheDocument();
  });

  it('a tag moved to a digest seen before costs no GET either', async () => {
    const db = new IDBFactory();
    await visitTags('/r/demo/alpine', db, 3);
    const moved = 'sha256:b3fb1619df8761f03c227a8ae49a6f27b0d8dffb422ead97f00f8e1e8941f5e6';
    // latest now points where 3.18 points: already known, so still no GET
    server.use(
      http.head(`${REGISTRY}/v2/demo/alpine/manifests/latest`, () =>
        new HttpResponse(null, { headers: { 'docker-content-digest': moved, 'content-type': 'application/vnd.docker.distribution.manifest.v2+json' } }),
      ),
    );
    const warm = await visitTags('/r/demo/alpine', db, 3);
    expect(warm.requests.filter((r) => GETS_BY_DIGEST.test(r))).toEqual([]);
  });

  it('an index costs one fetch on the tag list; its platforms are fetched only when shown', async () => {
    server.use(http.get(`${REGISTRY}/v2/demo/multiarch/tags/list`, () => HttpResponse.json({ name: 'demo/multiarch', tags: ['latest', '1.0'] })));
    const cold = await visitTags('/r/demo/multiarch', new IDBFactory(), 2);
    expect(cold.requests).toEqual([
      'GET /v2/demo/multiarch/manifests/sha256:d2665f436b3a7ae9ba96fd7709295956733885b140d91f65339522b6d22cc8f8',
      'GET /v2/demo/multiarch/tags/list',
      'HEAD /v2/demo/multiarch/manifests/1.0',
      'HEAD /v2/demo/multiarch/manifests/latest',
    ]);
  });
});

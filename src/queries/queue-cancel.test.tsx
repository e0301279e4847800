import { render, screen, waitFor } from '@testing-library/react';
import { QueryClientProvider } from '@tanstack/react-query';
import { http, HttpResponse, delay } from 'msw';
import { server } from '@/testing/msw/server';
import { REGISTRY } from '@/testing/msw/handlers';
import { renderApp } from '@/testing/render';
import { TagCount } from '@/features/catalog/components/tag-count';
import { createQueryClient } from '@/lib/query-client';
import { initI18n } from '@/lib/i18n';
import { Priority } from '@/lib/request-queue';
import { createRegistryClient } from '@/registry/client';
import { getQueue, setRegistryForTests } from './registry-client';

function recordRequests(): string[] {
  const log: string[] = [];
  server.events.on('request:start', ({ request }) => log.push(`${request.method} ${new URL(request.url).pathname}`));
  return log;
}

afterEach(() => server.events.removeAllListeners());

describe('the request queue and the page', () => {
  it('drops the request of a row that scrolled away before its turn, without sending it', async () => {
    setRegistryForTests(createRegistryClient({ baseUrl: REGISTRY, retries: 0 }));
    const queue = getQueue();
    // six slow requests hold every connection
    let release!: () => void;
    const busy = new Promise<void>((r) => (release = r));
    const blockers = Array.from({ length: queue.concurrency }, () => queue.add(() => busy, { priority: Priority.visible }));
    const requests = recordRequests();
    const client = createQueryClient();
    initI18n('en');
    const view = render(
      <QueryClientProvider client={client}>
        <TagCount name="demo/alpine" />
      </QueryClientProvider>,
    );
    await waitFor(() => expect(queue.size).toBe(1));
    view.unmount(); // the row left the window
    await waitFor(() => expect(queue.size).toBe(0));
    release();
    await Promise.all(blockers);
    await new Promise((r) => setTimeout(r, 20));
    expect(requests).toEqual([]);
  });

  it('serves the row in view before the overscan below it', async () => {
    setRegistryForTests(createRegistryClient({ baseUrl: REGISTRY, retries: 0 }));
    const queue = getQueue();
    let release!: () => void;
    const busy = new Promise<void>((r) => (release = r));
    const blockers = Array.from({ length: queue.concurrency }, () => queue.add(() => busy, { priority: Priority.visible }));
    const requests = recordRequests();
    server.use(http.get(`${REGISTRY}/v2/:ns/:name/tags/list`, ({ params }) => HttpResponse.json({ name: `${params.ns}/${params.name}`, tags: ['1'] })));
    const client = createQueryClient();
    initI18n('en');
    render(
      <QueryClientProvider client={client}>
        <TagCount name="demo/overscan" priority={Priority.background} />
        <TagCount name="demo/in-view" priority={Priority.visible} />
      </QueryClientProvider>,
    );
    await waitFor(() => expect(queue.size).toBe(2));
    release();
    await Promise.all(blockers);
    await waitFor(() => expect(screen.getAllByText('1 tag')).toHaveLength(2));
    expect(requests).toEqual(['GET /v2/demo/in-view/tags/list', 'GET /v2/demo/overscan/tags/list']);
  });

  it('cancels what a closed tag list still had queued or in flight', async () => {
    const tags = Array.from({ length: 200 }, (_, i) => `v${i}`);
    const started: string[] = [];
    server.use(
      http.get(`${REGISTRY}/v2/demo/slow/tags/list`, () => HttpResponse.json({ name: 'demo/slow', tags })),
      http.head(`${REGISTRY}/v2/demo/slow/manifests/:tag`, async ({ params }) => {
        started.push(String(params.tag));
        await delay(10_000);
        return new HttpResponse(null, { status: 404 });
      }),
    );
    const view = renderApp('/r/demo/slow');
    await screen.findByText('200 of 200 tags');
    const queue = getQueue();
    await waitFor(() => expect(queue.running).toBe(queue.concurrency));
    expect(queue.size).toBeGreaterThan(0);
    view.unmount();
    // the running HEADs are aborted and the queued ones dropped: nothing is left to send
    await waitFor(() => expect(queue.running + queue.size).toBe(0));
    expect(started.length).toBeLessThanOrEqual(queue.concurrency);
  });
});

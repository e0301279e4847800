import { renderHook, waitFor } from '@testing-library/react';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { http } from 'msw';
import type { ReactNode } from 'react';
import { createQueryClient } from '@/lib/query-client';
import { setRegistryForTests } from '@/queries/registry-client';
import { createRegistryClient } from '@/registry/client';
import { server } from '@/testing/msw/server';
import { REGISTRY } from '@/testing/msw/handlers';
import { useTagDetails } from './use-tag-details';

const TAGS = ['3.18', '3.19', 'latest'];
const D318 = 'sha256:b3fb1619df8761f03c227a8ae49a6f27b0d8dffb422ead97f00f8e1e8941f5e6';

afterEach(() => setRegistryForTests(undefined));

function wrapper(client: QueryClient) {
  return ({ children }: { children: ReactNode }) => <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}

/** A query client that has walked demo/alpine once, as the list leaves it when the page goes elsewhere. */
async function afterOneVisit(): Promise<QueryClient> {
  setRegistryForTests(createRegistryClient({ baseUrl: REGISTRY, retries: 0 }));
  const client = createQueryClient();
  const first = renderHook(() => useTagDetails('demo/alpine', TAGS, []), { wrapper: wrapper(client) });
  await waitFor(() => expect(first.result.current.done).toBe(3));
  first.unmount();
  return client;
}

describe('useTagDetails', () => {
  it('back to the list in the same tab: the rows it knows are complete in the first render, and nothing is asked again', async () => {
    const client = await afterOneVisit();

    // from now on the registry never answers: whatever the page shows comes from what it read before
    const sent: string[] = [];
    server.use(
      http.all(`${REGISTRY}/v2/*`, ({ request }) => {
        sent.push(request.url);
        return new Promise<never>(() => undefined);
      }),
    );
    const renders: ReturnType<typeof useTagDetails>[] = [];
    const again = renderHook(
      () => {
        const details = useTagDetails('demo/alpine', TAGS, []);
        renders.push(details);
        return details;
      },
      { wrapper: wrapper(client) },
    );
    // the first render's rows, before any effect ran
    const rows = renders[0]!;
    expect(rows.rows.size).toBe(3);
    const row = rows.rows.get('3.18');
    expect(row?.status === 'done' && !row.checking ? row.summary.digest : undefined).toBe(D318);
    expect(rows.done).toBe(3);
    await new Promise((r) => setTimeout(r, 50));
    expect(sent).toEqual([]);
    expect(again.result.current.done).toBe(3);
    again.unmount();
  });

  it('a pointer older than the tag staleness is not trusted: that row waits for the registry', async () => {
    const client = await afterOneVisit();
    await client.invalidateQueries({ queryKey: ['registry', 'repo', 'demo/alpine', 'tag', '3.18'], exact: true, refetchType: 'none' });
    const again = renderHook(() => useTagDetails('demo/alpine', TAGS, []), { wrapper: wrapper(client) });
    expect(again.result.current.rows.has('3.18')).toBe(false);
    expect(again.result.current.rows.get('latest')?.status).toBe('done');
    await waitFor(() => expect(again.result.current.done).toBe(3));
    again.unmount();
  });
});

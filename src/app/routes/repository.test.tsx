import { screen, within, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { server } from '@/testing/msw/server';
import { REGISTRY, fixture, replay } from '@/testing/msw/handlers';
import { renderApp } from '@/testing/render';

const D318 = 'sha256:b3fb1619df8761f03c227a8ae49a6f27b0d8dffb422ead97f00f8e1e8941f5e6';

function rowNames(): string[] {
  const table = screen.getByRole('table', { name: /Tags of/ });
  return within(table).getAllByRole('rowheader').map((c) => c.textContent ?? '');
}

describe('tags page', () => {
  it('lists every tag with digest, size, created and platform', async () => {
    renderApp('/r/demo/alpine');
    const row = await screen.findByRole('row', { name: /^3\.18/ });
    await waitFor(() => expect(within(row).getByText('665.1 kB')).toBeInTheDocument());
    expect(within(row).getByRole('link', { name: 'b3fb1619df87' })).toHaveAttribute('href', `/r/demo/alpine/d/${D318}`);
    expect(within(row).getByText('linux/amd64')).toBeInTheDocument();
    expect(within(row).getByText(/ago$/).closest('time')).toHaveAttribute('dateTime', '2023-08-07T19:20:20Z');
    const latest = screen.getByRole('row', { name: /^latest/ });
    await waitFor(() => expect(within(latest).getByRole('link', { name: '666e8ad03ecf' })).toBeInTheDocument());
    expect(within(latest).getByText('706.1 kB')).toBeInTheDocument();
  });

  it('sorts by name, created and size, and keeps the sort in the URL', async () => {
    const { router } = renderApp('/r/demo/alpine');
    await screen.findByRole('row', { name: /^3\.18/ });
    expect(rowNames()).toEqual(['3.18', '3.19', 'latest']);
    await waitFor(() => expect(screen.queryByRole('progressbar')).not.toBeInTheDocument());
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: /Created/ }));
    expect(router.state.location.search).toBe('?sort=created&dir=desc');
    expect(rowNames()[2]).toBe('3.18');
    await user.click(screen.getByRole('button', { name: /Size/ }));
    expect(rowNames()[2]).toBe('3.18');
    await user.click(screen.getByRole('button', { name: /Size/ }));
    expect(rowNames()[0]).toBe('3.18');
  });

  it('sorts 2,500 tags by created across all of them, not a page', async () => {
    const tags = Array.from({ length: 2500 }, (_, i) => `v1.${i}`);
    const newest = 'v1.1234';
    server.use(
      http.get(`${REGISTRY}/v2/demo/many/tags/list`, () => HttpResponse.json({ name: 'demo/many', tags })),
      // the alpine exchanges replayed under another name: two digests, the newer one only on v1.1234; a tag
      // is read with one GET by tag (digest and body together)
      http.get(`${REGISTRY}/v2/demo/many/manifests/:tag`, ({ params }) =>
        replay(fixture(params.tag === newest ? 'manifest-get-alpine-3.19' : 'manifest-get-alpine-3.18')),
      ),
      http.get(`${REGISTRY}/v2/demo/many/blobs/:digest`, ({ params }) =>
        replay(fixture(String(params.digest).startsWith('sha256:57f7') ? 'blob-get-config-alpine-57f7aeee3028' : 'blob-get-config-alpine-d6484a00990c')),
      ),
    );
    renderApp('/r/demo/many?sort=created&dir=desc');
    expect(await screen.findByText('2,500 of 2,500 tags')).toBeInTheDocument();
    // 2,500 rows through jsdom: seconds alone, far more on a loaded machine (a functional wait, not a speed goal)
    await waitFor(() => expect(screen.queryByRole('progressbar')).not.toBeInTheDocument(), { timeout: 50_000 });
    expect(rowNames()[0]).toBe(newest);
  }, 60_000);

  it('filters tags as you type', async () => {
    renderApp('/r/demo/alpine');
    await screen.findByRole('row', { name: /^3\.18/ });
    await userEvent.setup().type(screen.getByRole('searchbox'), '3.1');
    await waitFor(() => expect(rowNames()).toEqual(['3.18', '3.19']));
    expect(screen.getByText('2 of 3 tags')).toBeInTheDocument();
  });

  it('explains a repository whose tags were all deleted', async () => {
    renderApp('/r/demo/deleted');
    expect(await screen.findByText('This repository has no tags.')).toBeInTheDocument();
  });

  it('explains a name the registry does not know', async () => {
    renderApp('/r/demo/blob-only');
    expect(await screen.findByText('The registry does not know this repository.')).toBeInTheDocument();
  });

  it('shows a per-row error and keeps the other rows', async () => {
    server.use(http.get(`${REGISTRY}/v2/demo/alpine/manifests/3.18`, () => new HttpResponse(null, { status: 503 })));
    renderApp('/r/demo/alpine');
    const row = await screen.findByRole('row', { name: /^3\.18/ });
    expect(await within(row).findByText('The registry answered with an error (HTTP 503).')).toBeInTheDocument();
    await waitFor(() => expect(within(screen.getByRole('row', { name: /^latest/ })).getByText('706.1 kB')).toBeInTheDocument());
  });

  it('rejects a malformed repository name in the address', async () => {
    renderApp('/r/UPPER/Case');
    expect(await screen.findByText('This page does not exist.')).toBeInTheDocument();
  });
});

import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { server } from '@/testing/msw/server';
import { REGISTRY, catalogHandler } from '@/testing/msw/handlers';
import { renderApp } from '@/testing/render';

afterEach(() => localStorage.clear());

describe('repositories without tags', () => {
  it('can be hidden, and the choice is remembered in this browser', async () => {
    server.use(catalogHandler(['demo/alpine', 'demo/deleted']));
    const first = renderApp('/');
    expect(await screen.findByText('no tags')).toBeInTheDocument();
    const user = userEvent.setup();
    await user.click(screen.getByRole('checkbox', { name: 'Hide repositories without tags' }));
    await waitFor(() => expect(screen.queryByRole('link', { name: 'demo/deleted' })).not.toBeInTheDocument());
    expect(screen.getByRole('status')).toHaveTextContent('1 repository without tags is hidden.');
    expect(screen.getByRole('link', { name: 'demo/alpine' })).toBeInTheDocument();
    first.unmount();

    // a new visit: hidden from the start, and checked again in the background
    const requests: string[] = [];
    server.events.on('request:start', ({ request }) => requests.push(new URL(request.url).pathname));
    renderApp('/');
    expect(await screen.findByRole('link', { name: 'demo/alpine' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'demo/deleted' })).not.toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: 'Hide repositories without tags' })).toBeChecked();
    await waitFor(() => expect(requests).toContain('/v2/demo/deleted/tags/list'));
    server.events.removeAllListeners();
  });

  it('come back when tags were pushed again', async () => {
    localStorage.setItem(`registry-ui.hideEmptyRepositories:${REGISTRY}`, 'true');
    localStorage.setItem(`registry-ui.emptyRepositories:${REGISTRY}`, JSON.stringify(['demo/deleted']));
    server.use(
      catalogHandler(['demo/alpine', 'demo/deleted']),
      http.get(`${REGISTRY}/v2/demo/deleted/tags/list`, () => HttpResponse.json({ name: 'demo/deleted', tags: ['again'] })),
    );
    renderApp('/');
    expect(await screen.findByRole('link', { name: 'demo/deleted' })).toBeInTheDocument();
  });

  it('explain why they are listed and what an operator does', async () => {
    server.use(catalogHandler(['demo/deleted']));
    renderApp('/');
    expect(await screen.findByText('Why are repositories without tags listed?')).toBeInTheDocument();
    expect(screen.getByText(/the V2 API cannot delete a repository/)).toBeInTheDocument();
  });
});

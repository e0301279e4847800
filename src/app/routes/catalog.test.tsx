import { screen, within, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { server } from '@/testing/msw/server';
import { REGISTRY, catalogHandler, fixture, replay } from '@/testing/msw/handlers';
import { renderApp } from '@/testing/render';

describe('repositories page', () => {
  it('streams a catalog of 1,500 repositories and reaches every one through the filter', async () => {
    const names = Array.from({ length: 1500 }, (_, i) => `team${i % 3}/repo-${String(i).padStart(4, '0')}`);
    server.use(
      catalogHandler(names),
      http.get(`${REGISTRY}/v2/*/tags/list`, () => replay(fixture('tags-list-alpine'))),
    );
    renderApp('/');
    expect(await screen.findByText('1,500 repositories')).toBeInTheDocument();
    const user = userEvent.setup();
    await user.type(screen.getByRole('searchbox'), 'repo-1499');
    const table = screen.getByRole('table', { name: 'Repositories' });
    await waitFor(() => expect(within(table).getAllByRole('link').map((a) => a.textContent)).toEqual(['team2/repo-1499']));
    expect(within(table).getByRole('link', { name: 'team2/repo-1499' })).toHaveAttribute('href', '/r/team2/repo-1499');
  });

  it('groups nested names under their namespace and collapses a group', async () => {
    server.use(http.get(`${REGISTRY}/v2/bulk/*`, () => replay(fixture('tags-list-alpine'))));
    renderApp('/');
    const bulk = await screen.findByRole('button', { name: /^bulk/ });
    // 110 bulk repositories come first and push the nested names out of the rendered window
    expect(screen.queryByRole('link', { name: 'deep/a/b/c/image' })).not.toBeInTheDocument();
    await userEvent.setup().click(bulk);
    expect(bulk).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByRole('link', { name: 'bulk/repo-00001' })).not.toBeInTheDocument();
    expect(await screen.findByRole('button', { name: /deep\/a\/b\/c/ })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'deep/a/b/c/image' })).toBeInTheDocument();
  });

  it('marks a repository whose tags were all deleted', async () => {
    renderApp('/?q=demo/deleted');
    expect(await screen.findByText('no tags')).toBeInTheDocument();
  });

  it('marks a repository that has blobs but never had a manifest', async () => {
    renderApp('/?q=blob-only');
    expect(await screen.findByText('no manifest')).toBeInTheDocument();
  });

  it('shows the tag count of a repository on screen', async () => {
    renderApp('/?q=demo/alpine');
    expect(await screen.findByText('3 tags')).toBeInTheDocument();
  });

  it('says the registry is down and offers a retry that works', async () => {
    server.use(http.get(`${REGISTRY}/v2/_catalog`, () => HttpResponse.error(), { once: true }));
    renderApp('/?q=demo/alpine');
    expect(await screen.findByText('The registry cannot be reached.')).toBeInTheDocument();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByRole('link', { name: 'demo/alpine' })).toBeInTheDocument();
  });

  it('explains an empty registry', async () => {
    server.use(http.get(`${REGISTRY}/v2/_catalog`, () => HttpResponse.json({ repositories: [] })));
    renderApp('/');
    expect(await screen.findByText('This registry has no repositories yet.')).toBeInTheDocument();
  });

  it('explains a proxy answering HTML instead of the registry', async () => {
    server.use(http.get(`${REGISTRY}/v2/_catalog`, () => new HttpResponse('<html>Bad gateway</html>', { status: 200, headers: { 'content-type': 'text/html' } })));
    renderApp('/');
    expect(await screen.findByText('The registry sent a response this UI cannot read.')).toBeInTheDocument();
    expect(screen.queryByText(/Bad gateway/)).not.toBeInTheDocument();
  });

  it('speaks Simplified Chinese', async () => {
    renderApp('/?q=demo/alpine', { language: 'zh-CN' });
    expect(await screen.findByRole('heading', { name: '仓库' })).toBeInTheDocument();
    expect(await screen.findByText('3 个标签')).toBeInTheDocument();
  });
});

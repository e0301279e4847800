import { screen } from '@testing-library/react';
import { renderApp } from '@/testing/render';
import { preloadRouteOf } from './route-modules';

describe('a page the boot loaded', () => {
  it('renders in the first commit, with no Suspense fallback for React to hold back', async () => {
    await preloadRouteOf('/r/demo/alpine', '/').ready;
    renderApp('/r/demo/alpine');
    // no findBy: the page is there as soon as render returns
    expect(screen.getByRole('heading', { name: 'demo/alpine' })).toBeInTheDocument();
    await screen.findByText(/^3 of 3 tags$/);
  });

  it('a page it did not load still comes through lazy()', async () => {
    renderApp('/login');
    expect(screen.queryByRole('heading')).not.toBeInTheDocument();
    expect(await screen.findByRole('heading')).toBeInTheDocument();
  });
});

import { render, screen, within } from '@testing-library/react';
import { QueryClientProvider } from '@tanstack/react-query';
import { MemoryRouter } from 'react-router';
import { REGISTRY } from '@/testing/msw/handlers';
import { createQueryClient } from '@/lib/query-client';
import { initI18n } from '@/lib/i18n';
import { createRegistryClient } from '@/registry/client';
import { setRegistryForTests } from '@/queries/registry-client';
import { TagTable } from './tag-table';

afterEach(() => setRegistryForTests(undefined));

describe('TagTable', () => {
  it('with no lastVisit prop at all, loads every row (there is no index to wait for)', async () => {
    setRegistryForTests(createRegistryClient({ baseUrl: REGISTRY, retries: 0 }));
    initI18n('en');
    render(
      <QueryClientProvider client={createQueryClient()}>
        <MemoryRouter>
          <TagTable repo="demo/alpine" tags={['3.18', '3.19', 'latest']} filter="" sort="name" dir="asc" onSort={() => undefined} />
        </MemoryRouter>
      </QueryClientProvider>,
    );
    const row = await screen.findByRole('row', { name: /^3\.18/ });
    expect(await within(row).findByRole('link', { name: 'b3fb1619df87' })).toBeInTheDocument();
  });
});

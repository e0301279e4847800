import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fixture, fixtures } from '@/testing/msw/handlers';
import { renderApp } from '@/testing/render';
import { formatBytes } from '@/lib/format';
import { server } from '@/testing/msw/server';

const tagsOf = (slug: string) => JSON.parse(fixture(`tags-list-${slug}`).response.body).tags as string[];
const headOf = (name: string) => fixture(name).response.headers['docker-content-digest']!;
const rowNames = () => within(screen.getByRole('table', { name: /Tags of/ })).getAllByRole('rowheader').map((c) => c.textContent);

describe('signature and attestation tags on the tags page', () => {
  it('groups cosign tags under the image they sign, hidden from the list until asked for', async () => {
    const { router } = renderApp('/r/demo/signed');
    // the first render of a file loads the lazy route
    const row = await screen.findByRole('row', { name: /^v1/ }, { timeout: 5000 });
    expect(rowNames()).toEqual(['v1']);
    const v1 = headOf('manifest-head-signed-v1').slice(7);
    const signed = await within(row).findByRole('link', { name: 'signed' });
    expect(signed).toHaveAttribute('href', `/r/demo/signed/t/sha256-${v1}.sig`);
    expect(within(row).getByRole('link', { name: 'attested' })).toHaveAttribute('href', `/r/demo/signed/t/sha256-${v1}.att`);

    await userEvent.setup().click(screen.getByRole('checkbox', { name: 'Show 2 signature, attestation and referrers tags' }));
    expect(router.state.location.search).toBe('?signatures=show');
    await waitFor(() => expect(rowNames()).toHaveLength(3));
    expect(rowNames()).toEqual(expect.arrayContaining(tagsOf('signed')));
  });

  it('puts the referrers fallback tag under its subject too', async () => {
    renderApp('/r/demo/artifact');
    const row = await screen.findByRole('row', { name: /^app/ });
    expect(await within(row).findByRole('link', { name: 'referrers' })).toBeInTheDocument();
    expect(rowNames()).toEqual(['app']);
  });

  it('lists a digest tag (sha256-<hex> of the manifest it points at) as an ordinary tag, with no referrers badge', async () => {
    renderApp('/r/demo/layouts');
    const mirror = headOf('manifest-head-layouts-mirror');
    const digestTag = `sha256-${mirror.slice(7)}`;
    // read, found to be the manifest it names, and listed like any other tag
    const row = await screen.findByRole('row', { name: new RegExp(`^${digestTag}`) }, { timeout: 5000 });
    expect(within(row).queryByRole('link', { name: 'referrers' })).toBeNull();
    expect(within(screen.getByRole('row', { name: /^mirror/ })).queryByRole('link', { name: 'referrers' })).toBeNull();
    // the Notation fallback tag next to it is an index of signatures: grouped under its image, marked as cosign's .sig is
    const notary = screen.getByRole('row', { name: /^notary/ });
    expect(await within(notary).findByRole('link', { name: 'signed' })).toHaveAttribute('href', `/r/demo/layouts/t/sha256-${headOf('manifest-head-layouts-notary').slice(7)}`);
    expect(rowNames()).not.toContain(`sha256-${headOf('manifest-head-layouts-notary').slice(7)}`);
  });

  it('offers no toggle where there is nothing to hide', async () => {
    renderApp('/r/demo/oci-app');
    await screen.findByRole('row', { name: /^latest/ });
    expect(screen.queryByRole('checkbox', { name: /signature/ })).toBeNull();
  });
});

describe('repository storage', () => {
  it('adds up the distinct blobs of every tag on request, with progress, each shared layer once', async () => {
    const seen: string[] = [];
    server.events.on('request:start', ({ request }) => void seen.push(`${request.method} ${new URL(request.url).pathname}`));
    renderApp('/r/demo/oci-app');
    await screen.findByRole('row', { name: /^latest/ });
    const region = screen.getByRole('region', { name: 'Repository storage' });
    // nothing is read for it until asked
    expect(within(region).queryByRole('progressbar')).toBeNull();
    await userEvent.setup().click(within(region).getByRole('button', { name: 'Compute the total of unique blobs' }));
    const total = await within(region).findByRole('status', { name: 'Total of unique blobs' }, { timeout: 5000 });
    server.events.removeAllListeners();
    const digests = [...new Set(tagsOf('oci-app').map((t) => headOf(`manifest-head-oci-app-${t}`)))];
    const blobs = new Map<string, number>();
    for (const d of digests) {
      const f = Object.values(fixtures).find((x) => x.request.method === 'GET' && x.request.path === `/v2/demo/oci-app/manifests/${d}`)!;
      const m = JSON.parse(f.response.body);
      for (const b of [m.config, ...m.layers]) blobs.set(b.digest, b.size);
    }
    const bytes = [...blobs.values()].reduce((a, b) => a + b, 0);
    expect(total).toHaveTextContent(`${formatBytes(bytes)} in ${blobs.size} unique blobs`);
    expect(within(region).getByText(`plus ${digests.length} manifests`, { exact: false })).toBeInTheDocument();
    // the tag table's GETs by tag brought every manifest: the walk for the total sends none of its own
    for (const d of digests) expect(seen.filter((r) => r === `GET /v2/demo/oci-app/manifests/${d}`)).toHaveLength(0);
    for (const t of tagsOf('oci-app')) expect(seen.filter((r) => r === `GET /v2/demo/oci-app/manifests/${t}`)).toHaveLength(1);
  });

  it('counts every platform and attestation of an index', async () => {
    renderApp('/r/demo/multiarch');
    await screen.findByRole('row', { name: /^latest/ });
    const region = screen.getByRole('region', { name: 'Repository storage' });
    await userEvent.setup().click(within(region).getByRole('button', { name: 'Compute the total of unique blobs' }));
    const total = await within(region).findByRole('status', { name: 'Total of unique blobs' }, { timeout: 5000 });
    const index = JSON.parse(fixture('manifest-get-multiarch-latest').response.body);
    let bytes = 0;
    for (const c of index.manifests) {
      const f = Object.values(fixtures).find((x) => x.request.method === 'GET' && x.request.path === `/v2/demo/multiarch/manifests/${c.digest}`)!;
      const m = JSON.parse(f.response.body);
      bytes += m.config.size + m.layers.reduce((n: number, l: { size: number }) => n + l.size, 0);
    }
    expect(total).toHaveTextContent(`${formatBytes(bytes)} in 8 unique blobs`);
    expect(within(region).getByText('plus 5 manifests', { exact: false })).toBeInTheDocument();
  });
});

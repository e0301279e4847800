import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createHash } from 'node:crypto';
import { http, HttpResponse } from 'msw';
import { server } from '@/testing/msw/server';
import { REGISTRY, fixture, fixtures, replay } from '@/testing/msw/handlers';
import { renderApp } from '@/testing/render';
import { formatBytes } from '@/lib/format';

const digestOf = (name: string) => fixture(name).response.headers['docker-content-digest']!;
const bodyOf = (name: string) => JSON.parse(fixture(name).response.body);
function byDigest(repo: string, kind: 'manifests' | 'blobs', digest: string) {
  const f = Object.values(fixtures).find((x) => x.request.method === 'GET' && x.request.path === `/v2/${repo}/${kind}/${digest}` && x.response.status === 200);
  if (!f) throw new Error(`no captured ${digest}`);
  return JSON.parse(f.response.body);
}
const sizeOf = (m: { config: { size: number }; layers: { size: number }[] }) => m.config.size + m.layers.reduce((n, l) => n + l.size, 0);

describe('image view of a multi-arch index', () => {
  it('gives each platform its own digest, created date and size, and a tab with its own layers', async () => {
    const { router } = renderApp('/r/demo/multiarch/t/latest');
    // the first render of a file loads the lazy route
    const table = await screen.findByRole('table', { name: 'Platforms' }, { timeout: 5000 });
    const index = bodyOf('manifest-get-multiarch-latest');
    for (const d of index.manifests.filter((x: { platform: { os: string } }) => x.platform.os !== 'unknown')) {
      const label = [d.platform.os, d.platform.architecture, d.platform.variant].filter(Boolean).join('/');
      const row = within(table).getByRole('row', { name: new RegExp(`^${label} `) });
      const child = byDigest('demo/multiarch', 'manifests', d.digest);
      const config = byDigest('demo/multiarch', 'blobs', child.config.digest);
      expect(within(row).getByRole('link', { name: d.digest })).toBeInTheDocument();
      expect(await within(row).findByText(formatBytes(sizeOf(child)))).toBeInTheDocument();
      await waitFor(() => expect(within(row).getByText(/2024/).closest('time')).toHaveAttribute('dateTime', config.created));
    }
    const attestation = within(table).getByRole('row', { name: /^attestation for linux\/amd64 / });
    expect(within(attestation).getByRole('link', { name: index.manifests[3].digest })).toBeInTheDocument();

    // the first platform is open; another is one click away, and the choice is in the URL
    const tabs = screen.getByRole('tablist', { name: 'Platform details' });
    expect(within(tabs).getByRole('tab', { name: 'linux/amd64' })).toHaveAttribute('aria-selected', 'true');
    await userEvent.setup().click(within(tabs).getByRole('tab', { name: 'linux/arm/v7' }));
    expect(router.state.location.search).toBe('?platform=linux%2Farm%2Fv7');
    const arm = byDigest('demo/multiarch', 'manifests', index.manifests[2].digest);
    const panel = screen.getByRole('tabpanel');
    const layers = await within(panel).findByRole('table', { name: '1 layer' });
    expect(within(layers).getByTitle(arm.layers[0].digest)).toBeInTheDocument();
    expect(within(panel).getByText(index.manifests[2].digest)).toBeInTheDocument();
  });

  it('opens the attestation as what it is: its in-toto blob, not a filesystem', async () => {
    const index = bodyOf('manifest-get-multiarch-latest');
    renderApp(`/r/demo/multiarch/t/latest?platform=${index.manifests[3].digest}`);
    const tab = await screen.findByRole('tab', { name: 'attestation for linux/amd64' });
    expect(tab).toHaveAttribute('aria-selected', 'true');
    const panel = screen.getByRole('tabpanel');
    const blobs = await within(panel).findByRole('table', { name: '1 blob' });
    expect(within(blobs).getByText('application/vnd.in-toto+json')).toBeInTheDocument();
    expect(within(blobs).getByText('https://slsa.dev/provenance/v0.2')).toBeInTheDocument();
  });
});

describe('image view of one image', () => {
  it('puts the step that made each layer beside it, and the empty-layer steps between them in the history', async () => {
    renderApp('/r/demo/oci-app/t/latest');
    const m = bodyOf('manifest-get-oci-app-latest');
    const layers = await screen.findByRole('table', { name: '3 layers' });
    const rows = within(layers).getAllByRole<HTMLTableRowElement>('row').slice(1);
    // the steps come with the config, a moment after the manifest
    await waitFor(() => expect(rows[0]!.cells[5]!.textContent).not.toBe('—'));
    expect(rows.map((r) => r.cells[5]!.textContent)).toEqual([
      '/bin/sh -c #(nop) ADD file:debian-bookworm-rootfs.tar.xz in / ',
      'RUN /bin/sh -c npm ci --omit=dev # buildkit',
      'COPY . /app # buildkit',
    ]);
    const total = sizeOf(m);
    rows.forEach((r, i) => {
      expect(r.cells[3]).toHaveTextContent(formatBytes(m.layers[i].size));
      expect(r.cells[4]).toHaveTextContent(`${((m.layers[i].size / total) * 100).toFixed(1)}%`);
    });
    expect(screen.getByRole('img', { name: /Size of the config and of each layer/ })).toBeInTheDocument();
    const history = screen.getByRole('table', { name: 'History: 10 steps' });
    const steps = within(history).getAllByRole<HTMLTableRowElement>('row').slice(1).map((r) => r.cells[3]!.textContent);
    expect(steps[0]).toBe(`layer 1 · ${formatBytes(m.layers[0].size)}`);
    expect(steps[1]).toBe('no layer (metadata only)');
    expect(steps[3]).toBe(`layer 2 · ${formatBytes(m.layers[1].size)}`);
    expect(steps[4]).toBe(`layer 3 · ${formatBytes(m.layers[2].size)}`);
    expect(steps.slice(5).every((s) => s === 'no layer (metadata only)')).toBe(true);
  });

  it('shows the full config and the raw config as copyable JSON', async () => {
    renderApp('/r/demo/oci-app/t/latest');
    expect(await screen.findByText('10001:10001')).toBeInTheDocument();
    expect(screen.getByText('/app')).toBeInTheDocument();
    expect(screen.getByText('["/usr/bin/tini","--"]')).toBeInTheDocument();
    expect(screen.getByText('["node","/app/server.js"]')).toBeInTheDocument();
    expect(screen.getByText('8080/tcp')).toBeInTheDocument();
    expect(screen.getByText('/var/log/app')).toBeInTheDocument();
    expect(screen.getByText('NODE_ENV=production')).toBeInTheDocument();
    expect(screen.getByText('Registry UI Maintainers <maintainers@registry-ui.example>')).toBeInTheDocument();
    const raw = screen.getByRole('region', { name: 'Raw configuration' });
    expect(within(raw).getByRole('button', { name: 'Copy the raw configuration' })).toBeInTheDocument();
    const cfg = JSON.parse(fixture('blob-get-config-oci-app').response.body);
    expect(JSON.parse(within(raw).getByLabelText('Raw configuration').textContent!)).toEqual(cfg);
    // annotations of the manifest, hostile ones as text
    const annotations = screen.getByRole('list', { name: 'Annotations' });
    expect(within(annotations).getByText('oci-app 2.0.0: <img src=x onerror=alert(1)><script>alert(2)</script>')).toBeInTheDocument();
    expect(document.querySelector('img[src="x"]')).toBeNull();
  });

  it.each([
    ['is not JSON', '<html>proxy error</html>'],
    ['is JSON but not an object', '["amd64"]'],
  ])('shows the manifest and its layers, and says the config cannot be read, when the config %s', async (_, body) => {
    // a manifest of the captured image whose config descriptor points at `body`: its digest checks out, its shape does not
    const m = bodyOf('manifest-get-oci-app-latest');
    const digest = `sha256:${createHash('sha256').update(body).digest('hex')}`;
    const manifest = JSON.stringify({ ...m, config: { ...m.config, digest, size: body.length } });
    server.use(
      http.get(`${REGISTRY}/v2/demo/oci-app/manifests/broken`, () => replay(fixture('manifest-get-oci-app-latest'), { body: manifest, headers: { 'docker-content-digest': '' } })),
      http.get(`${REGISTRY}/v2/demo/oci-app/blobs/${digest}`, () => new HttpResponse(body, { status: 200, headers: { 'content-type': 'application/octet-stream' } })),
    );
    renderApp('/r/demo/oci-app/t/broken');
    expect(await screen.findByRole('table', { name: '3 layers' })).toBeInTheDocument();
    expect(await screen.findByRole('alert')).toHaveTextContent('The registry sent a response this UI cannot read.');
    expect(screen.queryByRole('region', { name: 'Raw configuration' })).toBeNull();
  });

  it('names the other tags with the same digest and the ones sharing layers', async () => {
    renderApp('/r/demo/oci-app/t/1.0.0');
    const sharing = await screen.findByRole('table', { name: 'Tags sharing layers' }, { timeout: 5000 });
    const rows = within(sharing).getAllByRole<HTMLTableRowElement>('row').slice(1);
    expect(rows.map((r) => [r.cells[0]!.textContent, r.cells[2]!.textContent])).toEqual([
      ['1.1.0', '2 of 3'],
      ['2.0.0', '1 of 3'],
      ['latest', '1 of 3'],
    ]);
    expect(within(rows[0]!).getByRole('link', { name: 'Compare' })).toHaveAttribute('href', '/r/demo/oci-app/-/compare?a=1.0.0&b=1.1.0');
    expect(screen.getByText('No other tag points at this digest.')).toBeInTheDocument();
  });

  it('lists every other tag of the same digest', async () => {
    renderApp('/r/demo/oci-app/t/latest');
    const same = await screen.findByRole('list', { name: 'Tags with this digest' }, { timeout: 5000 });
    expect(within(same).getAllByRole('link').map((a) => a.textContent)).toEqual(['2.0.0']);
  });
});

describe('signatures, artifacts and charts', () => {
  it('lists the cosign signature and attestation of a signed image', async () => {
    renderApp('/r/demo/signed/t/v1');
    const list = await screen.findByRole('list', { name: 'Cosign tags' });
    const v1 = digestOf('manifest-head-signed-v1').slice(7);
    expect(within(list).getAllByRole('link').map((a) => a.textContent)).toEqual([`sha256-${v1}.sig`, `sha256-${v1}.att`]);
    expect(await screen.findByText(/has no referrers API; read from the fallback tag/)).toBeInTheDocument();
  });

  it('says what a signature tag signs, and shows its payload with annotations', async () => {
    const v1 = digestOf('manifest-head-signed-v1');
    renderApp(`/r/demo/signed/t/sha256-${v1.slice(7)}.sig`);
    const signs = await screen.findByText('Signature of');
    expect(within(signs.parentElement!).getByRole('link', { name: v1 })).toHaveAttribute('href', `/r/demo/signed/d/${v1}`);
    const blobs = screen.getByRole('table', { name: '1 blob' });
    expect(within(blobs).getByText('application/vnd.dev.cosign.simplesigning.v1+json')).toBeInTheDocument();
    expect(within(blobs).getByText('dev.cosignproject.cosign/signature')).toBeInTheDocument();
    expect(screen.getAllByText(/^oras pull /)).toHaveLength(2);
  });

  it('finds the SBOM of an image through the referrers fallback tag', async () => {
    renderApp('/r/demo/artifact/t/app');
    const table = await screen.findByRole('table', { name: 'Referrers' });
    const sbom = bodyOf('manifest-get-artifact-referrers-tag').manifests[0];
    const row = within(table).getByRole('row', { name: /^application\/vnd\.example\.sbom\.v1\+json/ });
    expect(within(row).getByRole('link', { name: sbom.digest })).toHaveAttribute('href', `/r/demo/artifact/d/${sbom.digest}`);
    expect(within(row).getByText(formatBytes(sbom.size))).toBeInTheDocument();
  });

  it('shows an artifact’s blobs by title and the image it refers to', async () => {
    const sbom = bodyOf('manifest-get-artifact-sbom');
    renderApp(`/r/demo/artifact/d/${fixture('manifest-get-artifact-sbom').request.path.split('/').pop()}`);
    const blobs = await screen.findByRole('table', { name: '1 blob' });
    expect(within(blobs).getAllByRole<HTMLTableRowElement>('row')[1]!.cells[1]).toHaveTextContent('sbom.spdx.json');
    expect(within(blobs).getByText(formatBytes(sbom.layers[0].size))).toBeInTheDocument();
    const refers = screen.getByText('Refers to');
    expect(within(refers.parentElement!).getByRole('link', { name: sbom.subject.digest })).toBeInTheDocument();
    // the referrers index of the image shares its one blob, but is not an image sharing layers
    expect(await screen.findByText('No other tag shares a layer with this image.', {}, { timeout: 5000 })).toBeInTheDocument();
  });

  it('shows a Helm chart’s metadata and its chart archive, and a helm pull command', async () => {
    renderApp('/r/charts/mychart/t/0.1.0');
    const chart = JSON.parse(fixture('blob-get-config-mychart').response.body);
    const section = await screen.findByRole('region', { name: 'Helm chart' });
    for (const v of [chart.name, chart.version, chart.appVersion, chart.description]) expect(await within(section).findByText(v)).toBeInTheDocument();
    expect(within(screen.getByRole('table', { name: '1 blob' })).getByText('application/vnd.cncf.helm.chart.content.v1.tar+gzip')).toBeInTheDocument();
    expect(screen.getByText(/^helm pull oci:\/\/.+\/charts\/mychart --version 0\.1\.0$/)).toBeInTheDocument();
  });
});

describe('schema 1', () => {
  it('is shown read-only with its steps and a deprecation note, its digest verified', async () => {
    server.use(http.get(`${REGISTRY}/v2/demo/legacy/manifests/old`, () => replay(fixture('manifest-get-alpine-no-accept'))));
    renderApp('/r/demo/legacy/t/old');
    expect(await screen.findByRole('heading', { name: 'Docker schema 1 manifest (deprecated)' })).toBeInTheDocument();
    expect(screen.getAllByText(digestOf('manifest-get-alpine-no-accept')).length).toBeGreaterThan(0);
    const layers = screen.getByRole('table', { name: '3 layers' });
    const rows = within(layers).getAllByRole<HTMLTableRowElement>('row').slice(1);
    expect(rows[0]!.cells[2]).toHaveTextContent('ADD file:alpine-minirootfs-3.19.tar.gz');
    expect(rows[2]!.cells[3]).toHaveTextContent('no layer (metadata only)');
  });
});

describe('comparing two tags', () => {
  it('opens from a deep link with layers added, removed and shared, the size difference and the label change', async () => {
    renderApp('/r/demo/oci-app/-/compare?a=1.0.0&b=2.0.0');
    const a = bodyOf('manifest-get-oci-app-1.0.0');
    const b = bodyOf('manifest-get-oci-app-2.0.0');
    const layers = await screen.findByRole('table', { name: 'Layers' });
    const status = within(layers).getAllByRole<HTMLTableRowElement>('row').slice(1).map((r) => [r.cells[0]!.textContent, r.cells[1]!.querySelector('[title]')!.getAttribute('title')]);
    expect(status).toEqual([
      ['shared', a.layers[0].digest],
      ['only in A', a.layers[1].digest],
      ['only in A', a.layers[2].digest],
      ['added in B', b.layers[1].digest],
      ['added in B', b.layers[2].digest],
    ]);
    const diff = sizeOf(b) - sizeOf(a);
    expect(screen.getByText(new RegExp(`^Size difference B − A: \\+${formatBytes(diff).replace('.', '\\.')}`))).toBeInTheDocument();
    const labels = await screen.findByRole('table', { name: 'Label differences' });
    expect(within(labels).getAllByRole<HTMLTableRowElement>('row').slice(1).map((r) => [...r.cells].map((c) => c.textContent))).toEqual([['org.opencontainers.image.versionchanged', '1.0.0', '2.0.0']]);
    const config = screen.getByRole('table', { name: 'Configuration differences' });
    expect(within(config).getAllByRole<HTMLTableRowElement>('row')).toHaveLength(2);
    expect(within(screen.getByRole('table', { name: 'Environment differences' })).getByText('APP_VERSION')).toBeInTheDocument();
  });

  it('compares one platform of two references and keeps the choice in the URL', async () => {
    const { router } = renderApp('/r/demo/multiarch/-/compare?a=1.0&b=latest');
    await screen.findByRole('table', { name: 'Layers' });
    expect(await screen.findByText('The configurations agree on every field compared.')).toBeInTheDocument();
    await userEvent.setup().selectOptions(screen.getByRole('combobox', { name: 'Platform' }), 'linux/arm64');
    expect(new URLSearchParams(router.state.location.search).get('platform')).toBe('linux/arm64');
    const arm = byDigest('demo/multiarch', 'manifests', bodyOf('manifest-get-multiarch-latest').manifests[1].digest);
    await waitFor(() => expect(within(screen.getByRole('table', { name: 'Overview' })).getByRole('row', { name: /^Platform/ })).toHaveTextContent('linux/arm64'));
    expect(within(screen.getByRole('table', { name: 'Overview' })).getAllByText(formatBytes(sizeOf(arm)))).toHaveLength(2);
  });

  it('swaps the two sides', async () => {
    const { router } = renderApp('/r/demo/oci-app/-/compare?a=1.0.0&b=2.0.0');
    await screen.findByRole('table', { name: 'Layers' });
    await userEvent.setup().click(screen.getByRole('button', { name: 'Swap the two sides' }));
    expect(Object.fromEntries(new URLSearchParams(router.state.location.search))).toEqual({ a: '2.0.0', b: '1.0.0' });
  });

  it('asks for two references when the link names none', async () => {
    renderApp('/r/demo/oci-app/-/compare');
    expect(await screen.findByText(/Choose two tags/)).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'Compare' })).toBeInTheDocument();
  });
});

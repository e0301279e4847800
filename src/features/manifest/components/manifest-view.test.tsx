import { screen, within } from '@testing-library/react';
import { renderApp } from '@/testing/render';
import { http } from 'msw';
import { REGISTRY, fixture, replay } from '@/testing/msw/handlers';
import { server } from '@/testing/msw/server';
import { formatBytes } from '@/lib/format';

const digestOf = (name: string) => fixture(name).response.headers['docker-content-digest']!;

describe('manifest page', () => {
  it('shows a Docker v2 image: media type, digest, config, layers and total size', async () => {
    renderApp('/r/demo/alpine/t/latest');
    expect(await screen.findByText('application/vnd.docker.distribution.manifest.v2+json')).toBeInTheDocument();
    expect(screen.getAllByText(digestOf('manifest-get-alpine-latest')).length).toBeGreaterThan(0);
    const body = JSON.parse(fixture('manifest-get-alpine-latest').response.body);
    expect(screen.getByText(body.config.digest)).toBeInTheDocument();
    const layers = screen.getByRole('table', { name: `${body.layers.length} layers` });
    expect(within(layers).getAllByRole('row')).toHaveLength(body.layers.length + 1);
    expect(screen.getByText('706.1 kB')).toBeInTheDocument();
    expect(await screen.findByText('linux/amd64')).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Raw manifest' }) ?? screen.getByLabelText('Raw manifest')).toBeTruthy();
  });

  it('shows a multi-arch index per platform with each platform’s own size, and the attestation as such', async () => {
    renderApp('/r/demo/multiarch/t/latest');
    const table = await screen.findByRole('table', { name: 'Platforms' });
    const index = JSON.parse(fixture('manifest-get-multiarch-latest').response.body);
    for (const d of index.manifests) {
      const label = d.platform.os === 'unknown' ? 'attestation' : [d.platform.os, d.platform.architecture, d.platform.variant].filter(Boolean).join('/');
      const row = within(table).getByRole('row', { name: new RegExp(`^${label}( |$)`) });
      expect(within(row).getByRole('link', { name: d.digest })).toHaveAttribute('href', `/r/demo/multiarch/d/${d.digest}`);
    }
    const amd64 = JSON.parse(fixture('manifest-get-multiarch-amd64').response.body);
    const amd64Size = amd64.config.size + amd64.layers.reduce((s: number, l: { size: number }) => s + l.size, 0);
    const row = within(table).getByRole('row', { name: /^linux\/amd64 / });
    expect(await within(row).findByText(formatBytes(amd64Size))).toBeInTheDocument();
    expect(within(table).getAllByRole('row', { name: /attestation/ })).toHaveLength(1);
  });

  it('reads a digest tag next to an image as an ordinary tag: no referrers error, no "Referrers of"', async () => {
    renderApp('/r/demo/layouts/t/mirror');
    const section = (await screen.findByRole('heading', { name: 'Signatures, attestations and referrers' })).closest('section')!;
    expect(await within(section).findByText(/the tag sha256-[0-9a-f]{64} is an ordinary tag/)).toBeInTheDocument();
    expect(within(section).getByText('Nothing in this repository signs, attests or refers to this manifest.')).toBeInTheDocument();
    expect(within(section).queryByRole('alert')).toBeNull();
  });

  it('does not call a digest tag the referrers of the digest it names', async () => {
    const mirror = digestOf('manifest-get-layouts-mirror');
    renderApp(`/r/demo/layouts/t/sha256-${mirror.slice(7)}`);
    expect((await screen.findAllByText(mirror)).length).toBeGreaterThan(0);
    expect(screen.queryByText('Referrers of')).toBeNull();
  });

  it('names index entries without a platform by their config’s platform, artifactType or media type, never “unknown”', async () => {
    renderApp('/r/demo/layouts/t/loop');
    const table = await screen.findByRole('table', { name: 'Platforms' });
    const loop = JSON.parse(fixture('manifest-get-layouts-loop').response.body);
    expect(await within(table).findByRole('rowheader', { name: 'linux/amd64' })).toBeInTheDocument();
    expect(within(table).getAllByRole('rowheader').map((c) => c.textContent)).toEqual(['linux/amd64', 'application/vnd.example.readme.v1', loop.manifests[2].mediaType]);
    expect(within(table).queryByText('unknown')).toBeNull();
    expect(screen.getByRole('tab', { name: 'application/vnd.example.readme.v1' })).toBeInTheDocument();
  });

  it('says an empty index lists no manifests instead of an empty Platforms table', async () => {
    renderApp('/r/demo/layouts/t/empty');
    expect(await screen.findByText('This index lists no manifests: it has no platform to pull.')).toBeInTheDocument();
    expect(screen.queryByRole('table', { name: 'Platforms' })).toBeNull();
    expect(screen.queryByRole('tablist')).toBeNull();
  });

  it('names a builder entry by its vnd.docker.reference.type, not as an attestation', async () => {
    renderApp('/r/demo/layouts/t/builder');
    const table = await screen.findByRole('table', { name: 'Platforms' });
    expect(within(table).getAllByRole('rowheader').map((c) => c.textContent)).toEqual(['linux/amd64', 'builder for linux/amd64']);
    expect(screen.queryByText(/attestation for/)).toBeNull();
    expect(screen.getByRole('tab', { name: 'builder for linux/amd64' })).toBeInTheDocument();
  });

  it('shows a Notation signature as a signature: on the signed image and on its own page', async () => {
    const notary = digestOf('manifest-get-layouts-notary');
    renderApp('/r/demo/layouts/t/notary');
    const referrers = await screen.findByRole('table', { name: 'Referrers' });
    const row = within(referrers).getByRole('row', { name: /application\/vnd\.cncf\.notary\.signature/ });
    expect(within(row).getByText('signature')).toBeInTheDocument();
    const signature = JSON.parse(fixture('manifest-get-layouts-notary-signature').response.body);
    expect(signature.subject.digest).toBe(notary);
    expect(within(row).getByRole('link', { name: digestOf('manifest-get-layouts-notary-signature') })).toBeInTheDocument();
  });

  it('says what a Notation signature signs on its own page', async () => {
    const notary = digestOf('manifest-get-layouts-notary');
    renderApp(`/r/demo/layouts/d/${digestOf('manifest-get-layouts-notary-signature')}`);
    const label = await screen.findByText('Signature of');
    expect(label.nextElementSibling).toHaveTextContent(notary);
    expect(screen.queryByText('Refers to')).toBeNull();
  });

  it('says a manifest is too large to show rather than freezing the page', async () => {
    const f = fixture('manifest-get-oci-app-latest');
    const body = JSON.parse(f.response.body) as { layers: unknown[] };
    const big = JSON.stringify({ ...body, layers: Array.from({ length: 70_000 }, (_, i) => body.layers[i % body.layers.length]) });
    server.use(http.get(`${REGISTRY}/v2/demo/oci-app/manifests/latest`, () => replay(f, { body: big, headers: { 'docker-content-digest': '' } })));
    renderApp('/r/demo/oci-app/t/latest');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('This manifest is too large to show here.');
    expect(alert).toHaveTextContent('8 MiB');
  });

  it('renders a hostile label as text, never as HTML', async () => {
    renderApp('/r/demo/oci-app/t/latest');
    const label = await screen.findByText('<img src=x onerror=alert(1)><script>alert(2)</script>');
    expect(label.tagName).toBe('SPAN');
    expect(document.querySelector('img[src="x"]')).toBeNull();
    expect(document.querySelectorAll('script')).toHaveLength(0);
  });

  it('shows a Helm chart’s name, version and app version', async () => {
    renderApp('/r/charts/mychart/t/0.1.0');
    const chart = JSON.parse(fixture('blob-get-config-mychart').response.body);
    expect(await screen.findByText(chart.name)).toBeInTheDocument();
    expect(screen.getAllByText('application/vnd.cncf.helm.config.v1+json').length).toBeGreaterThan(0);
  });

  it('shows an OCI artifact’s type', async () => {
    renderApp(`/r/demo/artifact/d/${fixture('manifest-get-artifact-sbom').request.path.split('/').pop()}`);
    const type = await screen.findByText('Artifact type');
    expect(within(type.parentElement!).getByText('application/vnd.example.sbom.v1+json')).toBeInTheDocument();
  });

  it('explains a missing tag', async () => {
    renderApp('/r/demo/alpine/t/no-such-tag');
    expect(await screen.findByText('Not found in the registry.')).toBeInTheDocument();
  });

  it('builds pull commands from PULL_URL', async () => {
    renderApp('/r/demo/alpine/t/latest', { config: { pullUrl: 'registry.example.com:5000' } });
    expect(await screen.findByText(`docker pull registry.example.com:5000/demo/alpine@${digestOf('manifest-get-alpine-latest')}`)).toBeInTheDocument();
    expect(screen.getByText('docker pull registry.example.com:5000/demo/alpine:latest')).toBeInTheDocument();
  });
});

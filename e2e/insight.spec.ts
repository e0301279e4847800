import { expect, test, type Locator, type Page } from '@playwright/test';
import { REGISTRY, REGISTRY_KIND, getManifest, headDigest, seedSummary, tags, watchPage } from './support';

// Image insight against the real registry: every figure the UI shows is checked against the manifests and
// configs fetched here, straight from the registry. demo/docker-list and demo/artifact are pushed by crane and
// oras (scripts/seed/seed.mjs); on a machine without Go they are not, and their tests skip.

const seeded = seedSummary();
const noClients = seeded.clients.skipped;

interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: { os: string; architecture: string; variant?: string };
  annotations?: Record<string, string>;
  artifactType?: string;
}
interface Manifest {
  mediaType?: string;
  config: Descriptor;
  layers: Descriptor[];
  manifests: Descriptor[];
  subject?: Descriptor;
  artifactType?: string;
}

async function manifest(repo: string, ref: string): Promise<{ digest: string; body: Manifest }> {
  const m = await getManifest(repo, ref);
  return { digest: m.digest, body: m.body as unknown as Manifest };
}

async function blobJson(repo: string, digest: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${REGISTRY}/v2/${repo}/blobs/${digest}`);
  expect(res.ok).toBe(true);
  return (await res.json()) as Record<string, unknown>;
}

const imageSize = (m: Manifest) => m.config.size + m.layers.reduce((n, l) => n + l.size, 0);
const platformLabel = (p: { os: string; architecture: string; variant?: string }) => [p.os, p.architecture, p.variant].filter(Boolean).join('/');
const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte', 'petabyte'] as const;

/** Sizes as the UI writes them in English: decimal units, as `docker images` does. */
function formatBytes(bytes: number): string {
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  const sign = bytes < 0 ? '-' : '';
  if (unit === 0) return `${sign}${new Intl.NumberFormat('en').format(value)} B`;
  return sign + new Intl.NumberFormat('en', { style: 'unit', unit: UNITS[unit], unitDisplay: 'short', maximumFractionDigits: value < 10 ? 2 : 1 }).format(value);
}

/** The value next to a label in a definition list, inside `scope`. */
const field = (scope: Page | Locator, label: string) => scope.locator(`dt:text-is("${label}") + dd`);

async function checkImage(page: Page, repo: string, m: Manifest, scope: Page | Locator = page) {
  await expect(field(scope, 'Total size (compressed)')).toHaveText(formatBytes(imageSize(m)));
  const layers = scope.getByRole('table', { name: `${m.layers.length} ${m.layers.length === 1 ? 'layer' : 'layers'}` });
  await expect(layers.getByRole('row')).toHaveCount(m.layers.length + 1);
  for (const [i, l] of m.layers.entries()) {
    const row = layers.getByRole('row').nth(i + 1);
    await expect(row.getByTitle(l.digest)).toBeVisible();
    await expect(row.getByRole('cell').nth(3)).toHaveText(formatBytes(l.size));
    await expect(row.getByRole('cell').nth(4)).toHaveText(`${((l.size / imageSize(m)) * 100).toFixed(1)}%`);
  }
  const config = await blobJson(repo, m.config.digest);
  const p = platformLabel({ os: String(config.os), architecture: String(config.architecture), ...(config.variant ? { variant: String(config.variant) } : {}) });
  await expect(field(scope, 'OS / architecture')).toHaveText(p);
  await expect(field(scope, 'Created').locator('time')).toHaveAttribute('datetime', String(config.created));
}

test.describe('image insight on the real registry', () => {
  test('a multi-arch index: each platform with its own digest, date and size; the attestation as such', async ({ page }) => {
    const watch = watchPage(page);
    const { digest, body: index } = await manifest('demo/multiarch', 'latest');
    await page.goto('/r/demo/multiarch/t/latest');
    await expect(field(page, 'Digest').first()).toContainText(digest);
    const table = page.getByRole('table', { name: 'Platforms' });
    await expect(table.getByRole('row')).toHaveCount(index.manifests.length + 1);
    const sizes = new Set<number>();
    for (const d of index.manifests) {
      const child = (await manifest('demo/multiarch', d.digest)).body;
      const attestation = d.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest';
      const label = attestation ? 'attestation for linux/amd64' : platformLabel(d.platform!);
      const row = table.getByRole('row', { name: new RegExp(`^${label.replace(/\//g, '\\/')} `) });
      await expect(row.getByRole('link', { name: d.digest })).toBeVisible();
      await expect(row.getByRole('cell').nth(2)).toHaveText(formatBytes(imageSize(child)));
      await expect(row.getByRole('cell').nth(3)).toHaveText(String(child.layers.length));
      if (!attestation) {
        sizes.add(imageSize(child));
        const config = await blobJson('demo/multiarch', child.config.digest);
        await expect(row.locator('time')).toHaveAttribute('datetime', String(config.created));
      }
    }
    // no figure stands in for another: three platforms, three sizes
    expect(sizes.size).toBe(3);

    // each platform's tab shows that platform's own image
    for (const d of index.manifests.filter((x) => x.platform?.os !== 'unknown')) {
      await page.getByRole('tab', { name: platformLabel(d.platform!), exact: true }).click();
      await expect(page).toHaveURL(new RegExp(`platform=${encodeURIComponent(platformLabel(d.platform!))}`));
      const panel = page.getByRole('tabpanel');
      await expect(panel.getByRole('heading', { level: 2 }).first()).toHaveText(platformLabel(d.platform!));
      await checkImage(page, 'demo/multiarch', (await manifest('demo/multiarch', d.digest)).body, panel);
    }
    await page.getByRole('tab', { name: 'attestation for linux/amd64' }).click();
    const att = (await manifest('demo/multiarch', index.manifests[3]!.digest)).body;
    const blobs = page.getByRole('tabpanel').getByRole('table', { name: '1 blob' });
    await expect(blobs.getByRole('row').nth(1)).toContainText(att.layers[0]!.mediaType);
    await expect(blobs.getByRole('row').nth(1)).toContainText(formatBytes(att.layers[0]!.size));
    expect(watch.problems).toEqual([]);
  });

  test('a Helm chart: name, version, app version, sizes and a helm pull command', async ({ page }) => {
    const { digest, body } = await manifest('charts/mychart', '0.1.0');
    const chart = await blobJson('charts/mychart', body.config.digest);
    await page.goto('/r/charts/mychart/t/0.1.0');
    await expect(field(page, 'Digest')).toContainText(digest);
    const section = page.getByRole('region', { name: 'Helm chart' });
    await expect(field(section, 'Chart')).toHaveText(String(chart.name));
    await expect(field(section, 'Chart version')).toHaveText(String(chart.version));
    await expect(field(section, 'App version')).toHaveText(String(chart.appVersion));
    await expect(field(section, 'Total size (compressed)')).toHaveText(formatBytes(imageSize(body)));
    const blobs = page.getByRole('table', { name: '1 blob' });
    await expect(blobs.getByRole('row').nth(1)).toContainText(body.layers[0]!.mediaType);
    await expect(blobs.getByRole('row').nth(1).getByTitle(body.layers[0]!.digest)).toBeVisible();
    await expect(blobs.getByRole('row').nth(1)).toContainText(formatBytes(body.layers[0]!.size));
    await expect(page.getByText(/^helm pull oci:\/\/[^ ]+\/charts\/mychart --version 0\.1\.0$/)).toBeVisible();
  });

  test('a signed image: its cosign tags grouped under it, hidden from the list until asked for', async ({ page }) => {
    const all = await tags('demo/signed');
    const { digest } = await manifest('demo/signed', 'v1');
    const hex = digest.slice('sha256:'.length);
    expect(all.sort()).toEqual([`sha256-${hex}.att`, `sha256-${hex}.sig`, 'v1']);
    await page.goto('/r/demo/signed');
    const table = page.getByRole('table', { name: 'Tags of demo/signed' });
    await expect(table.getByRole('rowheader')).toHaveText(['v1']);
    const row = table.getByRole('row', { name: /^v1/ });
    await expect(row.getByRole('link', { name: 'signed' })).toHaveAttribute('href', `/r/demo/signed/t/sha256-${hex}.sig`);
    await expect(row.getByRole('link', { name: 'attested' })).toHaveAttribute('href', `/r/demo/signed/t/sha256-${hex}.att`);
    await page.getByRole('checkbox', { name: /^Show 2 signature/ }).check();
    await expect(table.getByRole('rowheader')).toHaveCount(3);

    await page.goto('/r/demo/signed/t/v1');
    await expect(page.getByRole('list', { name: 'Cosign tags' }).getByRole('link')).toHaveText([`sha256-${hex}.sig`, `sha256-${hex}.att`]);
    await checkImage(page, 'demo/signed', (await manifest('demo/signed', 'v1')).body);

    const sig = await manifest('demo/signed', `sha256-${hex}.sig`);
    await page.getByRole('link', { name: `sha256-${hex}.sig` }).click();
    await expect(field(page, 'Digest')).toContainText(sig.digest);
    await expect(field(page, 'Signature of').getByRole('link')).toHaveText(digest);
    const blobs = page.getByRole('table', { name: '1 blob' });
    await expect(blobs.getByRole('row').nth(1)).toContainText('application/vnd.dev.cosign.simplesigning.v1+json');
    await expect(blobs.getByRole('row').nth(1)).toContainText(formatBytes(sig.body.layers[0]!.size));
  });

  test('a Docker manifest list crane made: each entry a platform (whatever artifactType crane wrote), with its own date and size', async ({ page }) => {
    test.skip(noClients !== undefined, `demo/docker-list is pushed by crane: ${noClients}`);
    const watch = watchPage(page);
    const { digest, body: list } = await manifest('demo/docker-list', 'stable');
    expect(digest).toBe(seeded.repositories['demo/docker-list']!.tags.stable!.digest);
    expect(list.mediaType).toBe('application/vnd.docker.distribution.manifest.list.v2+json');
    // crane index append copies each child's config type into artifactType, on a Docker list too
    expect(list.manifests.map((d) => d.artifactType)).toEqual(list.manifests.map(() => 'application/vnd.docker.container.image.v1+json'));
    await page.goto('/r/demo/docker-list/t/stable');
    await expect(field(page, 'Digest').first()).toContainText(digest);
    const table = page.getByRole('table', { name: 'Platforms' });
    await expect(table.getByRole('row')).toHaveCount(list.manifests.length + 1);
    const dates: string[] = [];
    for (const d of list.manifests) {
      const child = (await manifest('demo/docker-list', d.digest)).body;
      expect(child.mediaType).toBe('application/vnd.docker.distribution.manifest.v2+json');
      const config = await blobJson('demo/docker-list', child.config.digest);
      dates.push(String(config.created));
      const row = table.getByRole('row').filter({ hasText: d.digest });
      await expect(row.getByRole('rowheader')).toHaveText(platformLabel(d.platform!));
      await expect(row.getByRole('cell').nth(2)).toHaveText(formatBytes(imageSize(child)));
      await expect(row.locator('time')).toHaveAttribute('datetime', String(config.created));
    }
    // crane leaves created at 0001-01-01; the seed sets the dates with crane edit config. Each image's own page
    // (tags stable-amd64, stable-arm64) is checked by the test of every seeded image.
    expect(dates).toEqual(['2023-11-02T08:00:00Z', '2023-11-02T08:04:00Z']);
    expect(watch.problems).toEqual([]);
  });

  test('an artifact with a subject: found from its image through the referrers API or the fallback tag', async ({ page }) => {
    test.skip(noClients !== undefined, `demo/artifact is pushed by crane and oras: ${noClients}`);
    const app = await manifest('demo/artifact', 'app');
    const api = await fetch(`${REGISTRY}/v2/demo/artifact/referrers/${app.digest}`);
    const fallbackTag = `sha256-${app.digest.slice(7)}`;
    let sbomRef: Descriptor;
    if (REGISTRY_KIND === 'ggcr') {
      // an OCI 1.1 registry answers the API: oras attached the SBOM through it alone, there is no fallback tag, and
      // the UI reads the API; go-containerregistry lists the config's media type (the empty one) as artifactType,
      // the UI shows the manifest's own
      expect(seeded.repositories['demo/artifact']!.referrers!.via).toBe('api');
      expect(api.status).toBe(200);
      expect(await headDigest('demo/artifact', fallbackTag)).toBeUndefined();
      const listed = ((await api.json()) as { manifests: Descriptor[] }).manifests;
      expect(listed.map((d) => d.artifactType)).toEqual(['application/vnd.oci.empty.v1+json']);
      sbomRef = listed[0]!;
    } else {
      // Distribution 2.8 and 3.x have no referrers API: a plain-text 404, so oras kept the list at the fallback tag,
      // the only source
      expect(seeded.repositories['demo/artifact']!.referrers!.via).toBe('tag');
      expect(api.status).toBe(404);
      expect(api.headers.get('content-type')).toMatch(/^text\/plain/);
      const listed = (await manifest('demo/artifact', fallbackTag)).body.manifests;
      expect(listed.map((d) => d.artifactType)).toEqual(['application/vnd.example.sbom.v1+json']);
      sbomRef = listed[0]!;
    }
    const sbom = await manifest('demo/artifact', sbomRef.digest);
    expect(sbom.digest).toBe(sbomRef.digest);
    expect(sbom.body.subject?.digest).toBe(app.digest);

    await page.goto('/r/demo/artifact/t/app');
    const table = page.getByRole('table', { name: 'Referrers' });
    const row = table.getByRole('row', { name: new RegExp(`^${sbom.body.artifactType!.replace(/[.+]/g, '\\$&')}`) });
    await expect(row.getByRole('link', { name: sbomRef.digest })).toBeVisible();
    await expect(row.getByRole('cell').nth(1)).toHaveText(formatBytes(sbomRef.size));
    await expect(REGISTRY_KIND === 'ggcr' ? page.getByText("From the registry's referrers API.") : page.getByText(`read from the fallback tag ${fallbackTag}`, { exact: false })).toBeVisible();
    await checkImage(page, 'demo/artifact', app.body);

    await row.getByRole('link', { name: sbomRef.digest }).click();
    await expect(field(page, 'Artifact type')).toHaveText(sbom.body.artifactType!);
    await expect(field(page, 'Refers to').getByRole('link')).toHaveText(app.digest);
    const blobs = page.getByRole('table', { name: '1 blob' });
    await expect(blobs.getByRole('row').nth(1)).toContainText(sbom.body.layers[0]!.annotations!['org.opencontainers.image.title']!);
    await expect(blobs.getByRole('row').nth(1)).toContainText(formatBytes(sbom.body.layers[0]!.size));
    await expect(field(page, 'Total size (compressed)')).toHaveText(formatBytes(imageSize(sbom.body)));
  });

  test('every seeded image: the digest, sizes and platforms shown are the registry’s', async ({ page }) => {
    test.setTimeout(180_000);
    const watch = watchPage(page);
    const repos = ['demo/alpine', 'demo/oci-app', 'demo/multiarch', 'charts/mychart', 'demo/signed', 'team/backend/api', 'deep/a/b/c/image'];
    if (noClients === undefined) repos.push('demo/docker-list', 'demo/artifact');
    for (const repo of repos) {
      const all = await tags(repo);
      expect(all.length, repo).toBeGreaterThan(0);
      for (const tag of all.sort()) {
        const { digest, body } = await manifest(repo, tag);
        await page.goto(`/r/${repo}/t/${tag}`);
        await expect(field(page, 'Digest').first(), `${repo}:${tag}`).toContainText(digest);
        if (body.manifests) {
          const table = page.getByRole('table', { name: 'Platforms' });
          for (const d of body.manifests) {
            const row = table.getByRole('row').filter({ hasText: d.digest });
            await expect(row, `${repo}:${tag} ${d.digest}`).toHaveCount(1);
            await expect(row.getByRole('cell').nth(2)).toHaveText(formatBytes(imageSize((await manifest(repo, d.digest)).body)));
            if (d.platform && d.platform.os !== 'unknown') await expect(row.getByRole('rowheader')).toHaveText(platformLabel(d.platform));
          }
        } else if (body.config.mediaType === 'application/vnd.oci.image.config.v1+json' || body.config.mediaType === 'application/vnd.docker.container.image.v1+json') {
          if (body.layers.every((l) => l.mediaType.includes('tar'))) await checkImage(page, repo, body);
          else await expect(field(page, 'Total size (compressed)')).toHaveText(formatBytes(imageSize(body)));
        } else {
          await expect(field(page, 'Total size (compressed)')).toHaveText(formatBytes(imageSize(body)));
        }
      }
    }
    expect(watch.problems).toEqual([]);
  });

  test('comparing two tags from a deep link: layers added, removed and shared, and the size difference', async ({ page }) => {
    const a = (await manifest('demo/oci-app', '1.0.0')).body;
    const b = (await manifest('demo/oci-app', '2.0.0')).body;
    await page.goto('/r/demo/oci-app/-/compare?a=1.0.0&b=2.0.0');
    const table = page.getByRole('table', { name: 'Layers' });
    const inA = new Set(a.layers.map((l) => l.digest));
    const inB = new Set(b.layers.map((l) => l.digest));
    const expected = [
      ...a.layers.map((l) => (inB.has(l.digest) ? 'shared' : 'only in A')),
      ...b.layers.filter((l) => !inA.has(l.digest)).map(() => 'added in B'),
    ];
    await expect(table.getByRole('row')).toHaveCount(expected.length + 1);
    for (const [i, status] of expected.entries()) await expect(table.getByRole('row').nth(i + 1).getByRole('cell').first()).toHaveText(status);
    const diff = imageSize(b) - imageSize(a);
    await expect(page.getByText(`Size difference B − A: ${diff > 0 ? '+' : ''}${formatBytes(diff)}`, { exact: false })).toBeVisible();
    const labels = page.getByRole('table', { name: 'Label differences' });
    await expect(labels.getByRole('row').nth(1)).toContainText('org.opencontainers.image.version');
  });

  test('repository storage: the distinct blobs of every tag, computed on request', async ({ page }) => {
    const blobs = new Map<string, number>();
    const manifests = new Set<string>();
    for (const tag of await tags('demo/oci-app')) {
      const m = await manifest('demo/oci-app', tag);
      manifests.add(m.digest);
      for (const d of [m.body.config, ...m.body.layers]) blobs.set(d.digest, d.size);
    }
    await page.goto('/r/demo/oci-app');
    const region = page.getByRole('region', { name: 'Repository storage' });
    await region.getByRole('button', { name: 'Compute the total of unique blobs' }).click();
    const total = region.getByRole('status', { name: 'Total of unique blobs' });
    await expect(total).toHaveText(`${formatBytes([...blobs.values()].reduce((x, y) => x + y, 0))} in ${blobs.size} unique blobs`);
    await expect(region).toContainText(`plus ${manifests.size} manifests`);
  });
});

// Shapes real clients write, seeded into demo/layouts (see scripts/seed/seed.mjs): checked against the registry.
test.describe('real-world layouts on the real registry', () => {
  const section = (page: Page, name: string) => page.locator('section').filter({ has: page.getByRole('heading', { name, exact: true }) });

  test('a digest tag (sha256-<hex> of the manifest it points at) is an ordinary tag; a Notation fallback tag stays under its image', async ({ page }) => {
    const watch = watchPage(page);
    const mirror = await manifest('demo/layouts', 'mirror');
    const digestTag = `sha256-${mirror.digest.slice(7)}`;
    expect((await manifest('demo/layouts', digestTag)).digest).toBe(mirror.digest);
    const notary = await manifest('demo/layouts', 'notary');
    const fallback = await manifest('demo/layouts', `sha256-${notary.digest.slice(7)}`);
    expect(fallback.body.manifests.map((d) => d.artifactType)).toEqual(['application/vnd.cncf.notary.signature']);

    await page.goto('/r/demo/layouts');
    const table = page.getByRole('table', { name: 'Tags of demo/layouts' });
    const digestRow = table.getByRole('row', { name: new RegExp(`^${digestTag}`) });
    await expect(digestRow).toBeVisible();
    await expect(digestRow.getByRole('link', { name: mirror.digest.slice(7, 19), exact: true })).toBeVisible();
    await expect(table.getByRole('row', { name: /^notary/ }).getByRole('link', { name: 'signed', exact: true })).toBeVisible();
    await expect(table.getByRole('row', { name: /^mirror/ }).getByRole('link', { name: 'referrers' })).toHaveCount(0);
    await expect(table.getByRole('row', { name: new RegExp(`^sha256-${notary.digest.slice(7)}`) })).toHaveCount(0);

    await page.goto('/r/demo/layouts/t/mirror');
    const supply = section(page, 'Signatures, attestations and referrers');
    if (REGISTRY_KIND === 'ggcr') {
      // the referrers API answers for the manifest itself: no fallback tag is read, and nothing refers to it
      await expect(supply).toContainText("From the registry's referrers API.");
    } else {
      await expect(supply).toContainText(`the tag ${digestTag} is an ordinary tag`);
    }
    await expect(supply.getByRole('alert')).toHaveCount(0);
    await page.goto(`/r/demo/layouts/t/${digestTag}`);
    await expect(field(page, 'Digest').first()).toContainText(mirror.digest);
    await expect(page.locator('dt:text-is("Referrers of")')).toHaveCount(0);
    expect(watch.problems).toEqual([]);
  });

  test('index entries without a platform are named by their config’s platform, artifactType or media type; an empty index says so', async ({ page }) => {
    const watch = watchPage(page);
    const loop = (await manifest('demo/layouts', 'loop')).body;
    expect(loop.manifests.every((d) => !d.platform)).toBe(true);
    const expected: string[] = [];
    for (const d of loop.manifests) {
      const child = (await manifest('demo/layouts', d.digest)).body;
      if (child.config.mediaType === 'application/vnd.oci.image.config.v1+json') {
        const config = await blobJson('demo/layouts', child.config.digest);
        expected.push(platformLabel({ os: String(config.os), architecture: String(config.architecture) }));
      } else expected.push(d.artifactType ?? d.mediaType);
    }
    expect(expected).toContain('linux/amd64');
    await page.goto('/r/demo/layouts/t/loop');
    const table = page.getByRole('table', { name: 'Platforms' });
    await expect(table.getByRole('rowheader')).toHaveText(expected);
    await expect(page.getByRole('tab')).toHaveText(expected);

    expect((await manifest('demo/layouts', 'empty')).body.manifests).toEqual([]);
    await page.goto('/r/demo/layouts/t/empty');
    await expect(page.getByText('This index lists no manifests: it has no platform to pull.')).toBeVisible();
    await expect(page.getByRole('table', { name: 'Platforms' })).toHaveCount(0);
    expect(watch.problems).toEqual([]);
  });

  test('a builder entry is named by its vnd.docker.reference.type; a Notation signature is shown as a signature', async ({ page }) => {
    const watch = watchPage(page);
    const builder = (await manifest('demo/layouts', 'builder')).body;
    const entry = builder.manifests.find((d) => d.annotations?.['vnd.docker.reference.type'])!;
    const type = entry.annotations!['vnd.docker.reference.type']!;
    expect(type).not.toBe('attestation-manifest');
    const target = builder.manifests.find((d) => d.digest === entry.annotations!['vnd.docker.reference.digest'])!;
    await page.goto('/r/demo/layouts/t/builder');
    const table = page.getByRole('table', { name: 'Platforms' });
    await expect(table.getByRole('row').filter({ hasText: entry.digest }).getByRole('rowheader')).toHaveText(`${type} for ${platformLabel(target.platform!)}`);
    await expect(page.getByText(/attestation for/)).toHaveCount(0);

    const notary = await manifest('demo/layouts', 'notary');
    const fallback = (await manifest('demo/layouts', `sha256-${notary.digest.slice(7)}`)).body;
    const sig = fallback.manifests[0]!;
    expect((await manifest('demo/layouts', sig.digest)).body.subject?.digest).toBe(notary.digest);
    await page.goto('/r/demo/layouts');
    await expect(page.getByRole('row', { name: /^notary/ }).getByRole('link', { name: 'signed', exact: true })).toBeVisible();
    await page.goto('/r/demo/layouts/t/notary');
    const row = page.getByRole('table', { name: 'Referrers' }).getByRole('row').filter({ hasText: sig.digest });
    await expect(row.getByRole('rowheader')).toHaveText(`signature ${sig.artifactType}`);
    await row.getByRole('link', { name: sig.digest }).click();
    await expect(field(page, 'Signature of')).toHaveText(notary.digest);
    await expect(field(page, 'Artifact type')).toHaveText('application/vnd.cncf.notary.signature');
    expect(watch.problems).toEqual([]);
  });

  test('in the tag list an index sorts by its largest platform’s size and newest platform’s date, and shows them', async ({ page }) => {
    const figures = new Map<string, { size?: number; created?: string }>();
    for (const tag of ['mirror', 'notary', 'loop', 'builder']) {
      const { body } = await manifest('demo/layouts', tag);
      const images = body.manifests ? (await Promise.all(body.manifests.filter((d) => d.platform?.os !== 'unknown').map((d) => manifest('demo/layouts', d.digest)))).map((m) => m.body) : [body];
      const imagesWithConfig = images.filter((m) => m.config.mediaType === 'application/vnd.oci.image.config.v1+json');
      const dates = await Promise.all(imagesWithConfig.map(async (m) => String((await blobJson('demo/layouts', m.config.digest)).created)));
      figures.set(tag, { size: Math.max(...images.map(imageSize)), created: dates.sort().at(-1) });
    }
    // sorted by name, an index costs one fetch and states no size; asking for the size sort reads its platforms
    await page.goto('/r/demo/layouts');
    const table = page.getByRole('table', { name: 'Tags of demo/layouts' });
    const builder = table.getByRole('row', { name: /^builder/ });
    await expect(builder.getByRole('cell').nth(2)).toHaveText('—');
    await table.getByRole('button', { name: 'Size' }).click();
    await expect(page).toHaveURL(/sort=size&dir=desc/);
    await expect(builder.getByRole('cell').nth(2)).toHaveText(`up to ${formatBytes(figures.get('builder')!.size!)}`);
    await expect(builder.locator('time')).toHaveAttribute('datetime', figures.get('builder')!.created!);
    const order = async () => (await table.getByRole('rowheader').allTextContents()).filter((t) => figures.has(t));
    const bySize = [...figures.keys()].sort((a, b) => figures.get(b)!.size! - figures.get(a)!.size! || (a < b ? -1 : 1));
    await expect.poll(order).toEqual(bySize);
    await page.goto('/r/demo/layouts?sort=created&dir=desc');
    const byDate = [...figures.keys()].sort((a, b) => Date.parse(figures.get(b)!.created!) - Date.parse(figures.get(a)!.created!));
    await expect.poll(order).toEqual(byDate);
  });
});

// The largest manifests distribution takes (4 MiB: it refuses more), seeded into demo/huge by the full profile.
// How long they take is measured by the bench, not here: this checks the page renders and stays usable.
test.describe('huge manifests on the real registry', () => {
  test.beforeEach(async () => {
    test.skip(!(await headDigest('demo/huge', 'layers')), 'demo/huge is seeded by the full profile only');
  });
  test('27,000 layers: a windowed layer table that scrolls to the last layer, a capped raw view', async ({ page }) => {
    const watch = watchPage(page);
    const { digest, body } = await manifest('demo/huge', 'layers');
    expect(body.layers.length).toBeGreaterThan(20_000);
    await page.goto('/r/demo/huge/t/layers');
    await expect(field(page, 'Digest').first()).toContainText(digest);
    // the scrolling box inside the section of the same name
    const region = page.getByRole('region', { name: `${body.layers.length} layers` }).getByRole('region');
    const table = region.getByRole('table');
    await expect(table.getByRole('row').nth(1)).toContainText(body.layers[0]!.digest.slice(0, 19));
    // only the rows in view are in the page
    expect(await table.getByRole('row').count()).toBeLessThan(200);
    await region.evaluate((el) => el.scrollTo(0, el.scrollHeight));
    const last = table.getByRole('row').filter({ has: page.getByRole('cell', { name: String(body.layers.length), exact: true }) });
    await expect(last).toContainText(body.layers.at(-1)!.digest.slice(0, 19));
    await expect(last).toContainText(formatBytes(body.layers.at(-1)!.size));
    await expect(page.getByRole('button', { name: /^Show all [\d,]+ characters$/ }).first()).toBeVisible();
    // still usable: the page answers a click at once
    await page.getByRole('link', { name: 'Compare with another tag' }).click();
    await expect(page).toHaveURL(/\/-\/compare/);
    expect(watch.problems).toEqual([]);
  });

  test('one 4 MB annotation: cut, with a button that shows it whole', async ({ page }) => {
    const watch = watchPage(page);
    const { body } = await getManifest('demo/huge', 'annotation');
    const value = (body.annotations as Record<string, string>)['org.example.payload']!;
    expect(value.length).toBeGreaterThan(3_000_000);
    await page.goto('/r/demo/huge/t/annotation');
    const item = page.locator('li[data-label="org.example.payload"]');
    await expect(item).toContainText(value.slice(0, 200));
    await expect(item.getByRole('button', { name: `Show all ${new Intl.NumberFormat('en').format(value.length)} characters` })).toBeVisible();
    expect((await item.textContent())!.length).toBeLessThan(20_000);
    await page.getByRole('link', { name: 'demo/huge' }).click();
    await expect(page.getByRole('table', { name: 'Tags of demo/huge' }).getByRole('row', { name: /^annotation/ })).toBeVisible();
    expect(watch.problems).toEqual([]);
  });
});


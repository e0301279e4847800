import { expect, test, type Locator, type Page } from '@playwright/test';
import { REGISTRY_KIND, clientsSummary, getManifest, tags, watchPage } from './support';

// Content pushed by real clients (scripts/seed/clients.sh): images and an index made with crane append, crane
// mutate and crane index append, an artifact made with oras push, and two referrers made with oras attach. oras
// writes the fallback tag sha256-<hex> unless the registry confirms the subject with an OCI-Subject header; the UI
// reads the referrers API where there is one (go-containerregistry) and the fallback tag where there is none
// (Distribution 2.8 and 3.x). Every figure is checked against the registry.

const summary = clientsSummary();
const field = (scope: Page | Locator, label: string) => scope.locator(`dt:text-is("${label}") + dd`);

test.describe('content pushed with crane and oras', () => {
  test.skip(summary.skipped !== undefined, summary.skipped ?? '');

  test('a crane index of two mutated images: both platforms, each with its own digest', async ({ page }) => {
    const watch = watchPage(page);
    const { digest, body } = await getManifest('clients/crane', '1.0.0');
    expect(digest).toBe(summary.repositories['clients/crane']!.tags['1.0.0']);
    const children = body.manifests as { digest: string; artifactType?: string; platform: { os: string; architecture: string } }[];
    // crane index append writes the children's config type as artifactType: they are still platforms, not artifacts
    expect(children.map((c) => c.artifactType)).toEqual(['application/vnd.docker.container.image.v1+json', 'application/vnd.docker.container.image.v1+json']);
    await page.goto('/r/clients/crane/t/1.0.0');
    const table = page.getByRole('table', { name: 'Platforms' });
    await expect(table.getByRole('row')).toHaveCount(children.length + 1);
    for (const c of children) {
      const row = table.getByRole('row').filter({ hasText: c.digest });
      await expect(row.getByRole('rowheader')).toHaveText(`${c.platform.os}/${c.platform.architecture}`);
    }
    for (const arch of ['amd64', 'arm64']) {
      await page.getByRole('tab', { name: `linux/${arch}`, exact: true }).click();
      await expect(field(page.getByRole('tabpanel'), 'OS / architecture')).toHaveText(`linux/${arch}`);
    }
    expect(watch.problems).toEqual([]);
  });

  test('a mutated image on its own tag: crane mutate set its platform on a Docker v2 manifest', async ({ page }) => {
    const { digest, body } = await getManifest('clients/crane', '1.0.0-arm64');
    expect(digest).toBe(summary.repositories['clients/crane']!.tags['1.0.0-arm64']);
    expect(body.mediaType).toBe('application/vnd.docker.distribution.manifest.v2+json');
    await page.goto('/r/clients/crane/t/1.0.0-arm64');
    await expect(field(page, 'Digest').first()).toContainText(digest);
    await expect(field(page, 'OS / architecture')).toHaveText('linux/arm64');
    await expect(page.getByRole('table', { name: '1 layer' })).toBeVisible();
  });

  test('the SBOM and the scan report oras attached are listed under the image they refer to', async ({ page }) => {
    const watch = watchPage(page);
    const r = summary.referrers;
    const api = await fetch(`${process.env.E2E_REGISTRY ?? 'http://127.0.0.1:15000'}/v2/${r.repository}/referrers/${r.subject}`);
    if (REGISTRY_KIND === 'ggcr') {
      // the referrers API answers, and the UI reads it; oras wrote the fallback tag as well: go-containerregistry
      // sends no OCI-Subject header on the PUT of a manifest with a subject, which is how oras tells a registry
      // that indexes referrers (demo/artifact is attached with --distribution-spec v1.1-referrers-api: no tag)
      expect(r.via).toBe('api');
      expect(api.status).toBe(200);
      expect(await tags(r.repository)).toContain(r.fallbackTag);
    } else {
      // no referrers API: oras kept the list at the fallback tag, which is all the UI can read
      expect(r.via).toBe('tag');
      expect(api.status).toBe(404);
      expect(await tags(r.repository)).toContain(r.fallbackTag);
    }
    expect(r.manifests.map((m) => m.artifactType).sort()).toEqual(['application/spdx+json', 'application/vnd.example.scan-report+json']);
    await page.goto('/r/clients/crane/t/1.0.0');
    const table = page.getByRole('table', { name: 'Referrers' });
    await expect(table.getByRole('row')).toHaveCount(r.manifests.length + 1);
    for (const m of r.manifests) {
      // the row's name starts with the type, after a kind badge where the UI knows the kind (SBOM, signature…)
      const row = table.getByRole('row', { name: new RegExp(`^(?:\\S+ )?${m.artifactType.replace(/[.+]/g, '\\$&')} `) });
      await expect(row.getByRole('link', { name: m.digest })).toBeVisible();
    }
    await expect(r.via === 'api' ? page.getByText("From the registry's referrers API.") : page.getByText(`read from the fallback tag ${r.fallbackTag}`, { exact: false })).toBeVisible();
    // the SBOM itself: its type, the image it refers to, its one file
    const sbom = r.manifests.find((m) => m.artifactType === 'application/spdx+json')!;
    await table.getByRole('link', { name: sbom.digest }).click();
    await expect(field(page, 'Artifact type')).toHaveText('application/spdx+json');
    // an SBOM's page names the image it describes as "SBOM of" (an artifact of no known kind says "Refers to")
    await expect(field(page, 'SBOM of').getByRole('link')).toHaveText(r.subject);
    await expect(page.getByRole('table', { name: '1 blob' }).getByRole('row').nth(1)).toContainText('sbom.spdx.json');
    expect(watch.problems).toEqual([]);
  });

  test('the tag list shows the three tags crane pushed; the fallback tag is kept out of the way', async ({ page }) => {
    await page.goto('/r/clients/crane');
    const table = page.getByRole('table', { name: 'Tags of clients/crane' });
    await expect(table.getByRole('rowheader')).toHaveText(['1.0.0', '1.0.0-amd64', '1.0.0-arm64']);
  });

  test('an artifact oras pushed: its type and both of its files', async ({ page }) => {
    const { digest, body } = await getManifest('clients/oras', 'bundle-v1');
    expect(digest).toBe(summary.repositories['clients/oras']!.tags['bundle-v1']);
    const layers = body.layers as { digest: string; annotations: Record<string, string> }[];
    await page.goto('/r/clients/oras/t/bundle-v1');
    await expect(field(page, 'Artifact type')).toHaveText(String(body.artifactType));
    const blobs = page.getByRole('table', { name: `${layers.length} blobs` });
    for (const [i, l] of layers.entries()) await expect(blobs.getByRole('row').nth(i + 1)).toContainText(l.annotations['org.opencontainers.image.title']!);
  });
});

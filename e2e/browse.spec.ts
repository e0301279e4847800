import { expect, test } from '@playwright/test';
import { REGISTRY, REGISTRY_KIND, catalog, getManifest, seedSummary, tags, watchPage } from './support';

test.describe('browsing a real registry', () => {
  test('the catalog streams past 1,000 repositories and every one is reachable', async ({ page }) => {
    const names = await catalog();
    expect(names.length).toBeGreaterThan(1500);
    const watch = watchPage(page);
    await page.goto('/');
    // other tests push repositories meanwhile: the count shown must match the registry's at that moment
    const count = page.getByText(/^[\d,]+ repositories$/);
    await expect(count).toBeVisible();
    const shown = Number((await count.textContent())!.replace(/\D/g, ''));
    expect(shown).toBeGreaterThanOrEqual(names.length);
    expect(shown).toBeLessThanOrEqual((await catalog()).length);
    // the last name of the last page, and a nested one, are reachable through the filter
    const last = [...names].sort().at(-1)!;
    for (const name of [last, 'deep/a/b/c/image', 'team/backend/api']) {
      await page.getByRole('searchbox').fill(name);
      const link = page.getByRole('table', { name: 'Repositories' }).getByRole('link', { name, exact: true });
      await expect(link).toBeVisible();
    }
    await page.getByRole('table', { name: 'Repositories' }).getByRole('link', { name: 'team/backend/api', exact: true }).click();
    await expect(page).toHaveURL(/\/r\/team\/backend\/api$/);
    await expect(page.getByRole('heading', { name: 'team/backend/api' })).toBeVisible();
    expect(watch.problems).toEqual([]);
  });

  test('a repository with 2,500 tags: every tag listed, sorted by created across all of them', async ({ page }) => {
    // 2,500 GETs by tag and a config per distinct image through one nginx on a shared 2-core machine:
    // this checks that the sort covers every tag, not how fast (npm run bench measures that)
    test.setTimeout(180_000);
    const all = await tags('demo/many-tags');
    expect(all).toHaveLength(2500);
    const summary = seedSummary();
    const created = (tag: string) => summary.manifests[summary.repositories['demo/many-tags']!.tags[tag]!.digest]!.created!;
    const newest = Math.max(...all.map((t) => Date.parse(created(t))));
    await page.goto('/r/demo/many-tags?sort=created&dir=desc');
    await expect(page.getByText('2,500 of 2,500 tags')).toBeVisible();
    // the page stays usable while details load: filtering answers at once
    await page.getByRole('searchbox').fill('build-1');
    // sorted by created, the rows shown are whichever build-1… tags are newest so far
    await expect(page.getByText(/^\d+ of 2,500 tags$/)).not.toHaveText('2,500 of 2,500 tags');
    await expect(page.getByRole('table', { name: /Tags of/ }).getByRole('rowheader').first()).toHaveText(/^build-1/);
    await page.getByRole('searchbox').fill('');
    await expect(page.getByRole('progressbar')).toHaveCount(0, { timeout: 150_000 });
    const firstTag = (await page.getByRole('table', { name: /Tags of/ }).getByRole('rowheader').first().textContent())!;
    expect(Date.parse(created(firstTag))).toBe(newest);
    // the last tag in natural order is reachable
    const lastByName = [...all].sort(new Intl.Collator('en', { numeric: true }).compare).at(-1)!;
    await page.getByRole('searchbox').fill(lastByName);
    await page.getByRole('link', { name: lastByName, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/r/demo/many-tags/t/${lastByName.replace(/\./g, '\\.')}$`));
    await expect(page.getByText(summary.repositories['demo/many-tags']!.tags[lastByName]!.digest).first()).toBeVisible();
  });

  test('a manifest page shows what the registry serves', async ({ page }) => {
    const { digest, body } = await getManifest('demo/oci-app', '1.0.0');
    const layers = body.layers as { digest: string; size: number }[];
    const config = body.config as { digest: string };
    await page.goto('/r/demo/oci-app/t/1.0.0');
    await expect(page.getByText('application/vnd.oci.image.manifest.v1+json', { exact: true })).toBeVisible();
    await expect(page.getByText(digest, { exact: true }).first()).toBeVisible();
    await expect(page.getByText(config.digest, { exact: true })).toBeVisible();
    const table = page.getByRole('table', { name: `${layers.length} layers` });
    await expect(table.getByRole('row')).toHaveCount(layers.length + 1);
    for (const l of layers) await expect(table.getByTitle(l.digest)).toBeVisible();
  });

  test('a multi-arch index lists each platform with its own digest; the attestation is not a platform', async ({ page }) => {
    const { body } = await getManifest('demo/multiarch', 'latest');
    const children = body.manifests as { digest: string; platform: { os: string; architecture: string; variant?: string } }[];
    await page.goto('/r/demo/multiarch/t/latest');
    const table = page.getByRole('table', { name: 'Platforms' });
    for (const c of children) {
      const label = c.platform.os === 'unknown' ? 'attestation' : [c.platform.os, c.platform.architecture, c.platform.variant].filter(Boolean).join('/');
      const row = table.getByRole('row', { name: new RegExp(`^${label}`) }).filter({ hasText: c.digest });
      await expect(row).toHaveCount(1);
    }
  });

  test('deep links load directly, and unknown repositories explain themselves', async ({ page }) => {
    const { digest } = await getManifest('demo/alpine', '3.18');
    await page.goto(`/r/demo/alpine/d/${digest}`);
    await expect(page.getByRole('heading', { name: `demo/alpine@${digest.slice(7, 19)}` })).toBeVisible();
    await page.goto('/r/demo/alpine/t/3.18');
    await expect(page.getByRole('heading', { name: 'demo/alpine:3.18' })).toBeVisible();
    await page.goto('/r/no/such/repository');
    await expect(page.getByText('The registry does not know this repository.')).toBeVisible();
    await page.goto('/r/demo/deleted');
    await expect(page.getByText('This repository has no tags.')).toBeVisible();
  });
});

test.describe('where the registries differ', () => {
  test('tags/list with n: 2.8 ignores it, 3.x pages with a Link, go-containerregistry pages without one; the UI lists every tag', async ({ page }) => {
    const res = await fetch(`${REGISTRY}/v2/demo/many-tags/tags/list?n=100`);
    const body = (await res.json()) as { tags: string[] };
    const link = res.headers.get('link');
    if (REGISTRY_KIND === 'dist2') {
      expect(body.tags).toHaveLength(2500);
      expect(link).toBeNull();
    } else if (REGISTRY_KIND === 'dist3') {
      expect(body.tags).toHaveLength(100);
      expect(link).toMatch(/^<\/v2\/demo\/many-tags\/tags\/list\?last=[^>]+&n=100>; rel="next"$/);
    } else {
      expect(body.tags).toHaveLength(100);
      expect(link).toBeNull(); // a client that asks with n and follows Link would see 100 tags of 2,500
    }
    // the UI asks without n, which every registry answers with every tag
    expect(await tags('demo/many-tags')).toHaveLength(2500);
    await page.goto('/r/demo/many-tags');
    await expect(page.getByText('2,500 of 2,500 tags')).toBeVisible({ timeout: 60_000 });
  });

  test('a repository whose tags were all deleted: null on 2.8, [] on 3.x; the UI says the same for both', async ({ page }) => {
    const body = (await (await fetch(`${REGISTRY}/v2/demo/deleted/tags/list`)).json()) as { tags: string[] | null };
    expect(body.tags).toEqual(REGISTRY_KIND === 'dist3' ? [] : null);
    await page.goto('/r/demo/deleted');
    await expect(page.getByText('This repository has no tags.')).toBeVisible();
  });
});

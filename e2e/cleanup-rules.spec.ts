import { expect, test } from '@playwright/test';
import { headDigest, manifestSize, pushCosign, pushImage, pushIndex, tags, watchPage } from './support';

const DAY = 86_400_000;

test.describe('a rules-based cleanup', () => {
  test('deletes exactly what the dry-run preview listed, of a repository of 60 dated tags', async ({ page }) => {
    test.setTimeout(120_000);
    const watch = watchPage(page);
    const repo = 'e2e/cleanup-dated';
    // the shape of the seeded demo/dated: a tag every five days, latest on the newest, stable on the 45th
    const dated: { tag: string; digest: string }[] = [];
    for (let i = 0; i < 60; i++) {
      const created = new Date(Date.parse('2024-01-01T03:00:00Z') + i * 5 * DAY).toISOString();
      const tag = created.slice(0, 10).replaceAll('-', '.');
      const extra = i === 59 ? ['latest'] : i === 44 ? ['stable'] : [];
      dated.push({ tag, digest: await pushImage(repo, [tag, ...extra], { created, layerBytes: 512 }) });
    }

    await page.goto(`/r/${repo}?cleanup=1&keepNewest=10&olderThan=30&exclude=2024.03.*&keep=latest,stable`);
    const goingTable = page.getByRole('table', { name: 'Tags that would be deleted' });
    const stayingTable = page.getByRole('table', { name: 'Tags that stay' });
    await expect(goingTable).toBeVisible({ timeout: 30_000 });
    const going = await goingTable.getByRole('rowheader').allTextContents();
    const staying = await stayingTable.getByRole('rowheader').allTextContents();

    // what the rules mean, worked out here independently: the 10 newest are #50..#59, March is excluded,
    // and #44 stays because stable points at the same manifest
    const expected = dated.filter((d, i) => i < 50 && i !== 44 && !d.tag.startsWith('2024.03.')).map((d) => d.tag);
    expect([...going].sort()).toEqual([...expected].sort());
    expect(going).toHaveLength(42);
    expect(staying).toHaveLength(62 - 42);
    await expect(stayingTable.getByRole('row', { name: /^2024\.08\.08/ })).toContainText('same manifest as stable');
    await expect(stayingTable.getByRole('row', { name: /^2024\.03\.06/ })).toContainText('matches "Never tags matching"');
    await expect(page.getByTestId('cleanup-summary')).toHaveText('42 tags would be deleted, 20 stay. Manifests deleted: 42.');
    // each image has its own layer: the freed bytes are well above zero and below the plain sum plus manifests
    await expect(page.getByTestId('reclaimable-bytes')).not.toHaveAttribute('data-bytes', '0');

    await page.getByRole('button', { name: 'Delete 42 tags…' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByRole('list', { name: 'Manifests that will be deleted' }).locator('li[data-tag]')).toHaveCount(42);
    await dialog.getByRole('button', { name: 'Delete 42 tags' }).click();
    await expect(dialog.getByText('Cleanup finished.')).toBeVisible({ timeout: 60_000 });
    await expect(dialog.getByText('42 tags deleted')).toBeVisible();

    // the registry afterwards is the preview: what it said stays is exactly what is left
    expect((await tags(repo)).sort()).toEqual([...staying].sort());
    for (const d of dated) {
      const gone = going.includes(d.tag);
      expect(await headDigest(repo, d.tag), d.tag).toBe(gone ? undefined : d.digest);
    }
    await dialog.getByRole('button', { name: 'Close' }).click();
    // the preview reads the repository again: nothing more would go
    await expect(page.getByText('These rules delete nothing.')).toBeVisible({ timeout: 30_000 });
    expect(watch.problems).toEqual([]);
  });
  test('a cleanup takes the signatures of the images it deletes along, and keeps those of the images that stay', async ({ page }) => {
    const repo = `e2e/cleanup-signed-${Date.now().toString(36)}`;
    const old = await pushImage(repo, ['old'], { created: '2024-01-01T00:00:00Z' });
    const fresh = await pushImage(repo, ['new'], { created: '2024-06-01T00:00:00Z' });
    const oldSig = await pushCosign(repo, old, 'sig');
    const freshSig = await pushCosign(repo, fresh, 'sig');
    await page.goto(`/r/${repo}?cleanup=1&keepNewest=1`);
    const goingTable = page.getByRole('table', { name: 'Tags that would be deleted' });
    await expect(goingTable).toBeVisible({ timeout: 30_000 });
    await expect(goingTable.getByRole('rowheader')).toHaveText(['old', oldSig.tag]);
    await expect(goingTable.getByRole('row', { name: new RegExp(`^${oldSig.tag}`) })).toContainText('signature of old');
    await page.getByRole('button', { name: 'Delete 2 tags…' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByRole('checkbox', { name: /Also delete the signature/ })).toBeChecked();
    await dialog.getByRole('button', { name: 'Delete 2 tags' }).click();
    await expect(dialog.getByText('Cleanup finished.')).toBeVisible({ timeout: 60_000 });
    expect((await tags(repo)).sort()).toEqual([freshSig.tag, 'new'].sort());
    expect(await headDigest(repo, oldSig.digest)).toBeUndefined();
  });

  test('the rules never take a platform of a multi-arch image that stays, even when it is the oldest tag', async ({ page }) => {
    const repo = `e2e/cleanup-platform-${Date.now().toString(36)}`;
    const amd64 = await pushImage(repo, ['linux-amd64'], { created: '2024-01-01T00:00:00Z' });
    const arm64 = await pushImage(repo, [], { created: '2024-06-01T00:00:00Z' });
    const multi = await pushIndex(repo, ['multi'], [
      { digest: amd64, size: await manifestSize(repo, amd64), platform: { os: 'linux', architecture: 'amd64' } },
      { digest: arm64, size: await manifestSize(repo, arm64), platform: { os: 'linux', architecture: 'arm64' } },
    ]);
    const old = await pushImage(repo, ['old'], { created: '2024-02-01T00:00:00Z' });
    // keep the newest one: multi (its newest platform is of June); linux-amd64 is older than old, yet stays
    await page.goto(`/r/${repo}?cleanup=1&keepNewest=1`);
    const goingTable = page.getByRole('table', { name: 'Tags that would be deleted' });
    const stayingTable = page.getByRole('table', { name: 'Tags that stay' });
    await expect(goingTable).toBeVisible({ timeout: 30_000 });
    await expect(goingTable.getByRole('rowheader')).toHaveText(['old']);
    await expect(stayingTable.getByRole('row', { name: /^linux-amd64/ })).toContainText('a platform of the multi-arch image multi, which stays');
    await page.getByRole('button', { name: 'Delete 1 tag…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Delete 1 tag', exact: true }).click();
    await expect(dialog.getByText('Cleanup finished.')).toBeVisible({ timeout: 60_000 });
    expect(await headDigest(repo, 'linux-amd64')).toBe(amd64);
    expect(await headDigest(repo, 'multi')).toBe(multi.digest);
    expect(await headDigest(repo, arm64)).toBe(arm64);
    expect(await headDigest(repo, old)).toBeUndefined();
    expect((await tags(repo)).sort()).toEqual(['linux-amd64', 'multi']);
  });
});

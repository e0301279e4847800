import { expect, test } from '@playwright/test';
import { REGISTRY, headDigest, manifestSize, pushCosign, pushImage, pushIndex, tags, watchPage } from './support';

const ACCEPT = 'application/vnd.oci.image.manifest.v1+json';

/** Points `to` at the manifest `from` points at, byte for byte (a `docker tag` + push). */
async function retag(repo: string, from: string, to: string): Promise<void> {
  const res = await fetch(`${REGISTRY}/v2/${repo}/manifests/${from}`, { headers: { Accept: ACCEPT } });
  expect(res.ok).toBe(true);
  const put = await fetch(`${REGISTRY}/v2/${repo}/manifests/${to}`, { method: 'PUT', body: Buffer.from(await res.arrayBuffer()), headers: { 'Content-Type': ACCEPT } });
  expect(put.status).toBe(201);
}

test.describe('deleting several tags at once', () => {
  test('the confirmation lists every digest and every tag that goes; the registry loses exactly those', async ({ page }) => {
    const watch = watchPage(page);
    const repo = 'e2e/cleanup-select';
    const x = await pushImage(repo, ['one', 'one-alias']);
    const y = await pushImage(repo, ['two']);
    const z = await pushImage(repo, ['keeps']);
    await page.goto(`/r/${repo}`);
    await page.getByRole('checkbox', { name: 'one', exact: true }).check();
    await page.getByRole('checkbox', { name: 'two', exact: true }).check();
    await expect(page.getByRole('region', { name: 'Selected tags' })).toContainText('2 tags selected');
    await page.getByRole('button', { name: 'Delete 2 selected tags…' }).click();

    const dialog = page.getByRole('dialog');
    const manifests = dialog.getByRole('list', { name: 'Manifests that will be deleted' });
    await expect(manifests.getByRole('list', { name: `Tags deleted with ${x}` }).getByRole('listitem')).toHaveText(['one', 'one-alias not selected: shares this digest']);
    await expect(manifests.getByRole('list', { name: `Tags deleted with ${y}` }).getByRole('listitem')).toHaveText(['two']);
    await expect(dialog.getByText('3 tags go. Manifests deleted: 2.')).toBeVisible();
    await expect(dialog.getByText('Freed by garbage collection')).toBeVisible();
    await dialog.getByRole('button', { name: 'Delete 3 tags' }).click();

    await expect(dialog.getByText('Cleanup finished.')).toBeVisible();
    await expect(dialog.getByText('3 tags deleted')).toBeVisible();
    await expect(dialog.getByRole('table', { name: 'Result for each tag' }).getByRole('row', { name: /^one-alias/ })).toContainText('deleted');
    await expect(dialog.getByText('Free the disk space: run garbage collection')).toBeVisible();
    // checked against the registry itself
    expect(await tags(repo)).toEqual(['keeps']);
    expect(await headDigest(repo, 'keeps')).toBe(z);
    expect(await headDigest(repo, x)).toBeUndefined();
    expect(await headDigest(repo, y)).toBeUndefined();

    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(page.getByRole('region', { name: 'Selected tags' })).toHaveCount(0);
    await expect(page.getByRole('row', { name: /^one/ })).toHaveCount(0);
    await expect(page.getByRole('row', { name: /^keeps/ })).toBeVisible();
    expect(watch.problems).toEqual([]);
  });

  test('tags pushed while the confirmation is open are left alone, and the run says why', async ({ page }) => {
    const repo = 'e2e/cleanup-select-race';
    const first = await pushImage(repo, ['mover']);
    const shared = await pushImage(repo, ['old']);
    const plain = await pushImage(repo, ['plain']);
    await page.goto(`/r/${repo}`);
    await page.getByRole('checkbox', { name: 'Select every tag shown' }).check();
    await page.getByRole('button', { name: 'Delete 3 selected tags…' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByRole('list', { name: `Tags deleted with ${first}` })).toBeVisible();

    // meanwhile: mover is pushed again, and a new tag is put on old's manifest
    const second = await pushImage(repo, ['mover']);
    await retag(repo, 'old', 'newcomer');
    await dialog.getByRole('button', { name: 'Delete 3 tags' }).click();

    await expect(dialog.getByText('Cleanup finished.')).toBeVisible();
    const results = dialog.getByRole('table', { name: 'Result for each tag' });
    await expect(results.getByRole('row', { name: /^mover/ })).toContainText('not deleted: pushed again');
    await expect(results.getByRole('row', { name: /^old/ })).toContainText('not deleted: newcomer points at it now');
    await expect(results.getByRole('row', { name: /^plain/ })).toContainText('deleted');
    expect((await tags(repo)).sort()).toEqual(['mover', 'newcomer', 'old']);
    expect(await headDigest(repo, 'mover')).toBe(second);
    expect(await headDigest(repo, 'old')).toBe(shared);
    expect(await headDigest(repo, plain)).toBeUndefined();
    expect(await headDigest(repo, first)).toBe(first);
  });

  test('a selected platform of a multi-arch image that stays is refused; the signature of what goes is listed and goes along', async ({ page }) => {
    const watch = watchPage(page);
    const repo = `e2e/cleanup-select-plan-${Date.now().toString(36)}`;
    const amd64 = await pushImage(repo, ['linux-amd64']);
    const arm64 = await pushImage(repo, []);
    const multi = await pushIndex(repo, ['multi'], [
      { digest: amd64, size: await manifestSize(repo, amd64), platform: { os: 'linux', architecture: 'amd64' } },
      { digest: arm64, size: await manifestSize(repo, arm64), platform: { os: 'linux', architecture: 'arm64' } },
    ]);
    const old = await pushImage(repo, ['old']);
    const sig = await pushCosign(repo, old, 'sig');
    await page.goto(`/r/${repo}`);
    await page.getByRole('checkbox', { name: 'linux-amd64', exact: true }).check();
    await page.getByRole('checkbox', { name: 'old', exact: true }).check();
    await page.getByRole('button', { name: 'Delete 2 selected tags…' }).click();

    const dialog = page.getByRole('dialog');
    await expect(dialog.getByText('1 selected tag is not deleted:')).toBeVisible();
    await expect(dialog.getByText('linux-amd64 is a platform of the multi-arch image multi, which stays: deleting it would break multi.')).toBeVisible();
    await expect(dialog.getByRole('list', { name: `Tags deleted with ${amd64}` })).toHaveCount(0);
    await expect(dialog.getByRole('list', { name: `Tags deleted with ${old}` }).getByRole('listitem')).toHaveText(['old']);
    // the signature of old goes after it, named as such, with the option to keep it on by default
    const manifests = dialog.getByRole('list', { name: 'Manifests that will be deleted' });
    await expect(manifests.getByRole('list', { name: `Tags deleted with ${sig.digest}` }).getByRole('listitem')).toHaveText([sig.tag]);
    await expect(manifests.getByRole('listitem').filter({ hasText: sig.digest }).first()).toContainText('signature of old');
    await expect(dialog.getByRole('checkbox', { name: /Also delete the signature/ })).toBeChecked();
    await expect(dialog.getByText('2 tags go. Manifests deleted: 2.')).toBeVisible();
    await dialog.getByRole('button', { name: 'Delete 2 tags', exact: true }).click();
    await expect(dialog.getByText('Cleanup finished.')).toBeVisible();

    // the registry itself: the index and its platform stay, old and its signature are gone
    expect(await headDigest(repo, 'linux-amd64')).toBe(amd64);
    expect(await headDigest(repo, 'multi')).toBe(multi.digest);
    expect(await headDigest(repo, old)).toBeUndefined();
    expect(await headDigest(repo, sig.digest)).toBeUndefined();
    expect((await tags(repo)).sort()).toEqual(['linux-amd64', 'multi']);
    expect(watch.problems).toEqual([]);
  });
});

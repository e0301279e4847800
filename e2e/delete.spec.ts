import { expect, test } from '@playwright/test';
import { headDigest, manifestSize, pushCosign, pushImage, pushIndex, tags } from './support';

test.describe('deleting through the UI', () => {
  test('a tag sharing its digest: the dialog names both, the registry loses both and nothing else', async ({ page }) => {
    const repo = 'e2e/delete-shared';
    const shared = await pushImage(repo, ['keep-me-not', 'also-goes']);
    const other = await pushImage(repo, ['stays']);
    await page.goto(`/r/${repo}`);
    await page.getByRole('button', { name: 'Delete tag keep-me-not' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByText('1 other tag points at the same manifest and will be deleted too:')).toBeVisible();
    await expect(dialog.getByRole('list', { name: 'Tags that will be deleted' }).getByRole('listitem')).toHaveText(['also-goes', 'keep-me-not']);
    await expect(dialog.getByTestId('delete-digest')).toHaveText(shared);
    await dialog.getByRole('button', { name: 'Delete 2 tags' }).click();
    await expect(dialog.getByText('Deleted. These 2 tags are gone: also-goes, keep-me-not.')).toBeVisible();
    await expect(dialog.getByText('Free the disk space: run garbage collection')).toBeVisible();
    // checked against the registry itself, not through the UI
    expect(await headDigest(repo, 'keep-me-not')).toBeUndefined();
    expect(await headDigest(repo, 'also-goes')).toBeUndefined();
    expect(await headDigest(repo, 'stays')).toBe(other);
    expect(await tags(repo)).toEqual(['stays']);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(page.getByRole('row', { name: /^keep-me-not/ })).toHaveCount(0);
    await expect(page.getByRole('row', { name: /^stays/ })).toBeVisible();
  });

  test('a tag pushed again while the dialog is open is refused, and nothing is deleted', async ({ page }) => {
    const repo = 'e2e/delete-moved';
    const first = await pushImage(repo, ['moving']);
    await page.goto(`/r/${repo}/t/moving`);
    await page.getByRole('button', { name: 'Delete tag moving' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByTestId('delete-digest')).toHaveText(first);
    const second = await pushImage(repo, ['moving']);
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(dialog.getByText('The tag moving was pushed again and points at another manifest now. Nothing was deleted.')).toBeVisible();
    expect(await headDigest(repo, 'moving')).toBe(second);
    expect(await headDigest(repo, first)).toBe(first);
  });
  test('a platform of a multi-arch image another tag keeps: the tag\'s own Delete refuses, and the registry keeps both', async ({ page }) => {
    const repo = `e2e/delete-platform-${Date.now().toString(36)}`;
    const amd64 = await pushImage(repo, ['linux-amd64']);
    const arm64 = await pushImage(repo, []);
    const multi = await pushIndex(repo, ['multi'], [
      { digest: amd64, size: await manifestSize(repo, amd64), platform: { os: 'linux', architecture: 'amd64' } },
      { digest: arm64, size: await manifestSize(repo, arm64), platform: { os: 'linux', architecture: 'arm64' } },
    ]);
    await page.goto(`/r/${repo}/t/linux-amd64`);
    await page.getByRole('button', { name: 'Delete tag linux-amd64' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByRole('alert')).toHaveText('linux-amd64 is a platform of the multi-arch image multi, which stays: deleting it would break multi.');
    await expect(dialog.getByRole('button', { name: 'Delete', exact: true })).toBeDisabled();
    await expect(dialog.getByText(/No other tag points at this manifest/)).toHaveCount(0);
    expect(await headDigest(repo, 'linux-amd64')).toBe(amd64);
    expect(await headDigest(repo, 'multi')).toBe(multi.digest);
  });

  test('an image with a cosign signature and attestation: the dialog names them, and they go after the image', async ({ page }) => {
    const repo = `e2e/delete-signed-${Date.now().toString(36)}`;
    const v1 = await pushImage(repo, ['v1']);
    const v2 = await pushImage(repo, ['v2']);
    const sig = await pushCosign(repo, v1, 'sig');
    const att = await pushCosign(repo, v1, 'att');
    const v2sig = await pushCosign(repo, v2, 'sig');
    await page.goto(`/r/${repo}/t/v1`);
    await page.getByRole('button', { name: 'Delete tag v1' }).click();
    const dialog = page.getByRole('dialog');
    const list = dialog.getByRole('list', { name: 'Signatures, attestations and referrers of what goes' });
    await expect(list.getByRole('listitem')).toHaveText([`${att.tag} (attestation of v1)`, `${sig.tag} (signature of v1)`]);
    await expect(dialog.getByRole('checkbox', { name: /Also delete the signatures/ })).toBeChecked();
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(dialog.getByText(`These went with it: ${att.tag}, ${sig.tag}.`)).toBeVisible();
    // the registry itself: v1 and what described it are gone, v2 and its signature are untouched
    expect(await headDigest(repo, v1)).toBeUndefined();
    expect(await headDigest(repo, sig.digest)).toBeUndefined();
    expect(await headDigest(repo, att.digest)).toBeUndefined();
    expect((await tags(repo)).sort()).toEqual([v2sig.tag, 'v2'].sort());
  });

  test('the signature can be kept on purpose, and the dialog says it will point at nothing', async ({ page }) => {
    const repo = `e2e/delete-signed-keep-${Date.now().toString(36)}`;
    const v1 = await pushImage(repo, ['v1']);
    const sig = await pushCosign(repo, v1, 'sig');
    await page.goto(`/r/${repo}/t/v1`);
    await page.getByRole('button', { name: 'Delete tag v1' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('checkbox', { name: /Also delete the signature/ }).uncheck();
    await expect(dialog.getByText(`Left behind, pointing at nothing: ${sig.tag}`)).toBeVisible();
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(dialog.getByText('Deleted. The tag v1 is gone.')).toBeVisible();
    expect(await tags(repo)).toEqual([sig.tag]);
    expect(await headDigest(repo, sig.tag)).toBe(sig.digest);
  });
});

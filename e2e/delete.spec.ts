import { expect, test } from '@playwright/test';
import { headDigest, pushImage, tags } from './support';

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
});

import { expect, test } from '@playwright/test';
import { watchPage } from './support';

test('the whole UI works under BASE_PATH=/registry-ui/', async ({ page, baseURL }) => {
  const watch = watchPage(page);
  await page.goto(baseURL!);
  await page.getByRole('searchbox').fill('demo/alpine');
  await page.getByRole('link', { name: 'demo/alpine', exact: true }).click();
  await expect(page).toHaveURL(/\/registry-ui\/r\/demo\/alpine$/);
  await expect(page.getByRole('row', { name: /^3\.18/ })).toContainText('linux/amd64');
  await page.getByRole('link', { name: '3.18', exact: true }).click();
  await expect(page).toHaveURL(/\/registry-ui\/r\/demo\/alpine\/t\/3\.18$/);
  await expect(page.getByRole('heading', { name: 'demo/alpine:3.18' })).toBeVisible();
  // a deep link under the sub-path loads directly (SPA fallback, assets and config.js under the prefix)
  await page.goto(`${baseURL}r/demo/multiarch/t/latest`);
  await expect(page.getByRole('table', { name: 'Platforms' })).toBeVisible();
  expect(watch.problems).toEqual([]);
});

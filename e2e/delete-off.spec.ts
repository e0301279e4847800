import { expect, test } from '@playwright/test';
import { UI_NODELETE, headDigest } from './support';

test('with DELETE_IMAGES=false the UI offers no delete and nginx refuses one', async ({ page, request }) => {
  await page.goto('/r/demo/alpine');
  await expect(page.getByRole('row', { name: /^3\.18/ })).toBeVisible();
  await expect(page.getByRole('button', { name: /Delete/ })).toHaveCount(0);
  await page.goto('/r/demo/alpine/t/3.18');
  await expect(page.getByRole('heading', { name: 'demo/alpine:3.18' })).toBeVisible();
  await expect(page.getByRole('button', { name: /Delete/ })).toHaveCount(0);

  const digest = (await headDigest('demo/alpine', '3.18'))!;
  const res = await request.delete(`${UI_NODELETE}/v2/demo/alpine/manifests/${digest}`);
  expect(res.status()).toBe(405);
  expect(res.headers()['content-type']).toContain('application/json');
  expect((await res.json()).errors[0].code).toBe('UNSUPPORTED');
  expect(await headDigest('demo/alpine', '3.18')).toBe(digest);
});

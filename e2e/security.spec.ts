import { expect, test } from '@playwright/test';
import { watchPage } from './support';

test('a hostile label renders as text, under a strict CSP, with no violation', async ({ page }) => {
  const watch = watchPage(page);
  const response = await page.goto('/r/demo/oci-app/t/latest');
  const csp = response!.headers()['content-security-policy'];
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).not.toContain('unsafe-eval');
  await expect(page.getByText('<img src=x onerror=alert(1)><script>alert(2)</script>', { exact: true })).toBeVisible();
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(await page.evaluate(() => document.querySelectorAll('script:not([src])').length)).toBe(0);
  expect(watch.problems).toEqual([]);
});

test('every page loads under the CSP without violations', async ({ page }) => {
  const watch = watchPage(page);
  const violations: string[] = [];
  await page.exposeFunction('reportViolation', (v: string) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { reportViolation: (v: string) => void }).reportViolation(`${e.violatedDirective} ${e.blockedURI}`));
  });
  for (const path of ['/', '/r/demo/alpine', '/r/demo/multiarch/t/latest', '/r/charts/mychart/t/0.1.0', '/r/demo/alpine?sort=size']) {
    await page.goto(path);
    await expect(page.locator('main')).not.toBeEmpty();
    await page.waitForLoadState('networkidle');
  }
  expect(violations).toEqual([]);
  expect(watch.problems).toEqual([]);
});

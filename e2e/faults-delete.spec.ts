import { expect, test, type Page } from '@playwright/test';
import type { FaultProxy } from '../tests/fault-proxy/fault-proxy.mjs';
import { Stack, headDigest, pushImage } from '../tests/fault-proxy/stack.mjs';

// Deleting through a registry that misbehaves: its own docker-registry, the fault proxy, and the UI with
// DELETE_IMAGES=true. A DELETE is sent at most once, never retried, and never for a digest the tag's own
// bytes do not hash to. Every check of what remains is made at the registry itself, not through the UI.

let stack: Stack;
let registry: string;
let proxy: FaultProxy;
let ui: string;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  stack = new Stack('e2e-faults-delete');
  registry = await stack.registry();
  proxy = await stack.faultProxy(registry);
  ui = (await stack.ui({ REGISTRY_URL: proxy.url, DELETE_IMAGES: 'true' })).url;
});

test.afterAll(async () => {
  await stack?.stop();
});

test.beforeEach(() => {
  proxy.clear();
  proxy.requests.length = 0;
});

const deletes = () => proxy.find('DELETE').length;

/** No DELETE beyond `expected`, now or in the next moments (no retry behind the user's back). */
async function deletesStay(expected: number) {
  await expect.poll(deletes, { timeout: 10_000 }).toBe(expected);
  await new Promise((r) => setTimeout(r, 2000));
  expect(deletes()).toBe(expected);
}

/** Opens the tag page and confirms the delete of `tag` (the only tag of its manifest). */
async function confirmDelete(page: Page, repo: string, tag: string) {
  await page.goto(`${ui}r/${repo}/t/${tag}`);
  await page.getByRole('button', { name: `Delete tag ${tag}` }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByText(`No other tag points at this manifest; only ${tag} will be deleted.`)).toBeVisible();
  await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
  return dialog;
}

test('a DELETE answered 503 is not retried, and the dialog says what happened', async ({ page }) => {
  const { digest } = await pushImage(registry, 'del/unavailable', ['x']);
  proxy.setRules([{ method: 'DELETE', path: '/v2/del/unavailable/*', fault: 'status', status: 503, retryAfter: '0' }]);
  const dialog = await confirmDelete(page, 'del/unavailable', 'x');
  await expect(dialog.getByRole('alert')).toContainText('The registry answered with an error (HTTP 503).');
  await deletesStay(1);
  expect(await headDigest(registry, 'del/unavailable', 'x')).toBe(digest);
});

test('a DELETE answered 429 with Retry-After: 0 is not retried either', async ({ page }) => {
  await pushImage(registry, 'del/limited', ['x']);
  proxy.setRules([{ method: 'DELETE', path: '/v2/del/limited/*', fault: 'status', status: 429, retryAfter: '0' }]);
  const dialog = await confirmDelete(page, 'del/limited', 'x');
  await expect(dialog.getByRole('alert')).toContainText('The registry is limiting requests.');
  await deletesStay(1);
});

test('a DELETE whose connection drops reaches the registry once: not resent by the app, nor by nginx', async ({ page }) => {
  const { digest } = await pushImage(registry, 'del/dropped', ['x']);
  proxy.setRules([{ method: 'DELETE', path: '/v2/del/dropped/*', fault: 'reset' }]);
  const dialog = await confirmDelete(page, 'del/dropped', 'x');
  await expect(dialog.getByRole('alert')).toContainText('The registry answered with an error (HTTP 502).');
  await deletesStay(1);
  expect(await headDigest(registry, 'del/dropped', 'x')).toBe(digest);
});

test('a DELETE the registry holds open ends in a timeout that says the delete may have happened', async ({ page }) => {
  await page.clock.install();
  await pushImage(registry, 'del/held', ['x']);
  proxy.setRules([{ method: 'DELETE', path: '/v2/del/held/*', fault: 'hang' }]);
  const dialog = await confirmDelete(page, 'del/held', 'x');
  await expect.poll(deletes).toBe(1);
  await page.clock.fastForward('01:05');
  await expect(dialog.getByRole('alert')).toContainText('The registry did not answer in time.');
  await expect(dialog.getByRole('alert')).toContainText('A delete that timed out may still have happened');
  await deletesStay(1);
});

test('a HEAD that names another manifest’s digest: nothing is deleted, the other tag survives', async ({ page }) => {
  // the tag "a" serves A's bytes, but a broken cache answers with B's digest, the digest of tag "b"
  const a = await pushImage(registry, 'del/lying', ['a'], { seed: 'lying-a' });
  const b = await pushImage(registry, 'del/lying', ['b'], { seed: 'lying-b' });
  proxy.setRules([{ method: ['HEAD', 'GET'], path: '/v2/del/lying/manifests/a', fault: 'wrong-digest', digest: b.digest }]);
  await page.goto(`${ui}r/del/lying`);
  await page.getByRole('button', { name: 'Delete tag a' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('delete-digest')).toHaveText(b.digest);
  await dialog.getByRole('button', { name: /^Delete/ }).last().click();
  await expect(dialog.getByRole('alert').filter({ hasText: 'The content does not match its digest.' })).toBeVisible();
  await deletesStay(0);
  expect(await headDigest(registry, 'del/lying', 'a')).toBe(a.digest);
  expect(await headDigest(registry, 'del/lying', 'b')).toBe(b.digest);
});

test('a tampered manifest on the last check before DELETE: nothing is deleted', async ({ page }) => {
  const { digest } = await pushImage(registry, 'del/tampered', ['x']);
  await page.goto(`${ui}r/del/tampered/t/x`);
  await page.getByRole('button', { name: 'Delete tag x' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('delete-digest')).toHaveText(digest);
  proxy.setRules([{ method: 'GET', path: '/v2/del/tampered/manifests/x', fault: 'tamper' }]);
  await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(dialog.getByRole('alert')).toContainText('The content does not match its digest.');
  await deletesStay(0);
  expect(await headDigest(registry, 'del/tampered', 'x')).toBe(digest);
});

test('HEADs without Docker-Content-Digest: the dialog cannot confirm, and nothing is deleted', async ({ page }) => {
  const { digest } = await pushImage(registry, 'del/nodigest', ['x', 'y']);
  await page.goto(`${ui}r/del/nodigest/t/x`);
  await expect(page.getByRole('heading', { name: 'del/nodigest:x' })).toBeVisible();
  proxy.setRules([{ method: 'HEAD', path: '/v2/del/nodigest/manifests/*', fault: 'drop-digest' }]);
  await page.getByRole('button', { name: 'Delete tag x' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByText(/could not be checked/)).toBeVisible();
  await expect(dialog.getByRole('button', { name: /^Delete/ }).last()).toBeDisabled();
  await deletesStay(0);
  expect(await headDigest(registry, 'del/nodigest', 'x')).toBe(digest);
});

test('multi-select delete with a HEAD naming another manifest’s digest: that tag fails, nothing is deleted', async ({ page }) => {
  const a = await pushImage(registry, 'del/lying-many', ['a'], { seed: 'many-a' });
  const b = await pushImage(registry, 'del/lying-many', ['b'], { seed: 'many-b' });
  await pushImage(registry, 'del/lying-many', ['c'], { seed: 'many-c' });
  proxy.setRules([{ method: ['HEAD', 'GET'], path: '/v2/del/lying-many/manifests/a', fault: 'wrong-digest', digest: b.digest }]);
  await page.goto(`${ui}r/del/lying-many`);
  await page.getByRole('checkbox', { name: 'a', exact: true }).check();
  await page.getByRole('region', { name: 'Selected tags' }).getByRole('button', { name: /^Delete/ }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: /^Delete \d+ tags?$/ }).click();
  await expect(dialog.getByText('Cleanup finished.')).toBeVisible();
  await expect(dialog.getByRole('table', { name: 'Result for each tag' })).not.toContainText(/\bdeleted\b/);
  await deletesStay(0);
  expect(await headDigest(registry, 'del/lying-many', 'a')).toBe(a.digest);
  expect(await headDigest(registry, 'del/lying-many', 'b')).toBe(b.digest);
});

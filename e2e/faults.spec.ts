import { expect, test, type Page } from '@playwright/test';
import type { FaultProxy } from '../tests/fault-proxy/fault-proxy.mjs';
import { Stack, pushImage, type PushedImage } from '../tests/fault-proxy/stack.mjs';
import { watchPage } from './support';

// A registry that misbehaves, for real: this file starts its own docker-registry, the fault proxy in front
// of it, and the UI (scripts/serve.sh) with REGISTRY_URL pointing at the proxy. Each test makes the proxy
// fail one way and checks what the user sees, and what the proxy saw: retries only where they belong.

let stack: Stack;
let proxy: FaultProxy;
let ui: string;
const image: Record<string, PushedImage> = {};


test.beforeAll(async () => {
  test.setTimeout(120_000);
  stack = new Stack('e2e-faults');
  const registry = await stack.registry();
  for (const [tag, layers] of [['v1', 2], ['v2', 3], ['v3', 1]] as const) {
    image[tag] = await pushImage(registry, 'team/app', [tag], { layers, labels: { 'org.example.tag': tag }, created: `2024-0${tag.slice(1)}-01T00:00:00Z` });
  }
  await pushImage(registry, 'team/other', ['latest']);
  proxy = await stack.faultProxy(registry);
  ui = (await stack.ui({ REGISTRY_URL: proxy.url, DELETE_IMAGES: 'false', REGISTRY_TITLE: 'Faulty registry' })).url;
});

test.afterAll(async () => {
  await stack?.stop();
});

test.beforeEach(() => {
  proxy.clear();
  proxy.requests.length = 0;
});

const count = (method: string, path: string) => proxy.find(method, path).length;

/** The count stays put: nothing retries behind the user's back. */
async function settled(method: string, path: string, expected: number) {
  await expect.poll(() => count(method, path), { timeout: 10_000 }).toBe(expected);
  await new Promise((r) => setTimeout(r, 1500));
  expect(count(method, path)).toBe(expected);
}

const row = (page: Page, tag: string) => page.getByRole('table', { name: 'Tags of team/app' }).getByRole('row', { name: new RegExp(`^${tag}\\b`) });
const short = (digest: string) => digest.slice(7, 19);

test.describe('page errors', () => {
  test('a 500 on the catalog: a page error with its status, asked once; Retry recovers', async ({ page }) => {
    const watch = watchPage(page);
    proxy.setRules([{ method: 'GET', path: '/v2/_catalog', fault: 'status', status: 500 }]);
    await page.goto(ui);
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('The registry answered with an error (HTTP 500).');
    await expect(alert).toContainText('HTTP 500');
    await settled('GET', '/v2/_catalog', 1);
    proxy.clear();
    await alert.getByRole('button', { name: 'Retry' }).click();
    await expect(page.getByRole('link', { name: 'team/app', exact: true })).toBeVisible();
    expect(watch.problems).toEqual([]);
  });

  test('a 503 once is retried behind the scenes, and the page just works', async ({ page }) => {
    proxy.setRules([{ method: 'GET', path: '/v2/_catalog', fault: 'status', status: 503, times: 1 }]);
    await page.goto(ui);
    await expect(page.getByRole('link', { name: 'team/app', exact: true })).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);
    expect(count('GET', '/v2/_catalog')).toBe(2);
  });

  test('a proxy’s HTML 502 every time: three attempts, then an error that shows none of that page', async ({ page }) => {
    const watch = watchPage(page);
    proxy.setRules([{ method: 'GET', path: '/v2/_catalog', fault: 'status', status: 502, html: true }]);
    await page.goto(ui);
    await expect(page.getByRole('alert')).toContainText('The registry answered with an error (HTTP 502).');
    await settled('GET', '/v2/_catalog', 3);
    await expect(page.getByText('fault-proxy')).toHaveCount(0);
    expect(watch.problems).toEqual([]);
  });

  test('429 with Retry-After: a short wait is honoured; a long one is not waited for, and is shown', async ({ page }) => {
    proxy.setRules([{ method: 'GET', path: '/v2/_catalog', fault: 'status', status: 429, retryAfter: '1', times: 1 }]);
    await page.goto(ui);
    await expect(page.getByRole('link', { name: 'team/app', exact: true })).toBeVisible();
    const [first, second] = proxy.find('GET', '/v2/_catalog');
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(900);

    proxy.requests.length = 0;
    proxy.setRules([{ method: 'GET', path: '/v2/_catalog', fault: 'status', status: 429, retryAfter: '120' }]);
    await page.reload();
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('The registry is limiting requests.');
    await expect(alert).toContainText('Wait about 120 seconds, then retry.');
    await settled('GET', '/v2/_catalog', 1);
  });

  test('a tag list that is not JSON, or is cut short: a page error, never a partial or empty list', async ({ page }) => {
    proxy.setRules([{ method: 'GET', path: '/v2/team/app/tags/list', fault: 'malformed-json' }]);
    await page.goto(`${ui}r/team/app`);
    await expect(page.getByRole('alert')).toContainText('The registry sent a response this UI cannot read.');
    await expect(page.getByText('This repository has no tags.')).toHaveCount(0);
    await settled('GET', '/v2/team/app/tags/list', 1);

    proxy.requests.length = 0;
    proxy.setRules([{ method: 'GET', path: '/v2/team/app/tags/list', fault: 'truncate' }]);
    await page.reload();
    await expect(page.getByRole('alert')).toContainText('The registry cannot be reached.');
    await expect(page.getByRole('table', { name: 'Tags of team/app' })).toHaveCount(0);
  });
});

test.describe('row errors', () => {
  // the tag list reads each tag with one GET by tag (digest and body together)
  test('one tag’s GET fails: that row says so, every other row fills in', async ({ page }) => {
    proxy.setRules([{ method: 'GET', path: '/v2/team/app/manifests/v2', fault: 'status', status: 500 }]);
    await page.goto(`${ui}r/team/app`);
    await expect(row(page, 'v2')).toContainText('The registry answered with an error (HTTP 500).');
    await expect(row(page, 'v1')).toContainText(short(image.v1!.digest));
    await expect(row(page, 'v3')).toContainText(short(image.v3!.digest));
    await expect(page.getByText('1 tag could not be read')).toBeVisible();
    await settled('GET', '/v2/team/app/manifests/v2', 1);
    expect(count('HEAD', '/v2/team/app/manifests/v2')).toBe(0);
  });

  test('a 503 on one row is retried twice, then that row says so', async ({ page }) => {
    proxy.setRules([{ method: 'GET', path: '/v2/team/app/manifests/v2', fault: 'status', status: 503 }]);
    await page.goto(`${ui}r/team/app`);
    await expect(row(page, 'v2')).toContainText('The registry answered with an error (HTTP 503).');
    await settled('GET', '/v2/team/app/manifests/v2', 3);
    await expect(row(page, 'v1')).toContainText(short(image.v1!.digest));
  });

  test('a GET by tag without Docker-Content-Digest: the row shows the sha256 of the bytes it got, never a guess', async ({ page }) => {
    proxy.setRules([{ method: 'GET', path: '/v2/team/app/manifests/v2', fault: 'drop-digest' }]);
    await page.goto(`${ui}r/team/app`);
    await expect(row(page, 'v2')).toContainText(short(image.v2!.digest));
    await expect(row(page, 'v1')).toContainText(short(image.v1!.digest));
  });

  test('a manifest body that does not hash to its digest: the row refuses it', async ({ page }) => {
    proxy.setRules([{ method: 'GET', path: '/v2/team/app/manifests/v2', fault: 'tamper' }]);
    await page.goto(`${ui}r/team/app`);
    await expect(row(page, 'v2')).toContainText('The content does not match its digest.');
    await expect(row(page, 'v3')).toContainText(short(image.v3!.digest));
  });

  test('a request held open: the other rows fill in, and after the timeout the row says so, asked once', async ({ page }) => {
    await page.clock.install();
    proxy.setRules([{ method: 'GET', path: '/v2/team/app/manifests/v2', fault: 'hang' }]);
    await page.goto(`${ui}r/team/app`);
    await expect(row(page, 'v1')).toContainText(short(image.v1!.digest));
    await expect(row(page, 'v3')).toContainText(short(image.v3!.digest));
    await expect(row(page, 'v2')).toContainText('Loading…');
    await page.clock.fastForward('01:05');
    await expect(row(page, 'v2')).toContainText('The registry did not answer in time.');
    expect(count('GET', '/v2/team/app/manifests/v2')).toBe(1);
  });
});

test.describe('manifest page', () => {
  test('a tampered manifest is never shown: an error, and no altered size anywhere', async ({ page }) => {
    proxy.setRules([{ method: 'GET', path: '/v2/team/app/manifests/v1', fault: 'tamper' }]);
    await page.goto(`${ui}r/team/app/t/v1`);
    await expect(page.getByRole('alert')).toContainText('The content does not match its digest.');
    await expect(page.getByRole('table', { name: /layers?$/ })).toHaveCount(0);
    await expect(page.getByText(/raw manifest/i)).toHaveCount(0);
  });

  test('a Docker-Content-Digest that names other bytes: an error, and that digest is shown nowhere', async ({ page }) => {
    proxy.setRules([{ method: 'GET', path: '/v2/team/app/manifests/v1', fault: 'wrong-digest', digest: image.v3!.digest }]);
    await page.goto(`${ui}r/team/app/t/v1`);
    await expect(page.getByRole('alert')).toContainText('The content does not match its digest.');
    await expect(page.getByText(image.v3!.digest)).toHaveCount(0);
    await expect(page.getByText(image.v1!.digest)).toHaveCount(0);
  });

  test('no Docker-Content-Digest: the digest is computed from the bytes, and the page says so', async ({ page }) => {
    proxy.setRules([{ method: 'GET', path: '/v2/team/app/manifests/v1', fault: 'drop-digest' }]);
    await page.goto(`${ui}r/team/app/t/v1`);
    await expect(page.getByText('The registry sent no Docker-Content-Digest; the digest was computed from the manifest bytes.')).toBeVisible();
    await expect(page.getByText(image.v1!.digest, { exact: true }).first()).toBeVisible();
  });

  test('a tampered config blob: the manifest shows, the config section refuses the config', async ({ page }) => {
    proxy.setRules([{ method: 'GET', path: `/v2/team/app/blobs/${image.v1!.manifest.config.digest}`, fault: 'tamper' }]);
    await page.goto(`${ui}r/team/app/t/v1`);
    await expect(page.getByRole('table', { name: '2 layers' })).toBeVisible();
    await expect(page.getByRole('alert')).toContainText('The content does not match its digest.');
    await expect(page.getByText('tampered')).toHaveCount(0);
  });

  test('a manifest cut short: an error, retried once as a network failure, never half a page', async ({ page }) => {
    proxy.setRules([{ method: 'GET', path: '/v2/team/app/manifests/v1', fault: 'truncate' }]);
    await page.goto(`${ui}r/team/app/t/v1`);
    await expect(page.getByRole('alert')).toContainText('The registry cannot be reached.');
    await expect(page.getByRole('table', { name: /layers?$/ })).toHaveCount(0);
    await settled('GET', '/v2/team/app/manifests/v1', 2);
  });
});

import { expect, test, type Page } from '@playwright/test';
import type { FaultProxy } from '../tests/fault-proxy/fault-proxy.mjs';
import { Stack, deleteManifest, pushBlob, pushImage, putManifest, type PushedImage } from '../tests/fault-proxy/stack.mjs';
import { watchPage } from './support';

// Hostile content, pushed into a real registry by this file (its own docker-registry and UI, with the fault
// proxy in between for the one thing distribution refuses to store): names at the length limits, unicode and
// HTML in labels and annotations, 1,000 layers, an index whose child is gone, unknown media types. Every page
// renders it as text: no script runs, no javascript: link, no blank page.

let stack: Stack;
let proxy: FaultProxy;
let ui: string;
let longName: string;
const longTag = `v${'1234567890'.repeat(12)}-${'x'.repeat(6)}`; // 128 characters, the spec's limit
let labelled: PushedImage;
let layered: PushedImage;
let kept: PushedImage;
let gone: PushedImage;

const XSS = {
  img: '<img src=x onerror="window.__pwned=1">',
  script: '<script>window.__pwned=2</script>',
  link: 'javascript:window.__pwned=3',
  svg: '<svg/onload=window.__pwned=4>',
  attr: '" autofocus onfocus="window.__pwned=5',
};
const UNICODE = {
  rtl: 'invoice\u202Egnp.exe',
  zeroWidth: 'pay\u200Bpal\u200D\uFEFF',
  emoji: '🐳📦 👩🏽‍💻 🏳️‍🌈',
  cjk: '镜像仓库 コンテナ 컨테이너',
  combining: 'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇',
};

test.beforeAll(async () => {
  test.setTimeout(180_000);
  stack = new Stack('e2e-hostile');
  const registry = await stack.registry();

  // the longest name this registry takes: distribution counts its own host in the 255 (error above it)
  for (let n = 255; n > 200; n--) {
    const parts = [63, 63, 63].map((len, i) => String.fromCharCode(97 + i).repeat(len));
    const name = `${parts.join('/')}/${'d'.repeat(n - 63 * 3 - 3 - 1)}`.slice(0, n);
    const res = await fetch(`${registry}/v2/${name}/blobs/uploads/`, { method: 'POST' });
    await res.arrayBuffer();
    if (res.status === 202) {
      longName = name;
      break;
    }
  }
  await pushImage(registry, longName, [longTag, 'short']);

  labelled = await pushImage(registry, 'hostile/labels', ['latest'], {
    labels: {
      ...XSS,
      'org.opencontainers.image.url': XSS.link,
      'org.opencontainers.image.source': 'javascript:alert(document.domain)',
      'org.opencontainers.image.documentation': 'data:text/html,<script>alert(1)</script>',
      '<b>key</b>': 'html in the key',
      ...UNICODE,
      huge: 'A'.repeat(64 * 1024),
    },
    annotations: { 'org.opencontainers.image.title': XSS.script, 'org.opencontainers.image.description': UNICODE.rtl, 'org.opencontainers.image.url': XSS.link },
  });

  layered = await pushImage(registry, 'hostile/layers', ['1000'], { layers: 1000 });

  // an index whose arm64 child is deleted afterwards: distribution leaves the index dangling
  kept = await pushImage(registry, 'hostile/dangling', [], { seed: 'dangling-amd64' });
  gone = await pushImage(registry, 'hostile/dangling', [], { seed: 'dangling-arm64', platform: { os: 'linux', architecture: 'arm64' } });
  const descriptor = (img: PushedImage, architecture: string) => ({
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    digest: img.digest,
    size: Buffer.byteLength(JSON.stringify(img.manifest)),
    platform: { os: 'linux', architecture },
    annotations: { 'org.example.note': XSS.img },
  });
  await putManifest(registry, 'hostile/dangling', 'latest', {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [descriptor(kept, 'amd64'), descriptor(gone, 'arm64')],
    annotations: { 'org.opencontainers.image.title': XSS.script },
  });
  await deleteManifest(registry, 'hostile/dangling', gone.digest);

  // an artifact whose every media type is unknown, and one carrying markup
  const cfg = await pushBlob(registry, 'hostile/artifact', Buffer.from('{}'));
  const blob = await pushBlob(registry, 'hostile/artifact', Buffer.from('payload'));
  await putManifest(registry, 'hostile/artifact', 'latest', {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    artifactType: 'application/vnd.example.<script>window.__pwned=6</script>+json',
    config: { mediaType: 'application/vnd.example.config.v1+json', ...cfg },
    layers: [{ mediaType: `application/vnd.example.layer.v1+${XSS.img}`, ...blob }],
  });
  await pushImage(registry, 'hostile/future', ['latest']);

  proxy = await stack.faultProxy(registry);
  ui = (await stack.ui({ REGISTRY_URL: proxy.url, DELETE_IMAGES: 'true', REGISTRY_TITLE: `${XSS.script} ${UNICODE.rtl}` })).url;
});

test.afterAll(async () => {
  await stack?.stop();
});

/** Nothing the registry sent ran, opened, or linked to script. */
async function assertInert(page: Page, problems: string[]) {
  expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
  expect(await page.locator('a[href^="javascript:" i], a[href^="data:" i], [onerror], [onload], [onfocus]').count()).toBe(0);
  expect(await page.locator('img[src="x"], svg[onload]').count()).toBe(0);
  expect(await page.evaluate(() => document.querySelectorAll('script:not([src])').length)).toBe(0);
  expect(problems).toEqual([]);
}

async function assertNotBlank(page: Page) {
  await expect(page.locator('main')).not.toBeEmpty();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
}

async function assertNoPageOverflow(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(1);
}

test('names at the spec’s limits: the longest repository name and a 128-character tag list, link and fit', async ({ page }) => {
  const watch = watchPage(page);
  expect(longName.length).toBeGreaterThan(240);
  expect(longTag).toHaveLength(128);
  await page.goto(ui);
  await page.getByRole('searchbox').fill(longName);
  await page.getByRole('link', { name: longName, exact: true }).click();
  await expect(page.getByRole('heading', { name: longName, exact: true })).toBeVisible();
  await expect(page.getByRole('row', { name: new RegExp(`^${longTag}`) })).toBeVisible();
  await assertNoPageOverflow(page);
  await page.getByRole('link', { name: longTag, exact: true }).click();
  await expect(page.getByRole('heading', { name: `${longName}:${longTag}` })).toBeVisible();
  await expect(page.getByRole('table', { name: '1 layer' })).toBeVisible();
  await assertNoPageOverflow(page);
  await assertInert(page, watch.problems);
});

test('names past the limits are refused by the UI itself; a name the registry does not know says so', async ({ page }) => {
  const at255 = `${'a'.repeat(127)}/${'b'.repeat(127)}`;
  // the UI takes it; this registry counts its own host in the 255 and answers an error: either is explained
  await page.goto(`${ui}r/${at255}`);
  await expect(page.getByText('The registry does not know this repository.').or(page.getByRole('alert'))).toBeVisible();
  await expect(page.getByRole('heading', { name: at255 })).toBeVisible();
  await page.goto(`${ui}r/${at255}x`);
  await expect(page.getByText('This page does not exist.')).toBeVisible();
  await page.goto(`${ui}r/team/app/t/${'v'.repeat(129)}`);
  await expect(page.getByText('This page does not exist.')).toBeVisible();
  for (const path of ['r/%E2%80%AEevil', 'r/TEAM/App', 'r/team/app/t/%3Cscript%3E', 'r/team/..%2F..%2Fetc/passwd', `r/team/app/d/sha256:${'Z'.repeat(64)}`]) {
    await page.goto(`${ui}${path}`);
    await expect(page.getByText('This page does not exist.')).toBeVisible();
  }
});

test('HTML, script, javascript: URLs and unicode in labels, annotations and the title render as text', async ({ page }) => {
  const watch = watchPage(page);
  await page.goto(`${ui}r/hostile/labels/t/latest`);
  await assertNotBlank(page);
  const labels = page.locator('[data-label]');
  await expect(labels.first()).toBeVisible();
  for (const value of [XSS.img, XSS.script, XSS.link, XSS.svg, XSS.attr, UNICODE.rtl, UNICODE.emoji, UNICODE.cjk]) {
    await expect(page.getByText(value, { exact: true }).first()).toBeAttached();
  }
  await expect(page.getByText('<b>key</b>', { exact: true })).toBeAttached();
  await expect(page.locator('b', { hasText: 'key' })).toHaveCount(0);
  // the title from config.js, as text
  await expect(page.getByText(`${XSS.script} ${UNICODE.rtl}`).first()).toBeAttached();
  await assertNoPageOverflow(page);
  await assertInert(page, watch.problems);

  await page.goto(`${ui}r/hostile/labels`);
  await expect(page.getByRole('row', { name: /^latest/ })).toContainText(labelled.digest.slice(7, 19));
  await assertInert(page, watch.problems);
});

test('a manifest listing 1,000 layers: every layer listed, the page stays usable', async ({ page }) => {
  const watch = watchPage(page);
  const started = Date.now();
  await page.goto(`${ui}r/hostile/layers/t/1000`);
  const table = page.getByRole('table', { name: '1000 layers' });
  await expect(table.getByRole('row')).toHaveCount(1001);
  // a generous bound: the suite shares the machine with the registry, nginx and other browsers
  expect(Date.now() - started).toBeLessThan(45_000);
  await expect(table.getByRole('row').last()).toContainText('1000');
  await expect(table.getByTitle(layered.manifest.layers[999]!.digest)).toBeAttached();
  await page.goto(`${ui}r/hostile/layers`);
  await expect(page.getByRole('row', { name: /^1000/ })).toContainText(layered.digest.slice(7, 19));
  await assertInert(page, watch.problems);
});

test('an index whose child is gone: that platform says so, the other shows, and following it explains', async ({ page }) => {
  const watch = watchPage(page);
  await page.goto(`${ui}r/hostile/dangling/t/latest`);
  const platforms = page.getByRole('table', { name: 'Platforms' });
  await expect(platforms.getByRole('row', { name: /^linux\/arm64/ })).toContainText('missing from the registry');
  await expect(platforms.getByRole('row', { name: /^linux\/amd64/ })).not.toContainText('missing');
  await expect(platforms.getByRole('row', { name: /^linux\/amd64/ })).not.toContainText('…');
  await platforms.getByRole('link', { name: gone.digest }).click();
  await expect(page.getByRole('alert')).toContainText('Not found in the registry.');
  await assertNotBlank(page);
  await page.goto(`${ui}r/hostile/dangling`);
  await expect(page.getByRole('row', { name: /^latest/ })).toContainText('linux/amd64');
  await assertInert(page, watch.problems);
});

test('an artifact of unknown media types renders them as text', async ({ page }) => {
  const watch = watchPage(page);
  await page.goto(`${ui}r/hostile/artifact/t/latest`);
  await expect(page.getByText('application/vnd.example.<script>window.__pwned=6</script>+json', { exact: true }).first()).toBeVisible();
  await expect(page.getByText(`application/vnd.example.layer.v1+${XSS.img}`, { exact: true })).toBeVisible();
  await page.goto(`${ui}r/hostile/artifact`);
  await expect(page.getByRole('row', { name: /^latest/ })).toBeVisible();
  await assertInert(page, watch.problems);
});

test('a manifest of a media type this UI does not know: a clear error, never a blank page', async ({ page }) => {
  const watch = watchPage(page);
  // distribution 2.8 refuses to store unknown manifest types, so the proxy serves one, digest and all
  const body = JSON.stringify({ schemaVersion: 3, mediaType: 'application/vnd.example.future.manifest.v9+json', parts: [XSS.script] });
  proxy.setRules([{ method: 'GET', path: '/v2/hostile/future/manifests/latest', fault: 'body', body, contentType: 'application/vnd.example.future.manifest.v9+json' }]);
  try {
    await page.goto(`${ui}r/hostile/future/t/latest`);
    await expect(page.getByRole('alert')).toContainText('The registry sent a response this UI cannot read.');
    await assertNotBlank(page);
    await assertInert(page, watch.problems);
  } finally {
    proxy.setRules([]);
  }
});

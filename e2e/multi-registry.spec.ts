import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { freePort, sha256, waitFor } from '../tests/fault-proxy/stack.mjs';
import { pushBlobTo, watchPage } from './support';

/*
 * Two real registries behind one UI (REGISTRIES=prod=…,staging=…): prod is the default and read-only
 * (REGISTRY_PROD_DELETE_IMAGES=false), staging allows deletes. This spec runs both registries and the UI on
 * free ports.
 */

const exec = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

const pushBlob = pushBlobTo;

/** A one-layer OCI image under each of `tags`; returns its manifest digest. */
async function pushImage(reg: string, repo: string, tags: string[]): Promise<string> {
  const layer = await pushBlob(reg, repo, randomBytes(2048));
  const config = await pushBlob(reg, repo, Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', created: '2024-03-01T00:00:00Z', rootfs: { type: 'layers', diff_ids: [layer.digest] } })));
  const body = Buffer.from(JSON.stringify({
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...layer }],
  }));
  for (const tag of tags) {
    const res = await fetch(`${reg}/v2/${repo}/manifests/${tag}`, { method: 'PUT', body, headers: { 'Content-Type': OCI_MANIFEST } });
    expect(res.status).toBe(201);
  }
  return sha256(body);
}

async function head(reg: string, repo: string, ref: string): Promise<number> {
  return (await fetch(`${reg}/v2/${repo}/manifests/${ref}`, { method: 'HEAD', headers: { Accept: OCI_MANIFEST } })).status;
}

const registries: { env: NodeJS.ProcessEnv; dir: string }[] = [];
let ui: ChildProcess | undefined;
let uiLog = '';
let uiRuntime = '';
let PROD = '';
let STAGING = '';
let UI = '';
let prodDigest = '';
let stagingDigest = '';

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(90_000);
  for (const name of ['prod', 'staging']) {
    const port = await freePort();
    const dir = join(tmpdir(), `registry-ui-e2e-multi-${name}-${port}`);
    rmSync(dir, { recursive: true, force: true });
    const env = { ...process.env, REGISTRY_PORT: String(port), REGISTRY_DIR: dir };
    await exec(join(ROOT, 'scripts/registry.sh'), ['start'], { env });
    registries.push({ env, dir });
    if (name === 'prod') PROD = `http://127.0.0.1:${port}`;
    else STAGING = `http://127.0.0.1:${port}`;
  }
  prodDigest = await pushImage(PROD, 'prod/app', ['v1']);
  await pushImage(PROD, 'shared/tool', ['1.0']);
  stagingDigest = await pushImage(STAGING, 'staging/app', ['v1', 'v2']);
  await pushImage(STAGING, 'shared/tool', ['2.0']);

  const port = await freePort();
  uiLog = join(tmpdir(), `registry-ui-e2e-multi-ui-${port}.log`);
  uiRuntime = join(tmpdir(), `registry-ui-${port}`);
  const fd = openSync(uiLog, 'w');
  ui = spawn(join(ROOT, 'scripts/serve.sh'), [], {
    env: {
      ...process.env,
      REGISTRY_URL: '',
      LISTEN_PORT: String(port),
      APP_DIR: process.env.APP_DIR ?? join(ROOT, 'dist'),
      RUNTIME_DIR: uiRuntime,
      REGISTRIES: `prod=${PROD},staging=${STAGING}`,
      REGISTRY_PROD_TITLE: 'Production',
      REGISTRY_PROD_DELETE_IMAGES: 'false',
      REGISTRY_STAGING_TITLE: 'Staging',
      REGISTRY_STAGING_DELETE_IMAGES: 'true',
    },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  UI = `http://127.0.0.1:${port}`;
  await waitFor(`${UI}/healthz`, { timeoutMs: 20_000, ok: (r) => r.ok, log: uiLog });
});

test.afterAll(async () => {
  if (ui && ui.exitCode === null && ui.signalCode === null) {
    const exited = new Promise((r) => ui!.once('exit', r));
    ui.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (ui.exitCode === null && ui.signalCode === null) ui.kill('SIGKILL');
  }
  for (const r of registries) {
    await exec(join(ROOT, 'scripts/registry.sh'), ['stop'], { env: r.env }).catch(() => undefined);
    rmSync(r.dir, { recursive: true, force: true });
  }
  rmSync(uiLog, { force: true });
  rmSync(uiRuntime, { recursive: true, force: true });
});

test('the default registry keeps the single-registry URLs; the switcher loads the other one', async ({ page }) => {
  const watch = watchPage(page);
  await page.goto(`${UI}/`);
  const switcher = page.getByRole('combobox', { name: 'Registry' });
  await expect(switcher).toHaveValue('prod');
  await expect(page.getByRole('link', { name: 'Production', exact: true })).toBeVisible();
  const repos = page.getByRole('table', { name: 'Repositories' });
  await expect(repos.getByRole('link', { name: 'prod/app', exact: true })).toBeVisible();
  await expect(repos.getByRole('link', { name: 'staging/app', exact: true })).toHaveCount(0);

  await switcher.selectOption({ label: 'Staging' });
  await expect(page).toHaveURL(`${UI}/x/staging/`);
  await expect(page.getByRole('combobox', { name: 'Registry' })).toHaveValue('staging');
  await expect(page.getByRole('link', { name: 'Staging', exact: true })).toBeVisible();
  await expect(repos.getByRole('link', { name: 'staging/app', exact: true })).toBeVisible();
  await expect(repos.getByRole('link', { name: 'prod/app', exact: true })).toHaveCount(0);
  // links inside a registry stay in it
  await repos.getByRole('link', { name: 'shared/tool', exact: true }).click();
  await expect(page).toHaveURL(`${UI}/x/staging/r/shared/tool`);
  await expect(page.getByRole('row', { name: /^2\.0\b/ })).toBeVisible();
  await expect(page.getByRole('row', { name: /^1\.0\b/ })).toHaveCount(0);

  await page.getByRole('combobox', { name: 'Registry' }).selectOption({ label: 'Production (read-only)' });
  await expect(page).toHaveURL(`${UI}/x/prod/`);
  await expect(repos.getByRole('link', { name: 'prod/app', exact: true })).toBeVisible();
  expect(watch.problems).toEqual([]);
});

test('deep links carry the registry, and the old forms open the default one', async ({ page }) => {
  await page.goto(`${UI}/x/staging/r/staging/app/t/v1`);
  await expect(page.getByRole('heading', { name: 'staging/app:v1' })).toBeVisible();
  await expect(page.getByText(stagingDigest).first()).toBeVisible();
  await page.goto(`${UI}/x/staging/r/staging/app/d/${stagingDigest}`);
  await expect(page.getByRole('heading', { name: `staging/app@${stagingDigest.slice(7, 19)}` })).toBeVisible();
  await page.goto(`${UI}/r/prod/app/t/v1`);
  await expect(page.getByRole('heading', { name: 'prod/app:v1' })).toBeVisible();
  await expect(page.getByText(prodDigest).first()).toBeVisible();
  await page.goto(`${UI}/x/prod/r/prod/app/t/v1`);
  await expect(page.getByRole('heading', { name: 'prod/app:v1' })).toBeVisible();
  // the same repository name in each registry is that registry's
  await page.goto(`${UI}/r/shared/tool`);
  await expect(page.getByRole('row', { name: /^1\.0\b/ })).toBeVisible();
  await page.goto(`${UI}/x/staging/r/shared/tool`);
  await expect(page.getByRole('row', { name: /^2\.0\b/ })).toBeVisible();
  // a repository of one registry under the other: the other registry's answer
  await page.goto(`${UI}/x/staging/r/prod/app`);
  await expect(page.getByText('The registry does not know this repository.')).toBeVisible();
});

test('the delete flag is per registry, in the UI and in nginx', async ({ page }) => {
  await page.goto(`${UI}/r/prod/app`);
  await expect(page.getByRole('row', { name: /^v1\b/ })).toBeVisible();
  await expect(page.getByRole('button', { name: /Delete/ })).toHaveCount(0);
  for (const path of [`/v2/prod/app/manifests/${prodDigest}`, `/x/prod/v2/prod/app/manifests/${prodDigest}`]) {
    const res = await fetch(`${UI}${path}`, { method: 'DELETE' });
    expect(res.status, path).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
  }
  expect(await head(PROD, 'prod/app', 'v1')).toBe(200);

  await page.goto(`${UI}/x/staging/r/staging/app`);
  await page.getByRole('button', { name: 'Delete tag v2' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Delete 2 tags' }).click();
  await expect(dialog.getByText(/Deleted\./)).toBeVisible();
  expect(await head(STAGING, 'staging/app', 'v1')).toBe(404);
  expect(await head(STAGING, 'staging/app', 'v2')).toBe(404);
  expect(await head(PROD, 'prod/app', 'v1')).toBe(200);
});

test('nginx reaches only the listed registries: unknown ids, odd paths and headers choose nothing', async () => {
  const unknown = await fetch(`${UI}/x/evil/v2/_catalog`);
  expect(unknown.status).toBe(404);
  expect((await unknown.json()).errors[0].code).toBe('NAME_UNKNOWN');
  expect(unknown.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'; frame-ancestors 'none'");
  // the id is matched exactly; Host and X-Forwarded-Host are values only
  const staging = await fetch(`${UI}/x/staging/v2/_catalog`, { headers: { 'X-Forwarded-Host': new URL(PROD).host } });
  expect(((await staging.json()) as { repositories: string[] }).repositories).toContain('shared/tool');
  // not an id at all: the app's page (index.html), nothing proxied
  expect((await fetch(`${UI}/x/STAGING/v2/_catalog`)).headers.get('content-type')).toContain('text/html');
  // characters no registry path has are never proxied (a 404, or the app's page)
  for (const path of ['%0d%0aX:1', 'a%20b/tags/list', 'a%22b/tags/list']) {
    const res = await fetch(`${UI}/x/staging/v2/${path}`);
    expect(res.status === 404 || res.headers.get('content-type')!.includes('text/html'), path).toBe(true);
  }
  // Link headers point under the registry's own prefix
  const page1 = await fetch(`${UI}/x/staging/v2/_catalog?n=1`);
  expect(page1.headers.get('link')).toMatch(/^<\/x\/staging\/v2\/_catalog\?/);
  // the default registry is also reachable at /v2/, as with REGISTRY_URL
  const def = await fetch(`${UI}/v2/_catalog`);
  expect(((await def.json()) as { repositories: string[] }).repositories).toContain('prod/app');
  const js = await (await fetch(`${UI}/config.js`)).text();
  expect(js).not.toContain(PROD);
  expect(js).not.toContain(STAGING);
});

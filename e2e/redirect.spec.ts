import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { freePort, waitFor } from '../tests/fault-proxy/stack.mjs';
import { watchPage } from './support';

/*
 * A registry whose blobs live on another origin, as with S3/GCS/Azure storage or a CDN: Distribution's
 * `redirect` storage middleware points at tests/blob-server (which serves the registry's storage directory),
 * so every blob GET answers 307 there. The browser could not follow that (no CORS, connect-src 'self'):
 * nginx follows it. This spec runs its own registry, blob server and UI on free ports.
 */

const exec = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ACCEPT = 'application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json';

const children: ChildProcess[] = [];
const dirs: string[] = [];
const servers: Server[] = [];
let registryEnv: NodeJS.ProcessEnv | undefined;

/** scripts/serve.sh with these options; its log is a file (nginx cannot open /dev/stdout on a socket). */
async function startUi(env: Record<string, string>): Promise<string> {
  const port = await freePort();
  const log = join(tmpdir(), `registry-ui-e2e-redirect-ui-${port}.log`);
  const fd = openSync(log, 'w');
  const child = spawn(join(ROOT, 'scripts/serve.sh'), [], {
    env: {
      ...process.env,
      LISTEN_PORT: String(port),
      APP_DIR: process.env.APP_DIR ?? join(ROOT, 'dist'),
      RUNTIME_DIR: join(tmpdir(), `registry-ui-${port}`),
      ...env,
    },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  children.push(child);
  dirs.push(log, join(tmpdir(), `registry-ui-${port}`));
  await waitFor(`http://127.0.0.1:${port}/healthz`, { timeoutMs: 20_000, ok: (r) => r.ok, log });
  return `http://127.0.0.1:${port}`;
}

let REG = '';
let BLOBS = '';
let UI = '';
/** The same registry with the defaults: BLOB_REDIRECT_ALLOW_LOCAL unset. */
let STRICT_UI = '';
/** A fake registry answering every blob GET with a redirect to whatever `fakeLocation` says. */
let FAKE_UI = '';
let fakeLocation = '';
let fakeHits = 0;
let evilRuns = 0;
const EVIL_SCRIPT = "document.title = 'ran'; fetch('/v2/evil/ran', { method: 'POST' });";
const EVIL_PAGE = '<!doctype html><html><head><script src="/v2/evil/script.js"></script></head><body>registry page</body></html>';

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  const regPort = await freePort();
  const regDir = join(tmpdir(), `registry-ui-e2e-redirect-${regPort}`);
  rmSync(regDir, { recursive: true, force: true });
  dirs.push(regDir);
  // the blob server first: the registry's config names it
  const blobLog = join(tmpdir(), `registry-ui-e2e-redirect-blobs-${regPort}.log`);
  dirs.push(blobLog);
  const fd = openSync(blobLog, 'w');
  const blobPort = await freePort();
  const blobs = spawn(process.execPath, [join(ROOT, 'tests/blob-server/blob-server.mjs'), '--root', join(regDir, 'data'), '--port', String(blobPort)], {
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  children.push(blobs);
  BLOBS = `http://127.0.0.1:${blobPort}`;
  await waitFor(`${BLOBS}/-/hits`, { timeoutMs: 10_000, ok: (r) => r.ok, log: blobLog });

  registryEnv = { ...process.env, REGISTRY_PORT: String(regPort), REGISTRY_DIR: regDir, REGISTRY_REDIRECT_URL: `${BLOBS}/` };
  await exec(join(ROOT, 'scripts/registry.sh'), ['start'], { env: registryEnv });
  REG = `http://127.0.0.1:${regPort}`;
  await exec(process.execPath, [join(ROOT, 'scripts/seed/seed.mjs'), '--registry', REG, '--profile', 'small', '--repos', '1', '--many-tags', '2', '--quiet'], { maxBuffer: 64 * 1024 * 1024 });
  // the blob server runs on 127.0.0.1 here: by default nginx refuses to follow a redirect to a loopback address
  UI = await startUi({ REGISTRY_URL: REG, REGISTRY_TITLE: 'Redirecting registry', BLOB_REDIRECT_ALLOW_LOCAL: 'true' });
  STRICT_UI = await startUi({ REGISTRY_URL: REG });

  // A registry that redirects blobs to hostile places: only nginx's validation stands in between.
  const fake = createServer((req, res) => {
    if (req.url === '/v2/') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    // a registry serving a page and a script: same origin as the UI, so the app's CSP alone lets the script run
    if (req.url === '/v2/evil/page') return void res.writeHead(200, { 'content-type': 'text/html' }).end(EVIL_PAGE);
    if (req.url === '/v2/evil/script.js') return void res.writeHead(200, { 'content-type': 'application/javascript' }).end(EVIL_SCRIPT);
    if (req.url === '/v2/evil/ran') {
      evilRuns += 1;
      return void res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    }
    if (/\/(blobs|manifests)\//.test(req.url ?? '')) {
      fakeHits += 1;
      return void res.writeHead(307, { location: fakeLocation }).end();
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => fake.listen(0, '127.0.0.1', r));
  servers.push(fake);
  FAKE_UI = await startUi({ REGISTRY_URL: `http://127.0.0.1:${(fake.address() as AddressInfo).port}`, BLOB_REDIRECT_ALLOW_LOCAL: 'true' });
});

test.afterAll(async () => {
  for (const child of children.reverse()) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  for (const s of servers) s.close();
  if (registryEnv) await exec(join(ROOT, 'scripts/registry.sh'), ['stop'], { env: registryEnv }).catch(() => undefined);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function blobHits(): Promise<number> {
  return ((await (await fetch(`${BLOBS}/-/hits`)).json()) as { blobs: number }).blobs;
}

async function configDigest(repo: string, tag: string): Promise<string> {
  const res = await fetch(`${REG}/v2/${repo}/manifests/${tag}`, { headers: { Accept: ACCEPT } });
  return ((await res.json()) as { config: { digest: string } }).config.digest;
}

test('the registry itself answers every blob GET with a 307 to another origin', async () => {
  const digest = await configDigest('demo/oci-app', '1.0.0');
  const res = await fetch(`${REG}/v2/demo/oci-app/blobs/${digest}`, { redirect: 'manual' });
  expect(res.status).toBe(307);
  expect(res.headers.get('location')).toMatch(new RegExp(`^${BLOBS}/docker/registry/v2/blobs/sha256/`));
});

test('through the UI the same blob comes back with 200 and the right bytes, fetched by nginx from the blob server', async () => {
  const digest = await configDigest('demo/oci-app', '1.0.0');
  const before = await blobHits();
  const res = await fetch(`${UI}/v2/demo/oci-app/blobs/${digest}`, { redirect: 'manual' });
  expect(res.status).toBe(200);
  expect(res.headers.get('x-blob-server')).toBe('1');
  expect(res.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'; frame-ancestors 'none'");
  expect(res.headers.get('content-type')).toBe('application/octet-stream');
  const body = Buffer.from(await res.arrayBuffer());
  expect(`sha256:${(await import('node:crypto')).createHash('sha256').update(body).digest('hex')}`).toBe(digest);
  expect(await blobHits()).toBe(before + 1);
  // a byte range passes through to the storage
  const part = await fetch(`${UI}/v2/demo/oci-app/blobs/${digest}`, { headers: { Range: 'bytes=0-9' } });
  expect(part.status).toBe(206);
  expect((await part.arrayBuffer()).byteLength).toBe(10);
  // a blob DELETE is still refused by nginx, redirect or not
  expect((await fetch(`${UI}/v2/demo/oci-app/blobs/${digest}`, { method: 'DELETE' })).status).toBe(405);
});

test('with the defaults, nginx refuses to follow the same redirect to a loopback address', async () => {
  const digest = await configDigest('demo/oci-app', '1.0.0');
  const before = await blobHits();
  const res = await fetch(`${STRICT_UI}/v2/demo/oci-app/blobs/${digest}`, { redirect: 'manual' });
  expect(res.status).toBe(502);
  expect(await res.text()).toContain('does not follow');
  expect(await blobHits()).toBe(before);
});

test('in the browser, configs, dates and sizes load from a redirecting registry', async ({ page }) => {
  const watch = watchPage(page);
  const failed: string[] = [];
  page.on('response', (r) => {
    if (r.status() >= 300 && r.url().includes('/blobs/')) failed.push(`${r.status()} ${r.url()}`);
  });
  const before = await blobHits();
  await page.goto(`${UI}/r/demo/oci-app/t/1.0.0`);
  await expect(page.getByRole('heading', { name: 'demo/oci-app:1.0.0' })).toBeVisible();
  // from the config blob
  await expect(page.getByText('APP_VERSION=1.0.0').first()).toBeVisible();
  await expect(page.getByText('Loading the configuration…')).toHaveCount(0);
  // the tag table: created (config) and size for every tag
  await page.goto(`${UI}/r/demo/oci-app`);
  const table = page.getByRole('table', { name: /Tags of/ });
  await expect(table.getByRole('row', { name: /^1\.0\.0\b/ })).toContainText(/\d(\.\d+)? (kB|MB)/);
  // created comes from the config blob ("3 years ago")
  await expect(table.getByRole('row', { name: /^1\.0\.0\b/ })).toContainText(/\d+ \w+ ago/);
  await expect(page.getByRole('progressbar')).toHaveCount(0, { timeout: 30_000 });
  expect(await blobHits()).toBeGreaterThan(before);
  expect(failed).toEqual([]);
  expect(watch.problems).toEqual([]);
});

test('nginx follows only plain http(s) URLs from the registry, never to a credentialed, foreign-scheme or client-chosen address', async () => {
  const digest = `sha256:${'a'.repeat(64)}`;
  const host = new URL(FAKE_UI).host;
  for (const location of [
    'http://user:secret@127.0.0.1:9/x',
    'file:///etc/passwd',
    'gopher://127.0.0.1:70/x',
    '/v2/relative/only',
    'http://127.0.0.1:9/x y',
    `http://${host}/healthz`,
    'http://127.0.0.1:9/a"b',
  ]) {
    fakeLocation = location;
    const res = await fetch(`${FAKE_UI}/v2/team/app/blobs/${digest}`, { redirect: 'manual' });
    expect(res.status, location).toBe(502);
    expect(await res.text()).toContain('does not follow');
  }
  // a manifest redirect is not followed by nginx (only blob reads are): it reaches the client as sent
  fakeLocation = `${BLOBS}/-/hits`;
  const manifest = await fetch(`${FAKE_UI}/v2/team/app/manifests/latest`, { redirect: 'manual' });
  expect(manifest.status).toBe(307);
  expect(manifest.headers.get('location')).toBe(fakeLocation);
  fakeHits = 0;
  // and a visitor cannot name the target: the query and headers do not reach the redirect decision
  const res = await fetch(`${FAKE_UI}/v2/team/app/blobs/${digest}?location=http://127.0.0.1:1/`, { redirect: 'manual', headers: { 'X-Forwarded-Host': '127.0.0.1:1' } });
  expect(res.status).toBe(200);
  expect(fakeHits).toBe(1);
});

test('a registry answering with HTML or a script runs nothing on the UI origin: not as a page, not as a script', async ({ page }) => {
  evilRuns = 0;
  // opened as a page: served as application/octet-stream under a sandbox, so the browser downloads it, renders nothing
  const opened = await page.goto(`${FAKE_UI}/v2/evil/page`).catch((e: Error) => e);
  if (!(opened instanceof Error)) {
    expect(opened?.headers()['content-type']).toBe('application/octet-stream');
    expect(opened?.headers()['content-security-policy']).toContain('sandbox');
  }
  expect(await page.title()).not.toBe('ran');
  // loaded as a script by a page of the UI (what injected markup would do): refused (nosniff, not a script type)
  await page.goto(`${FAKE_UI}/`);
  const outcome = await page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const s = document.createElement('script');
        s.src = '/v2/evil/script.js';
        s.onload = () => resolve('ran');
        s.onerror = () => resolve('refused');
        document.head.append(s);
      }),
  );
  expect(outcome).toBe('refused');
  expect(await page.title()).not.toBe('ran');
  expect(evilRuns).toBe(0);
});

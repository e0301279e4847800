import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { REGISTRY, pushBlobTo } from './support';

/*
 * The reclaimable-space prediction against the real garbage collector. This spec runs its own registry
 * (scripts/registry.sh) and its own UI (scripts/serve.sh), because garbage collection needs the registry
 * stopped: the shared one serves the other specs meanwhile.
 */

const exec = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BASE = Number(new URL(REGISTRY).port) || 15000;
const REG_PORT = BASE + 70;
const UI_PORT = BASE + 71;
const REG_DIR = join(tmpdir(), `registry-ui-e2e-gc-${REG_PORT}`);
const REG = `http://127.0.0.1:${REG_PORT}`;
const UI = `http://127.0.0.1:${UI_PORT}`;
const registryEnv = { ...process.env, REGISTRY_PORT: String(REG_PORT), REGISTRY_DIR: REG_DIR };

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const sha256 = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

interface Blob {
  digest: string;
  size: number;
}

const pushBlob = (repo: string, data: Buffer): Promise<Blob> => pushBlobTo(REG, repo, data);

async function putManifest(repo: string, ref: string | undefined, body: unknown, mediaType: string): Promise<Blob> {
  const bytes = Buffer.from(JSON.stringify(body));
  const digest = sha256(bytes);
  const res = await fetch(`${REG}/v2/${repo}/manifests/${ref ?? digest}`, { method: 'PUT', body: bytes, headers: { 'Content-Type': mediaType } });
  expect(res.status).toBe(201);
  return { digest, size: bytes.length };
}

/** An OCI image of the given layers with its own config; tagged, or pushed by digest when `tag` is undefined. */
async function pushImage(repo: string, tag: string | undefined, layers: Blob[], created: string, arch = 'amd64'): Promise<Blob> {
  const config = await pushBlob(repo, Buffer.from(JSON.stringify({ architecture: arch, os: 'linux', created, rootfs: { type: 'layers', diff_ids: layers.map((l) => l.digest) } })));
  return putManifest(repo, tag, {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
    layers: layers.map((l) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...l })),
  }, OCI_MANIFEST);
}

/** Every blob in the registry's storage, with its size on disk. */
function storedBlobs(): Map<string, number> {
  const out = new Map<string, number>();
  const root = join(REG_DIR, 'data/docker/registry/v2/blobs/sha256');
  if (!existsSync(root)) return out;
  for (const prefix of readdirSync(root)) {
    for (const hex of readdirSync(join(root, prefix))) {
      const data = join(root, prefix, hex, 'data');
      if (existsSync(data)) out.set(`sha256:${hex}`, statSync(data).size);
    }
  }
  return out;
}

async function waitFor(url: string, seconds: number): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

let ui: ChildProcess | undefined;
const UI_LOG = join(tmpdir(), `registry-ui-e2e-gc-ui-${UI_PORT}.log`);

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  rmSync(REG_DIR, { recursive: true, force: true });
  await exec(join(ROOT, 'scripts/registry.sh'), ['start'], { env: registryEnv });
  // a file, not a pipe: Node's pipes are sockets, and nginx cannot open /dev/stdout on a socket
  const log = openSync(UI_LOG, 'w');
  ui = spawn(join(ROOT, 'scripts/serve.sh'), [], {
    env: {
      ...process.env,
      LISTEN_PORT: String(UI_PORT),
      REGISTRY_URL: REG,
      DELETE_IMAGES: 'true',
      APP_DIR: process.env.APP_DIR ?? join(ROOT, 'dist'),
      RUNTIME_DIR: join(tmpdir(), `registry-ui-${UI_PORT}`),
    },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  await waitFor(`${UI}/healthz`, 20).catch((e: unknown) => {
    throw new Error(`${String(e)}\n${readFileSync(UI_LOG, 'utf8')}`);
  });
});

test.afterAll(async () => {
  if (ui && ui.exitCode === null) {
    const exited = new Promise((r) => ui!.once('exit', r));
    ui.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (ui.exitCode === null) ui.kill('SIGKILL');
  }
  await exec(join(ROOT, 'scripts/registry.sh'), ['stop'], { env: registryEnv }).catch(() => undefined);
  rmSync(REG_DIR, { recursive: true, force: true });
  rmSync(UI_LOG, { force: true });
  rmSync(join(tmpdir(), `registry-ui-${UI_PORT}`), { recursive: true, force: true });
});

test('garbage collection frees exactly the blobs the preview predicted', async ({ page }) => {
  test.setTimeout(180_000);
  const repo = 'gc/app';
  // six images on one base layer, each with its own layer; latest on the newest
  const base = await pushBlob(repo, randomBytes(30_000));
  const own: Blob[] = [];
  for (let i = 0; i < 6; i++) {
    own.push(await pushBlob(repo, randomBytes(5_000 + i * 1_000)));
    await pushImage(repo, `v${i}`, [base, own[i]!], `2024-01-0${i + 1}T00:00:00Z`);
  }
  await putManifest(repo, 'latest', await (await fetch(`${REG}/v2/${repo}/manifests/v5`, { headers: { Accept: OCI_MANIFEST } })).json(), OCI_MANIFEST);
  // an old multi-arch image: deleting the index leaves its platform manifests (and their layers) in storage
  const amd = await pushImage(repo, undefined, [base, await pushBlob(repo, randomBytes(7_000))], '2023-06-01T00:00:00Z');
  const arm = await pushImage(repo, undefined, [await pushBlob(repo, randomBytes(6_500))], '2023-06-01T00:00:00Z', 'arm64');
  await putManifest(repo, 'multi-old', {
    schemaVersion: 2,
    mediaType: OCI_INDEX,
    manifests: [
      { mediaType: OCI_MANIFEST, ...amd, platform: { os: 'linux', architecture: 'amd64' } },
      { mediaType: OCI_MANIFEST, ...arm, platform: { os: 'linux', architecture: 'arm64' } },
    ],
    annotations: { 'org.opencontainers.image.created': '2023-06-01T00:00:00Z' },
  }, OCI_INDEX);
  // another repository uses v1's own layer
  const otherLayer = own[1]!;
  {
    // a cross-repository mount: the registry links the existing blob into gc/other
    const start = await fetch(`${REG}/v2/gc/other/blobs/uploads/?mount=${otherLayer.digest}&from=${repo}`, { method: 'POST' });
    expect(start.status).toBe(201);
  }
  await pushImage('gc/other', 'x', [otherLayer], '2024-02-01T00:00:00Z');

  await page.goto(`${UI}/r/${repo}?cleanup=1&keepNewest=2&keep=latest`);
  const going = page.getByRole('table', { name: 'Tags that would be deleted' });
  await expect(going).toBeVisible({ timeout: 30_000 });
  expect((await going.getByRole('rowheader').allTextContents()).sort()).toEqual(['multi-old', 'v0', 'v1', 'v2', 'v3']);

  const readPrediction = async () => {
    const list = page.getByRole('list', { name: 'Blobs freed by garbage collection' });
    if (!(await list.isVisible())) await page.getByText(/blobs? garbage collection would free$/).click();
    const blobs = await list.locator('li').evaluateAll((els) => els.map((e) => [e.getAttribute('data-digest')!, Number(e.getAttribute('data-size'))] as const));
    const bytes = Number(await page.getByTestId('reclaimable-bytes').getAttribute('data-bytes'));
    return { blobs: new Map(blobs), bytes };
  };

  // before the registry-wide check, the layer gc/other uses is counted: the statement says so
  await expect(page.getByText(/Blobs shared with other repositories are not checked/)).toBeVisible();
  const unchecked = await readPrediction();
  expect(unchecked.blobs.has(otherLayer.digest)).toBe(true);
  await expect(page.getByText(/2 platform manifests of deleted multi-arch images stay in storage, untagged/)).toBeVisible();

  await page.getByRole('button', { name: 'Check every repository' }).click();
  await expect(page.getByText('Checked 1 other repository: blobs it uses are not counted.')).toBeVisible();
  const predicted = await readPrediction();
  expect(predicted.blobs.has(otherLayer.digest)).toBe(false);
  expect(predicted.bytes).toBe([...predicted.blobs.values()].reduce((a, b) => a + b, 0));
  expect(predicted.blobs.size).toBe(12); // 4 manifests, 4 configs, 3 own layers, 1 index

  await page.getByRole('button', { name: 'Delete 5 tags…' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Delete 5 tags' }).click();
  await expect(dialog.getByText('Cleanup finished.')).toBeVisible();
  await expect(dialog.getByText('5 tags deleted')).toBeVisible();
  const left = await (await fetch(`${REG}/v2/${repo}/tags/list`)).json() as { tags: string[] };
  expect(left.tags.sort()).toEqual(['latest', 'v4', 'v5']);

  // offline garbage collection, as the guidance says: registry stopped, dry run, then the real thing
  await exec(join(ROOT, 'scripts/registry.sh'), ['stop'], { env: registryEnv });
  const before = storedBlobs();
  const dry = await exec(join(ROOT, 'scripts/registry.sh'), ['gc', '--dry-run'], { env: registryEnv, maxBuffer: 16 << 20 });
  const dryOut = dry.stdout + dry.stderr;
  const eligible = [...dryOut.matchAll(/blob eligible for deletion: (sha256:[0-9a-f]{64})/g)].map((m) => m[1]!).sort();
  expect(eligible).toEqual([...predicted.blobs.keys()].sort());
  expect(dryOut).toMatch(new RegExp(`\\b${predicted.blobs.size} blobs and 0 manifests eligible for deletion`));
  expect(storedBlobs()).toEqual(before);

  await exec(join(ROOT, 'scripts/registry.sh'), ['gc'], { env: registryEnv, maxBuffer: 16 << 20 });
  const after = storedBlobs();
  const freed = [...before.keys()].filter((d) => !after.has(d)).sort();
  expect(freed).toEqual([...predicted.blobs.keys()].sort());
  const freedBytes = freed.reduce((s, d) => s + before.get(d)!, 0);
  expect(freedBytes).toBe(predicted.bytes);
  // and the first figure, without the check, was exactly the shared layer too high
  expect(unchecked.bytes - predicted.bytes).toBe(otherLayer.size);
  test.info().annotations.push({ type: 'gc', description: `predicted ${predicted.blobs.size} blobs / ${predicted.bytes} B; garbage-collect freed ${freed.length} blobs / ${freedBytes} B` });
});

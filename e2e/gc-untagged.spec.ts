import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { REGISTRY, REGISTRY_KIND, pushImage } from './support';

/*
 * Garbage collection with --delete-untagged, on the registry this suite runs against: the UI's guidance names
 * the Distribution version it sees and suggests the flag only where it is safe (3.x), and the real garbage
 * collector shows why: 2.x counts the platforms of a tagged multi-arch image as untagged, 3.x keeps them.
 */

const exec = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BASE = Number(new URL(REGISTRY).port) || 15000;
const REG_PORT = BASE + 72;
const REG_DIR = join(tmpdir(), `registry-ui-e2e-gc-untagged-${REG_PORT}`);
const REG = `http://127.0.0.1:${REG_PORT}`;
const registryEnv = { ...process.env, REGISTRY_PORT: String(REG_PORT), REGISTRY_DIR: REG_DIR };
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const sha256 = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

test.skip(REGISTRY_KIND === 'ggcr', 'go-containerregistry keeps everything in memory and has no garbage collector');

async function pushBlob(repo: string, data: Buffer): Promise<{ digest: string; size: number }> {
  const start = await fetch(`${REG}/v2/${repo}/blobs/uploads/`, { method: 'POST' });
  expect(start.status).toBe(202);
  const location = new URL(start.headers.get('location')!, REG);
  location.searchParams.set('digest', sha256(data));
  expect((await fetch(location, { method: 'PUT', body: new Uint8Array(data), headers: { 'Content-Type': 'application/octet-stream' } })).status).toBe(201);
  return { digest: sha256(data), size: data.length };
}

async function putManifest(repo: string, ref: string | undefined, body: object, mediaType: string): Promise<{ digest: string; size: number }> {
  const bytes = Buffer.from(JSON.stringify(body));
  const res = await fetch(`${REG}/v2/${repo}/manifests/${ref ?? sha256(bytes)}`, { method: 'PUT', body: bytes, headers: { 'Content-Type': mediaType } });
  expect(res.status).toBe(201);
  return { digest: sha256(bytes), size: bytes.length };
}

async function image(repo: string, ref: string | undefined, arch: string): Promise<{ digest: string; size: number }> {
  const layer = await pushBlob(repo, randomBytes(3000));
  const config = await pushBlob(repo, Buffer.from(JSON.stringify({ architecture: arch, os: 'linux', rootfs: { type: 'layers', diff_ids: [layer.digest] } })));
  return putManifest(repo, ref, { schemaVersion: 2, mediaType: OCI_MANIFEST, config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config }, layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...layer }] }, OCI_MANIFEST);
}

test.describe('garbage collection and --delete-untagged', () => {
  test.afterAll(async () => {
    await exec(join(ROOT, 'scripts/registry.sh'), ['stop'], { env: registryEnv }).catch(() => undefined);
    rmSync(REG_DIR, { recursive: true, force: true });
  });

  test('the guidance after a delete names the version the registry answers as, and its commands', async ({ page }) => {
    const repo = 'e2e/gc-guidance';
    await pushImage(repo, ['old']);
    await pushImage(repo, ['keep']);
    await page.goto(`/r/${repo}/t/old`);
    await page.getByRole('button', { name: 'Delete tag old' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await dialog.getByText('Free the disk space: run garbage collection').click();
    const seen = dialog.getByTestId('gc-version');
    const commands = dialog.locator('pre');
    if (REGISTRY_KIND === 'dist3') {
      // 3.x refuses n=-1 on the catalog: the UI says Distribution 3, with registry:3's config path and the flag
      await expect(seen).toHaveAttribute('data-version', '3');
      await expect(seen).toHaveText(/answers as Distribution 3 \(registry:3\)/);
      await expect(commands.first()).toContainText('registry:3 garbage-collect --dry-run --delete-untagged /etc/distribution/config.yml');
      await expect(dialog.getByText(/--delete-untagged is safe on Distribution 3/)).toBeVisible();
      await expect(dialog.getByText(/If this registry is in fact Distribution 2/)).toBeVisible();
    } else {
      // 2.8 ignores it: Distribution 2, registry:2's config path, and no command with the flag
      await expect(seen).toHaveAttribute('data-version', '2');
      await expect(seen).toHaveText(/answers as Distribution 2 \(registry:2, Debian's docker-registry\)/);
      await expect(commands.first()).toContainText('registry:2 garbage-collect --dry-run /etc/docker/registry/config.yml');
      for (const text of await commands.allTextContents()) expect(text).not.toContain('--delete-untagged');
      await expect(dialog.getByText(/Do not add --delete-untagged unless you know every index is tagged/)).toBeVisible();
    }
  });

  test('what the guidance says, checked with the real garbage collector: --dry-run --delete-untagged on a tagged multi-arch image', async () => {
    test.setTimeout(120_000);
    rmSync(REG_DIR, { recursive: true, force: true });
    await exec(join(ROOT, 'scripts/registry.sh'), ['start'], { env: registryEnv });
    const repo = 'gc/multi';
    const amd = await image(repo, undefined, 'amd64');
    const arm = await image(repo, undefined, 'arm64');
    const index = await putManifest(repo, 'latest', {
      schemaVersion: 2,
      mediaType: OCI_INDEX,
      manifests: [
        { mediaType: OCI_MANIFEST, ...amd, platform: { os: 'linux', architecture: 'amd64' } },
        { mediaType: OCI_MANIFEST, ...arm, platform: { os: 'linux', architecture: 'arm64' } },
      ],
    }, OCI_INDEX);
    const orphan = await image(repo, undefined, 'amd64'); // pushed by digest, reached by no tag
    await exec(join(ROOT, 'scripts/registry.sh'), ['stop'], { env: registryEnv });
    const dry = await exec(join(ROOT, 'scripts/registry.sh'), ['gc', '--dry-run', '--delete-untagged'], { env: registryEnv, maxBuffer: 16 << 20 });
    const out = dry.stdout + dry.stderr;
    const eligible = new Set([...out.matchAll(/manifest eligible for deletion:.*?(sha256:[0-9a-f]{64})/g)].map((m) => m[1]!));
    expect(eligible.has(orphan.digest)).toBe(true);
    expect(eligible.has(index.digest)).toBe(false);
    if (REGISTRY_KIND === 'dist3') {
      // 3.x takes the manifests a tagged index lists off the list: latest keeps both platforms
      expect([amd.digest, arm.digest].filter((d) => eligible.has(d))).toEqual([]);
      expect(out).toMatch(/\b1 manifests eligible for deletion/);
    } else {
      // 2.x would delete both platforms of latest: the tag would point at an index of missing manifests
      expect([amd.digest, arm.digest].filter((d) => eligible.has(d))).toEqual([amd.digest, arm.digest]);
      expect(out).toMatch(/\b3 manifests eligible for deletion/);
    }
    test.info().annotations.push({ type: 'gc', description: `${REGISTRY_KIND}: --delete-untagged would delete ${eligible.size} manifests` });
  });
});

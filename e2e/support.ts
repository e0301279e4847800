import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';
import { ACCEPT } from '../tests/fault-proxy/stack.mjs';

/** The registry itself, behind no proxy: what the tests check the UI against. */
export const REGISTRY = process.env.E2E_REGISTRY ?? 'http://127.0.0.1:15000';
export const UI_NODELETE = process.env.E2E_UI_NODELETE ?? 'http://127.0.0.1:15051';

export interface SeedSummary {
  repositories: Record<string, { tags: Record<string, { digest: string; mediaType: string; size: number }> }>;
  manifests: Record<string, { mediaType: string; totalSize?: number; created?: string; manifests?: { digest: string; platform?: { os: string; architecture: string; variant?: string } }[] }>;
}

/** What scripts/seed/seed.mjs pushed, written by scripts/test.sh's stack. */
export function seedSummary(): SeedSummary {
  return JSON.parse(readFileSync(process.env.E2E_SEED_SUMMARY ?? '/tmp/registry-ui-e2e-15000/seed-summary.json', 'utf8'));
}

/** Every repository, following the catalog's Link pages. */
export async function catalog(): Promise<string[]> {
  const names: string[] = [];
  let url: string | undefined = `${REGISTRY}/v2/_catalog?n=1000`;
  while (url) {
    const res = await fetch(url);
    const body = (await res.json()) as { repositories: string[] };
    names.push(...body.repositories);
    const link = res.headers.get('link');
    url = link ? `${REGISTRY}${/<([^>]+)>/.exec(link)![1]}` : undefined;
  }
  return names;
}

export async function tags(repo: string): Promise<string[]> {
  const res = await fetch(`${REGISTRY}/v2/${repo}/tags/list`);
  if (res.status === 404) return [];
  return ((await res.json()) as { tags: string[] | null }).tags ?? [];
}

/** The digest a tag points at now, or undefined when it is gone. */
export async function headDigest(repo: string, ref: string): Promise<string | undefined> {
  const res = await fetch(`${REGISTRY}/v2/${repo}/manifests/${ref}`, { method: 'HEAD', headers: { Accept: ACCEPT } });
  return res.ok ? (res.headers.get('docker-content-digest') ?? undefined) : undefined;
}

export async function getManifest(repo: string, ref: string): Promise<{ digest: string; body: Record<string, unknown> }> {
  const res = await fetch(`${REGISTRY}/v2/${repo}/manifests/${ref}`, { headers: { Accept: ACCEPT } });
  expect(res.ok).toBe(true);
  return { digest: res.headers.get('docker-content-digest')!, body: (await res.json()) as Record<string, unknown> };
}

const sha256 = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

async function pushBlob(repo: string, data: Buffer): Promise<string> {
  const digest = sha256(data);
  const start = await fetch(`${REGISTRY}/v2/${repo}/blobs/uploads/`, { method: 'POST' });
  expect(start.status).toBe(202);
  const location = new URL(start.headers.get('location')!, REGISTRY);
  location.searchParams.set('digest', digest);
  const put = await fetch(location, { method: 'PUT', body: data, headers: { 'Content-Type': 'application/octet-stream' } });
  expect(put.status).toBe(201);
  return digest;
}

/** Pushes a small OCI image straight to the registry (for tests that delete); returns its digest. */
export async function pushImage(repo: string, tags: string[], options: { created?: string; layerBytes?: number } = {}): Promise<string> {
  const layer = randomBytes(options.layerBytes ?? 2048);
  const layerDigest = await pushBlob(repo, layer);
  const config = Buffer.from(JSON.stringify({
    architecture: 'amd64',
    os: 'linux',
    created: options.created ?? new Date().toISOString(),
    config: { Labels: { 'org.example.test': repo } },
    rootfs: { type: 'layers', diff_ids: [layerDigest] },
  }));
  const configDigest = await pushBlob(repo, config);
  const manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: config.length },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: layerDigest, size: layer.length }],
  }));
  for (const tag of tags) {
    const res = await fetch(`${REGISTRY}/v2/${repo}/manifests/${tag}`, {
      method: 'PUT',
      body: manifest,
      headers: { 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' },
    });
    expect(res.status).toBe(201);
  }
  return sha256(manifest);
}

/**
 * Fails the test on anything the page should never do: an uncaught exception, a CSP violation, a failed
 * script. Call before navigating; check `problems` at the end.
 */
export function watchPage(page: Page): { problems: string[] } {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    const text = m.text();
    if (/Content Security Policy|Refused to/i.test(text)) problems.push(`csp: ${text}`);
  });
  page.on('dialog', (d) => {
    problems.push(`dialog opened: ${d.message()}`);
    void d.dismiss();
  });
  return { problems };
}

import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';
import { ACCEPT } from '../tests/fault-proxy/stack.mjs';

/** The registry itself, behind no proxy: what the tests check the UI against. */
export const REGISTRY = process.env.E2E_REGISTRY ?? 'http://127.0.0.1:15000';
export const UI_NODELETE = process.env.E2E_UI_NODELETE ?? 'http://127.0.0.1:15051';

/**
 * Which registry the suite runs against (scripts/test.sh's matrix): `dist2` Debian's Distribution 2.8, `dist3`
 * Distribution 3.x, `ggcr` go-containerregistry's OCI 1.1 registry. Specs branch on it where the registries
 * differ, stating what each does.
 */
export type RegistryKind = 'dist2' | 'dist3' | 'ggcr';
export const REGISTRY_KIND: RegistryKind = (() => {
  const kind = process.env.E2E_REGISTRY_KIND ?? 'dist2';
  if (kind !== 'dist2' && kind !== 'dist3' && kind !== 'ggcr') throw new Error(`E2E_REGISTRY_KIND must be dist2, dist3 or ggcr, got ${kind}`);
  return kind;
})();

export interface SeedSummary {
  /** crane's and oras's versions and what they pushed, or `skipped` and why (no Go): then those repositories are absent. */
  clients: { skipped?: string; crane?: string; oras?: string; repositories?: string[] };
  repositories: Record<
    string,
    {
      tags: Record<string, { digest: string; mediaType: string; size: number }>;
      /** demo/artifact: how oras attached its SBOM, through the referrers API or the fallback tag. */
      referrers?: { subject: string; via: 'api' | 'tag'; fallbackTag: string };
    }
  >;
  manifests: Record<string, { mediaType: string; totalSize?: number; created?: string; pushedBy?: 'crane' | 'oras'; manifests?: { digest: string; platform?: { os: string; architecture: string; variant?: string } }[] }>;
}

/** What scripts/seed/seed.mjs pushed, written by scripts/test.sh's stack. */
export function seedSummary(): SeedSummary {
  return JSON.parse(readFileSync(process.env.E2E_SEED_SUMMARY ?? '/tmp/registry-ui-e2e-15000/seed-summary.json', 'utf8'));
}

/** What scripts/seed/clients.sh pushed with crane and oras; `skipped` says why when it could not (no Go). */
export interface ClientsSummary {
  skipped?: string;
  clients: { crane: string; oras: string };
  repositories: Record<string, { tags: Record<string, string> }>;
  referrers: { repository: string; subject: string; via: 'api' | 'tag'; apiStatus: number; fallbackTag: string; manifests: { digest: string; artifactType: string; size: number }[] };
}

export function clientsSummary(): ClientsSummary {
  const seed = process.env.E2E_SEED_SUMMARY ?? '/tmp/registry-ui-e2e-15000/seed-summary.json';
  return JSON.parse(readFileSync(process.env.E2E_CLIENTS_SUMMARY ?? seed.replace(/[^/]*$/, 'clients-summary.json'), 'utf8'));
}

/** Every repository, following the catalog's Link pages. */
export async function catalog(): Promise<string[]> {
  const names: string[] = [];
  let url: string | undefined = `${REGISTRY}/v2/_catalog?n=1000`;
  while (url) {
    const res: Response = await fetch(url);
    const body = (await res.json()) as { repositories: string[] };
    names.push(...body.repositories);
    const link: string | null = res.headers.get('link');
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

/** Pushes a blob to the registry at `registry` (a monolithic upload); returns its digest and size. */
export async function pushBlobTo(registry: string, repo: string, data: Buffer): Promise<{ digest: string; size: number }> {
  const digest = sha256(data);
  const start = await fetch(`${registry}/v2/${repo}/blobs/uploads/`, { method: 'POST' });
  expect(start.status).toBe(202);
  const location = new URL(start.headers.get('location')!, registry);
  location.searchParams.set('digest', digest);
  const put = await fetch(location, { method: 'PUT', body: new Uint8Array(data), headers: { 'Content-Type': 'application/octet-stream' } });
  expect(put.status).toBe(201);
  return { digest, size: data.length };
}

const pushBlob = async (repo: string, data: Buffer) => (await pushBlobTo(REGISTRY, repo, data)).digest;

/** Pushes a small OCI image straight to the registry (for tests that delete), by digest when no tag is given; returns its digest. */
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
  const { digest } = await pushManifest(
    repo,
    {
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: config.length },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: layerDigest, size: layer.length }],
    },
    tags,
  );
  return digest;
}

/** PUTs a manifest body under each tag (or by its digest when no tag is given); returns its digest and size. */
export async function pushManifest(repo: string, body: object, tags: string[] = []): Promise<{ digest: string; size: number; mediaType: string }> {
  const bytes = Buffer.from(JSON.stringify(body));
  const mediaType = (body as { mediaType: string }).mediaType;
  const digest = sha256(bytes);
  for (const ref of tags.length > 0 ? tags : [digest]) {
    const res = await fetch(`${REGISTRY}/v2/${repo}/manifests/${ref}`, { method: 'PUT', body: bytes, headers: { 'Content-Type': mediaType } });
    expect(res.status).toBe(201);
  }
  return { digest, size: bytes.length, mediaType };
}

/** An OCI index over manifests already in the repository, each with its platform. */
export async function pushIndex(repo: string, tags: string[], children: { digest: string; size: number; platform: { os: string; architecture: string } }[]) {
  return pushManifest(
    repo,
    {
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: children.map((c) => ({ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: c.digest, size: c.size, platform: c.platform })),
    },
    tags,
  );
}

/** Pushes a signature or attestation the way cosign lays them out: tag `sha256-<hex>.sig|.att` next to the image. */
export async function pushCosign(repo: string, subject: string, kind: 'sig' | 'att'): Promise<{ tag: string; digest: string }> {
  const payload = Buffer.from(JSON.stringify({ critical: { image: { 'docker-manifest-digest': subject }, type: 'cosign container image signature' }, kind }));
  const layer = await pushBlob(repo, payload);
  const config = Buffer.from(JSON.stringify({ architecture: '', os: '', config: {}, rootfs: { type: 'layers', diff_ids: [layer] } }));
  const configDigest = await pushBlob(repo, config);
  const tag = `${subject.replace(':', '-')}.${kind}`;
  const { digest } = await pushManifest(
    repo,
    {
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: config.length },
      layers: [{ mediaType: kind === 'sig' ? 'application/vnd.dev.cosign.simplesigning.v1+json' : 'application/vnd.dsse.envelope.v1+json', digest: layer, size: payload.length }],
    },
    [tag],
  );
  return { tag, digest };
}

/** The size in bytes of a manifest, from the registry's HEAD. */
export async function manifestSize(repo: string, ref: string): Promise<number> {
  const res = await fetch(`${REGISTRY}/v2/${repo}/manifests/${ref}`, { method: 'HEAD', headers: { Accept: ACCEPT } });
  expect(res.ok).toBe(true);
  return Number(res.headers.get('content-length'));
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

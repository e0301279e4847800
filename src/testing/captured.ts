import { fixtures, fixture } from './msw/handlers';
import type { Digest } from '@/registry/digest';
import { parseConfig, type Config } from '@/registry/config';
import { parseManifest } from '@/registry/manifests';
import type { FetchedManifest, SingleManifest } from '@/registry/types';

/** A captured manifest answer as the client hands it over. */
export function fetched(name: string): FetchedManifest {
  const f = fixture(name);
  return {
    digest: (f.response.headers['docker-content-digest'] ?? f.request.path.split('/').pop()) as Digest,
    digestComputed: false,
    manifest: parseManifest(f.response.body, f.response.headers['content-type']),
    size: new TextEncoder().encode(f.response.body).length,
    raw: f.response.body,
  };
}

/** The captured GET of a manifest or blob by digest, whatever its file is called. */
export function byDigest(repo: string, kind: 'manifests' | 'blobs', digest: string): string {
  const hit = Object.entries(fixtures).find(([, f]) => f.request.method === 'GET' && f.request.path === `/v2/${repo}/${kind}/${digest}` && f.response.status === 200);
  if (!hit) throw new Error(`no captured GET /v2/${repo}/${kind}/${digest}`);
  return hit[0];
}

/** A captured image manifest. */
export const single = (name: string) => fetched(name).manifest as SingleManifest;

/** The captured config blob of an image, as the client reads it. */
export const capturedConfig = (repo: string, m: SingleManifest): Config => parseConfig(JSON.parse(fixture(byDigest(repo, 'blobs', m.config.digest)).response.body));

/** The digest a captured HEAD answered with. */
export const headDigest = (name: string) => fixture(name).response.headers['docker-content-digest'] as Digest;

// @vitest-environment node
import { fixtures, fixture } from '@/testing/msw/handlers';
import type { Digest } from '@/registry/digest';
import { isIndex, parseManifest } from '@/registry/manifests';
import type { FetchedManifest } from '@/registry/types';
import { splitSupplyChainTags } from './supply-chain';
import { uniqueBlobs } from './unique-blobs';

function fetchedByDigest(repo: string, digest: string): FetchedManifest {
  const f = Object.values(fixtures).find((x) => x.request.method === 'GET' && x.request.path === `/v2/${repo}/manifests/${digest}` && x.response.status === 200);
  if (!f) throw new Error(`no captured manifest ${digest}`);
  return { digest: digest as Digest, digestComputed: false, manifest: parseManifest(f.response.body, f.response.headers['content-type']), size: new TextEncoder().encode(f.response.body).length, raw: f.response.body };
}

const tagsOf = (slug: string) => JSON.parse(fixture(`tags-list-${slug}`).response.body).tags as string[];
const headOf = (name: string) => fixture(name).response.headers['docker-content-digest'] as Digest;

describe('supply-chain tags', () => {
  it('groups cosign .sig and .att under the image they sign and keeps the image tags', () => {
    const split = splitSupplyChainTags(tagsOf('signed'));
    expect(split.images).toEqual(['v1']);
    const v1 = headOf('manifest-head-signed-v1');
    expect(split.bySubject.get(v1)?.map((t) => t.kind)).toEqual(['signature', 'attestation']);
    expect(split.supplyChain).toHaveLength(2);
  });

  it('puts the referrers fallback tag under its subject too', () => {
    const split = splitSupplyChainTags(tagsOf('artifact'));
    expect(split.images).toEqual(['app']);
    expect(split.bySubject.get(headOf('manifest-head-artifact-app'))?.map((t) => t.kind)).toEqual(['referrers']);
  });

  it('leaves a repository without such tags as it is', () => {
    expect(splitSupplyChainTags(tagsOf('oci-app')).images).toEqual(tagsOf('oci-app'));
  });
});

describe('unique blobs of a repository', () => {
  it('counts a layer shared by several tags once', () => {
    const digests = [...new Set(tagsOf('oci-app').map((t) => headOf(`manifest-head-oci-app-${t}`)))];
    const manifests = digests.map((d) => fetchedByDigest('demo/oci-app', d));
    const totals = uniqueBlobs([...manifests, manifests[0]!]);
    // three images: one base layer for all, a dependency layer per major version, an app layer each, a config each
    expect(totals.manifests).toBe(3);
    expect(totals.blobs).toBe(1 + 2 + 3 + 3);
    const unique = new Map<string, number>();
    for (const f of manifests) {
      const m = f.manifest as { config: { digest: string; size: number }; layers: { digest: string; size: number }[] };
      for (const d of [m.config, ...m.layers]) unique.set(d.digest, d.size);
    }
    expect(totals.bytes).toBe([...unique.values()].reduce((a, b) => a + b, 0));
    expect(totals.bytesWithoutSharing).toBeGreaterThan(totals.bytes);
    expect(totals.manifestBytes).toBe(manifests.reduce((n, f) => n + f.size, 0));
  });

  it('includes every platform and the attestation of an index, and the index itself as a manifest', () => {
    const index = fetchedByDigest('demo/multiarch', headOf('manifest-head-multiarch-latest'));
    if (!isIndex(index.manifest)) throw new Error('expected an index');
    const children = index.manifest.manifests.map((d) => fetchedByDigest('demo/multiarch', d.digest));
    const totals = uniqueBlobs([index, ...children]);
    expect(totals.manifests).toBe(5);
    expect(totals.blobs).toBe(4 * 2);
  });

  it('leaves foreign layers and schema1 sizes out', () => {
    const f = fetchedByDigest('demo/oci-app', headOf('manifest-head-oci-app-latest'));
    const m = f.manifest as { layers: { urls?: string[] }[] };
    m.layers[0]!.urls = ['https://example.com/layer'];
    const schema1: FetchedManifest = { ...f, digest: `sha256:${'b'.repeat(64)}` as Digest, manifest: parseManifest(fixture('manifest-get-alpine-no-accept').response.body) };
    const totals = uniqueBlobs([f, schema1]);
    expect(totals.blobs).toBe(3);
    expect(totals.sizesUnknown).toBe(1);
  });
});

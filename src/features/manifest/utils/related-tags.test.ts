// @vitest-environment node
import { fixture } from '@/testing/msw/handlers';
import { byDigest, fetched, headDigest } from '@/testing/captured';
import type { Digest } from '@/registry/digest';
import { isIndex, isSingle } from '@/registry/manifests';
import type { FetchedManifest, IndexManifest, SingleManifest } from '@/registry/types';
import { layersOf, relatedTags } from './related-tags';

describe('other tags of the repository', () => {
  const names = JSON.parse(fixture('tags-list-oci-app').response.body).tags as string[];
  const tags = new Map(names.map((t) => [t, headDigest(`manifest-head-oci-app-${t}`)]));
  const manifests = new Map([...new Set(tags.values())].map((d) => [d, fetched(byDigest('demo/oci-app', 'manifests', d))]));

  it('lists tags with the same digest and tags sharing layers, largest share first', () => {
    const self = fetched('manifest-get-oci-app-1.0.0');
    const r = relatedTags({ digest: self.digest, layers: layersOf(self, manifests) }, tags, manifests);
    expect(r.sameDigest).toEqual(['1.0.0']);
    expect(r.sharing.map((s) => [s.tag, s.sharedLayers])).toEqual([['1.1.0', 2], ['2.0.0', 1], ['latest', 1]]);
    const v1 = self.manifest as SingleManifest;
    expect(r.sharing[1]!.sharedBytes).toBe(v1.layers[0]!.size);
  });

  it('puts every tag of one digest together', () => {
    const latest = fetched('manifest-get-oci-app-latest');
    expect(relatedTags({ digest: latest.digest, layers: layersOf(latest, manifests) }, tags, manifests).sameDigest).toEqual(['2.0.0', 'latest']);
  });

  it('leaves signature and referrers tags out of the sharing, but not out of the same digest', () => {
    const app = fetched('manifest-get-artifact-app');
    const referrersTag = JSON.parse(fixture('tags-list-artifact').response.body).tags.find((t: string) => t.startsWith('sha256-')) as string;
    const index = fetched('manifest-get-artifact-referrers-tag');
    const sbom = fetched('manifest-get-artifact-sbom');
    const all = new Map<Digest, FetchedManifest>([[app.digest, app], [index.digest, index], [sbom.digest, sbom]]);
    const r = relatedTags({ digest: sbom.digest, layers: layersOf(sbom, all) }, new Map([['app', app.digest], [referrersTag, index.digest]]), all);
    expect(r.sharing).toEqual([]);
    expect(relatedTags({ digest: index.digest, layers: new Map() }, new Map([[referrersTag, index.digest]]), all).sameDigest).toEqual([referrersTag]);
  });

  it('compares against every platform of an index', () => {
    const idx = fetched('manifest-get-multiarch-latest');
    expect(isIndex(idx.manifest)).toBe(true);
    const all = new Map<Digest, FetchedManifest>([[idx.digest, idx]]);
    if (isIndex(idx.manifest)) for (const d of idx.manifest.manifests) all.set(d.digest, fetched(byDigest('demo/multiarch', 'manifests', d.digest)));
    const amd64 = all.get((idx.manifest as IndexManifest).manifests[0]!.digest)!;
    expect(isSingle(amd64.manifest)).toBe(true);
    const r = relatedTags({ digest: amd64.digest, layers: layersOf(amd64, all) }, new Map([['latest', idx.digest]]), all);
    expect(r.sharing).toEqual([expect.objectContaining({ tag: 'latest', sharedLayers: 1, layers: 3 })]);
  });

  const index = fetched('manifest-get-multiarch-latest').manifest as IndexManifest;

  it('takes every platform’s layers for an index, and none of the attestation’s', () => {
    const all = new Map<Digest, FetchedManifest>();
    for (const d of index.manifests) all.set(d.digest, fetched(byDigest('demo/multiarch', 'manifests', d.digest)));
    const layers = layersOf(fetched('manifest-get-multiarch-latest'), all);
    const attestation = all.get(index.manifests[3]!.digest)!.manifest as SingleManifest;
    expect(layers.size).toBe(3);
    expect(layers.has(attestation.layers[0]!.digest)).toBe(false);
  });
});

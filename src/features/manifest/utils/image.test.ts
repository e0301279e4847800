// @vitest-environment node
import { fixtures, fixture } from '@/testing/msw/handlers';
import type { Digest } from '@/registry/digest';
import { imageSize, isIndex, isSingle, parseManifest } from '@/registry/manifests';
import type { FetchedManifest, IndexManifest, Schema1Manifest, SingleManifest } from '@/registry/types';
import { compareImages, entryLabel, indexEntries, layerHistory, layersOf, readChartConfig, readImageConfig, relatedTags, schema1Layers, selectEntry, sizeSegments } from './image';

/** A captured manifest answer as the client hands it over. */
function fetched(name: string): FetchedManifest {
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
function byDigest(repo: string, kind: 'manifests' | 'blobs', digest: string): string {
  const hit = Object.entries(fixtures).find(([, f]) => f.request.method === 'GET' && f.request.path === `/v2/${repo}/${kind}/${digest}` && f.response.status === 200);
  if (!hit) throw new Error(`no captured GET /v2/${repo}/${kind}/${digest}`);
  return hit[0];
}

const single = (name: string) => fetched(name).manifest as SingleManifest;
const configOf = (repo: string, m: SingleManifest) => readImageConfig(JSON.parse(fixture(byDigest(repo, 'blobs', m.config.digest)).response.body));
const headDigest = (name: string) => fixture(name).response.headers['docker-content-digest'] as Digest;

describe('platforms of a multi-arch index', () => {
  const index = fetched('manifest-get-multiarch-latest').manifest as IndexManifest;

  it('labels each child with its own platform and names the attestation as such', () => {
    const entries = indexEntries(index);
    expect(entries.map((e) => [e.label, e.attestation])).toEqual([
      ['linux/amd64', false],
      ['linux/arm64', false],
      ['linux/arm/v7', false],
      ['unknown/unknown', true],
    ]);
    const att = entries[3]!;
    expect(att.attests).toEqual({ digest: index.manifests[0]!.digest, label: 'linux/amd64' });
    expect(att.key).toBe(att.descriptor.digest);
    expect(entries[2]!.key).toBe('linux/arm/v7');
  });

  it('names entries without a platform by artifactType or media type, and an image among them by its config', () => {
    const loop = fetched('manifest-get-layouts-loop').manifest as IndexManifest;
    const entries = indexEntries(loop);
    expect(loop.manifests.every((d) => d.platform === undefined)).toBe(true);
    expect(entries.map((e) => [e.label, e.platformless, e.attestation])).toEqual([
      [loop.manifests[0]!.mediaType, true, false],
      ['application/vnd.example.readme.v1', true, false],
      [loop.manifests[2]!.mediaType, true, false],
    ]);
    // two entries share a media type, and a label may still become a platform: selected by digest
    expect(entries.map((e) => e.key)).toEqual(loop.manifests.map((d) => d.digest));
    const image = single(byDigest('demo/layouts', 'manifests', loop.manifests[0]!.digest));
    expect(entryLabel(entries[0]!, configOf('demo/layouts', image))).toBe('linux/amd64');
    expect(entryLabel(entries[1]!, undefined)).toBe('application/vnd.example.readme.v1');
    // an entry that names its platform keeps it, whatever the config says
    expect(entryLabel(indexEntries(index)[1]!, { platform: 'linux/amd64' })).toBe('linux/arm64');
  });

  it('keeps what vnd.docker.reference.type says of a non-platform entry (builder, not attestation-manifest)', () => {
    const builder = fetched('manifest-get-layouts-builder').manifest as IndexManifest;
    const entries = indexEntries(builder);
    expect(entries.map((e) => [e.label, e.attestation, e.referenceType])).toEqual([
      ['linux/amd64', false, undefined],
      ['unknown/unknown', true, 'builder'],
    ]);
    expect(entries[1]!.attests).toEqual({ digest: builder.manifests[0]!.digest, label: 'linux/amd64' });
    expect(indexEntries(index)[3]!.referenceType).toBe('attestation-manifest');
  });

  it('gives every platform its own size from its own manifest, never the first child’s', () => {
    const sizes = indexEntries(index)
      .filter((e) => !e.attestation)
      .map((e) => {
        const child = single(byDigest('demo/multiarch', 'manifests', e.descriptor.digest));
        const raw = JSON.parse(fixture(byDigest('demo/multiarch', 'manifests', e.descriptor.digest)).response.body);
        expect(imageSize(child)).toBe(raw.config.size + raw.layers.reduce((n: number, l: { size: number }) => n + l.size, 0));
        return imageSize(child);
      });
    expect(new Set(sizes).size).toBe(3);
  });

  it('reads each platform’s created date from its own config', () => {
    const created = indexEntries(index)
      .filter((e) => !e.attestation)
      .map((e) => configOf('demo/multiarch', single(byDigest('demo/multiarch', 'manifests', e.descriptor.digest))));
    expect(created.map((c) => [c.platform, c.created])).toEqual([
      ['linux/amd64', '2024-03-01T10:00:00Z'],
      ['linux/arm64', '2024-03-01T10:07:00Z'],
      ['linux/arm/v7', '2024-03-01T10:21:00Z'],
    ]);
  });

  it('selects by platform or digest, else the first runnable platform', () => {
    const entries = indexEntries(index);
    expect(selectEntry(entries, 'linux/arm64')?.label).toBe('linux/arm64');
    expect(selectEntry(entries, index.manifests[3]!.digest)?.attestation).toBe(true);
    expect(selectEntry(entries, 'windows/amd64')?.label).toBe('linux/amd64');
    expect(selectEntry(entries, null)?.label).toBe('linux/amd64');
  });

  it('keys two children with the same platform by digest', () => {
    const twice = { ...index, manifests: [index.manifests[0]!, { ...index.manifests[1]!, platform: index.manifests[0]!.platform! }] } as IndexManifest;
    expect(indexEntries(twice).map((e) => e.key)).toEqual(twice.manifests.map((d) => d.digest));
  });

  it('takes every platform’s layers for an index, and none of the attestation’s', () => {
    const all = new Map<Digest, FetchedManifest>();
    for (const d of index.manifests) all.set(d.digest, fetched(byDigest('demo/multiarch', 'manifests', d.digest)));
    const layers = layersOf(fetched('manifest-get-multiarch-latest'), all);
    const attestation = all.get(index.manifests[3]!.digest)!.manifest as SingleManifest;
    expect(layers.size).toBe(3);
    expect(layers.has(attestation.layers[0]!.digest)).toBe(false);
  });
});

describe('layers and history', () => {
  const m = single('manifest-get-oci-app-latest');
  const config = configOf('demo/oci-app', m);

  it('places each layer’s step and the empty-layer steps between them', () => {
    const h = layerHistory(m, config.history);
    expect(h.mismatch).toBe(false);
    expect(h.steps).toHaveLength(10);
    expect(h.layers.map((l) => l.step?.createdBy)).toEqual([
      '/bin/sh -c #(nop) ADD file:debian-bookworm-rootfs.tar.xz in / ',
      'RUN /bin/sh -c npm ci --omit=dev # buildkit',
      'COPY . /app # buildkit',
    ]);
    expect(h.steps.map((s) => s.layer ?? null)).toEqual([1, null, null, 2, 3, null, null, null, null, null]);
    expect(h.steps.filter((s) => s.empty).map((s) => s.createdBy)).toEqual([
      'ENV NODE_ENV=production',
      'WORKDIR /app',
      'EXPOSE map[8080/tcp:{} 9090/tcp:{}]',
      'VOLUME [/data /var/log/app]',
      'USER 10001:10001',
      'ENTRYPOINT ["/usr/bin/tini" "--"]',
      'CMD ["node" "/app/server.js"]',
    ]);
  });

  it('gives each layer its share of the image total, config included in the total', () => {
    const h = layerHistory(m, config.history);
    expect(h.total).toBe(m.config.size + m.layers.reduce((n, l) => n + l.size, 0));
    for (const l of h.layers) expect(l.share).toBeCloseTo(l.descriptor.size / h.total, 10);
    const segments = sizeSegments(m);
    expect(segments.reduce((n, s) => n + s.share, 0)).toBeCloseTo(1, 10);
    expect(segments.map((s) => s.kind)).toEqual(['config', 'layer', 'layer', 'layer']);
  });

  it('flags a history that does not have one step per layer, and still maps what it can', () => {
    const h = layerHistory(m, config.history.slice(0, 4));
    expect(h.mismatch).toBe(true);
    expect(h.layers.map((l) => l.step?.position ?? null)).toEqual([1, 4, null]);
    expect(layerHistory(m, []).mismatch).toBe(false);
  });

  it('reads the Docker image config of alpine the same way', () => {
    const alpine = single('manifest-get-alpine-latest');
    const c = configOf('demo/alpine', alpine);
    const h = layerHistory(alpine, c.history);
    expect(h.layers.map((l) => l.step?.position)).toEqual([1, 2]);
    expect(h.steps[2]).toMatchObject({ empty: true, createdBy: '/bin/sh -c #(nop)  CMD ["/bin/sh"]' });
    expect(c).toMatchObject({ platform: 'linux/amd64', workdir: '/', cmd: ['/bin/sh'] });
  });
});

describe('image config', () => {
  it('reads every field of the captured oci-app config, hostile labels as plain strings', () => {
    const c = configOf('demo/oci-app', single('manifest-get-oci-app-latest'));
    expect(c).toMatchObject({
      created: '2024-04-02T09:00:00Z',
      author: 'Registry UI Maintainers <maintainers@registry-ui.example>',
      platform: 'linux/amd64',
      user: '10001:10001',
      workdir: '/app',
      entrypoint: ['/usr/bin/tini', '--'],
      cmd: ['node', '/app/server.js'],
      ports: ['8080/tcp', '9090/tcp'],
      volumes: ['/data', '/var/log/app'],
    });
    expect(c.env).toContain('APP_VERSION=2.0.0');
    expect(Object.fromEntries(c.labels)['org.example.note']).toBe('<img src=x onerror=alert(1)><script>alert(2)</script>');
    expect(Object.fromEntries(c.labels)['org.example.long']).toHaveLength(2000);
  });

  it('turns values of the wrong shape into text instead of failing', () => {
    const c = readImageConfig({ os: 'linux', architecture: 7, config: { Env: 'A=1', Labels: { n: 1, o: { x: '<b>' } }, Cmd: null, ExposedPorts: ['80'] }, history: [null, { empty_layer: 'yes' }] });
    expect(c.platform).toBe('linux/7');
    expect(c.env).toEqual(['A=1']);
    expect(c.labels).toEqual([['n', '1'], ['o', '{"x":"<b>"}']]);
    expect(c.cmd).toBeUndefined();
    expect(c.ports).toEqual([]);
    expect(c.history.map((h) => h.empty)).toEqual([false, false]);
    expect(readImageConfig('nonsense').labels).toEqual([]);
  });

  it('reads a Helm chart’s metadata', () => {
    expect(readChartConfig(JSON.parse(fixture('blob-get-config-mychart').response.body))).toMatchObject({ name: 'mychart', version: '0.1.0', appVersion: '1.16.0', apiVersion: 'v2', type: 'application' });
  });
});

describe('schema1', () => {
  it('lists the layers bottom first with the step that made each, throwaway steps marked', () => {
    const m = fetched('manifest-get-alpine-no-accept').manifest as Schema1Manifest;
    const rows = schema1Layers(m);
    expect(rows.map((r) => r.position)).toEqual([1, 2, 3]);
    expect(rows[0]!.createdBy).toBe('/bin/sh -c #(nop) ADD file:alpine-minirootfs-3.19.tar.gz in / ');
    expect(rows[1]!.createdBy).toBe('/bin/sh -c apk add --no-cache ca-certificates');
    expect(rows.map((r) => r.empty)).toEqual([false, false, true]);
    expect(rows[2]!.blobSum).toBe(m.fsLayers[0]!.blobSum);
  });
});

describe('comparing two images', () => {
  const v1 = single('manifest-get-oci-app-1.0.0');
  const v11 = single('manifest-get-oci-app-1.1.0');
  const v2 = single('manifest-get-oci-app-2.0.0');

  it('finds the layers added, removed and shared, and the size difference', () => {
    const c = compareImages({ manifest: v1, config: configOf('demo/oci-app', v1) }, { manifest: v2, config: configOf('demo/oci-app', v2) });
    expect(c.shared.map((l) => l.digest)).toEqual([v1.layers[0]!.digest]);
    expect(c.removed.map((l) => l.digest)).toEqual([v1.layers[1]!.digest, v1.layers[2]!.digest]);
    expect(c.added.map((l) => l.digest)).toEqual([v2.layers[1]!.digest, v2.layers[2]!.digest]);
    expect(c.difference).toBe(imageSize(v2) - imageSize(v1));
    expect(c.addedBytes - c.removedBytes).toBe(c.difference - (v2.config.size - v1.config.size));
    expect(c.fields.map((f) => f.field)).toEqual(['created']);
    expect(c.labels).toEqual([{ key: 'org.opencontainers.image.version', a: '1.0.0', b: '2.0.0', change: 'changed' }]);
    expect(c.env).toEqual([{ key: 'APP_VERSION', a: '1.0.0', b: '2.0.0', change: 'changed' }]);
  });

  it('sees two minor versions share their base and dependency layers', () => {
    const c = compareImages({ manifest: v1 }, { manifest: v11 });
    expect(c.shared).toHaveLength(2);
    expect(c.added).toHaveLength(1);
    expect(c.fields).toEqual([]);
  });

  it('reports labels added and removed', () => {
    const base = configOf('demo/oci-app', v1);
    const c = compareImages({ manifest: v1, config: base }, { manifest: v1, config: { ...base, labels: [...base.labels.filter(([k]) => k !== 'org.example.note'), ['new', 'x']] } });
    expect(c.labels.map((l) => [l.key, l.change])).toEqual([['new', 'added'], ['org.example.note', 'removed']]);
    expect(c.difference).toBe(0);
  });
});

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
});

describe('a manifest of tens of thousands of layers', () => {
  // a captured image with its layers repeated, as old builds repeat their empty layer, to the most distribution takes
  const base = single('manifest-get-oci-app-latest');
  const huge: SingleManifest = { ...base, layers: Array.from({ length: 27_000 }, (_, i) => ({ ...base.layers[i % base.layers.length]!, size: 1000 + (i % 97) })) };

  it('places one history step per layer, in order', () => {
    const history = Array.from({ length: huge.layers.length }, (_, i) => ({ createdBy: `step ${i + 1}`, empty: false }));
    const h = layerHistory(huge, history);
    expect(h.layers).toHaveLength(27_000);
    expect(h.layers[26_999]!.step?.createdBy).toBe('step 27000');
    expect(h.layers.every((l, i) => l.step?.position === i + 1)).toBe(true);
    expect(h.mismatch).toBe(false);
  });

  it('draws the size bar with the largest layers and one segment for the rest', () => {
    const segments = sizeSegments(huge);
    expect(segments).toHaveLength(200);
    expect(segments[0]!.kind).toBe('config');
    const rest = segments.at(-1)!;
    expect(rest.kind).toBe('rest');
    expect(rest.position).toBe(27_000 - 198);
    const kept = segments.filter((x) => x.kind === 'layer');
    expect(Math.min(...kept.map((x) => x.size))).toBeGreaterThanOrEqual(Math.max(...huge.layers.filter((_, i) => !kept.some((k) => k.position === i + 1)).slice(0, 500).map((l) => l.size)));
    expect(segments.reduce((n, x) => n + x.size, 0)).toBe(imageSize(huge));
    // a small image keeps one segment per blob
    expect(sizeSegments(base)).toHaveLength(base.layers.length + 1);
  });
});

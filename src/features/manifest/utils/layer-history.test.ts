// @vitest-environment node
import { capturedConfig, single } from '@/testing/captured';
import { imageSize } from '@/registry/manifests';
import type { SingleManifest } from '@/registry/types';
import { configFacts } from './config-facts';
import { layerHistory } from './layer-history';
import { sizeSegments } from './size-segments';

const configOf = (repo: string, m: SingleManifest) => configFacts(capturedConfig(repo, m));

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

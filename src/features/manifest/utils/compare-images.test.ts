// @vitest-environment node
import { capturedConfig, single } from '@/testing/captured';
import { imageSize } from '@/registry/manifests';
import type { SingleManifest } from '@/registry/types';
import { compareImages } from './compare-images';
import { configFacts } from './config-facts';

const configOf = (repo: string, m: SingleManifest) => configFacts(capturedConfig(repo, m));

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

// @vitest-environment node
import { fixture } from '@/testing/msw/handlers';
import { byDigest, capturedConfig, fetched, single } from '@/testing/captured';
import { imageSize } from '@/registry/manifests';
import type { IndexManifest } from '@/registry/types';
import { configFacts } from './config-facts';
import { entryLabel, indexEntries, selectEntry } from './index-entries';

const configOf = (repo: string, m: Parameters<typeof capturedConfig>[1]) => configFacts(capturedConfig(repo, m));

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
});

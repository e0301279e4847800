// @vitest-environment node
import fc from 'fast-check';
import { RegistryError } from './errors';
import { imageSize, isIndex, isSingle, parseDescriptor, parseManifest } from './manifests';
import { MediaType } from './media-types';

const hex64 = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 });
const digest = hex64.map((h) => `sha256:${h}`);
const text = fc.string({ unit: 'grapheme', maxLength: 30 });
const hostileText = fc.oneof(text, fc.constantFrom('<script>alert(1)</script>', '<img src=x onerror=alert(1)>', 'javascript:alert(1)', '\u202Egnp.exe', '__proto__', '{{constructor}}'));
const annotations = fc.dictionary(hostileText, hostileText, { maxKeys: 4 });
const platform = fc.record(
  { architecture: fc.constantFrom('amd64', 'arm64', 'unknown', 's390x'), os: fc.constantFrom('linux', 'windows', 'unknown'), variant: fc.constantFrom('v7', 'v8') },
  { requiredKeys: ['architecture', 'os'] },
);
const descriptor = fc.record(
  {
    mediaType: fc.oneof(fc.constantFrom(...Object.values(MediaType)), text),
    digest,
    size: fc.nat({ max: Number.MAX_SAFE_INTEGER }),
    annotations,
    platform,
    artifactType: text,
    urls: fc.array(text, { maxLength: 2 }),
  },
  { requiredKeys: ['mediaType', 'digest', 'size'] },
);

const imageManifest = fc.record({
  schemaVersion: fc.constant(2),
  mediaType: fc.constantFrom(MediaType.OciManifest, MediaType.DockerManifest),
  config: descriptor,
  layers: fc.array(descriptor, { maxLength: 8 }),
});
const index = fc.record({
  schemaVersion: fc.constant(2),
  mediaType: fc.constantFrom(MediaType.OciIndex, MediaType.DockerManifestList),
  manifests: fc.array(descriptor, { maxLength: 8 }),
});

function typedOrManifest(f: () => unknown): 'ok' | RegistryError {
  try {
    f();
    return 'ok';
  } catch (e) {
    expect(e).toBeInstanceOf(RegistryError);
    expect((e as RegistryError).kind).toBe('malformed');
    return e as RegistryError;
  }
}

describe('parseManifest: properties', () => {
  it('reads back any well-formed image manifest and index', () => {
    fc.assert(
      fc.property(fc.oneof(imageManifest, index), (m) => {
        const parsed = parseManifest(JSON.stringify(m));
        expect(parsed.mediaType).toBe(m.mediaType);
        if ('layers' in m) {
          expect(isSingle(parsed)).toBe(true);
          if (!isSingle(parsed)) return;
          expect(parsed.layers.map((l) => [l.digest, l.size, l.mediaType])).toEqual(m.layers.map((l) => [l.digest, l.size, l.mediaType]));
          expect(imageSize(parsed)).toBe(m.config.size + m.layers.reduce((s, l) => s + l.size, 0));
        } else {
          expect(isIndex(parsed)).toBe(true);
          if (!isIndex(parsed)) return;
          expect(parsed.manifests.map((d) => d.digest)).toEqual(m.manifests.map((d) => d.digest));
          parsed.manifests.forEach((d, i) => {
            const a = m.manifests[i]!.annotations;
            if (a) expect({ ...d.annotations }).toEqual({ ...a });
          });
        }
      }),
      { numRuns: 500 },
    );
  });

  it('uses Content-Type when the body has no mediaType (older Helm clients), else the shape', () => {
    fc.assert(
      fc.property(imageManifest, fc.boolean(), (m, withHeader) => {
        const { mediaType, ...body } = m;
        const parsed = parseManifest(JSON.stringify(body), withHeader ? `${mediaType}; charset=utf-8` : 'application/json');
        expect(parsed.mediaType).toBe(withHeader ? mediaType : MediaType.OciManifest);
      }),
    );
  });

  it('refuses, with a typed error, a manifest with any one descriptor broken', () => {
    const breakages: [string, (d: Record<string, unknown>) => void][] = [
      ['digest', (d) => (d.digest = 'sha256:xyz')],
      ['digest', (d) => (d.digest = `SHA256:${'a'.repeat(64)}`)],
      ['digest', (d) => delete d.digest],
      ['size', (d) => (d.size = -1)],
      ['size', (d) => (d.size = 1.5)],
      ['size', (d) => (d.size = '12')],
      ['size', (d) => (d.size = 2 ** 60)],
      ['mediaType', (d) => (d.mediaType = 7)],
    ];
    fc.assert(
      fc.property(imageManifest, fc.nat(), fc.constantFrom(...breakages), (m, pick, [, breakIt]) => {
        const all = [m.config, ...m.layers] as Record<string, unknown>[];
        const victim = { ...all[pick % all.length]! };
        breakIt(victim);
        const broken = pick % all.length === 0 ? { ...m, config: victim } : { ...m, layers: m.layers.map((l, i) => (i === (pick % all.length) - 1 ? victim : l)) };
        const r = typedOrManifest(() => parseManifest(JSON.stringify(broken)));
        expect(r).not.toBe('ok');
      }),
      { numRuns: 500 },
    );
  });

  it('throws only malformed RegistryErrors on arbitrary text, JSON and unknown media types', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 200 }),
          fc.string({ unit: 'binary', maxLength: 200 }),
          fc.json({ maxDepth: 4 }),
          fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.example.unknown+json', manifests: v, layers: v, config: v })),
          fc.record({ schemaVersion: fc.jsonValue(), mediaType: fc.oneof(fc.constantFrom(...Object.values(MediaType)), text), config: fc.jsonValue(), layers: fc.jsonValue(), manifests: fc.jsonValue() }).map((v) => JSON.stringify(v)),
        ),
        fc.option(fc.oneof(fc.constantFrom(...Object.values(MediaType)), fc.string({ maxLength: 40 })), { nil: null }),
        (raw, contentType) => {
          typedOrManifest(() => parseManifest(raw, contentType));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('never lets a hostile key pollute prototypes', () => {
    const raw = '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","__proto__":{"polluted":1},' +
      `"config":{"mediaType":"x","digest":"sha256:${'a'.repeat(64)}","size":1,"annotations":{"__proto__":"p","constructor":"c"}},"layers":[],"annotations":{"__proto__":{"polluted":2}}}`;
    const m = parseManifest(raw);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(isSingle(m) && typeof m.config.annotations?.constructor).toBe('string');
  });

  it('parses a manifest with 1,000 layers quickly and keeps them all', () => {
    const layers = Array.from({ length: 1000 }, (_, i) => ({ mediaType: MediaType.OciLayerTarGzip, digest: `sha256:${i.toString(16).padStart(64, '0')}`, size: i }));
    const raw = JSON.stringify({ schemaVersion: 2, mediaType: MediaType.OciManifest, config: { mediaType: MediaType.OciConfig, digest: `sha256:${'f'.repeat(64)}`, size: 1 }, layers });
    const started = performance.now();
    const m = parseManifest(raw);
    expect(performance.now() - started).toBeLessThan(200);
    expect(isSingle(m) && m.layers.length).toBe(1000);
  });
});

describe('parseDescriptor: properties', () => {
  it('keeps only string annotations and string urls', () => {
    fc.assert(
      fc.property(descriptor, fc.dictionary(text, fc.jsonValue(), { maxKeys: 4 }), (d, extra) => {
        const parsed = parseDescriptor({ ...d, annotations: { ...d.annotations, ...extra }, urls: [...(d.urls ?? []), 1, null, {}] });
        for (const v of Object.values(parsed.annotations ?? {})) expect(typeof v).toBe('string');
        for (const u of parsed.urls ?? []) expect(typeof u).toBe('string');
      }),
    );
  });
});

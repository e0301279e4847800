// @vitest-environment node
import { assertNever } from './assert-never';
import { manifestShape, parseManifest } from './manifests';
import type { Manifest } from './types';

describe('assertNever', () => {
  it('throws, naming the value, when data that lied about its type reaches it', () => {
    expect(() => assertNever('x' as never, 'media type')).toThrow('unexpected media type: "x"');
    expect(() => manifestShape({ mediaType: 'application/vnd.example+json' } as unknown as Manifest)).toThrow(/unexpected manifest/);
  });

  it('is never reached by parseManifest: a media type it does not know is refused before the switch', () => {
    expect(() => parseManifest(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.example+json' }))).toThrow('unsupported manifest media type "application/vnd.example+json"');
  });
});

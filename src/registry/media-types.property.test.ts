// @vitest-environment node
import fc from 'fast-check';
import { MANIFEST_ACCEPT, MediaType, baseMediaType } from './media-types';

const known = fc.constantFrom(...Object.values(MediaType));
const params = fc.array(fc.constantFrom('charset=utf-8', 'charset="UTF-8"', 'version=1', 'q=0.9', 'x=";,"'), { maxLength: 3 });

describe('baseMediaType: properties', () => {
  it('recovers every known media type from any case, spacing and parameters', () => {
    fc.assert(
      fc.property(known, params, fc.constantFrom('', ' ', '\t', '  '), fc.boolean(), (mt, ps, space, upper) => {
        const written = upper ? mt.toUpperCase() : mt;
        const header = [`${space}${written}${space}`, ...ps].join(`;${space}`);
        expect(baseMediaType(header)).toBe(mt);
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws, is idempotent, and returns lower case without parameters or outer spaces', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 }), fc.constant(null), fc.constant(undefined)), (v) => {
        const b = baseMediaType(v);
        expect(typeof b).toBe('string');
        expect(b).not.toContain(';');
        expect(b).toBe(b.trim());
        expect(b).toBe(b.toLowerCase());
        expect(baseMediaType(b)).toBe(b);
      }),
      { numRuns: 3000 },
    );
  });

  it('the Accept header lists the four manifest types and nothing else', () => {
    expect(MANIFEST_ACCEPT.split(',').map((s) => baseMediaType(s)).sort()).toEqual(
      [MediaType.OciIndex, MediaType.OciManifest, MediaType.DockerManifestList, MediaType.DockerManifest].sort(),
    );
  });
});

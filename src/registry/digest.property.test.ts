// @vitest-environment node
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { computeDigest, isDigestReference, parseDigest, shortDigest } from './digest';
import { isValidRepositoryName, isValidTag } from './names';

const hex = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: n, maxLength: n });
const sha256 = hex(64).map((h) => `sha256:${h}`);
const sha512 = hex(128).map((h) => `sha512:${h}`);
// an unregistered algorithm: only the grammar applies (image-spec descriptor.md)
const other = fc.tuple(fc.stringMatching(/^[a-z0-9]{1,8}(?:[+._-][a-z0-9]{1,8}){0,2}$/), fc.stringMatching(/^[a-zA-Z0-9=_-]{1,64}$/))
  .filter(([alg]) => alg !== 'sha256' && alg !== 'sha512')
  .map(([alg, enc]) => `${alg}:${enc}`);

describe('parseDigest: properties', () => {
  it('accepts every well-formed sha256, sha512 and unregistered digest unchanged', () => {
    fc.assert(
      fc.property(fc.oneof(sha256, sha512, other), (d) => {
        expect(parseDigest(d)).toBe(d);
        expect(isDigestReference(d)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses registered digests with the wrong length or case', () => {
    fc.assert(
      fc.property(hex(64), fc.integer({ min: 0, max: 63 }), fc.constantFrom('drop', 'add', 'upper'), (h, at, how) => {
        let bad = h;
        if (how === 'drop') bad = h.slice(0, at) + h.slice(at + 1);
        if (how === 'add') bad = h.slice(0, at) + 'a' + h.slice(at);
        if (how === 'upper') bad = h.slice(0, at) + 'F' + h.slice(at + 1);
        expect(parseDigest(`sha256:${bad}`)).toBeUndefined();
      }),
    );
  });

  it('never throws on any value, and returns either undefined or the same string', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ maxLength: 300 })), (v) => {
        const d = parseDigest(v);
        expect(d === undefined || d === v).toBe(true);
        if (d !== undefined) {
          expect(d.length).toBeLessThanOrEqual(255);
          // a digest can go into a URL path as is: no '/', '?', '#', '%' or whitespace
          expect(d).toMatch(/^[a-z0-9+._-]+:[a-zA-Z0-9=_-]+$/);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('shortDigest is at most 12 characters of the encoded part', () => {
    fc.assert(fc.property(fc.oneof(sha256, sha512, other), (d) => {
      const s = shortDigest(d);
      expect(s.length).toBeLessThanOrEqual(12);
      expect(d.endsWith(d.slice(d.indexOf(':') + 1)) && d.includes(`:${s}`)).toBe(true);
    }));
  });

  it('computeDigest agrees with node:crypto on any bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), async (bytes) => {
        expect(await computeDigest(bytes)).toBe(`sha256:${createHash('sha256').update(bytes).digest('hex')}`);
      }),
      { numRuns: 200 },
    );
  });
});

describe('names: properties', () => {
  it('a tag is never mistaken for a digest (tags have no ":")', () => {
    fc.assert(fc.property(fc.stringMatching(/^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/), (tag) => {
      expect(isValidTag(tag)).toBe(true);
      expect(isDigestReference(tag)).toBe(false);
    }));
  });

  it('no valid name or tag can reshape a request path', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => {
        if (isValidRepositoryName(s)) {
          expect(s.length).toBeLessThanOrEqual(255);
          expect(s).not.toMatch(/(^|\/)\.{1,2}(\/|$)|\/\/|[?#%\\\s]|^\/|\/$/);
        }
        if (isValidTag(s)) {
          expect(s.length).toBeLessThanOrEqual(128);
          expect(s).not.toMatch(/[/?#%\\:\s]/);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('accepts names at the spec limits: 255 characters, and tags of 128', () => {
    const component = fc.stringMatching(/^[a-z0-9]{1,20}(?:[._-][a-z0-9]{1,5}){0,2}$/);
    fc.assert(
      fc.property(fc.array(component, { minLength: 1, maxLength: 12 }), (parts) => {
        const name = parts.join('/');
        expect(isValidRepositoryName(name)).toBe(name.length <= 255);
      }),
    );
    expect(isValidRepositoryName(`${'a'.repeat(127)}/${'b'.repeat(127)}`)).toBe(true);
    expect(isValidRepositoryName(`${'a'.repeat(128)}/${'b'.repeat(127)}`)).toBe(false);
    expect(isValidTag(`v${'1'.repeat(127)}`)).toBe(true);
    expect(isValidTag(`v${'1'.repeat(128)}`)).toBe(false);
  });
});

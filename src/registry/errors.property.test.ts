// @vitest-environment node
import fc from 'fast-check';
import { kindFromStatus, parseErrorBody, parseRetryAfter, type RegistryErrorKind } from './errors';

const KINDS: RegistryErrorKind[] = ['unauthorized', 'forbidden', 'not-found', 'unsupported', 'rate-limited', 'bad-request', 'server', 'network', 'malformed', 'digest-mismatch', 'too-large', 'aborted', 'timeout'];
const SPEC_CODES = ['BLOB_UNKNOWN', 'BLOB_UPLOAD_INVALID', 'DIGEST_INVALID', 'MANIFEST_UNKNOWN', 'MANIFEST_INVALID', 'NAME_INVALID', 'NAME_UNKNOWN', 'SIZE_INVALID', 'UNAUTHORIZED', 'DENIED', 'UNSUPPORTED', 'TOOMANYREQUESTS', 'PAGINATION_NUMBER_INVALID'];
const code = fc.oneof(fc.constantFrom(...SPEC_CODES), fc.string({ maxLength: 20 }));

describe('parseErrorBody: properties', () => {
  it('reads back any spec error body', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ code, message: fc.string({ unit: 'grapheme', maxLength: 50 }), detail: fc.jsonValue({ maxDepth: 2 }) }, { requiredKeys: ['code', 'message'] }), { maxLength: 5 }), (errors) => {
        const parsed = parseErrorBody(JSON.stringify({ errors }));
        expect(parsed.map((e) => [e.code, e.message])).toEqual(errors.map((e) => [e.code, e.message]));
      }),
    );
  });

  it('never throws on any body, and every entry has a string code and message', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 300 }),
          fc.string({ unit: 'binary', maxLength: 300 }),
          fc.json({ maxDepth: 4 }),
          fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify({ errors: v })),
          fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }).map((v) => JSON.stringify({ errors: v })),
          fc.constant('<html><body><h1>502 Bad Gateway</h1></body></html>'),
        ),
        (body) => {
          for (const e of parseErrorBody(body)) {
            expect(typeof e.code).toBe('string');
            expect(typeof e.message).toBe('string');
          }
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('kindFromStatus: properties', () => {
  it('maps every status and code list to a known kind', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 599 }), fc.array(code, { maxLength: 3 }), (status, codes) => {
        expect(KINDS).toContain(kindFromStatus(status, codes));
      }),
      { numRuns: 2000 },
    );
  });

  it('a 5xx without a spec code is a server error; a 404 without one is not-found', () => {
    fc.assert(
      fc.property(fc.integer({ min: 500, max: 599 }), (status) => {
        expect(kindFromStatus(status, [])).toBe('server');
      }),
    );
    expect(kindFromStatus(404, [])).toBe('not-found');
  });
});

describe('parseRetryAfter: properties', () => {
  it('is a finite, non-negative whole number of seconds, or undefined', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 40 }),
          fc.stringMatching(/^\d{1,400}$/),
          fc.date({ noInvalidDate: true }).map((d) => d.toUTCString()),
          fc.constantFrom('-1', '1.5', '1e3', 'Infinity', 'NaN', ' 7 ', '0x10', '9'.repeat(400)),
        ),
        fc.integer({ min: 0, max: 4_102_444_800_000 }),
        (value, now) => {
          const r = parseRetryAfter(value, now);
          if (r !== undefined) {
            expect(Number.isFinite(r)).toBe(true);
            expect(Number.isInteger(r)).toBe(true);
            expect(r).toBeGreaterThanOrEqual(0);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('reads delta-seconds exactly', () => {
    fc.assert(fc.property(fc.nat({ max: 86_400 * 365 }), (n) => {
      expect(parseRetryAfter(String(n))).toBe(n);
    }));
  });
});

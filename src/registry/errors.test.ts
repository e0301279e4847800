// @vitest-environment node
import { kindFromStatus, parseErrorBody, parseRetryAfter } from './errors';

describe('error mapping', () => {
  it('parses the spec error body', () => {
    expect(parseErrorBody('{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown","detail":{"Tag":"x"}}]}')).toEqual([
      { code: 'MANIFEST_UNKNOWN', message: 'manifest unknown', detail: { Tag: 'x' } },
    ]);
  });

  it('treats plain text, HTML and odd JSON as no codes', () => {
    expect(parseErrorBody('404 page not found\n')).toEqual([]);
    expect(parseErrorBody('<html><body>502 Bad Gateway</body></html>')).toEqual([]);
    expect(parseErrorBody('{"errors":"nope"}')).toEqual([]);
    expect(parseErrorBody('{"errors":[null, 3, {"message": 5}]}')).toEqual([{ code: 'UNKNOWN', message: '' }]);
  });

  it('maps statuses and codes to kinds', () => {
    expect(kindFromStatus(401, ['UNAUTHORIZED'])).toBe('unauthorized');
    expect(kindFromStatus(403, [])).toBe('forbidden');
    expect(kindFromStatus(404, ['NAME_UNKNOWN'])).toBe('not-found');
    expect(kindFromStatus(405, ['UNSUPPORTED'])).toBe('unsupported');
    expect(kindFromStatus(429, ['TOOMANYREQUESTS'])).toBe('rate-limited');
    expect(kindFromStatus(400, ['PAGINATION_NUMBER_INVALID'])).toBe('bad-request');
    expect(kindFromStatus(503, [])).toBe('server');
  });

  it('reads Retry-After as seconds or a date', () => {
    expect(parseRetryAfter('7')).toBe(7);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 0)).toBe(10);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});

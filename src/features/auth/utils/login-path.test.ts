// @vitest-environment node
import fc from 'fast-check';
import { LOGIN_PATH, loginPath, safeNext } from './login-path';

describe('safeNext', () => {
  it('keeps paths of the app, with their query and hash', () => {
    expect(safeNext('/r/team/app?sort=created&q=v1')).toBe('/r/team/app?sort=created&q=v1');
    expect(safeNext('/r/team/app/t/v1#layers')).toBe('/r/team/app/t/v1#layers');
  });

  it('never leads off the app or back to the sign-in page', () => {
    for (const bad of [null, '', 'https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', 'r/x', '/login', '/login?next=/x', '/a\nb']) {
      expect(safeNext(bad)).toBe('/');
    }
  });

  it('whatever it is given, the result is a same-origin path', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        const url = new URL(safeNext(s), 'http://ui.example/');
        expect(url.origin).toBe('http://ui.example');
      }),
      { numRuns: 1000 },
    );
  });
});

describe('loginPath', () => {
  it('carries the deep link', () => {
    expect(loginPath({ pathname: '/r/team/app', search: '?sort=size' })).toBe(`${LOGIN_PATH}?next=${encodeURIComponent('/r/team/app?sort=size')}`);
    expect(loginPath({ pathname: '/' })).toBe(LOGIN_PATH);
    expect(loginPath({ pathname: '/login', search: '?next=%2Fr%2Fx' })).toBe(LOGIN_PATH);
  });
});

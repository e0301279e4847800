// @vitest-environment node
import fc from 'fast-check';
import { compilePattern, parseTagList } from './patterns';

const match = (source: string, syntax: 'glob' | 'regex', tags: string[]) => {
  const c = compilePattern(source, syntax);
  if (!c.ok) throw new Error(c.error);
  return tags.filter((t) => c.matcher?.(t) ?? true);
};

describe('tag patterns', () => {
  const tags = ['v1', 'v1.2', 'v1.2.3', 'release-1', 'latest', 'build-99', 'build-100', 'V1'];

  it('match whole tags with globs, several separated by commas or spaces', () => {
    expect(match('v1', 'glob', tags)).toEqual(['v1']);
    expect(match('v1.*', 'glob', tags)).toEqual(['v1.2', 'v1.2.3']);
    expect(match('build-??', 'glob', tags)).toEqual(['build-99']);
    expect(match('release-*, latest build-1*', 'glob', tags)).toEqual(['release-1', 'latest', 'build-100']);
  });

  it('treat regex metacharacters in a glob literally', () => {
    expect(match('v1.2', 'glob', ['v1.2', 'v1x2'])).toEqual(['v1.2']);
    expect(match('a+b', 'glob', ['a+b', 'aab'])).toEqual(['a+b']);
  });

  it('anchor regular expressions at both ends', () => {
    expect(match('v1', 'regex', tags)).toEqual(['v1']);
    expect(match('v1\\.\\d+', 'regex', tags)).toEqual(['v1.2']);
    expect(match('build-\\d+|latest', 'regex', tags)).toEqual(['latest', 'build-99', 'build-100']);
  });

  it('report an invalid regex instead of matching anything', () => {
    const c = compilePattern('v1(', 'regex');
    expect(c.ok).toBe(false);
  });

  it('treat empty text as no pattern', () => {
    expect(compilePattern('  ', 'regex')).toEqual({ ok: true, matcher: undefined });
  });

  it('a glob without wildcards matches exactly that tag', () => {
    const tag = fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9._-]{0,40}$/);
    fc.assert(
      fc.property(tag, tag, (a, b) => {
        const c = compilePattern(a, 'glob');
        return c.ok && c.matcher!(a) && c.matcher!(b) === (a === b);
      }),
    );
  });

  it('split always-keep lists', () => {
    expect(parseTagList('latest, stable  latest,,v1')).toEqual(['latest', 'stable', 'v1']);
  });
});

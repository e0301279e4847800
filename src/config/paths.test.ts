// @vitest-environment node
import { parseRepoSplat, paths } from './paths';

describe('repository routes', () => {
  const digest = `sha256:${'a'.repeat(64)}`;

  it('round-trips every view, nested names included', () => {
    for (const name of ['alpine', 'team/app', 'deep/a/b/c/image']) {
      expect(parseRepoSplat(paths.repository(name).slice(3))).toEqual({ view: 'repository', name });
      expect(parseRepoSplat(paths.tag(name, 'v1.0').slice(3))).toEqual({ view: 'tag', name, tag: 'v1.0' });
      expect(parseRepoSplat(paths.digest(name, digest).slice(3))).toEqual({ view: 'digest', name, digest });
    }
  });

  it('builds and parses the comparison of two references, nested names included', () => {
    for (const name of ['alpine', 'team/app', 'deep/a/b/c/image']) {
      const url = paths.compare(name, 'v1.0', digest);
      expect(url).toBe(`/r/${name}/-/compare?a=v1.0&b=${encodeURIComponent(digest)}`);
      const [path, query] = url.split('?');
      expect(parseRepoSplat(path!.slice(3))).toEqual({ view: 'compare', name });
      expect(Object.fromEntries(new URLSearchParams(query))).toEqual({ a: 'v1.0', b: digest });
    }
    expect(paths.compare('team/app')).toBe('/r/team/app/-/compare');
    expect(paths.compare('team/app', 'latest')).toBe('/r/team/app/-/compare?a=latest');
  });

  it('keeps every existing URL form when a name or tag is called compare', () => {
    expect(parseRepoSplat('team/compare')).toEqual({ view: 'repository', name: 'team/compare' });
    expect(parseRepoSplat('compare')).toEqual({ view: 'repository', name: 'compare' });
    expect(parseRepoSplat('team/app/t/compare')).toEqual({ view: 'tag', name: 'team/app', tag: 'compare' });
    expect(parseRepoSplat('team/compare/t/v1')).toEqual({ view: 'tag', name: 'team/compare', tag: 'v1' });
    expect(parseRepoSplat(`team/compare/d/${digest}`)).toEqual({ view: 'digest', name: 'team/compare', digest });
    // "-" is never a path component of a repository name, so nothing else can mean the comparison
    expect(parseRepoSplat('-/compare')).toEqual({ view: 'repository', name: '-/compare' });
  });

  it('ignores a trailing slash and rejects an empty name', () => {
    expect(parseRepoSplat('team/app/')).toEqual({ view: 'repository', name: 'team/app' });
    expect(parseRepoSplat('')).toBeUndefined();
  });
});

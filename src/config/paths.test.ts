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

  it('ignores a trailing slash and rejects an empty name', () => {
    expect(parseRepoSplat('team/app/')).toEqual({ view: 'repository', name: 'team/app' });
    expect(parseRepoSplat('')).toBeUndefined();
  });
});

// @vitest-environment node
import { activeRegistry, parseRegistries, registryHome } from './registries';
import { forLocation, parseRuntimeConfig } from './runtime-config';

const REGISTRIES = [
  { id: 'prod', title: 'Production', deleteImages: false },
  { id: 'staging-eu', title: 'Staging', deleteImages: true },
];

describe('parseRegistries', () => {
  it('keeps valid entries and drops malformed, repeated or hostile ones', () => {
    expect(
      parseRegistries([
        ...REGISTRIES,
        { id: 'prod', title: 'again', deleteImages: true },
        { id: '../x', title: 'path' },
        { id: 'UPPER', title: 'case' },
        { id: 'javascript:alert(1)' },
        null,
        'prod',
        { id: 'mirror', title: '', deleteImages: 'yes' },
      ]),
    ).toEqual([...REGISTRIES, { id: 'mirror', title: 'mirror', deleteImages: false }]);
    expect(parseRegistries(undefined)).toEqual([]);
    expect(parseRegistries({ prod: 'x' })).toEqual([]);
  });
});

describe('activeRegistry', () => {
  it('is the default (first) registry everywhere but under x/<id>/', () => {
    for (const path of ['/', '/r/team/app', '/r/x/app/t/v1', '/x/nope/r/a', '/x/']) {
      expect(activeRegistry(REGISTRIES, '/', path)).toMatchObject({ id: 'prod', registryUrl: undefined, routeBasePath: '/' });
    }
    expect(activeRegistry(REGISTRIES, '/', '/x/staging-eu/r/team/app/t/v1')).toMatchObject({
      id: 'staging-eu',
      registryUrl: '/x/staging-eu',
      routeBasePath: '/x/staging-eu/',
    });
    expect(activeRegistry(REGISTRIES, '/', '/x/prod/')).toMatchObject({ id: 'prod', registryUrl: '/x/prod' });
  });

  it('works under a sub-path, and is nothing without REGISTRIES', () => {
    expect(activeRegistry(REGISTRIES, '/ui/', '/ui/x/staging-eu/')).toMatchObject({ registryUrl: '/ui/x/staging-eu', routeBasePath: '/ui/x/staging-eu/' });
    expect(activeRegistry(REGISTRIES, '/ui/', '/x/staging-eu/')).toMatchObject({ id: 'prod', routeBasePath: '/ui/' });
    expect(activeRegistry([], '/', '/x/staging-eu/r/a')).toEqual({ id: '', entry: undefined, registryUrl: undefined, routeBasePath: '/' });
    expect(registryHome('/ui/', 'prod')).toBe('/ui/x/prod/');
  });
});

describe('forLocation', () => {
  const config = parseRuntimeConfig({ registryUrl: '/ui', basePath: '/ui/', registryTitle: 'Global', deleteImages: true, registries: REGISTRIES });

  it("takes the title, delete flag and API prefix of the URL's registry", () => {
    expect(forLocation(config, '/ui/x/staging-eu/r/a')).toMatchObject({ registryUrl: '/ui/x/staging-eu', registryTitle: 'Staging', deleteImages: true, registryId: 'staging-eu', routeBasePath: '/ui/x/staging-eu/' });
    expect(forLocation(config, '/ui/r/a')).toMatchObject({ registryUrl: '/ui', registryTitle: 'Production', deleteImages: false, registryId: 'prod', routeBasePath: '/ui/' });
  });

  it('leaves a single-registry config as it is', () => {
    const single = parseRuntimeConfig({ registryUrl: '', basePath: '/', registryTitle: 'One', deleteImages: true });
    expect(forLocation(single, '/x/prod/r/a')).toEqual({ ...single, registryId: '', routeBasePath: '/' });
  });
});

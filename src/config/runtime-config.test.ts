// @vitest-environment node
import { DEFAULT_CONFIG, parseRuntimeConfig } from './runtime-config';

describe('parseRuntimeConfig', () => {
  it('falls back to defaults for missing or bad values', () => {
    expect(parseRuntimeConfig(undefined)).toEqual(DEFAULT_CONFIG);
    expect(parseRuntimeConfig({ catalogPageSize: 5000, theme: 'neon', defaultLanguage: 'fr', basePath: '../x', registryUrl: 'javascript:alert(1)' })).toEqual(DEFAULT_CONFIG);
  });

  it('keeps valid values and normalises the base path', () => {
    const c = parseRuntimeConfig({
      registryUrl: '/registry-ui/',
      registryTitle: 'Prod',
      deleteImages: true,
      pullUrl: 'https://registry.example.com:5000/',
      catalogPageSize: 250,
      basePath: '/registry-ui',
      defaultLanguage: 'zh-CN',
      theme: 'dark',
    });
    expect(c).toEqual({
      registryUrl: '/registry-ui',
      registryTitle: 'Prod',
      deleteImages: true,
      pullUrl: 'registry.example.com:5000',
      catalogPageSize: 250,
      basePath: '/registry-ui/',
      defaultLanguage: 'zh-CN',
      theme: 'dark',
      registries: [],
      registryId: '',
      routeBasePath: '/registry-ui/',
    });
  });

  it('derives the registry prefix from the base path when absent', () => {
    expect(parseRuntimeConfig({ basePath: '/ui/' }).registryUrl).toBe('/ui');
  });
});

import { activeRegistry, parseRegistries, type RegistryEntry } from './registries';

/** The options the container writes into config.js at start (docs/runtime-contract.md; the keys: docs/options.json). */
export interface RuntimeConfig {
  /** Prefix before `/v2/` as the browser sees it: "" at the root, "/registry-ui" under a sub-path. */
  registryUrl: string;
  registryTitle: string;
  deleteImages: boolean;
  /** host[:port] for pull commands; "" means the page's host. */
  pullUrl: string;
  /** 1..1000: distribution caps the catalog's n at 1000. */
  catalogPageSize: number;
  /** Always starts and ends with "/". */
  basePath: string;
  defaultLanguage: '' | 'en' | 'zh-CN';
  theme: 'auto' | 'light' | 'dark';
  /** REGISTRIES: every registry behind this UI, the default first; [] with one registry (REGISTRY_URL). */
  registries: RegistryEntry[];
  /** The registry this page shows (from its URL, see registries.ts); "" without REGISTRIES. */
  registryId: string;
  /** The router's basename: basePath, or `<basePath>x/<id>/` for a registry other than the default. */
  routeBasePath: string;
}

declare global {
  interface Window {
    __REGISTRY_UI_CONFIG__?: unknown;
  }
}

export const DEFAULT_CONFIG: RuntimeConfig = {
  registryUrl: '',
  registryTitle: 'Docker registry',
  deleteImages: false,
  pullUrl: '',
  catalogPageSize: 1000,
  basePath: '/',
  defaultLanguage: '',
  theme: 'auto',
  registries: [],
  registryId: '',
  routeBasePath: '/',
};

function str(v: unknown, fallback: string): string {
  return typeof v === 'string' ? v : fallback;
}

/** Validates an untrusted config object; every bad or missing value falls back to its default. */
export function parseRuntimeConfig(input: unknown): RuntimeConfig {
  const o = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
  let basePath = str(o.basePath, DEFAULT_CONFIG.basePath);
  if (!/^\/[A-Za-z0-9._~/-]*$/.test(basePath) || basePath.includes('..')) basePath = '/';
  if (!basePath.endsWith('/')) basePath += '/';
  let registryUrl = str(o.registryUrl, basePath.replace(/\/$/, ''));
  // only same-origin paths or http(s) URLs; anything else (javascript:, data:) is ignored
  if (registryUrl && !/^\/(?!\/)/.test(registryUrl) && !/^https?:\/\//i.test(registryUrl)) registryUrl = '';
  const size = typeof o.catalogPageSize === 'number' ? Math.floor(o.catalogPageSize) : NaN;
  const deleteImages = o.deleteImages === true || o.deleteImages === 'true';
  const lang = o.defaultLanguage;
  const theme = o.theme;
  return {
    registryUrl: registryUrl.replace(/\/+$/, ''),
    registryTitle: str(o.registryTitle, DEFAULT_CONFIG.registryTitle).slice(0, 200) || DEFAULT_CONFIG.registryTitle,
    deleteImages,
    pullUrl: str(o.pullUrl, '').replace(/^https?:\/\//i, '').replace(/\/+$/, ''),
    catalogPageSize: size >= 1 && size <= 1000 ? size : DEFAULT_CONFIG.catalogPageSize,
    basePath,
    defaultLanguage: lang === 'en' || lang === 'zh-CN' ? lang : '',
    theme: theme === 'light' || theme === 'dark' ? theme : 'auto',
    registries: parseRegistries(o.registries),
    registryId: '',
    routeBasePath: basePath,
  };
}

/**
 * The config as seen from the page at `pathname`: with REGISTRIES, the registry its URL names (or the default)
 * gives registryUrl, registryTitle, deleteImages and the router's base.
 */
export function forLocation(config: RuntimeConfig, pathname: string): RuntimeConfig {
  const active = activeRegistry(config.registries, config.basePath, pathname);
  if (!active.entry) return { ...config, registryId: '', routeBasePath: config.basePath };
  return {
    ...config,
    registryUrl: active.registryUrl ?? config.registryUrl,
    registryTitle: active.entry.title,
    deleteImages: active.entry.deleteImages,
    registryId: active.id,
    routeBasePath: active.routeBasePath,
  };
}

let cached: RuntimeConfig | undefined;

/** The config loaded by config.js before the bundle. */
export function getRuntimeConfig(): RuntimeConfig {
  cached ??=
    typeof window === 'undefined'
      ? parseRuntimeConfig(undefined)
      : forLocation(parseRuntimeConfig(window.__REGISTRY_UI_CONFIG__), window.location.pathname);
  return cached;
}

/** Tests replace the config with this. */
export function setRuntimeConfigForTests(config: Partial<RuntimeConfig> | undefined): void {
  cached = config ? { ...DEFAULT_CONFIG, ...config } : undefined;
}

/**
 * Several registries behind one UI (`REGISTRIES` in docs/runtime-contract.md). The page's URL says which one
 * is shown: `<basePath>x/<id>/…` is registry `<id>`, its API at `<basePath>x/<id>/v2/`; every other URL is the
 * first (default) registry at `<basePath>v2/`, so the single-registry URLs (`/r/<name>`, `/r/<name>/t/<tag>`,
 * `/r/<name>/d/<digest>`) keep their meaning. Switching registry is a page load: nothing cached for one
 * registry can show up under another.
 */
export interface RegistryEntry {
  /** 1..32 of a-z 0-9 -, as the entrypoint validated it. */
  id: string;
  title: string;
  deleteImages: boolean;
}

const ID = /^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$/;

/** Validates the untrusted `registries` list of config.js; malformed or repeated entries are dropped. */
export function parseRegistries(input: unknown): RegistryEntry[] {
  if (!Array.isArray(input)) return [];
  const out: RegistryEntry[] = [];
  for (const item of input as unknown[]) {
    if (!item || typeof item !== 'object') continue;
    const o = item as Record<string, unknown>;
    if (typeof o.id !== 'string' || !ID.test(o.id) || out.some((r) => r.id === o.id)) continue;
    const title = typeof o.title === 'string' && o.title.trim() ? o.title.slice(0, 200) : o.id;
    out.push({ id: o.id, title, deleteImages: o.deleteImages === true });
  }
  return out;
}

/** The registry a URL path shows, and the router's base for it. */
export interface ActiveRegistry {
  /** "" without REGISTRIES. */
  id: string;
  entry: RegistryEntry | undefined;
  /** Prefix before `/v2/`: `<basePath>x/<id>` (no trailing slash), or undefined for the default one. */
  registryUrl: string | undefined;
  /** The router's basename: `<basePath>x/<id>/` or `<basePath>`; ends with "/". */
  routeBasePath: string;
}

/** Which registry `pathname` (the page's location) belongs to. */
export function activeRegistry(registries: RegistryEntry[], basePath: string, pathname: string): ActiveRegistry {
  const first = registries[0];
  if (!first) return { id: '', entry: undefined, registryUrl: undefined, routeBasePath: basePath };
  if (pathname.startsWith(`${basePath}x/`)) {
    const id = pathname.slice(basePath.length + 2).split('/')[0] ?? '';
    const entry = registries.find((r) => r.id === id);
    if (entry) {
      const prefix = `${basePath}x/${id}`;
      return { id, entry, registryUrl: prefix, routeBasePath: `${prefix}/` };
    }
  }
  return { id: first.id, entry: first, registryUrl: undefined, routeBasePath: basePath };
}

/** The page of registry `id` to open when switching: its repository list. */
export function registryHome(basePath: string, id: string): string {
  return `${basePath}x/${id}/`;
}

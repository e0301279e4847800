/**
 * Route builders and the parser for `/r/<name…>[/t/<tag> | /d/<digest> | /-/compare]`. Names contain slashes,
 * so the route is one splat and the suffix is recognised from the end. URLs are public interface: keep them
 * stable.
 *
 * The comparison sits under `/-/`: a path component of a repository name starts with a letter or digit
 * (distribution-spec), so `-` can never be one, and `/r/team/compare` stays the repository `team/compare`.
 */
export const paths = {
  home: () => '/',
  repository: (name: string) => `/r/${name}`,
  tag: (name: string, tag: string) => `/r/${name}/t/${tag}`,
  digest: (name: string, digest: string) => `/r/${name}/d/${digest}`,
  /** `/r/<name>/-/compare?a=<tag or digest>&b=<tag or digest>`; either side may be left for the page to ask. */
  compare: (name: string, a?: string, b?: string) => {
    const query = new URLSearchParams();
    if (a) query.set('a', a);
    if (b) query.set('b', b);
    const q = query.toString();
    return `/r/${name}/-/compare${q ? `?${q}` : ''}`;
  },
};

export type RepoRoute =
  | { view: 'repository'; name: string }
  | { view: 'tag'; name: string; tag: string }
  | { view: 'digest'; name: string; digest: string }
  | { view: 'compare'; name: string };

/** Parses the splat after `/r/` (without the query). Returns undefined for an empty name. */
export function parseRepoSplat(splat: string): RepoRoute | undefined {
  const parts = splat.split('/').filter((p) => p.length > 0);
  if (parts.length >= 3 && parts[parts.length - 2] === '-' && parts[parts.length - 1] === 'compare') {
    return { view: 'compare', name: parts.slice(0, -2).join('/') };
  }
  if (parts.length >= 3) {
    const marker = parts[parts.length - 2];
    const value = parts[parts.length - 1]!;
    const name = parts.slice(0, -2).join('/');
    if (marker === 't') return { view: 'tag', name, tag: value };
    if (marker === 'd') return { view: 'digest', name, digest: value };
  }
  if (parts.length === 0) return undefined;
  return { view: 'repository', name: parts.join('/') };
}

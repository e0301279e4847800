/**
 * Route builders and the parser for `/r/<name…>[/t/<tag> | /d/<digest>]`. Names contain slashes, so the
 * route is one splat and the suffix is recognised from the end. URLs are public interface: keep them stable.
 */
export const paths = {
  home: () => '/',
  repository: (name: string) => `/r/${name}`,
  tag: (name: string, tag: string) => `/r/${name}/t/${tag}`,
  digest: (name: string, digest: string) => `/r/${name}/d/${digest}`,
};

export type RepoRoute =
  | { view: 'repository'; name: string }
  | { view: 'tag'; name: string; tag: string }
  | { view: 'digest'; name: string; digest: string };

/** Parses the splat after `/r/`. Returns undefined for an empty name. */
export function parseRepoSplat(splat: string): RepoRoute | undefined {
  const parts = splat.split('/').filter((p) => p.length > 0);
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

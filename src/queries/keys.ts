/** The one factory of query keys (STYLE.md habit 4). Digests are identities; tags are pointers. */
export const registryKeys = {
  all: ['registry'] as const,
  catalog: () => [...registryKeys.all, 'catalog'] as const,
  /** What the registry reveals about its implementation (Distribution 2 or 3). */
  flavour: () => [...registryKeys.all, 'flavour'] as const,
  tags: (repo: string) => [...registryKeys.all, 'repo', repo, 'tags'] as const,
  tag: (repo: string, tag: string) => [...registryKeys.all, 'repo', repo, 'tag', tag] as const,
  repo: (repo: string) => [...registryKeys.all, 'repo', repo] as const,
  manifest: (repo: string, digest: string) => [...registryKeys.all, 'repo', repo, 'manifest', digest] as const,
  config: (repo: string, digest: string) => [...registryKeys.all, 'repo', repo, 'config', digest] as const,
  /** Referrers of a digest: read through a fallback tag on most registries, so a pointer, not an identity. */
  referrers: (repo: string, digest: string) => [...registryKeys.all, 'repo', repo, 'referrers', digest] as const,
  /** Whether a `sha256-<hex>` tag holds a referrers index: under the tag's key, so it follows the pointer. */
  referrersTag: (repo: string, tag: string) => [...registryKeys.tag(repo, tag), 'referrers-check'] as const,
};

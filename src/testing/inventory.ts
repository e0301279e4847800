import type { Digest } from '@/registry/digest';
import type { Inventory, ManifestNode, TagFacts } from '@/registry/inventory';

/** `sha256:` and 64 hex characters derived from a label, for readable tests. */
export function dg(label: string): Digest {
  let hex = '';
  for (const ch of label) hex += ch.charCodeAt(0).toString(16).padStart(2, '0');
  return `sha256:${hex.padEnd(64, '0').slice(0, 64)}` as Digest;
}

export function image(label: string, layers: [string, number][], configSize = 100, size = 500): ManifestNode {
  return {
    digest: dg(label),
    size,
    blobs: [{ digest: dg(`${label}-config`), size: configSize, kind: 'config' }, ...layers.map(([l, s]) => ({ digest: dg(l), size: s, kind: 'layer' as const }))],
    children: [],
    sizesUnknown: false,
  };
}

export function index(label: string, children: ManifestNode[], size = 300): ManifestNode {
  return { digest: dg(label), size, blobs: [], children: children.map((c) => ({ digest: c.digest, size: c.size, attestation: false })), sizesUnknown: false };
}

export function inventory(nodes: ManifestNode[], tags: [tag: string, manifest: string | ManifestNode, created?: string][]): Inventory {
  const manifests = new Map<Digest, ManifestNode>(nodes.map((n) => [n.digest, n]));
  const facts: TagFacts[] = tags.map(([tag, m, created]) => ({ tag, digest: typeof m === 'string' ? dg(m) : m.digest, created }));
  return { tags: facts, manifests };
}

import type { Digest } from '@/registry/digest';
import { imageSize } from '@/registry/manifests';
import type { SingleManifest } from '@/registry/types';

/** One segment of the size bar: the config, a layer, or the smallest layers merged (`rest`, past `max`). */
export interface SizeSegment {
  digest?: Digest;
  size: number;
  share: number;
  kind: 'config' | 'layer' | 'rest';
  /** Layer position from 1; 0 for the config; for `rest`, how many layers it merges. */
  position: number;
}

/**
 * Blobs of one image and the share each takes of the bar (config first), for the size bar. Past `max` segments
 * the smallest layers are merged into one, so a manifest of 27,000 layers draws a bar, not 27,000 elements.
 */
export function sizeSegments(manifest: SingleManifest, max = 200): SizeSegment[] {
  const total = imageSize(manifest);
  const share = (n: number) => (total > 0 ? n / total : 0);
  const layers = manifest.layers.map((l, i) => ({ digest: l.digest, size: l.size, share: share(l.size), kind: 'layer' as const, position: i + 1 }));
  const config: SizeSegment = { digest: manifest.config.digest, size: manifest.config.size, share: share(manifest.config.size), kind: 'config', position: 0 };
  if (layers.length + 1 <= max) return [config, ...layers];
  const keep = new Set([...layers].sort((a, b) => b.size - a.size).slice(0, max - 2).map((l) => l.position));
  const kept = layers.filter((l) => keep.has(l.position));
  const restSize = layers.reduce((n, l) => (keep.has(l.position) ? n : n + l.size), 0);
  return [config, ...kept, { size: restSize, share: share(restSize), kind: 'rest', position: layers.length - kept.length }];
}

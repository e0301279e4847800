import type { Digest } from '@/registry/digest';
import { isSingle } from '@/registry/manifests';
import type { FetchedManifest } from '@/registry/types';

/** What a repository stores, each blob counted once however many tags and platforms share it. */
export interface BlobTotals {
  /** Distinct config and layer blobs. */
  blobs: number;
  /** Their compressed bytes. */
  bytes: number;
  /** Distinct manifests (indexes, images, attestations, artifacts), stored as blobs too. */
  manifests: number;
  manifestBytes: number;
  /** The same blobs summed per manifest, shared ones counted every time: what deduplication saves. */
  bytesWithoutSharing: number;
  /** Schema1 manifests, whose layer sizes the manifest does not state: not in the totals. */
  sizesUnknown: number;
}

/**
 * Totals over the distinct blobs of the given manifests. Foreign layers (with `urls`) are not stored by the
 * registry and are left out, as garbage collection leaves them out.
 */
export function uniqueBlobs(manifests: Iterable<FetchedManifest>): BlobTotals {
  const blobs = new Map<Digest, number>();
  const seen = new Set<Digest>();
  const totals: BlobTotals = { blobs: 0, bytes: 0, manifests: 0, manifestBytes: 0, bytesWithoutSharing: 0, sizesUnknown: 0 };
  for (const fetched of manifests) {
    if (seen.has(fetched.digest)) continue;
    seen.add(fetched.digest);
    totals.manifests++;
    totals.manifestBytes += fetched.size;
    const m = fetched.manifest;
    if (isSingle(m)) {
      for (const d of [m.config, ...m.layers]) {
        if (d.urls?.length) continue;
        totals.bytesWithoutSharing += d.size;
        blobs.set(d.digest, d.size);
      }
    } else if (m.schemaVersion === 1) {
      totals.sizesUnknown++;
    }
  }
  totals.blobs = blobs.size;
  for (const size of blobs.values()) totals.bytes += size;
  return totals;
}

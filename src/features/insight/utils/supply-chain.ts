import type { Digest } from '@/registry/digest';
import { parseSupplyChainTag, type SupplyChainTag } from '@/registry/referrers';

/** A repository's tags split into images and the supply-chain objects (signatures, attestations …) about them. */
export interface SplitTags {
  /** Every tag that is not named after a digest, in the order given. */
  images: string[];
  /** `sha256-<hex>.sig|.att|.sbom` and referrers fallback tags. */
  supplyChain: SupplyChainTag[];
  /** The supply-chain tags grouped under the digest they are about. */
  bySubject: ReadonlyMap<Digest, SupplyChainTag[]>;
}

const ORDER = { signature: 0, attestation: 1, sbom: 2, referrers: 3 } as const;

/** Splits the tag list; cosign and the referrers fallback write these tags next to the images they describe. */
export function splitSupplyChainTags(tags: readonly string[]): SplitTags {
  const images: string[] = [];
  const supplyChain: SupplyChainTag[] = [];
  const bySubject = new Map<Digest, SupplyChainTag[]>();
  for (const tag of tags) {
    const parsed = parseSupplyChainTag(tag);
    if (!parsed) {
      images.push(tag);
      continue;
    }
    supplyChain.push(parsed);
    const list = bySubject.get(parsed.subject);
    if (list) list.push(parsed);
    else bySubject.set(parsed.subject, [parsed]);
  }
  for (const list of bySubject.values()) list.sort((a, b) => ORDER[a.kind] - ORDER[b.kind]);
  return { images, supplyChain, bySubject };
}

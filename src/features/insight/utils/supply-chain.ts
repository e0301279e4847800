import type { Digest } from '@/registry/digest';
import { parseSupplyChainTag, type SupplyChainKind, type SupplyChainTag } from '@/registry/referrers';

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

/**
 * Splits the tag list; cosign and the referrers fallback write these tags next to the images they describe.
 * A cosign `.sig|.att|.sbom` tag is one by its name; a bare `sha256-<hex>` tag only when its content says so:
 * `read` gives what such tags were found to hold: `ordinary` (a digest tag, an image: listed as an image), or
 * the kind their referrers share (a fallback tag of Notation signatures is a signature).
 */
export function splitSupplyChainTags(tags: readonly string[], read: ReadonlyMap<string, SupplyChainKind | 'ordinary'> = new Map()): SplitTags {
  const images: string[] = [];
  const supplyChain: SupplyChainTag[] = [];
  const bySubject = new Map<Digest, SupplyChainTag[]>();
  for (const tag of tags) {
    let parsed = parseSupplyChainTag(tag);
    const found = parsed?.kind === 'referrers' ? read.get(tag) : undefined;
    if (found && found !== 'ordinary') parsed = { ...parsed!, kind: found };
    if (!parsed || found === 'ordinary') {
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

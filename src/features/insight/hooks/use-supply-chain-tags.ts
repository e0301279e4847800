import { useQueries } from '@tanstack/react-query';
import { useMemo } from 'react';
import { parseSupplyChainTag, type SupplyChainKind } from '@/registry/referrers';
import { referrersTagQuery } from '@/queries/referrers';
import { splitSupplyChainTags, type SplitTags } from '../utils/supply-chain';

/**
 * The tag list split into images and supply-chain tags, reading each bare `sha256-<hex>` tag (one HEAD, and the
 * index when it is one) to tell a referrers fallback tag from an ordinary tag that has a digest for a name.
 * Until a tag is read it counts as the fallback tag its name says it is; a fallback tag whose referrers are all
 * signatures (Notation) is marked as a signature, as cosign's `.sig` tag is.
 */
export function useSupplyChainTags(repo: string, tags: readonly string[] | undefined): SplitTags {
  const candidates = useMemo(
    () => (tags ?? []).flatMap((tag) => {
      const parsed = parseSupplyChainTag(tag);
      return parsed?.kind === 'referrers' ? [parsed] : [];
    }),
    [tags],
  );
  const readKey = useQueries({
    queries: candidates.map((c) => referrersTagQuery(repo, c.tag, c.subject)),
    // a stable string (tags hold no spaces or newlines), so the split is recomputed only when an answer changes
    combine: (results) => results.flatMap((r, i) => (r.data ? [`${candidates[i]!.tag} ${r.data}`] : [])).join('\n'),
  });
  return useMemo(() => {
    const read = new Map<string, SupplyChainKind | 'ordinary'>();
    for (const line of readKey ? readKey.split('\n') : []) {
      const [tag, kind] = line.split(' ') as [string, SupplyChainKind | 'ordinary'];
      read.set(tag, kind);
    }
    return splitSupplyChainTags(tags ?? [], read);
  }, [tags, readKey]);
}

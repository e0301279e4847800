import { useQueries } from '@tanstack/react-query';
import { useMemo } from 'react';
import { parseSupplyChainTag } from '@/registry/referrers';
import { referrersTagQuery } from '@/queries/referrers';
import { splitSupplyChainTags, type SplitTags } from '../utils/supply-chain';

/**
 * The tag list split into images and supply-chain tags, reading each bare `sha256-<hex>` tag (one HEAD, and the
 * index when it is one) to tell a referrers fallback tag from an ordinary tag that has a digest for a name.
 * Until a tag is read it counts as the fallback tag its name says it is.
 */
export function useSupplyChainTags(repo: string, tags: readonly string[] | undefined): SplitTags {
  const candidates = useMemo(
    () => (tags ?? []).flatMap((tag) => {
      const parsed = parseSupplyChainTag(tag);
      return parsed?.kind === 'referrers' ? [parsed] : [];
    }),
    [tags],
  );
  const ordinaryKey = useQueries({
    queries: candidates.map((c) => referrersTagQuery(repo, c.tag, c.subject)),
    // a stable string, so the split below is recomputed only when an answer changes
    combine: (results) => results.flatMap((r, i) => (r.data === false ? [candidates[i]!.tag] : [])).join('\n'),
  });
  return useMemo(() => splitSupplyChainTags(tags ?? [], new Set(ordinaryKey ? ordinaryKey.split('\n') : [])), [tags, ordinaryKey]);
}

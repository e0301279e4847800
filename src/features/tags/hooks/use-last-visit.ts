import { useEffect, useState } from 'react';
import { loadTagIndex, type TagIndexEntry } from '@/queries/persist';
import { isTagSummary, type TagSummary } from '../utils/tag-summary';

/** The tag list and rows of a repository as the last visit left them (the persisted tag index). */
export interface LastVisit {
  tags: string[];
  entries: ReadonlyMap<string, TagIndexEntry<TagSummary>>;
}

/**
 * Reads the last visit's tag index of `repo` as soon as the page opens, alongside tags/list: `undefined` while
 * reading, `null` when there is none. What it holds is shown marked as being re-checked, never acted on.
 */
export function useLastVisit(repo: string): LastVisit | null | undefined {
  const [state, setState] = useState<{ repo: string; value: LastVisit | null }>();
  useEffect(() => {
    let live = true;
    void loadTagIndex(repo, isTagSummary).then((entries) => {
      if (live) setState({ repo, value: entries && entries.size > 0 ? { tags: [...entries.keys()], entries } : null });
    });
    return () => {
      live = false;
    };
  }, [repo]);
  return state?.repo === repo ? state.value : undefined;
}

import { useEffect, useState } from 'react';
import { loadTagIndex, type TagIndexEntry } from '@/queries/persist';
import { isTagSummary, type TagSummary } from '../utils/tag-summary';

/** The tag list and rows of a repository as the last visit left them (the persisted tag index). */
export interface LastVisit {
  tags: string[];
  entries: ReadonlyMap<string, TagIndexEntry<TagSummary>>;
}

function readLastVisit(repo: string): Promise<LastVisit | null> {
  return loadTagIndex(repo, isTagSummary).then((entries) => (entries && entries.size > 0 ? { tags: [...entries.keys()], entries } : null));
}

// reads the boot started, each taken by the first page that asks for that repository
const started = new Map<string, Promise<LastVisit | null>>();

/**
 * Starts reading the last visit's index of `repo` before the page renders (the boot, with the page's first
 * registry request): IndexedDB opens while React renders, and the page's first use takes this read.
 */
export function preloadLastVisit(repo: string): void {
  if (!started.has(repo)) started.set(repo, readLastVisit(repo));
}

/**
 * Reads the last visit's tag index of `repo` as soon as the page opens, alongside tags/list: `undefined` while
 * reading, `null` when there is none. What it holds is shown marked as being re-checked, never acted on.
 */
export function useLastVisit(repo: string): LastVisit | null | undefined {
  const [state, setState] = useState<{ repo: string; value: LastVisit | null }>();
  useEffect(() => {
    let live = true;
    const read = started.get(repo) ?? readLastVisit(repo);
    started.delete(repo);
    void read.then((value) => {
      if (live) setState({ repo, value });
    });
    return () => {
      live = false;
    };
  }, [repo]);
  return state?.repo === repo ? state.value : undefined;
}

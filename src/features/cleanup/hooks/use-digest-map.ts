import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { tagHeadQuery } from '@/queries/manifests';
import { tagsQuery } from '@/queries/tags';
import { Priority } from '@/lib/request-queue';
import { isRegistryError } from '@/registry/errors';
import type { Digest } from '@/registry/digest';
import { eachConcurrently } from '@/lib/concurrency';

export interface DigestMapState {
  /** tag → digest it points at now; only tags checked so far. */
  digests: ReadonlyMap<string, Digest>;
  checked: number;
  total: number;
  /** Tags whose HEAD failed for another reason than "gone". */
  failed: string[];
  done: boolean;
  error: unknown;
}

/**
 * Fresh tag → digest map of a whole repository, for delete confirmations: every tag is listed and HEADed
 * again (no cache), so the dialog can show every tag that shares a digest before anything is deleted.
 */
export function useDigestMap(repo: string, enabled: boolean, attempt = 0): DigestMapState {
  const client = useQueryClient();
  const [state, setState] = useState<DigestMapState>({ digests: new Map(), checked: 0, total: 0, failed: [], done: false, error: undefined });
  useEffect(() => {
    if (!enabled) return;
    let cancelled = false;
    const digests = new Map<string, Digest>();
    const failed: string[] = [];
    setState({ digests, checked: 0, total: 0, failed, done: false, error: undefined });
    (async () => {
      const tags = await client.fetchQuery({ ...tagsQuery(repo), staleTime: 0 });
      let checked = 0;
      const publish = (done: boolean) => {
        if (!cancelled) setState({ digests: new Map(digests), checked, total: tags.length, failed: [...failed], done, error: undefined });
      };
      publish(tags.length === 0);
      const check = async (tag: string) => {
        try {
          const head = await client.fetchQuery({ ...tagHeadQuery(repo, tag, Priority.page), staleTime: 0 });
          if (head.digest) digests.set(tag, head.digest);
          else failed.push(tag);
        } catch (e) {
          if (!(isRegistryError(e) && e.kind === 'not-found')) failed.push(tag);
        }
        checked++;
        if (checked % 50 === 0) publish(false);
      };
      await eachConcurrently(tags, 6, check, () => cancelled);
      publish(true);
    })().catch((error: unknown) => {
      if (!cancelled) setState((s) => ({ ...s, done: true, error }));
    });
    return () => {
      cancelled = true;
    };
  }, [client, repo, enabled, attempt]);
  return state;
}

/** Tags that point at any of `digests`, in natural order handled by the caller. */
export function tagsSharing(map: ReadonlyMap<string, Digest>, digests: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const [tag, digest] of map) if (digests.has(digest)) out.push(tag);
  return out;
}

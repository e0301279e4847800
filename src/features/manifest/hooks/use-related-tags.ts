import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { manifestQuery } from '@/queries/manifests';
import { walkRepository } from '@/queries/repository-walk';
import { Priority } from '@/lib/request-queue';
import type { Digest } from '@/registry/digest';
import { isAttestation, isIndex } from '@/registry/manifests';
import type { FetchedManifest } from '@/registry/types';
import { layersOf, relatedTags, type RelatedTag } from '../utils/related-tags';
import { throttleProgress } from '@/lib/concurrency';

export interface RelatedTagsState {
  status: 'idle' | 'running' | 'done' | 'error';
  done: number;
  total: number;
  sameDigest: string[];
  sharing: RelatedTag[];
  failed: number;
  error: unknown;
}

const IDLE: RelatedTagsState = { status: 'idle', done: 0, total: 0, sameDigest: [], sharing: [], failed: 0, error: undefined };

/**
 * Reads where every tag of the repository points (one HEAD each, background priority, through the cache) and
 * which of them point at `fetched` or share layers with it. Runs while `enabled`.
 */
export function useRelatedTags(repo: string, fetched: FetchedManifest, tags: readonly string[] | undefined, enabled: boolean): RelatedTagsState {
  const client = useQueryClient();
  const [state, setState] = useState<RelatedTagsState>(IDLE);
  useEffect(() => {
    if (!enabled || !tags) return;
    const controller = new AbortController();
    const { signal } = controller;
    setState({ ...IDLE, status: 'running', total: tags.length });
    void (async () => {
      try {
        const walk = await walkRepository(client, repo, tags, {
          signal,
          priority: Priority.background,
          onProgress: throttleProgress((done, total) => {
            setState((s) => ({ ...s, done, total }));
          }),
        });
        const manifests = new Map<Digest, FetchedManifest>(walk.manifests);
        manifests.set(fetched.digest, fetched);
        const m = fetched.manifest;
        if (isIndex(m)) {
          for (const d of m.manifests) {
            if (isAttestation(d) || manifests.has(d.digest)) continue;
            try {
              manifests.set(d.digest, await client.fetchQuery(manifestQuery(repo, d.digest, Priority.background)));
            } catch {
              // a missing child shares nothing
            }
          }
        }
        const r = relatedTags({ digest: fetched.digest, layers: layersOf(fetched, manifests) }, walk.tags, manifests);
        if (!signal.aborted) setState({ status: 'done', done: tags.length, total: tags.length, ...r, failed: walk.failed.length, error: undefined });
      } catch (error) {
        if (!signal.aborted) setState((s) => ({ ...s, status: 'error', error }));
      }
    })();
    return () => controller.abort();
  }, [client, repo, fetched, tags, enabled]);
  return enabled ? state : IDLE;
}

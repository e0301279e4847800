import { mutationOptions, type QueryClient } from '@tanstack/react-query';
import type { Digest } from '@/registry/digest';
import { RegistryError, isRegistryError } from '@/registry/errors';
import { MediaType } from '@/registry/media-types';
import { Priority } from '@/lib/request-queue';
import { naturalCompare } from '@/lib/natural-sort';
import { registryKeys } from './keys';
import { manifestQuery } from './manifests';
import { getQueue, getRegistry } from './registry-client';
import { eachConcurrently } from '@/lib/concurrency';

/** The tag no longer points at the digest the user confirmed: nothing was deleted. */
export class TagMovedError extends Error {
  override readonly name = 'TagMovedError';
  constructor(
    readonly tag: string,
    readonly expected: Digest,
    readonly actual: Digest | undefined,
  ) {
    super(`tag ${tag} moved from ${expected} to ${actual ?? 'nothing'}`);
  }
}

export interface DeleteTagInput {
  repo: string;
  tag: string;
  /** The digest the confirmation showed. */
  digest: Digest;
}

export type DeleteOutcome = 'deleted' | 'already-gone';

/**
 * Deletes the manifest a tag points at, safely: a fresh GET of the tag must still answer the digest the user
 * confirmed (which also proves the digest is a manifest of this repository), then DELETE by that digest.
 * Never by tag, never a digest that was not verified, never retried. A 404 on DELETE means someone else
 * deleted it first.
 *
 * A GET, not a HEAD: its bytes are hashed against Docker-Content-Digest (RegistryClient.getManifest), so a
 * digest that does not belong to what the tag serves (a broken cache, a meddling proxy) is refused instead of
 * deleted. A HEAD carries no bytes to check: a HEAD naming another tag's digest made this delete that tag.
 */
export async function deleteTag({ repo, tag, digest }: DeleteTagInput, signal: AbortSignal): Promise<DeleteOutcome> {
  const registry = getRegistry();
  let current: Digest;
  try {
    current = (await getQueue().add(() => registry.getManifest(repo, tag, { signal }), { priority: Priority.page, signal })).digest;
  } catch (e) {
    if (e instanceof RegistryError && e.kind === 'not-found') throw new TagMovedError(tag, digest, undefined);
    throw e;
  }
  if (current !== digest) throw new TagMovedError(tag, digest, current);
  try {
    await getQueue().add(() => registry.deleteManifest(repo, current, { signal }), { priority: Priority.page, signal });
    return 'deleted';
  } catch (e) {
    if (e instanceof RegistryError && e.kind === 'not-found') return 'already-gone';
    throw e;
  }
}

/** Refreshes what a delete changed: the repository's tags and pointers, and the catalog's tag counts. */
export async function invalidateAfterDelete(client: QueryClient, repo: string): Promise<void> {
  await client.invalidateQueries({ queryKey: registryKeys.repo(repo) });
}

export function deleteTagMutation(client: QueryClient) {
  return mutationOptions({
    mutationKey: ['delete-tag'],
    mutationFn: (input: DeleteTagInput) => deleteTag(input, new AbortController().signal),
    onSettled: (_data, _error, input) => invalidateAfterDelete(client, input.repo),
  });
}

/** One DELETE of a cleanup, and the tags the user confirmed go with it. */
export interface CleanupTarget {
  digest: Digest;
  tags: readonly string[];
}

/** What happened to one tag of a cleanup. Only `deleted` changed anything. */
export type TagOutcome =
  | { status: 'deleted' }
  /** The tag, or its manifest, was already gone. */
  | { status: 'already-gone' }
  /** The tag was pushed again and points at another manifest: not deleted. */
  | { status: 'moved'; now: Digest | undefined }
  /** A tag outside the cleanup points at the digest (or an index that stays lists it) now: nothing deleted. */
  | { status: 'kept'; by: string }
  | { status: 'failed'; error: unknown }
  /** Cancelled, or the run stopped, before this tag's turn: untouched. */
  | { status: 'not-run' };

export interface CleanupProgress {
  phase: 'checking' | 'deleting' | 'done';
  /** Tags outside the cleanup re-read before the first DELETE. */
  checked: number;
  checkTotal: number;
  /** Digests finished (whatever the outcome) of `targets.length`. */
  finished: number;
  total: number;
  /** Every tag of the cleanup, in the order given; `undefined` until its turn. */
  results: ReadonlyMap<string, { digest: Digest; outcome: TagOutcome | undefined }>;
  cancelled: boolean;
  /** An error that makes every further DELETE pointless (405 UNSUPPORTED, 401, 403): the run stopped. */
  stoppedBy: unknown;
}

const STOPPING: ReadonlySet<string> = new Set(['unsupported', 'unauthorized', 'forbidden']);
const INDEX_TYPES: ReadonlySet<string> = new Set([MediaType.OciIndex, MediaType.DockerManifestList]);

/**
 * Runs a confirmed cleanup: DELETEs each distinct digest once, through the shared request queue with at most
 * `concurrency` digests in flight.
 *
 * Safety, in order: every tag of the repository that is NOT going is read again first, and a digest one of
 * them points at now (directly, or through an index) is not deleted; then, just before its DELETE, every tag
 * of the digest is read afresh (a GET whose bytes must hash to the digest, stricter than a HEAD), and the
 * DELETE is sent only if at least one still answers that digest (which also proves it is a manifest of this
 * repository). A tag that moved is reported, not deleted.
 *
 * Cancelling stops before the next digest: DELETEs already sent finish (they cannot be taken back, and their
 * outcome is reported), everything else is left untouched and reported as not run.
 */
export async function runCleanup(
  client: QueryClient,
  repo: string,
  targets: readonly CleanupTarget[],
  options: { signal: AbortSignal; concurrency?: number; onProgress?: (p: CleanupProgress) => void },
): Promise<CleanupProgress> {
  const { signal, concurrency = 4, onProgress } = options;
  const registry = getRegistry();
  const queue = getQueue();
  const results = new Map<string, { digest: Digest; outcome: TagOutcome | undefined }>();
  for (const t of targets) for (const tag of t.tags) results.set(tag, { digest: t.digest, outcome: undefined });
  const progress: CleanupProgress = { phase: 'checking', checked: 0, checkTotal: 0, finished: 0, total: targets.length, results, cancelled: false, stoppedBy: undefined };
  const emit = () => onProgress?.({ ...progress, results: new Map(results) });
  const settle = (t: CleanupTarget, outcome: (tag: string) => TagOutcome) => {
    for (const tag of t.tags) results.set(tag, { digest: t.digest, outcome: outcome(tag) });
    progress.finished++;
  };
  const finish = () => {
    for (const [tag, r] of results) if (!r.outcome) results.set(tag, { ...r, outcome: { status: 'not-run' } });
    progress.phase = 'done';
    progress.cancelled = signal.aborted;
    emit();
    return { ...progress, results: new Map(results) };
  };
  const head = (tag: string) => queue.add(() => registry.headManifest(repo, tag, { signal }), { priority: Priority.page, signal });
  // the last check before a DELETE is a GET: its bytes are hashed against Docker-Content-Digest, so a HEAD
  // naming another manifest's digest (a broken cache, a meddling proxy) cannot send that manifest's DELETE
  const verified = (tag: string) => queue.add(() => registry.getManifest(repo, tag, { signal }), { priority: Priority.page, signal });

  // 1. who points where now, outside the cleanup
  const keptBy = new Map<Digest, string>();
  try {
    const going = new Set(results.keys());
    const targetDigests = new Set(targets.map((t) => t.digest));
    const all = await queue.add(() => registry.listTags(repo, { signal }), { priority: Priority.page, signal });
    const others = all.filter((t) => !going.has(t)).sort(naturalCompare);
    progress.checkTotal = others.length;
    emit();
    const indexOwners = new Map<Digest, string>();
    await eachConcurrently(others, concurrency, async (tag) => {
      try {
        const h = await head(tag);
        if (h.digest && targetDigests.has(h.digest) && !keptBy.has(h.digest)) keptBy.set(h.digest, tag);
        else if (h.digest && INDEX_TYPES.has(h.mediaType) && !indexOwners.has(h.digest)) indexOwners.set(h.digest, tag);
      } catch (e) {
        if (!(isRegistryError(e) && e.kind === 'not-found')) throw e;
      }
      progress.checked++;
      if (progress.checked % 25 === 0) emit();
    });
    // an index that stays keeps its platform manifests: deleting one would leave it dangling
    const seen = new Set<Digest>();
    const walk = async (digest: Digest, owner: string): Promise<void> => {
      if (seen.has(digest)) return;
      seen.add(digest);
      const fetched = await client.fetchQuery(manifestQuery(repo, digest, Priority.page));
      const m = fetched.manifest;
      if (m.mediaType !== MediaType.OciIndex && m.mediaType !== MediaType.DockerManifestList) return;
      for (const child of m.manifests) {
        if (targetDigests.has(child.digest) && !keptBy.has(child.digest)) keptBy.set(child.digest, owner);
        if (INDEX_TYPES.has(child.mediaType)) await walk(child.digest, owner);
      }
    };
    for (const [digest, owner] of indexOwners) await walk(digest, owner);
  } catch (e) {
    if (!signal.aborted) progress.stoppedBy = e;
    return finish();
  }

  // 2. one DELETE per digest, each after a fresh, verified read of its tags
  progress.phase = 'deleting';
  emit();
  const one = async (t: CleanupTarget) => {
    const by = keptBy.get(t.digest);
    if (by !== undefined) return settle(t, () => ({ status: 'kept', by }));
    const outcomes = new Map<string, TagOutcome>();
    const still: string[] = [];
    try {
      for (const tag of t.tags) {
        try {
          const h = await verified(tag);
          if (h.digest === t.digest) still.push(tag);
          else outcomes.set(tag, { status: 'moved', now: h.digest });
        } catch (e) {
          if (isRegistryError(e) && e.kind === 'not-found') outcomes.set(tag, { status: 'already-gone' });
          else throw e;
        }
      }
    } catch (e) {
      if (signal.aborted) return; // left as not run
      return settle(t, () => ({ status: 'failed', error: e }));
    }
    if (still.length === 0) return settle(t, (tag) => outcomes.get(tag)!);
    if (signal.aborted || progress.stoppedBy) return;
    try {
      // no signal: once sent, a DELETE is waited for, so its outcome is known and reported
      await queue.add(() => registry.deleteManifest(repo, t.digest, { signal: new AbortController().signal }), { priority: Priority.page });
      for (const tag of still) outcomes.set(tag, { status: 'deleted' });
    } catch (e) {
      const gone = isRegistryError(e) && e.kind === 'not-found';
      if (isRegistryError(e) && STOPPING.has(e.kind)) progress.stoppedBy ??= e;
      for (const tag of still) outcomes.set(tag, gone ? { status: 'already-gone' } : { status: 'failed', error: e });
    }
    settle(t, (tag) => outcomes.get(tag)!);
  };
  await eachConcurrently(
    targets,
    concurrency,
    async (t) => {
      await one(t);
      emit();
    },
    () => signal.aborted || !!progress.stoppedBy,
  );
  return finish();
}

import type { Digest } from '@/registry/digest';
import { isRegistryError } from '@/registry/errors';
import { reachable, type ManifestNode } from '@/registry/inventory';
import { parseSupplyChainTag, type SupplyChainKind } from '@/registry/referrers';
import { eachConcurrently } from '@/lib/concurrency';
import { naturalCompare } from '@/lib/natural-sort';

/**
 * What makes a delete safe, in one place. Every delete path (the tag's own Delete button, the multi-select
 * dialog, the cleanup rules) plans with `planDelete` and runs the plan with `executeDelete`. Framework-free:
 * the registry calls come in as functions.
 *
 * The registry deletes manifests, not tags. So a plan:
 *  - expands every chosen tag to its digest and names every tag on that digest (they all go);
 *  - refuses a manifest that an index which stays lists (a platform of a multi-arch image: the index would
 *    dangle and its pull would fail for that platform);
 *  - names the signatures, attestations, SBOMs and fallback referrers tags of what goes (cosign's
 *    `sha256-<hex>.sig|.att|.sbom`, the distribution-spec `sha256-<hex>` index), which would otherwise point
 *    at nothing, and takes them along unless asked not to.
 */

/** What one repository looks like now: every tag's digest and every manifest those reach. */
export interface RepositoryState {
  digests: ReadonlyMap<string, Digest>;
  manifests: ReadonlyMap<Digest, ManifestNode>;
}

/** A tag named after a digest that goes: it describes that manifest and would outlive it. */
export interface ArtifactTag {
  tag: string;
  digest: Digest;
  kind: SupplyChainKind;
  /** The manifest it is about. */
  subject: Digest;
}

/** One DELETE and every tag it removes. */
export interface DeleteGroup {
  digest: Digest;
  /** Every tag pointing at the digest: all of them go. */
  tags: string[];
  /** Of those, the tags the user did not choose (they go because they share the digest, or describe what goes). */
  added: string[];
  /** Set for a signature, attestation or referrers group: it goes only once the manifest it describes went. */
  subject?: Digest;
  kind?: SupplyChainKind;
}

/** A group the plan added only because it describes something that goes (no tag of it was chosen). */
export function isArtifactOnly(g: DeleteGroup): boolean {
  return g.subject !== undefined && g.tags.length > 0 && g.added.length === g.tags.length;
}

export interface DeletePlan {
  groups: DeleteGroup[];
  /** Chosen tags that no longer exist. */
  gone: string[];
  /** Chosen tags that cannot go: their manifest is part of a multi-arch index a remaining tag points at. */
  blocked: { tag: string; digest: Digest; index: string }[];
  /** Signature, attestation and referrers tags of what goes, whether or not the plan takes them along. */
  artifacts: ArtifactTag[];
  /** Of `artifacts`, those left behind (the caller chose to keep them): they will point at nothing. */
  orphaned: ArtifactTag[];
}

export interface PlanOptions {
  /** Delete the signatures, attestations and referrers tags of what goes (default true). */
  withArtifacts?: boolean;
}

const byTag = <T extends { tag: string }>(a: T, b: T) => naturalCompare(a.tag, b.tag);

/** Every tag on each digest, in natural order. */
function tagsByDigest(digests: ReadonlyMap<string, Digest>): Map<Digest, string[]> {
  const out = new Map<Digest, string[]>();
  for (const [tag, d] of digests) {
    const list = out.get(d);
    if (list) list.push(tag);
    else out.set(d, [tag]);
  }
  for (const list of out.values()) list.sort(naturalCompare);
  return out;
}

/** A manifest with no config and no layers is an index (an image always has a config). */
const isIndexNode = (n: ManifestNode | undefined) => !!n && n.blobs.length === 0 && !n.sizesUnknown;

/**
 * The tags that describe a digest by name. A bare `sha256-<hex>` tag counts only when it holds an index of
 * its own (the referrers fallback): a digest tag on the very manifest it names is an ordinary alias, and it
 * already goes with its digest.
 */
function artifactTagsOf(subjects: ReadonlySet<Digest>, state: RepositoryState): ArtifactTag[] {
  const out: ArtifactTag[] = [];
  for (const [tag, digest] of state.digests) {
    const parsed = parseSupplyChainTag(tag);
    if (!parsed || !subjects.has(parsed.subject) || digest === parsed.subject) continue;
    if (parsed.kind === 'referrers' && !isIndexNode(state.manifests.get(digest))) continue;
    out.push({ tag, digest, kind: parsed.kind, subject: parsed.subject });
  }
  return out.sort(byTag);
}

/**
 * Plans the delete of `chosen` tags: what the registry will remove, what is refused and why, and what would
 * be left describing nothing. Pure: the same state gives the same plan.
 */
export function planDelete(chosen: Iterable<string>, state: RepositoryState, options: PlanOptions = {}): DeletePlan {
  const withArtifacts = options.withArtifacts ?? true;
  const selected = new Set(chosen);
  const onDigest = tagsByDigest(state.digests);
  const gone: string[] = [];
  const wanted = new Set<Digest>();
  for (const tag of selected) {
    const d = state.digests.get(tag);
    if (d) wanted.add(d);
    else gone.push(tag);
  }

  // what goes grows with the artifacts of what goes (a signature of a signature too), until nothing changes
  const subjectOf = new Map<Digest, ArtifactTag>();
  const artifacts: ArtifactTag[] = [];
  const refused = new Map<Digest, string>();
  for (;;) {
    // adding artifacts only ever frees index children (fewer tags stay), never refuses more
    refused.clear();
    const staying = stayingChildren(wanted, state);
    for (const d of wanted) if (staying.has(d)) refused.set(d, staying.get(d)!);
    const going = new Set([...wanted].filter((d) => !refused.has(d)));
    const found = artifactTagsOf(going, state).filter((a) => !artifacts.some((x) => x.tag === a.tag));
    if (found.length === 0) break;
    artifacts.push(...found);
    if (!withArtifacts) break;
    let grew = false;
    for (const a of found) {
      if (!subjectOf.has(a.digest)) subjectOf.set(a.digest, a);
      if (wanted.has(a.digest)) continue;
      // an artifact manifest another tag keeps (outside the artifact tags of what goes) stays
      const others = (onDigest.get(a.digest) ?? []).filter((t) => !selected.has(t) && !found.some((f) => f.tag === t) && !artifacts.some((f) => f.tag === t));
      if (others.length > 0) continue;
      wanted.add(a.digest);
      grew = true;
    }
    if (!grew) break;
  }

  const blocked: DeletePlan['blocked'] = [];
  const groups: DeleteGroup[] = [];
  for (const digest of wanted) {
    const tags = onDigest.get(digest) ?? [];
    const index = refused.get(digest);
    if (index !== undefined) {
      for (const tag of tags) if (selected.has(tag)) blocked.push({ tag, digest, index });
      continue;
    }
    const artifact = subjectOf.get(digest);
    groups.push({
      digest,
      tags,
      added: tags.filter((t) => !selected.has(t)),
      ...(artifact ? { subject: artifact.subject, kind: artifact.kind } : {}),
    });
  }
  groups.sort((a, b) => (a.subject === undefined) !== (b.subject === undefined) ? (a.subject === undefined ? -1 : 1) : naturalCompare(a.tags[0] ?? '', b.tags[0] ?? ''));
  const going = new Set(groups.map((g) => g.digest));
  return {
    groups,
    gone: gone.sort(naturalCompare),
    blocked: blocked.sort(byTag),
    artifacts: artifacts.sort(byTag),
    orphaned: artifacts.filter((a) => !going.has(a.digest)),
  };
}

/** Children of every index a remaining tag points at, with one such tag (the first in natural order). */
function stayingChildren(wanted: ReadonlySet<Digest>, state: RepositoryState): Map<Digest, string> {
  const staying = new Map<Digest, string>();
  for (const [tag, d] of [...state.digests].sort(([a], [b]) => naturalCompare(a, b))) {
    if (wanted.has(d)) continue;
    for (const child of reachable([d], state.manifests)) if (child !== d && !staying.has(child)) staying.set(child, tag);
  }
  return staying;
}

// ---- running a plan -------------------------------------------------------------------------------------

/** One DELETE of a run, and the tags the user confirmed go with it. */
export interface DeleteTarget {
  digest: Digest;
  tags: readonly string[];
  /** A signature or referrers group: deleted only after this digest was deleted (or was already gone). */
  subject?: Digest;
}

/** What happened to one tag of a run. Only `deleted` changed anything. */
export type TagOutcome =
  | { status: 'deleted' }
  /** The tag, or its manifest, was already gone. */
  | { status: 'already-gone' }
  /** The tag was pushed again and points at another manifest: not deleted. */
  | { status: 'moved'; now: Digest | undefined }
  /** A tag outside the run points at the digest (or an index that stays lists it, or its image stays) now: nothing deleted. */
  | { status: 'kept'; by: string }
  | { status: 'failed'; error: unknown }
  /** Cancelled, or the run stopped, before this tag's turn: untouched. */
  | { status: 'not-run' };

export interface DeleteProgress {
  phase: 'checking' | 'deleting' | 'done';
  /** Tags outside the run re-read before the first DELETE. */
  checked: number;
  checkTotal: number;
  /** Digests finished (whatever the outcome) of `targets.length`. */
  finished: number;
  total: number;
  /** Every tag of the run, in the order given; `undefined` until its turn. */
  results: ReadonlyMap<string, { digest: Digest; outcome: TagOutcome | undefined }>;
  cancelled: boolean;
  /** An error that makes every further DELETE pointless (405 UNSUPPORTED, 401, 403): the run stopped. */
  stoppedBy: unknown;
}

/** The registry calls a run makes, already scheduled (queue, priority) by the caller. */
export interface DeleteDeps {
  listTags(signal: AbortSignal): Promise<string[]>;
  /** HEAD of a tag: where it points now and what kind of manifest it is. */
  head(tag: string, signal: AbortSignal): Promise<{ digest: Digest | undefined; mediaType: string }>;
  /** GET of a tag whose bytes were hashed against the digest the registry names: the last check before a DELETE. */
  verify(tag: string, signal: AbortSignal): Promise<{ digest: Digest }>;
  /** The manifests an index lists (empty for anything that is not an index). */
  children(digest: Digest, signal: AbortSignal): Promise<{ digest: Digest; index: boolean }[]>;
  /** Sent without the run's signal: once sent, a DELETE is waited for, so its outcome is known and reported. */
  deleteManifest(digest: Digest): Promise<void>;
  isIndex(mediaType: string): boolean;
}

const STOPPING: ReadonlySet<string> = new Set(['unsupported', 'unauthorized', 'forbidden']);
const notFound = (e: unknown) => isRegistryError(e) && e.kind === 'not-found';

/**
 * Runs a confirmed plan: DELETEs each distinct digest once, at most `concurrency` in flight.
 *
 * Safety, in order: every tag of the repository that is NOT going is read again first, and a digest one of
 * them points at now (directly, or through an index) is not deleted; then, just before its DELETE, every tag
 * of the digest is read afresh (a GET whose bytes must hash to the digest, stricter than a HEAD), and the
 * DELETE is sent only if at least one still answers that digest (which also proves it is a manifest of this
 * repository). A tag that moved is reported, not deleted. A signature or referrers group goes only after the
 * manifest it describes went: when that manifest stays, so does what describes it.
 *
 * Cancelling stops before the next digest: DELETEs already sent finish, everything else is reported as not run.
 */
export async function executeDelete(
  targets: readonly DeleteTarget[],
  deps: DeleteDeps,
  options: { signal: AbortSignal; concurrency?: number; onProgress?: (p: DeleteProgress) => void },
): Promise<DeleteProgress> {
  const { signal, concurrency = 4, onProgress } = options;
  const results = new Map<string, { digest: Digest; outcome: TagOutcome | undefined }>();
  for (const t of targets) for (const tag of t.tags) results.set(tag, { digest: t.digest, outcome: undefined });
  const progress: DeleteProgress = { phase: 'checking', checked: 0, checkTotal: 0, finished: 0, total: targets.length, results, cancelled: false, stoppedBy: undefined };
  const emit = () => onProgress?.({ ...progress, results: new Map(results) });
  const settle = (t: DeleteTarget, outcome: (tag: string) => TagOutcome) => {
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

  // 1. who points where now, outside the run
  const keptBy = new Map<Digest, string>();
  try {
    const going = new Set(results.keys());
    const targetDigests = new Set(targets.map((t) => t.digest));
    const all = await deps.listTags(signal);
    const others = all.filter((t) => !going.has(t)).sort(naturalCompare);
    progress.checkTotal = others.length;
    emit();
    const indexOwners = new Map<Digest, string>();
    await eachConcurrently(others, concurrency, async (tag) => {
      try {
        const h = await deps.head(tag, signal);
        if (h.digest && targetDigests.has(h.digest) && !keptBy.has(h.digest)) keptBy.set(h.digest, tag);
        else if (h.digest && deps.isIndex(h.mediaType) && !indexOwners.has(h.digest)) indexOwners.set(h.digest, tag);
      } catch (e) {
        if (!notFound(e)) throw e;
      }
      progress.checked++;
      if (progress.checked % 25 === 0) emit();
    });
    // an index that stays keeps its platform manifests: deleting one would leave it dangling
    const seen = new Set<Digest>();
    const walk = async (digest: Digest, owner: string): Promise<void> => {
      if (seen.has(digest)) return;
      seen.add(digest);
      for (const child of await deps.children(digest, signal)) {
        if (targetDigests.has(child.digest) && !keptBy.has(child.digest)) keptBy.set(child.digest, owner);
        if (child.index) await walk(child.digest, owner);
      }
    };
    for (const [digest, owner] of indexOwners) await walk(digest, owner);
  } catch (e) {
    if (!signal.aborted) progress.stoppedBy = e;
    return finish();
  }

  // 2. one DELETE per digest, each after a fresh, verified read of its tags; what describes a manifest after it
  progress.phase = 'deleting';
  emit();
  const removed = new Set<Digest>();
  const firstTag = new Map(targets.map((t) => [t.digest, t.tags[0] ?? t.digest] as const));
  const one = async (t: DeleteTarget) => {
    const by = keptBy.get(t.digest);
    if (by !== undefined) return settle(t, () => ({ status: 'kept', by }));
    if (t.subject !== undefined && !removed.has(t.subject)) {
      const subjectBy = firstTag.get(t.subject) ?? t.subject;
      return settle(t, () => ({ status: 'kept', by: subjectBy }));
    }
    const outcomes = new Map<string, TagOutcome>();
    const still: string[] = [];
    try {
      for (const tag of t.tags) {
        try {
          const h = await deps.verify(tag, signal);
          if (h.digest === t.digest) still.push(tag);
          else outcomes.set(tag, { status: 'moved', now: h.digest });
        } catch (e) {
          if (notFound(e)) outcomes.set(tag, { status: 'already-gone' });
          else throw e;
        }
      }
    } catch (e) {
      if (signal.aborted) return; // left as not run
      return settle(t, () => ({ status: 'failed', error: e }));
    }
    if (still.length === 0) {
      if (t.tags.every((tag) => outcomes.get(tag)?.status === 'already-gone')) removed.add(t.digest);
      return settle(t, (tag) => outcomes.get(tag)!);
    }
    if (signal.aborted || progress.stoppedBy) return;
    try {
      await deps.deleteManifest(t.digest);
      removed.add(t.digest);
      for (const tag of still) outcomes.set(tag, { status: 'deleted' });
    } catch (e) {
      const gone = notFound(e);
      if (gone) removed.add(t.digest);
      if (isRegistryError(e) && STOPPING.has(e.kind)) progress.stoppedBy ??= e;
      for (const tag of still) outcomes.set(tag, gone ? { status: 'already-gone' } : { status: 'failed', error: e });
    }
    settle(t, (tag) => outcomes.get(tag)!);
  };
  const run = (list: readonly DeleteTarget[]) =>
    eachConcurrently(
      list,
      concurrency,
      async (t) => {
        await one(t);
        emit();
      },
      () => signal.aborted || !!progress.stoppedBy,
    );
  // what describes a manifest waits for that manifest; artifacts of artifacts wait one round more
  let pending = [...targets];
  while (pending.length > 0 && !signal.aborted && !progress.stoppedBy) {
    const waiting = new Set(pending.map((t) => t.digest));
    const ready = pending.filter((t) => t.subject === undefined || !waiting.has(t.subject));
    if (ready.length === 0) break; // a cycle cannot be planned; left as not run
    await run(ready);
    const done = new Set(ready);
    pending = pending.filter((t) => !done.has(t));
  }
  return finish();
}

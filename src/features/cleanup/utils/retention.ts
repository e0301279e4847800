import type { Digest } from '@/registry/digest';
import { naturalCompare } from '@/lib/natural-sort';
import { reachable, type Inventory } from '@/registry/inventory';
import type { SupplyChainKind } from '@/registry/referrers';
import { isArtifactOnly, planDelete, type DeleteGroup } from './delete-plan';
import { compilePattern, type PatternSyntax } from './patterns';

/**
 * A retention policy for one repository, in the shape retention policies take elsewhere (GitLab's cleanup
 * policies, Harbor's tag retention): patterns choose the candidates, and every rule that is set KEEPS tags.
 * A candidate goes only when no rule keeps it.
 */
export interface RetentionRules {
  /** Keep the N newest candidates by created date. */
  keepNewest: number | undefined;
  /** Keep candidates created in the last D days (delete only what is older). */
  olderThanDays: number | undefined;
  /** Only tags matching this are candidates; empty = every tag. */
  include: string;
  /** Tags matching this are never candidates. */
  exclude: string;
  syntax: PatternSyntax;
  /** Tags always kept, by exact name (latest, stable…). */
  keep: string[];
}

export const EMPTY_RULES: RetentionRules = { keepNewest: undefined, olderThanDays: undefined, include: '', exclude: '', syntax: 'glob', keep: [] };

export type KeepReason =
  | { kind: 'always-keep' }
  | { kind: 'not-included' }
  | { kind: 'excluded' }
  | { kind: 'newest'; rank: number }
  | { kind: 'recent'; ageDays: number }
  | { kind: 'no-date' }
  | { kind: 'shares-digest'; with: string }
  | { kind: 'in-kept-index'; with: string };

export type DeleteReason =
  | { kind: 'older'; ageDays: number }
  | { kind: 'beyond-newest'; rank: number }
  | { kind: 'matched' }
  /** A signature, attestation or referrers tag of a manifest that goes: it would point at nothing. */
  | { kind: 'describes'; what: SupplyChainKind; of: string };

export type TagDecision =
  | { tag: string; digest: Digest; created: string | undefined; action: 'keep'; reasons: KeepReason[] }
  | { tag: string; digest: Digest; created: string | undefined; action: 'delete'; reasons: DeleteReason[] };

export type RuleError = 'include' | 'exclude' | 'no-criterion';

export interface RetentionPlan {
  /** One decision per tag, newest first (then natural name order). */
  decisions: TagDecision[];
  /** Digests to DELETE: every tag pointing at one is in `decisions` with action delete. */
  deleteDigests: ReadonlySet<Digest>;
  /** The DELETEs, as the one delete plan makes them (signatures after what they sign). */
  groups: DeleteGroup[];
  /** Rules that cannot run; when not empty, nothing is deleted. */
  errors: RuleError[];
}

const DAY_MS = 86_400_000;

function time(created: string | undefined): number | undefined {
  if (!created) return undefined;
  const t = Date.parse(created);
  return Number.isNaN(t) ? undefined : t;
}

/** Newest first; tags without a date last; ties in natural order, higher versions first. */
function byNewest(a: { tag: string; t: number | undefined }, b: { tag: string; t: number | undefined }): number {
  if (a.t !== b.t) {
    if (a.t === undefined) return 1;
    if (b.t === undefined) return -1;
    return b.t - a.t;
  }
  return naturalCompare(b.tag, a.tag);
}

/** Checks rules without an inventory, for the form. */
export function ruleErrors(rules: RetentionRules): RuleError[] {
  const errors: RuleError[] = [];
  if (!compilePattern(rules.include, rules.syntax).ok) errors.push('include');
  if (!compilePattern(rules.exclude, rules.syntax).ok) errors.push('exclude');
  // without one of these, "exclude x" alone would delete every other tag
  if (rules.keepNewest === undefined && rules.olderThanDays === undefined && !rules.include.trim()) errors.push('no-criterion');
  return errors;
}

/**
 * Decides, for every tag, whether a cleanup deletes it and why. Pure: the same inventory, rules and clock give
 * the same plan. The registry deletes manifests, not tags, so after the rules:
 *  - a tag that shares its digest with a kept tag is kept (deleting the digest would delete the kept tag);
 *  - a tag whose manifest is part of a kept multi-arch index is kept (deleting it would break that index).
 * Tags without a created date are kept whenever a date rule is set.
 */
export function planRetention(inventory: Inventory, rules: RetentionRules, now: number): RetentionPlan {
  const errors = ruleErrors(rules);
  const include = compilePattern(rules.include, rules.syntax);
  const exclude = compilePattern(rules.exclude, rules.syntax);
  const keepNames = new Set(rules.keep);
  const dateRule = rules.keepNewest !== undefined || rules.olderThanDays !== undefined;

  const rows = inventory.tags.map((f) => ({ ...f, t: time(f.created) })).sort(byNewest);
  const decided = new Map<string, TagDecision>();
  const candidates: typeof rows = [];
  for (const r of rows) {
    const base = { tag: r.tag, digest: r.digest, created: r.created };
    if (errors.length > 0) decided.set(r.tag, { ...base, action: 'keep', reasons: [] });
    else if (keepNames.has(r.tag)) decided.set(r.tag, { ...base, action: 'keep', reasons: [{ kind: 'always-keep' }] });
    else if (include.ok && include.matcher && !include.matcher(r.tag)) decided.set(r.tag, { ...base, action: 'keep', reasons: [{ kind: 'not-included' }] });
    else if (exclude.ok && exclude.matcher?.(r.tag)) decided.set(r.tag, { ...base, action: 'keep', reasons: [{ kind: 'excluded' }] });
    else if (dateRule && r.t === undefined) decided.set(r.tag, { ...base, action: 'keep', reasons: [{ kind: 'no-date' }] });
    else candidates.push(r);
  }

  candidates.forEach((r, i) => {
    const base = { tag: r.tag, digest: r.digest, created: r.created };
    const rank = i + 1;
    const ageDays = r.t === undefined ? 0 : Math.floor((now - r.t) / DAY_MS);
    const keep: KeepReason[] = [];
    const del: DeleteReason[] = [];
    if (rules.keepNewest !== undefined) {
      if (rank <= rules.keepNewest) keep.push({ kind: 'newest', rank });
      else del.push({ kind: 'beyond-newest', rank });
    }
    if (rules.olderThanDays !== undefined && r.t !== undefined) {
      if (now - r.t <= rules.olderThanDays * DAY_MS) keep.push({ kind: 'recent', ageDays });
      else del.push({ kind: 'older', ageDays });
    }
    if (!dateRule) del.push({ kind: 'matched' });
    decided.set(r.tag, keep.length > 0 ? { ...base, action: 'keep', reasons: keep } : { ...base, action: 'delete', reasons: del });
  });

  // the registry deletes digests: protect every digest a kept tag reaches, index children included
  const keptRoots = new Map<Digest, string>();
  for (const r of rows) {
    const d = decided.get(r.tag)!;
    if (d.action === 'keep' && !keptRoots.has(d.digest)) keptRoots.set(d.digest, d.tag);
  }
  const protectedBy = new Map<Digest, { tag: string; direct: boolean }>();
  for (const [digest, tag] of keptRoots) protectedBy.set(digest, { tag, direct: true });
  for (const [digest, tag] of keptRoots) {
    for (const child of reachable([digest], inventory.manifests)) {
      if (!protectedBy.has(child)) protectedBy.set(child, { tag, direct: false });
    }
  }
  for (const r of rows) {
    const d = decided.get(r.tag)!;
    const by = d.action === 'delete' ? protectedBy.get(d.digest) : undefined;
    if (by && d.action === 'delete') {
      decided.set(r.tag, {
        tag: d.tag,
        digest: d.digest,
        created: d.created,
        action: 'keep',
        reasons: [by.direct ? { kind: 'shares-digest', with: by.tag } : { kind: 'in-kept-index', with: by.tag }],
      });
    }
  }

  // the same plan as every other delete: what describes what goes goes too, anything refused stays
  const chosen = rows.map((r) => decided.get(r.tag)!).filter((d) => d.action === 'delete').map((d) => d.tag);
  const deletePlan = planDelete(chosen, { digests: new Map(inventory.tags.map((f) => [f.tag, f.digest])), manifests: inventory.manifests });
  for (const b of deletePlan.blocked) {
    const d = decided.get(b.tag)!;
    decided.set(b.tag, { tag: d.tag, digest: d.digest, created: d.created, action: 'keep', reasons: [{ kind: 'in-kept-index', with: b.index }] });
  }
  const firstTag = new Map(deletePlan.groups.map((g) => [g.digest, g.tags[0] ?? g.digest]));
  for (const g of deletePlan.groups) {
    if (!isArtifactOnly(g) || !g.subject || !g.kind) continue;
    for (const tag of g.tags) {
      const d = decided.get(tag)!;
      decided.set(tag, { tag, digest: d.digest, created: d.created, action: 'delete', reasons: [{ kind: 'describes', what: g.kind, of: firstTag.get(g.subject) ?? g.subject }] });
    }
  }

  const decisions = rows.map((r) => decided.get(r.tag)!);
  const deleteDigests = new Set<Digest>();
  for (const d of decisions) if (d.action === 'delete') deleteDigests.add(d.digest);
  return { decisions, deleteDigests, groups: deletePlan.groups, errors };
}


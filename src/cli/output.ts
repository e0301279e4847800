import cleanupStrings from '@/locales/en/cleanup.json';
import { formatBytes } from '@/lib/format';
import { createTranslator, type TFunction } from '@/lib/translate';
import type { TagDecision } from '@/features/cleanup/utils/retention';
import { reasonText } from '@/features/cleanup/utils/reason-text';
import type { TagOutcome } from '@/features/cleanup/utils/delete-plan';
import type { CleanupReport } from './cleanup';
import { describeError } from './cleanup';

/**
 * The plan as the preview shows it: what goes, what stays and why (the preview's own English sentences, from
 * the same catalog and the same reasonText), the reclaimable bytes; then, with --apply, what happened.
 */

/** The preview's strings, in English (a log is read by whoever is on call). */
const cleanupT: TFunction = createTranslator({ en: cleanupStrings }, 'en');

function decisionJson(t: TFunction, d: TagDecision, report: CleanupReport) {
  return {
    tag: d.tag,
    digest: d.digest,
    created: d.created ?? null,
    reasons: d.reasons.map((x) => ({ ...x, text: reasonText(t, x, report.parsedRules) })),
  };
}

function outcomeJson(o: TagOutcome) {
  switch (o.status) {
    case 'failed':
      return { status: o.status, error: describeError(o.error) };
    case 'moved':
      return { status: o.status, now: o.now ?? null };
    case 'kept':
      return { status: o.status, by: o.by };
    default:
      return { status: o.status };
  }
}

/** The report for scripts: stable keys, digests in full, bytes as numbers. */
export function reportJson(report: CleanupReport): string {
  const t = cleanupT;
  const repos = report.repositories.map((r) => {
    const going = r.plan?.decisions.filter((d) => d.action === 'delete') ?? [];
    const staying = r.plan?.decisions.filter((d) => d.action === 'keep') ?? [];
    return {
      name: r.name,
      status: r.status,
      ...(r.error ? { error: r.error } : {}),
      tags: r.tags,
      ...(r.plan
        ? {
            going: going.map((d) => decisionJson(t, d, report)),
            staying: staying.map((d) => decisionJson(t, d, report)),
            deletes: r.plan.groups.map((g) => ({ digest: g.digest, tags: g.tags, added: g.added, ...(g.subject ? { subject: g.subject, kind: g.kind } : {}) })),
          }
        : {}),
      ...(r.estimate
        ? {
            reclaimable: {
              bytes: r.estimate.reclaimable,
              plainSum: r.estimate.plainSum,
              freedBlobs: r.estimate.freed.length,
              stillUsedBlobs: r.estimate.stillUsed.length,
              untaggedChildren: { manifests: r.estimate.untaggedChildren.manifests.length, bytes: r.estimate.untaggedChildren.bytes },
              unknownManifests: r.estimate.unknown.length,
              sizesUnknown: r.estimate.sizesUnknown,
              otherRepositoriesChecked: false,
            },
          }
        : {}),
      ...(r.results ? { results: r.results.map((x) => ({ tag: x.tag, digest: x.digest, ...outcomeJson(x.outcome) })) } : {}),
      ...(r.stoppedBy ? { stoppedBy: r.stoppedBy } : {}),
    };
  });
  const all = report.repositories;
  const results = all.flatMap((r) => r.results ?? []);
  return `${JSON.stringify(
    {
      registry: report.registry,
      rules: report.rules,
      mode: report.mode,
      maxDeletes: report.maxDeletes ?? null,
      repositories: repos,
      unmatched: report.unmatched,
      ...(report.stopped ? { stopped: report.stopped } : {}),
      summary: {
        going: all.reduce((s, r) => s + (r.plan?.decisions.filter((d) => d.action === 'delete').length ?? 0), 0),
        deletes: all.reduce((s, r) => s + (r.plan?.groups.length ?? 0), 0),
        reclaimableBytes: all.reduce((s, r) => s + (r.estimate?.reclaimable ?? 0), 0),
        deleted: results.filter((x) => x.outcome.status === 'deleted').length,
        skipped: results.filter((x) => !['deleted', 'already-gone'].includes(x.outcome.status)).length,
        errors: all.filter((r) => r.status === 'error').length,
      },
      exitCode: report.exitCode,
    },
    null,
    2,
  )}\n`;
}

const short = (digest: string) => digest.replace(/^(sha256:[0-9a-f]{12})[0-9a-f]+$/, '$1');

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => `    ${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')}`.trimEnd());
}

function outcomeText(o: TagOutcome): string {
  switch (o.status) {
    case 'deleted':
      return 'deleted';
    case 'already-gone':
      return 'already gone';
    case 'moved':
      return `skipped: the tag moved to ${o.now ? short(o.now) : 'another manifest'} since the plan`;
    case 'kept':
      return `skipped: ${o.by} points at it (or at an index listing it) now`;
    case 'failed':
      return `failed: ${describeError(o.error)}`;
    case 'not-run':
      return 'not run';
  }
}

/** The report for a person. */
export function reportText(report: CleanupReport): string {
  const t = cleanupT;
  const rules = report.parsedRules;
  const out: string[] = [`${report.mode === 'apply' ? 'Cleanup' : 'Cleanup dry run'} of ${report.registry} with ${report.rules}`];
  for (const r of report.repositories) {
    out.push('', `${r.name}`);
    if (r.status === 'error') {
      out.push(`  error: ${r.error}`);
      continue;
    }
    const plan = r.plan!;
    const going = plan.decisions.filter((d) => d.action === 'delete');
    const staying = plan.decisions.filter((d) => d.action === 'keep');
    out.push(`  ${t('cleanup.preview.summary', { count: going.length, formatted: String(going.length), digests: String(plan.groups.length), staying: String(staying.length) })}`);
    if (going.length > 0 && r.estimate) {
      const e = r.estimate;
      out.push(`  ${t('cleanup.space.reclaimable')}: ${formatBytes(e.reclaimable)} (${t('cleanup.space.reclaimableHint', { count: e.freed.length, repo: r.name })})`);
      out.push(`  ${t('cleanup.space.plainSum')}: ${formatBytes(e.plainSum)}`);
      out.push(`  ${t('cleanup.space.otherReposNotChecked')}`);
      if (e.untaggedChildren.manifests.length > 0) out.push(`  ${t('cleanup.space.untaggedChildren', { count: e.untaggedChildren.manifests.length, bytes: formatBytes(e.untaggedChildren.bytes) })}`);
      if (e.unknown.length > 0) out.push(`  ${t('cleanup.space.unknown', { count: e.unknown.length })}`);
      if (e.sizesUnknown) out.push(`  ${t('cleanup.space.schema1')}`);
    }
    const rows = (list: TagDecision[]) => [
      [t('cleanup.preview.tag'), t('cleanup.preview.created'), t('cleanup.preview.digest'), t('cleanup.preview.why')],
      ...list.map((d) => [d.tag, d.created ?? '—', short(d.digest), d.reasons.map((x) => reasonText(t, x, rules)).join('; ')]),
    ];
    out.push(`  ${t('cleanup.preview.goingTitle', { count: going.length })}`);
    if (going.length > 0) out.push(...table(rows(going)));
    else out.push(`    ${t('cleanup.preview.nothingGoes')}`);
    out.push(`  ${t('cleanup.preview.stayingTitle', { count: staying.length })}`);
    if (staying.length > 0) out.push(...table(rows(staying)));
    if (r.results) {
      out.push('  Results');
      out.push(...table([['Tag', 'Digest', 'Outcome'], ...r.results.map((x) => [x.tag, short(x.digest), outcomeText(x.outcome)])]));
    }
    if (r.stoppedBy) out.push(`  stopped: ${r.stoppedBy}`);
  }
  if (report.unmatched.length > 0) out.push('', `No repository matches ${report.unmatched.join(', ')}.`);
  if (report.stopped) out.push('', `Stopped: ${report.stopped}.`);
  if (report.mode === 'dry-run' && !report.stopped && report.exitCode === 2) out.push('', 'Dry run: nothing was deleted. Run again with --apply to delete.');
  if (report.mode === 'apply' && report.repositories.some((r) => r.results?.some((x) => x.outcome.status === 'deleted'))) {
    out.push('', 'Deleting frees no disk until the registry runs garbage-collect (read-only or stopped): see the README, "Cleanup on a schedule".');
  }
  return `${out.join('\n')}\n`;
}

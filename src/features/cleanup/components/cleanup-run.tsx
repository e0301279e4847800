import { useQuery } from '@tanstack/react-query';
import { useTranslation } from '@/lib/i18n';
import { Button } from '@/components/ui/button';
import { ErrorPanel, errorKey } from '@/components/ui/error-panel';
import { ProgressBar } from '@/components/ui/progress-bar';
import { formatCount } from '@/lib/format';
import { shortDigest } from '@/registry/digest';
import { isRegistryError } from '@/registry/errors';
import type { TagOutcome } from '../utils/delete-plan';
import { tagsQuery } from '@/queries/tags';
import { GcGuidance } from './gc-guidance';
import { EmptyRepositoryNote } from './empty-repository-note';
import type { CleanupRunState } from '../hooks/use-cleanup-run';
import { ScrollRegion } from '@/components/ui/scroll-region';
import { Cell, Row, RowHeader, Table } from '@/components/ui/table';

const STATUS_ORDER: TagOutcome['status'][] = ['deleted', 'already-gone', 'moved', 'kept', 'failed', 'not-run'];

function OutcomeText({ outcome }: { outcome: TagOutcome | undefined }) {
  const { t } = useTranslation();
  if (!outcome) return <span className="text-slate-600 dark:text-slate-400">{t('cleanup.run.pending')}</span>;
  switch (outcome.status) {
    case 'deleted':
      return <span className="text-teal-800 dark:text-teal-300">{t('cleanup.run.status.deleted')}</span>;
    case 'already-gone':
      return <span>{t('cleanup.run.status.already-gone')}</span>;
    case 'moved':
      return <span className="text-amber-800 dark:text-amber-300">{outcome.now ? t('cleanup.run.status.moved', { digest: shortDigest(outcome.now) }) : t('cleanup.run.status.already-gone')}</span>;
    case 'kept':
      return <span className="text-amber-800 dark:text-amber-300">{t('cleanup.run.status.kept', { tag: outcome.by })}</span>;
    case 'failed': {
      const kind = errorKey(outcome.error);
      return <span className="text-red-800 dark:text-red-300">{t('cleanup.run.status.failed', { reason: t(`errors.${kind}.title`, { status: isRegistryError(outcome.error) ? outcome.error.status : 0 }) })}</span>;
    }
    case 'not-run':
      return <span className="text-slate-600 dark:text-slate-300">{t('cleanup.run.status.not-run')}</span>;
  }
}

/**
 * Shows a running cleanup: a progress bar, every tag's outcome as it comes, a Stop button, and at the end a
 * summary with what was not done and what to do next.
 */
export function CleanupRun({ repo, run, onClose }: { repo: string; run: CleanupRunState; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { progress, stopping } = run;
  const targets = run.targets ?? [];

  const done = progress?.phase === 'done';
  const tagCount = targets.reduce((n, x) => n + x.tags.length, 0);
  const counts = new Map<TagOutcome['status'], number>();
  for (const r of progress?.results.values() ?? []) if (r.outcome) counts.set(r.outcome.status, (counts.get(r.outcome.status) ?? 0) + 1);

  return (
    <div className="space-y-3 text-sm">
      {!progress || progress.phase === 'checking' ? (
        <ProgressBar
          value={progress?.checked ?? 0}
          max={progress?.checkTotal ?? 0}
          label={t('cleanup.run.checking', { done: formatCount(progress?.checked ?? 0, lang), total: formatCount(progress?.checkTotal ?? 0, lang) })}
        />
      ) : (
        <ProgressBar
          value={progress.finished}
          max={progress.total}
          label={t('cleanup.run.progress', { done: formatCount(progress.finished, lang), total: formatCount(progress.total, lang) })}
        />
      )}

      {done ? (
        <div role="status" className="space-y-1">
          <p className="font-semibold">
            {progress.cancelled ? t('cleanup.run.summaryCancelled') : progress.stoppedBy ? t('cleanup.run.summaryStopped') : t('cleanup.run.summaryDone')}
          </p>
          <ul className="list-disc pl-5" aria-label={t('cleanup.run.countsLabel')}>
            {STATUS_ORDER.filter((s) => counts.get(s)).map((s) => (
              <li key={s}>{t(`cleanup.run.count.${s}`, { count: counts.get(s) ?? 0, formatted: formatCount(counts.get(s) ?? 0, lang) })}</li>
            ))}
          </ul>
        </div>
      ) : (
        <p aria-live="polite">{stopping ? t('cleanup.run.stopping') : t('cleanup.run.running', { count: tagCount })}</p>
      )}
      {progress?.stoppedBy ? (
        <ErrorPanel error={progress.stoppedBy} context={isRegistryError(progress.stoppedBy) && progress.stoppedBy.kind === 'unsupported' ? t('cleanup.delete.unsupportedContext') : undefined} />
      ) : null}

      <ScrollRegion label={t('cleanup.run.resultsLabel')} className="max-h-64 rounded border border-slate-200 dark:border-slate-700">
        <Table
          label={t('cleanup.run.resultsLabel')}
          density="compact"
          sticky
          columns={[
            { key: 'tag', header: t('cleanup.preview.tag') },
            { key: 'digest', header: t('cleanup.preview.digest') },
            { key: 'result', header: t('cleanup.run.result') },
          ]}
        >
          {[...(progress?.results ?? new Map(targets.flatMap((x) => x.tags.map((tag) => [tag, { digest: x.digest, outcome: undefined }] as const))))].map(([tag, r]) => (
            <Row key={tag}>
              <RowHeader>{tag}</RowHeader>
              <Cell className="font-mono">{shortDigest(r.digest)}</Cell>
              <Cell><OutcomeText outcome={r.outcome} /></Cell>
            </Row>
          ))}
        </Table>
      </ScrollRegion>

      {done ? (
        <div className="space-y-2">
          <h3 className="font-semibold">{t('cleanup.run.nextSteps')}</h3>
          {counts.get('not-run') || counts.get('failed') ? <p>{t('cleanup.run.nextRetry')}</p> : null}
          {counts.get('deleted') ? <GcGuidance /> : null}
          <RemainingTags repo={repo} />
        </div>
      ) : null}

      <div className="flex justify-end gap-2 pt-2">
        {done ? (
          <Button data-autofocus variant="primary" onClick={onClose}>{t('common.close')}</Button>
        ) : (
          <Button data-autofocus onClick={run.stop} disabled={stopping}>{t('cleanup.run.stop')}</Button>
        )}
      </div>
    </div>
  );
}

/** After a run: a repository left with no tags is said so, with what an operator can do about it. */
function RemainingTags({ repo }: { repo: string }) {
  const q = useQuery(tagsQuery(repo));
  if (!q.isSuccess || q.data.length > 0) return null;
  return <EmptyRepositoryNote repo={repo} />;
}

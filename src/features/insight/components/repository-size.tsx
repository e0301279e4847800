import { useTranslation } from '@/lib/i18n';
import { Button } from '@/components/ui/button';
import { ErrorPanel } from '@/components/ui/error-panel';
import { ProgressBar } from '@/components/ui/progress-bar';
import { formatBytes, formatCount } from '@/lib/format';
import { useRepositorySize } from '../hooks/use-repository-size';

/**
 * The repository's storage: its distinct blobs, each counted once however many tags, platforms and
 * attestations share it. Computed on request, with progress, beside the per-tag sizes of the table.
 */
export function RepositorySize({ repo }: { repo: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const s = useRepositorySize(repo);
  const totals = s.totals;
  return (
    <section aria-label={t('insight.repositorySize')} className="flex min-h-8 flex-wrap items-center gap-3 rounded-lg border border-slate-200 px-3 py-2 text-sm dark:border-slate-700">
      <span className="font-medium">{t('insight.repositorySize')}</span>
      {s.status === 'idle' ? <Button onClick={s.start}>{t('insight.computeSize')}</Button> : null}
      {s.status === 'running' ? (
        <ProgressBar
          value={s.done}
          max={s.total}
          label={t('insight.sizeProgress', { done: formatCount(s.done, lang), total: formatCount(s.total, lang) })}
        />
      ) : null}
      {s.status === 'done' && totals ? (
        <>
          <output className="tabular-nums" aria-label={t('insight.uniqueBlobsLabel')}>
            {t('insight.uniqueBlobs', { size: formatBytes(totals.bytes, lang), count: totals.blobs, countText: formatCount(totals.blobs, lang) })}
          </output>
          <span className="text-slate-600 dark:text-slate-300">
            {t('insight.manifests', { count: totals.manifests, countText: formatCount(totals.manifests, lang), size: formatBytes(totals.manifestBytes, lang) })}
          </span>
          {totals.bytesWithoutSharing > totals.bytes ? (
            <span className="text-slate-600 dark:text-slate-300">{t('insight.sharingSaves', { size: formatBytes(totals.bytesWithoutSharing - totals.bytes, lang) })}</span>
          ) : null}
          {totals.sizesUnknown > 0 ? <span className="text-amber-700 dark:text-amber-300">{t('insight.sizesUnknown', { count: totals.sizesUnknown })}</span> : null}
          {s.failed > 0 ? <span className="text-red-700 dark:text-red-300">{t('insight.sizeFailed', { count: s.failed })}</span> : null}
          {s.missing > 0 ? <span className="text-amber-700 dark:text-amber-300">{t('insight.childrenMissing', { count: s.missing })}</span> : null}
          <Button variant="ghost" onClick={s.start}>{t('insight.recompute')}</Button>
        </>
      ) : null}
      {s.status === 'error' ? <ErrorPanel error={s.error} onRetry={s.start} /> : null}
    </section>
  );
}

import { useId } from 'react';
import { useTranslation } from '@/lib/i18n';
import { Button } from '@/components/ui/button';
import { ProgressBar } from '@/components/ui/progress-bar';
import { formatBytes, formatCount } from '@/lib/format';
import type { ReclaimEstimate } from '../utils/reclaimable';
import type { ScanState } from '../hooks/use-registry-scan';

interface Props {
  repo: string;
  estimate: ReclaimEstimate;
  scan: { state: ScanState; start: () => void; cancel: () => void };
}

/**
 * Reclaimable space beside the plain sum, each labelled, and what the figure does not know: other
 * repositories (until the registry-wide check runs) and untagged manifests already in storage.
 */
export function ReclaimableSummary({ repo, estimate, scan }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const bytes = (n: number) => formatBytes(n, lang);
  const s = scan.state;
  const titleId = useId();
  return (
    <section aria-labelledby={titleId} className="space-y-2 rounded-lg border border-slate-200 p-3 text-sm dark:border-slate-700">
      <h3 id={titleId} className="font-semibold">{t('cleanup.space.title')}</h3>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
        <dt className="font-medium">{t('cleanup.space.reclaimable')}</dt>
        <dd>
          <span className="font-semibold tabular-nums" data-testid="reclaimable-bytes" data-bytes={estimate.reclaimable}>{bytes(estimate.reclaimable)}</span>
          <span className="ml-2 text-slate-600 dark:text-slate-300">{t('cleanup.space.reclaimableHint', { count: estimate.freed.length, repo })}</span>
        </dd>
        <dt className="font-medium">{t('cleanup.space.plainSum')}</dt>
        <dd>
          <span className="tabular-nums" data-testid="plain-sum-bytes">{bytes(estimate.plainSum)}</span>
          <span className="ml-2 text-slate-600 dark:text-slate-300">{t('cleanup.space.plainSumHint')}</span>
        </dd>
      </dl>

      {s.status === 'done' ? (
        <p role="status">
          {t('cleanup.space.scanDone', { count: s.total, formatted: formatCount(s.total, lang) })}
          {s.failedRepos.length > 0 ? ` ${t('cleanup.space.scanFailedRepos', { count: s.failedRepos.length, names: s.failedRepos.slice(0, 5).join(', ') })}` : ''}
        </p>
      ) : (
        <div className="rounded border border-amber-300 bg-amber-50 p-2 dark:border-amber-700 dark:bg-amber-950">
          <p>{t('cleanup.space.otherReposNotChecked')}</p>
          {s.status === 'running' ? (
            <div className="mt-2 flex flex-wrap items-center gap-3">
              <ProgressBar value={s.scanned} max={s.total} label={t('cleanup.space.scanning', { done: formatCount(s.scanned, lang), total: formatCount(s.total, lang) })} />
              <Button onClick={scan.cancel}>{t('cleanup.space.scanCancel')}</Button>
            </div>
          ) : (
            <div className="mt-2 flex flex-wrap items-center gap-3">
              <Button onClick={scan.start}>{t('cleanup.space.scanStart')}</Button>
              {s.status === 'cancelled' ? <span>{t('cleanup.space.scanCancelled')}</span> : null}
              {s.status === 'failed' ? <span className="text-red-800 dark:text-red-300">{t('cleanup.space.scanError')}</span> : null}
              <span className="text-slate-600 dark:text-slate-300">{t('cleanup.space.scanCost')}</span>
            </div>
          )}
        </div>
      )}
      <p className="text-slate-600 dark:text-slate-300">{t('cleanup.space.untaggedNotVisible')}</p>
      {estimate.untaggedChildren.manifests.length > 0 ? (
        <p className="text-amber-800 dark:text-amber-300">
          {t('cleanup.space.untaggedChildren', { count: estimate.untaggedChildren.manifests.length, bytes: bytes(estimate.untaggedChildren.bytes) })}
        </p>
      ) : null}
      {estimate.unknown.length > 0 ? <p className="text-red-800 dark:text-red-300">{t('cleanup.space.unknown', { count: estimate.unknown.length })}</p> : null}
      {estimate.sizesUnknown ? <p className="text-amber-800 dark:text-amber-300">{t('cleanup.space.schema1')}</p> : null}

      <details>
        <summary className="cursor-pointer">{t('cleanup.space.freedList', { count: estimate.freed.length })}</summary>
        <ul className="mt-1 max-h-60 space-y-0.5 overflow-auto font-mono text-xs" aria-label={t('cleanup.space.freedListLabel')} tabIndex={0}>
          {estimate.freed.map((b) => (
            <li key={b.digest} data-digest={b.digest} data-size={b.size}>
              <span className="break-all">{b.digest}</span> · {t(`cleanup.space.kind.${b.kind}`)} · {bytes(b.size)}
            </li>
          ))}
        </ul>
      </details>
      {estimate.stillUsed.length > 0 ? (
        <details>
          <summary className="cursor-pointer">{t('cleanup.space.stillUsedList', { count: estimate.stillUsed.length })}</summary>
          <ul className="mt-1 max-h-60 space-y-0.5 overflow-auto font-mono text-xs" aria-label={t('cleanup.space.stillUsedListLabel')} tabIndex={0}>
            {estimate.stillUsed.map(({ blob, by }) => (
              <li key={blob.digest}>
                <span className="break-all">{blob.digest}</span> · {t(`cleanup.space.kind.${blob.kind}`)} · {bytes(blob.size)} ·{' '}
                {by === 'repository' ? t('cleanup.space.usedHere', { repo }) : t('cleanup.space.usedBy', { repo: by.repository })}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}

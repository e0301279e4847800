import { memo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from '@/lib/i18n';
import { tagsQuery } from '@/queries/tags';
import { Priority } from '@/lib/request-queue';
import { isRegistryError } from '@/registry/errors';
import { formatCount } from '@/lib/format';

/**
 * Tag count of one repository, fetched when its row is rendered (and dropped from the queue when it scrolls
 * away first); marks repositories with no tags.
 */
export const TagCount = memo(function TagCount({ name, priority = Priority.visible }: { name: string; priority?: number }) {
  const { t, i18n } = useTranslation();
  const q = useQuery(tagsQuery(name, priority));
  if (q.isPending) return <span className="text-slate-500 dark:text-slate-400" aria-label={t('catalog.countingTags')}>…</span>;
  if (q.isError) {
    if (isRegistryError(q.error) && q.error.kind === 'not-found') {
      return (
        <span className="rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-900 dark:bg-amber-900 dark:text-amber-100" title={t('catalog.noManifestHint')}>
          {t('catalog.noManifest')}
        </span>
      );
    }
    return <span className="text-xs text-red-700 dark:text-red-300" title={t(`errors.${isRegistryError(q.error) ? q.error.kind : 'malformed'}.title`, { status: isRegistryError(q.error) ? q.error.status : 0 })}>{t('catalog.tagCountError')}</span>;
  }
  if (q.data.length === 0) {
    return (
      <span className="rounded bg-slate-200 px-1.5 py-0.5 text-xs text-slate-700 dark:bg-slate-700 dark:text-slate-200" title={t('catalog.noTagsHint')}>
        {t('catalog.noTags')}
      </span>
    );
  }
  return <span>{t('catalog.tagCount', { count: q.data.length, formatted: formatCount(q.data.length, i18n.language) })}</span>;
});

import { useQuery } from '@tanstack/react-query';
import { useTranslation } from '@/lib/i18n';
import { CatalogList } from '@/features/catalog/components/catalog-list';
import { EmptyRepositoriesToggle } from '@/features/catalog/components/empty-repositories-toggle';
import { useEmptyRepositories } from '@/features/catalog/hooks/use-empty-repositories';
import { ErrorPanel } from '@/components/ui/error-panel';
import { EmptyState } from '@/components/ui/empty-state';
import { Spinner } from '@/components/ui/spinner';
import { catalogQuery } from '@/queries/catalog';
import { formatCount } from '@/lib/format';
import { useQueryParams } from '@/hooks/use-query-params';
import { SearchField } from '@/components/ui/search-field';

export function CatalogRoute() {
  const { t, i18n } = useTranslation();
  const [params, update] = useQueryParams();
  const filter = params.get('q') ?? '';
  const q = useQuery(catalogQuery());
  const names = q.data ?? [];
  const streaming = q.fetchStatus === 'fetching';
  const empty = useEmptyRepositories(names);
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold">{t('catalog.title')}</h1>
        <span className="text-sm text-slate-600 dark:text-slate-300" aria-live="polite">
          {q.isSuccess ? t(streaming ? 'catalog.countStreaming' : 'catalog.count', { count: names.length, formatted: formatCount(names.length, i18n.language) }) : null}
        </span>
        <SearchField label={t('catalog.filter')} value={filter} placeholder={t('catalog.filterPlaceholder')} onChange={(v) => update({ q: v })} className="w-64" />
      </div>
      {names.length > 0 ? <EmptyRepositoriesToggle state={empty} /> : null}
      {q.isPending ? <Spinner label={t('catalog.loading')} /> : null}
      {q.isError ? <ErrorPanel error={q.error} onRetry={() => void q.refetch()} context={t('catalog.title')} /> : null}
      {q.isSuccess && names.length === 0 && !streaming ? (
        <EmptyState title={t('catalog.empty')}>{t('catalog.emptyHint')}</EmptyState>
      ) : null}
      {names.length > 0 ? <CatalogList names={empty.visible} filter={filter} /> : null}
    </div>
  );
}

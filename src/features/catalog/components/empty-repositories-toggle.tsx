import { useTranslation } from '@/lib/i18n';
import type { EmptyRepositories } from '../hooks/use-empty-repositories';

/** Hide repositories with no tags left, and say why they are listed at all. */
export function EmptyRepositoriesToggle({ state }: { state: EmptyRepositories }) {
  const { t } = useTranslation();
  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
      <label className="flex items-center gap-2">
        <input type="checkbox" checked={state.hide} onChange={(e) => state.setHide(e.target.checked)} />
        {t('cleanup.emptyRepos.hide')}
      </label>
      {state.hide && state.hiddenCount > 0 ? (
        <span role="status" className="text-slate-600 dark:text-slate-300">{t('cleanup.emptyRepos.hidden', { count: state.hiddenCount })}</span>
      ) : null}
      <details className="basis-full">
        <summary className="cursor-pointer text-slate-600 dark:text-slate-300">{t('cleanup.emptyRepos.explainTitle')}</summary>
        <p className="mt-1 max-w-3xl">{t('cleanup.emptyRepos.explain')}</p>
      </details>
    </div>
  );
}

import { useTranslation } from '@/lib/i18n';
import { ErrorPanel } from '@/components/ui/error-panel';

/** Shown instead of a blank page when a page throws while rendering. */
export function RouteError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const kind = (error as { kind?: string } | null)?.kind;
  return (
    <div className="mx-auto max-w-3xl p-6">
      {kind ? (
        <ErrorPanel error={error} onRetry={() => window.location.reload()} />
      ) : (
        <div role="alert" className="rounded-lg border border-red-300 bg-red-50 p-4 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
          <p className="font-semibold">{t('errors.crash.title')}</p>
          <p className="mt-1">{t('errors.crash.hint')}</p>
          <button type="button" className="mt-3 underline" onClick={() => window.location.reload()}>
            {t('common.reload')}
          </button>
        </div>
      )}
    </div>
  );
}

import { useTranslation } from '@/lib/i18n';
import { Button } from '@/components/ui/button';
import { ErrorPanel } from '@/components/ui/error-panel';
import { ProgressBar } from '@/components/ui/progress-bar';
import { formatCount } from '@/lib/format';
import type { InventoryState } from '../hooks/use-repository-inventory';

/**
 * What a delete confirmation shows while it reads the repository afresh: the progress of the check, the
 * error that stopped it, or the tags that could not be checked (nothing can be deleted until every tag is).
 */
export function InventoryStatus({ inventory, onRetry }: { inventory: InventoryState; onRetry: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <>
      {!inventory.done ? (
        <ProgressBar value={inventory.checked} max={inventory.total} label={t('cleanup.delete.checking', { done: formatCount(inventory.checked, lang), total: formatCount(inventory.total, lang) })} />
      ) : null}
      {inventory.error ? <ErrorPanel error={inventory.error} onRetry={onRetry} /> : null}
      {inventory.done && inventory.failed.length > 0 ? (
        <div role="alert" className="text-red-800 dark:text-red-300">
          {t('cleanup.delete.checkFailed', { count: inventory.failed.length })}
          <Button className="ml-2" onClick={onRetry}>{t('common.retry')}</Button>
        </div>
      ) : null}
    </>
  );
}

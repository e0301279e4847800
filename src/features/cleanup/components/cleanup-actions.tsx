import { Link } from 'react-router';
import { useTranslation } from '@/lib/i18n';
import { Button } from '@/components/ui/button';
import { formatCount } from '@/lib/format';

// What opens the cleanup views, apart from the views: the tag list shows these at once, and loads the dialogs
// and the preview panel (with the inventory, the delete plan and the retention rules) only when one is opened,
// which keeps them out of the tag list's first view (scripts/bundle-size.mjs).

/**
 * The delete action for a tag. It only asks to open the dialog: the page owns the dialog, so the dialog
 * survives the refresh that removes the deleted rows.
 */
export function DeleteTagButton({ tag, onOpen, compact = false }: { tag: string; onOpen: (tag: string) => void; compact?: boolean }) {
  const { t } = useTranslation();
  return (
    <Button variant={compact ? 'ghost' : 'danger'} className={compact ? 'px-2 py-0.5 text-xs text-red-700 dark:text-red-300' : ''} aria-label={t('cleanup.delete.buttonLabel', { tag })} onClick={() => onOpen(tag)}>
      {t('cleanup.delete.button')}
    </Button>
  );
}

/** The bar above the tag table while tags are selected. */
export function SelectionBar({ count, onDelete, onClear }: { count: number; onDelete: () => void; onClear: () => void }) {
  const { t, i18n } = useTranslation();
  if (count === 0) return null;
  return (
    <div role="region" aria-label={t('cleanup.select.barLabel')} className="flex flex-wrap items-center gap-3 rounded-lg border border-teal-300 bg-teal-50 px-3 py-2 text-sm dark:border-teal-700 dark:bg-teal-950">
      <span aria-live="polite">{t('cleanup.select.count', { count, formatted: formatCount(count, i18n.language) })}</span>
      <Button variant="danger" onClick={onDelete}>{t('cleanup.select.delete', { count })}</Button>
      <Button variant="ghost" onClick={onClear}>{t('cleanup.select.clear')}</Button>
    </div>
  );
}

/** Selection labels for the tag table's checkboxes, in this feature's words. */
export function useSelectionLabels() {
  const { t } = useTranslation();
  return { all: t('cleanup.select.all'), tag: (tag: string) => t('cleanup.select.tag', { tag }) };
}

/** Opens the preview with the default rules, keeping the rest of the URL. */
export function CleanupLink({ search }: { search: string }) {
  const { t } = useTranslation();
  return (
    <Link to={{ search }} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-teal-600 dark:border-slate-600 dark:hover:bg-slate-700">
      {t('cleanup.preview.open')}
    </Link>
  );
}

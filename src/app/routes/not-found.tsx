import { Link } from 'react-router';
import { useTranslation } from '@/lib/i18n';
import { EmptyState } from '@/components/ui/empty-state';

export function NotFoundRoute() {
  const { t } = useTranslation();
  return (
    <EmptyState page title={t('common.pageNotFound')}>
      <Link to="/" className="text-teal-800 underline dark:text-teal-300">{t('common.backToCatalog')}</Link>
    </EmptyState>
  );
}

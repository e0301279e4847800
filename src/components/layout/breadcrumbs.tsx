import { Link } from 'react-router';
import { useTranslation } from '@/lib/i18n';

export interface Crumb {
  label: string;
  to?: string;
}

export function Breadcrumbs({ items }: { items: Crumb[] }) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t('common.breadcrumbs')} className="mb-3 text-sm">
      <ol className="flex flex-wrap items-center gap-1 text-slate-600 dark:text-slate-300">
        {items.map((c, i) => (
          <li key={i} className="flex min-w-0 max-w-full items-center gap-1">
            {i > 0 ? <span aria-hidden="true">/</span> : null}
            {c.to ? (
              <Link to={c.to} className="min-w-0 break-all text-teal-800 hover:underline dark:text-teal-300">{c.label}</Link>
            ) : (
              <span aria-current="page" className="min-w-0 break-all font-medium text-slate-900 dark:text-slate-100">{c.label}</span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}

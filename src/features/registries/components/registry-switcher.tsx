import { useTranslation } from 'react-i18next';
import { getRuntimeConfig } from '@/config/runtime-config';
import { registryHome } from '@/config/registries';

/**
 * In the header with REGISTRIES: which registry this page shows, and a way to another one. Switching loads
 * that registry's repository list as a new page (`<basePath>x/<id>/`), so nothing cached for one registry
 * (answers, credentials in memory) carries over to another. Renders nothing with a single registry.
 */
export function RegistrySwitcher({ navigate = (href: string) => window.location.assign(href) }: { navigate?: (href: string) => void }) {
  const { t } = useTranslation();
  const { registries, registryId, basePath } = getRuntimeConfig();
  if (registries.length < 2) return null;
  return (
    <label className="flex items-center gap-1">
      <span className="sr-only">{t('registries.label')}</span>
      <select
        className="max-w-48 rounded border border-slate-300 bg-white px-2 py-1 dark:border-slate-600 dark:bg-slate-800"
        value={registryId}
        title={t('registries.hint')}
        onChange={(e) => navigate(registryHome(basePath, e.target.value))}
      >
        {registries.map((r) => (
          <option key={r.id} value={r.id}>
            {r.deleteImages ? r.title : t('registries.readOnly', { title: r.title })}
          </option>
        ))}
      </select>
    </label>
  );
}

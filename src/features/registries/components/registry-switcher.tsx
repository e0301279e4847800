import { useTranslation } from '@/lib/i18n';
import { getRuntimeConfig } from '@/config/runtime-config';
import { registryHome } from '@/config/registries';
import { clearTagIndexes } from '@/queries/persist';

// the switch waits this long at most for the store (one that does not answer must not hold the user up)
const CLEAR_WAIT_MS = 500;

/** Forgets every persisted tag index, then loads `href`. */
async function switchTo(href: string, navigate: (href: string) => void): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const waited = new Promise<void>((r) => (timer = setTimeout(r, CLEAR_WAIT_MS)));
  await Promise.race([clearTagIndexes().catch(() => undefined), waited]);
  clearTimeout(timer);
  navigate(href);
}

/**
 * In the header with REGISTRIES: which registry this page shows, and a way to another one. Switching loads
 * that registry's repository list as a new page (`<basePath>x/<id>/`), so nothing cached for one registry
 * (answers, credentials in memory) carries over to another, and the tag indexes kept from past visits are
 * forgotten first, as on sign-out. Renders nothing with a single registry.
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
        onChange={(e) => void switchTo(registryHome(basePath, e.target.value), navigate)}
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

import { Link, Outlet } from 'react-router';
import { useEffect, useState, type ReactNode } from 'react';
import { LANGUAGES, setLanguage, useTranslation, type Language } from '@/lib/i18n';
import { applyTheme, rememberTheme, storedTheme, type ThemeChoice } from '@/lib/theme';

/** Header, language and theme switches, the account (given by the router: sign in / out), and the page. */
export function AppShell({
  title,
  defaultTheme,
  account,
  registrySwitcher,
}: {
  title: string;
  defaultTheme: ThemeChoice;
  account?: ReactNode;
  /** With several registries (REGISTRIES): which one this page shows, next to its title. */
  registrySwitcher?: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const [theme, setTheme] = useState<ThemeChoice>(() => storedTheme(defaultTheme));
  // screen readers pick their voice, and browsers their fonts and hyphenation, from <html lang>
  useEffect(() => {
    document.documentElement.lang = i18n.language;
  }, [i18n.language]);
  // "System theme" follows the system while the page is open (night mode switching on at dusk)
  useEffect(() => {
    if (theme !== 'auto') return;
    const query = globalThis.matchMedia?.('(prefers-color-scheme: dark)');
    const follow = () => applyTheme('auto');
    query?.addEventListener('change', follow);
    return () => query?.removeEventListener('change', follow);
  }, [theme]);
  return (
    <div className="min-h-screen bg-white text-slate-900 dark:bg-slate-950 dark:text-slate-100">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:rounded focus:bg-white focus:p-2 focus:text-black">
        {t('common.skipToContent')}
      </a>
      <header className="border-b border-slate-200 bg-slate-50 dark:border-slate-800 dark:bg-slate-900">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-3 px-4 py-3">
          <Link to="/" className="text-lg font-semibold text-teal-800 focus-visible:outline-2 focus-visible:outline-teal-600 dark:text-teal-300">
            {title}
          </Link>
          {registrySwitcher}
          <div className="ml-auto flex items-center gap-2 text-sm">
            {account}
            <label className="flex items-center gap-1">
              <span className="sr-only">{t('common.language')}</span>
              <select
                className="rounded border border-slate-300 bg-white px-2 py-1 dark:border-slate-600 dark:bg-slate-800"
                value={i18n.language}
                onChange={(e) => setLanguage(e.target.value as Language)}
              >
                {LANGUAGES.map((l) => (
                  // each name is written in its own language: screen readers switch voice on lang
                  <option key={l} value={l} lang={l}>{t(`languages.${l}`)}</option>
                ))}
              </select>
            </label>
            <label className="flex items-center gap-1">
              <span className="sr-only">{t('common.theme')}</span>
              <select
                className="rounded border border-slate-300 bg-white px-2 py-1 dark:border-slate-600 dark:bg-slate-800"
                value={theme}
                onChange={(e) => {
                  const next = e.target.value as ThemeChoice;
                  setTheme(next);
                  rememberTheme(next);
                }}
              >
                <option value="auto">{t('theme.auto')}</option>
                <option value="light">{t('theme.light')}</option>
                <option value="dark">{t('theme.dark')}</option>
              </select>
            </label>
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-7xl px-4 py-4">
        <Outlet />
      </main>
    </div>
  );
}

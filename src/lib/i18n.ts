import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';

// One catalog file per area (locales/<lang>/<area>.json, top-level key = area), merged here, so features
// add their strings without touching each other's files. locales.test.ts checks both languages match.
const files = import.meta.glob<Record<string, unknown>>('../locales/*/*.json', { eager: true, import: 'default' });

/** Every string of one language, merged from its area files. */
export function catalogFor(lang: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [path, content] of Object.entries(files)) {
    if (path.split('/').at(-2) === lang) Object.assign(out, content);
  }
  return out;
}

export const LANGUAGES = ['en', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'registry-ui.language';

/** Picks the language: the user's remembered choice, the operator's default, then the browser's languages. */
export function detectLanguage(defaultLanguage: string, navigatorLanguages: readonly string[] = globalThis.navigator?.languages ?? []): Language {
  let stored: string | null = null;
  try {
    stored = globalThis.localStorage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    // storage can be disabled
  }
  if (stored === 'en' || stored === 'zh-CN') return stored;
  if (defaultLanguage === 'en' || defaultLanguage === 'zh-CN') return defaultLanguage;
  for (const l of navigatorLanguages) {
    const lower = l.toLowerCase();
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

/** Switches and remembers the language. */
export function setLanguage(lang: Language): void {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, lang);
  } catch {
    // not remembered, still switched
  }
  void i18n.changeLanguage(lang);
}

export function initI18n(lang: Language): typeof i18n {
  if (!i18n.isInitialized) {
    void i18n.use(initReactI18next).init({
      resources: { en: { translation: catalogFor('en') }, 'zh-CN': { translation: catalogFor('zh-CN') } },
      lng: lang,
      fallbackLng: 'en',
      interpolation: { escapeValue: false }, // React escapes; registry text is never HTML
      returnNull: false,
    });
  } else if (i18n.language !== lang) {
    void i18n.changeLanguage(lang);
  }
  return i18n;
}

export { i18n };

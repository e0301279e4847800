import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';

// One catalog file per area (locales/<lang>/<area>.json, top-level key = area), merged here, so features
// add their strings without touching each other's files. locales.test.ts checks both languages match.
// English is in the first load (it is also the fallback); other languages are a chunk loaded when chosen.
const english = import.meta.glob<Record<string, unknown>>('../locales/en/*.json', { eager: true, import: 'default' });

/** Every string of one language, merged from its area files. */
export async function loadCatalog(lang: string): Promise<Record<string, unknown>> {
  if (lang === 'zh-CN') return (await import('./i18n-zh-cn')).zhCN;
  return lang === 'en' ? Object.assign({}, ...Object.values(english)) : {};
}

/** Hands i18next the catalog of a language when it is first needed (the language switch waits for it). */
const onDemand = {
  type: 'backend' as const,
  init() {},
  read(lang: string, _namespace: string, callback: (error: unknown, data: Record<string, unknown> | false) => void) {
    loadCatalog(lang).then(
      (catalog) => callback(null, catalog),
      (error: unknown) => callback(error, false),
    );
  },
};

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
    void i18n.use(onDemand).use(initReactI18next).init({
      resources: { en: { translation: Object.assign({}, ...Object.values(english)) } },
      partialBundledLanguages: true,
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

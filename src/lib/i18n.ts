import { useSyncExternalStore } from 'react';
import { createTranslator, type Catalog, type TFunction } from './translate';

export type { TFunction, TOptions } from './translate';

// One catalog file per area (locales/<lang>/<area>.json, top-level key = area), merged here, so features
// add their strings without touching each other's files. locales.test.ts checks both languages match.
// English is in the first load (it is also the fallback); other languages are a chunk loaded when chosen.
// In-house rather than i18next + react-i18next: those were 18 KiB gzip of the first view for what
// translate.ts does in a page (issue 15).
const english = import.meta.glob<Record<string, unknown>>('../locales/en/*.json', { eager: true, import: 'default' });
const englishCatalog: Catalog = Object.assign({}, ...Object.values(english));

/** Every string of one language, merged from its area files. */
export async function loadCatalog(lang: string): Promise<Record<string, unknown>> {
  if (lang === 'zh-CN') return (await import('./i18n-zh-cn')).zhCN;
  return lang === 'en' ? { ...englishCatalog } : {};
}

export const LANGUAGES = ['en', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'registry-ui.language';

/** The language the page shows, and the switch to another. */
export type I18n = Readonly<{
  language: Language;
  t: TFunction;
  /** Resolves once the language's strings are in and every useTranslation() has been told. */
  changeLanguage: (lang: Language) => Promise<void>;
}>;

type State = Readonly<{ t: TFunction; i18n: I18n; loading?: Promise<void> }>;

const catalogs: Partial<Record<Language, Catalog>> = { en: englishCatalog };
const listeners = new Set<() => void>();
let wanted: Language | undefined;
let state: State = stateFor('en');

function stateFor(language: Language, loading?: Promise<void>): State {
  const t = createTranslator(catalogs, language);
  return { t, i18n: { language, t, changeLanguage }, ...(loading ? { loading } : {}) };
}

function show(language: Language, loading?: Promise<void>) {
  state = stateFor(language, loading);
  for (const listener of listeners) listener();
}

/**
 * Shows `lang` once its strings are in: at once when they are, else after its chunk loads, the page staying
 * in the language it was in meanwhile (the last choice wins). A chunk that fails to load leaves the strings
 * in English, and choosing the language again retries.
 */
function changeLanguage(lang: Language): Promise<void> {
  wanted = lang;
  if (catalogs[lang]) {
    if (state.i18n.language !== lang || state.loading) show(lang);
    return Promise.resolve();
  }
  return loadCatalog(lang).then(
    (catalog) => {
      catalogs[lang] = catalog;
      if (wanted === lang) show(lang);
    },
    () => {
      if (wanted === lang) show(lang);
    },
  );
}

/** The current language and translate function; rendering again when the language changes. */
export function useTranslation(): Pick<State, 't' | 'i18n'> {
  const current = useSyncExternalStore(subscribe, snapshot, snapshot);
  // The first language's strings are not in yet (a page that starts in Chinese): suspend until they are.
  // Thrown, as react-i18next did, not use(): React resumes a thrown promise under a synchronous test render
  // too, and leaves a use() of one pending there (its act queue is gone by the time the chunk is in).
  if (current.loading) throw current.loading;
  return current;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function snapshot(): State {
  return state;
}

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
  void changeLanguage(lang);
}

/**
 * Starts the page in `lang`. Until a language not loaded yet is in, useTranslation() suspends (nothing is
 * shown in a language the user did not ask for).
 */
export function initI18n(lang: Language): I18n {
  if (state.i18n.language !== lang) {
    const loading = changeLanguage(lang);
    if (!catalogs[lang]) show(lang, loading);
  }
  return state.i18n;
}

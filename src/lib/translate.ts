// The lookup the UI and the command line share, framework-free (the CLI bundles no React). It does what the
// catalogs ask of it and no more, with i18next's rules for those cases so the strings read as before:
// - keys are dotted paths into nested catalogs (`tags.count`), the top-level key being the area;
// - a number `count` picks a plural form by Intl.PluralRules: `key_one`, `key_other`…, then `key` itself;
// - `{{name}}` is replaced by the option of that name, as text (React escapes; the CLI writes plain text);
// - a key missing in the language is looked up in English, and a key missing there too reads as itself.

/** One language's strings: nested objects whose leaves are strings. */
export type Catalog = Readonly<Record<string, unknown>>;

/** What `{{name}}` in a string is replaced by; `count` (a number) also picks the plural form. */
export type TOptions = Readonly<Record<string, string | number | boolean | null | undefined>>;

/** Translates a key: the string in the current language, else in English, else the key. */
export type TFunction = (key: string, options?: TOptions) => string;

const PLACEHOLDER = /\{\{(.+?)\}\}/g;
const pluralRules = new Map<string, Intl.PluralRules>();

function pluralRule(lang: string): Intl.PluralRules {
  let rule = pluralRules.get(lang);
  if (!rule) {
    rule = new Intl.PluralRules(lang);
    pluralRules.set(lang, rule);
  }
  return rule;
}

function lookup(catalog: Catalog | undefined, key: string): string | undefined {
  let node: unknown = catalog;
  for (const part of key.split('.')) {
    if (!node || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/**
 * Replaces each `{{name}}` with options[name] as text, in one pass (a value is never read for placeholders).
 * A name the options do not have stays as written; one they have as undefined or null becomes empty.
 */
export function interpolate(text: string, options: TOptions | undefined): string {
  if (!options || !text.includes('{{')) return text;
  return text.replace(PLACEHOLDER, (placeholder, name: string) => {
    const key = name.trim();
    if (!Object.prototype.hasOwnProperty.call(options, key)) return placeholder;
    const value = options[key];
    return value == null ? '' : String(value);
  });
}

/**
 * A translate function over `catalogs` for `language`, falling back to English. Each language is resolved in
 * full before the next: with a count, its plural form (by that language's rules), then the bare key.
 */
export function createTranslator(catalogs: Readonly<Partial<Record<string, Catalog>>>, language: string, fallback = 'en'): TFunction {
  const chain = language === fallback ? [language] : [language, fallback];
  return (key, options) => {
    const count = options?.count;
    for (const lang of chain) {
      const catalog = catalogs[lang];
      if (!catalog) continue;
      const found = (typeof count === 'number' ? lookup(catalog, `${key}_${pluralRule(lang).select(count)}`) : undefined) ?? lookup(catalog, key);
      if (found !== undefined) return interpolate(found, options);
    }
    return interpolate(key, options);
  };
}

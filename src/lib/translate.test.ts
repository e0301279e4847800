// @vitest-environment node
import { createTranslator, interpolate } from './translate';
import { loadCatalog } from './i18n';

const en = {
  tags: {
    title: 'Tags',
    checking_one: '{{count}} row from your last visit, being re-checked',
    checking_other: '{{count}} rows from your last visit, being re-checked',
    shown: '{{shown}} of {{total}} tags',
    onlyEnglish: 'Only in English',
  },
  cleanup: { reason: { recent: 'Pushed {{count}} days ago ({{count}} < {{limit}})' } },
};
const zh = {
  tags: {
    title: '标签',
    // as the catalogs have it: Chinese has one plural form, so `_one` is never read
    checking_one: '不会用到',
    checking_other: '{{count}} 行来自上次访问，正在重新核对',
    shown: '{{shown}} / {{total}} 个标签',
  },
  cleanup: { reason: { recent: '{{count}} 天前推送' } },
};

describe('createTranslator', () => {
  const tEn = createTranslator({ en, 'zh-CN': zh }, 'en');
  const tZh = createTranslator({ en, 'zh-CN': zh }, 'zh-CN');

  it('reads a dotted key in the nested catalog, the top-level key being the area', () => {
    expect(tEn('tags.title')).toBe('Tags');
    expect(tZh('tags.title')).toBe('标签');
  });

  it('picks the plural form of a number count by the language’s rules', () => {
    expect(tEn('tags.checking', { count: 1 })).toBe('1 row from your last visit, being re-checked');
    expect(tEn('tags.checking', { count: 0 })).toBe('0 rows from your last visit, being re-checked');
    expect(tEn('tags.checking', { count: 1.5 })).toBe('1.5 rows from your last visit, being re-checked');
    // Intl.PluralRules('zh-CN') has only "other"
    expect(tZh('tags.checking', { count: 1 })).toBe('1 行来自上次访问，正在重新核对');
    expect(tZh('tags.checking', { count: 7 })).toBe('7 行来自上次访问，正在重新核对');
  });

  it('falls back to the bare key when there is no plural form, and to plural forms only for a number count', () => {
    expect(tEn('cleanup.reason.recent', { count: 1, limit: 30 })).toBe('Pushed 1 days ago (1 < 30)');
    expect(tEn('tags.checking', { count: '1' })).toBe('tags.checking');
  });

  it('reads a key missing in Chinese in English, with the English plural rules', () => {
    expect(tZh('tags.onlyEnglish')).toBe('Only in English');
    const partial = createTranslator({ en, 'zh-CN': { tags: {} } }, 'zh-CN');
    expect(partial('tags.checking', { count: 1 })).toBe('1 row from your last visit, being re-checked');
  });

  it('answers a key found nowhere with the key itself', () => {
    expect(tEn('tags.nope')).toBe('tags.nope');
    expect(tZh('nowhere.at.all', { count: 2 })).toBe('nowhere.at.all');
    // a key naming a group of strings is not a string
    expect(tEn('tags')).toBe('tags');
    expect(tEn('tags.title.more')).toBe('tags.title.more');
  });

  it('reads a language with no catalog (its chunk failed to load) in English', () => {
    expect(createTranslator({ en }, 'zh-CN')('tags.title')).toBe('Tags');
  });

  it('says the same as the app’s catalogs do', async () => {
    const catalogs = { en: await loadCatalog('en'), 'zh-CN': await loadCatalog('zh-CN') };
    const t = createTranslator(catalogs, 'en');
    expect(t('catalog.tagCount', { count: 1, formatted: '1' })).toBe('1 tag');
    expect(t('catalog.tagCount', { count: 2500, formatted: '2,500' })).toBe('2,500 tags');
    expect(createTranslator(catalogs, 'zh-CN')('catalog.tagCount', { count: 3, formatted: '3' })).toBe('3 个标签');
  });
});

describe('interpolate', () => {
  it('replaces every placeholder, the same one as often as it appears', () => {
    expect(interpolate('{{shown}} of {{total}}, {{shown}}', { shown: 3, total: '10' })).toBe('3 of 10, 3');
    expect(interpolate('{{ spaced }}', { spaced: 'ok' })).toBe('ok');
  });

  it('keeps a placeholder the options do not name, and empties one given as undefined or null', () => {
    expect(interpolate('{{tag}} in {{repo}}', { repo: 'demo/alpine' })).toBe('{{tag}} in demo/alpine');
    expect(interpolate('[{{a}}][{{b}}]', { a: undefined, b: null })).toBe('[][]');
    expect(interpolate('{{tag}}', undefined)).toBe('{{tag}}');
  });

  it('inserts values as they are: not escaped (React escapes), never read for placeholders', () => {
    expect(interpolate('tag {{tag}}', { tag: '<b>&"x"</b>' })).toBe('tag <b>&"x"</b>');
    expect(interpolate('{{a}} {{b}}', { a: '{{b}}', b: 'B' })).toBe('{{b}} B');
    expect(interpolate('{{ok}}', { ok: false })).toBe('false');
  });
});

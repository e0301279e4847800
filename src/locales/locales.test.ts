// @vitest-environment node
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalog } from '@/lib/i18n';
import type { RegistryErrorKind } from '@/registry/errors';

function flatten(o: unknown, prefix = ''): string[] {
  if (!o || typeof o !== 'object') return [prefix];
  return Object.entries(o).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
}

/** `tags.count_one` and `tags.count_other` are one key, `tags.count`, for lookups. */
function baseKeys(keys: string[]): Set<string> {
  return new Set(keys.map((k) => k.replace(/_(zero|one|two|few|many|other)$/, '')));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'testing' ? [] : sourceFiles(p);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [p] : [];
  });
}

const catalogs: Record<string, Record<string, unknown>> = { en: await loadCatalog('en'), 'zh-CN': await loadCatalog('zh-CN') };
const catalogFor = (lang: string) => catalogs[lang]!;
const en = baseKeys(flatten(catalogFor('en')));
const zh = baseKeys(flatten(catalogFor('zh-CN')));

describe('translations', () => {
  it('have the same keys in English and Simplified Chinese', () => {
    expect([...en].filter((k) => !zh.has(k))).toEqual([]);
    expect([...zh].filter((k) => !en.has(k))).toEqual([]);
  });

  it('have no empty strings', () => {
    for (const lang of ['en', 'zh-CN']) {
      const flat = flatten(catalogFor(lang));
      const walk = (o: Record<string, unknown>, path: string[]): unknown => path.reduce<unknown>((acc, k) => (acc as Record<string, unknown>)[k], o);
      for (const key of flat) expect(String(walk(catalogFor(lang), key.split('.'))).trim(), `${lang}:${key}`).not.toBe('');
    }
  });

  it('cover every key the source code asks for', () => {
    const root = join(__dirname, '..');
    const missing: string[] = [];
    for (const file of sourceFiles(root)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z0-9_.-]+)'/g)) {
        if (!en.has(m[1]!)) missing.push(`${file.slice(root.length)}: ${m[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('explain every kind of registry error with a title and a next step', () => {
    const kinds: RegistryErrorKind[] = ['unauthorized', 'forbidden', 'not-found', 'unsupported', 'rate-limited', 'bad-request', 'server', 'network', 'malformed', 'digest-mismatch', 'too-large', 'aborted'];
    for (const kind of kinds) {
      expect(en.has(`errors.${kind}.title`) && en.has(`errors.${kind}.hint`), kind).toBe(true);
    }
  });
});

// The layering of STYLE.md as two lint rules that read where an import lands, not how it is spelled, so a
// relative `../../tags/…` is checked like `@/features/tags/…`:
//  - boundaries: registry ← queries ← features ← app; components, hooks, lib and config below the features;
//    a feature never imports another one (the feature list is the folder list); src/testing only in tests.
//  - no-cycle: no runtime import cycle inside src/ (type-only imports are erased and do not count).
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const SRC = join(ROOT, 'src');

/** Every folder of src/features: a new feature is a zone of its own without editing this file. */
export const FEATURES = readdirSync(join(SRC, 'features'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

const EXTENSIONS = ['', '.ts', '.tsx', '.js', '.mjs', '/index.ts', '/index.tsx'];

/** The file an import specifier names, or undefined for a package. */
export function resolveImport(specifier, fromFile) {
  let base;
  if (specifier.startsWith('@/')) base = join(SRC, specifier.slice(2));
  else if (specifier.startsWith('.')) base = resolve(dirname(fromFile), specifier);
  else return undefined;
  for (const ext of EXTENSIONS) {
    const file = base + ext;
    if (existsSync(file) && statSync(file).isFile()) return file;
  }
  return base;
}

/** Which part of src/ a file is in: { part: 'registry' | 'features' | …, feature }. */
export function partOf(file) {
  const rel = relative(SRC, file);
  if (rel.startsWith('..') || rel === '') return { part: 'outside' };
  const [first, second] = rel.split(sep);
  if (first === 'features') return { part: 'features', feature: second };
  if (!rel.includes(sep)) return { part: 'root' };
  return { part: first };
}

const isTest = (file) => /\.test\.[cm]?[jt]sx?$/.test(file);

/** What a part may import inside src/ (besides itself); `undefined` = anything. */
const BELOW = ['registry', 'components', 'hooks', 'lib', 'config', 'locales'];
const ALLOWED = {
  registry: [],
  queries: ['registry', 'config', 'lib', 'locales'],
  components: BELOW,
  hooks: BELOW,
  lib: BELOW,
  config: [],
  features: [...BELOW, 'queries'],
  app: [...BELOW, 'queries', 'features'],
  root: undefined,
  locales: [],
  testing: undefined,
};

const WHY = {
  registry: 'src/registry is framework-free and imports nothing from the rest of src.',
  queries: 'src/queries builds on registry, config and lib only.',
  components: 'components, hooks and lib sit below the features and fetch nothing.',
  hooks: 'components, hooks and lib sit below the features and fetch nothing.',
  lib: 'components, hooks and lib sit below the features and fetch nothing.',
  config: 'src/config imports nothing from src.',
  features: 'A feature never imports another feature: the route composes them.',
  app: 'src/app sits on top; it imports no tests.',
  locales: 'src/locales holds strings only.',
};

/** Why `from` may not import `to`, or undefined when it may. */
export function violation(fromFile, toFile) {
  const from = partOf(fromFile);
  const to = partOf(toFile);
  if (from.part === 'outside' || to.part === 'outside' || isTest(fromFile)) return undefined;
  if (to.part === 'testing' && from.part !== 'testing') return 'src/testing is for tests only.';
  if (from.part === 'features' && to.part === 'features') return from.feature === to.feature ? undefined : WHY.features;
  const allowed = ALLOWED[from.part];
  if (allowed === undefined || to.part === from.part) return undefined;
  return allowed.includes(to.part) ? undefined : WHY[from.part];
}

function sources(node) {
  if (node.importKind === 'type' || node.exportKind === 'type') return [];
  return node.source && typeof node.source.value === 'string' ? [node.source] : [];
}

const boundaries = {
  meta: { type: 'problem', schema: [], messages: { layer: '{{why}} ({{to}})' } },
  create(context) {
    const file = context.filename;
    const check = (source) => {
      const target = resolveImport(source.value, file);
      if (!target) return;
      const why = violation(file, target);
      if (why) context.report({ node: source, messageId: 'layer', data: { why, to: relative(ROOT, target) } });
    };
    const visit = (node) => sources(node).forEach(check);
    return {
      ImportDeclaration: visit,
      ExportNamedDeclaration: visit,
      ExportAllDeclaration: visit,
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source),
    };
  },
};

// ---- no-cycle: a file's runtime imports, read from its text (cached for one lint run)

const RUNTIME_IMPORT = /^\s*(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s*)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm;
const graph = new Map();

/** Files a file imports at run time: `import type` and `export type` are left out, as TypeScript erases them. */
export function runtimeImports(file) {
  let out = graph.get(file);
  if (out) return out;
  out = [];
  graph.set(file, out);
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return out;
  }
  for (const m of text.matchAll(RUNTIME_IMPORT)) {
    const target = resolveImport(m[1] ?? m[2], file);
    if (target && existsSync(target) && partOf(target).part !== 'outside') out.push(target);
  }
  return out;
}

/** A path of imports from `start` back to `goal`, or undefined. */
function pathTo(start, goal) {
  const seen = new Set();
  const stack = [[start, [start]]];
  while (stack.length > 0) {
    const [file, path] = stack.pop();
    if (file === goal) return path;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const next of runtimeImports(file)) stack.push([next, [...path, next]]);
  }
  return undefined;
}

const noCycle = {
  meta: { type: 'problem', schema: [], messages: { cycle: 'Import cycle: {{path}}' } },
  create(context) {
    const file = context.filename;
    if (partOf(file).part === 'outside') return {};
    graph.delete(file);
    const check = (source) => {
      const target = resolveImport(source.value, file);
      if (!target || !existsSync(target)) return;
      const path = pathTo(target, file);
      if (path) context.report({ node: source, messageId: 'cycle', data: { path: [file, ...path].map((f) => relative(SRC, f)).join(' → ') } });
    };
    const visit = (node) => sources(node).forEach(check);
    return { ImportDeclaration: visit, ExportNamedDeclaration: visit, ExportAllDeclaration: visit };
  },
};

export default { rules: { boundaries, 'no-cycle': noCycle } };

// docs/options.json is the one list of the container's options: the environment variables the entrypoint
// reads and the keys it writes into config.js. Every other place that names them is checked against it here:
// the entrypoint (its --help and what docker/options.sh and docker/render.sh read and write), the READMEs,
// docs/runtime-contract.md, src/config/runtime-config.ts, public/config.js and docs/rendered/defaults.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const read = (path) => readFileSync(join(ROOT, path), 'utf8');
const OPTIONS = JSON.parse(read('docs/options.json'));
const NAMES = OPTIONS.environment.map((o) => o.name);
const KEYS = OPTIONS.configJs.map((o) => o.key);
const sorted = (list) => [...list].sort();

/** The variables of a Markdown table whose rows start with | `NAME` (several names in one cell allowed). */
function tableNames(markdown, heading) {
  const section = heading ? markdown.slice(markdown.indexOf(heading)) : markdown;
  const table = section.slice(section.indexOf('\n|')).split('\n\n')[0];
  return table
    .split('\n')
    .filter((l) => l.startsWith('| `'))
    .flatMap((l) => [...l.split('|')[1].matchAll(/`([A-Z][A-Z0-9_<>]*)`/g)].map((m) => m[1]));
}

/** config.js evaluated as a browser does (a classic script setting window.__REGISTRY_UI_CONFIG__). */
function evalConfig(code) {
  const window = {};
  vm.runInNewContext(code, { window });
  return JSON.parse(JSON.stringify(window.__REGISTRY_UI_CONFIG__)); // this realm's objects, for deepEqual
}

test('docs/options.json names each option once', () => {
  assert.equal(new Set(NAMES).size, NAMES.length);
  assert.equal(new Set(KEYS).size, KEYS.length);
  for (const o of OPTIONS.configJs) assert.ok(NAMES.includes(o.from), `${o.key} comes from ${o.from}, an option`);
});

test("the entrypoint's --help documents exactly these variables", () => {
  const header = read('docker/entrypoint.sh').split('\n# The UPSTREAM_')[0].split('# Environment')[1];
  const documented = [...header.matchAll(/^# {3}([A-Z][^\s,]*(?:, [A-Z][^\s,]*)*)/gm)].flatMap((m) => m[1].split(', '));
  assert.deepEqual(sorted(documented), sorted(NAMES));
  for (const o of OPTIONS.environment.filter((e) => e.alias)) assert.match(header, new RegExp(`Alias: ${o.alias}`), o.alias);
});

test('docker/options.sh and docker/render.sh read every variable', () => {
  const code = read('docker/options.sh') + read('docker/render.sh');
  for (const name of [...NAMES, ...OPTIONS.environment.flatMap((o) => (o.alias ? [o.alias] : []))]) {
    const pattern = name.includes('<ID>') ? name.replace('REGISTRY_<ID>_', 'REGISTRY_${var}_') : name;
    assert.ok(new RegExp(`\\$\\{?${pattern.replace(/[${}]/g, '\\$&')}\\b`).test(code), `${name} is read`);
  }
});

test('the READMEs and docs/runtime-contract.md list exactly these variables', () => {
  const readme = sorted(OPTIONS.environment.filter((o) => o.readme !== false).map((o) => o.name));
  assert.deepEqual(sorted(tableNames(read('README.md'), '### Configuration')), readme, 'README.md');
  assert.deepEqual(sorted(tableNames(read('README.zh-CN.md'), '### 配置')), readme, 'README.zh-CN.md');
  assert.deepEqual(sorted(tableNames(read('docs/runtime-contract.md'), '## Environment')), sorted(NAMES), 'docs/runtime-contract.md');
});

test('config.js: the entrypoint writes these keys, in this order, and the contract documents them', () => {
  const written = [...read('docker/render.sh').matchAll(/^ {2}printf ' {2}"(\w+)": /gm)].map((m) => m[1]);
  assert.deepEqual(written, KEYS, 'docker/render.sh');
  const doc = /## config\.js\n```js\n([\s\S]*?)\n```/.exec(read('docs/runtime-contract.md'))?.[1] ?? '';
  assert.deepEqual([...doc.matchAll(/^ {2}"(\w+)":/gm)].map((m) => m[1]), KEYS, 'docs/runtime-contract.md');
});

test('config.js: the defaults are what the entrypoint writes without options', () => {
  const defaults = Object.fromEntries(OPTIONS.configJs.map((o) => [o.key, o.default]));
  assert.deepEqual(evalConfig(read('docs/rendered/defaults/config.js')), defaults);
});

test('src/config/runtime-config.ts reads every key, with the same defaults', () => {
  const ts = read('src/config/runtime-config.ts');
  const iface = /export interface RuntimeConfig \{([\s\S]*?)\n\}/.exec(ts)?.[1] ?? '';
  const defaults = /export const DEFAULT_CONFIG: RuntimeConfig = \{([\s\S]*?)\n\};/.exec(ts)?.[1] ?? '';
  for (const o of OPTIONS.configJs) {
    assert.match(iface, new RegExp(`^ {2}${o.key}: `, 'm'), `RuntimeConfig.${o.key}`);
    assert.match(ts, new RegExp(`\\bo\\.${o.key}\\b`), `parseRuntimeConfig reads ${o.key}`);
    const value = new RegExp(`^ {2}${o.key}: (.*),$`, 'm').exec(defaults)?.[1];
    assert.deepEqual(value === undefined ? undefined : JSON.parse(JSON.stringify(vm.runInNewContext(`(${value})`))), o.default, `DEFAULT_CONFIG.${o.key}`);
  }
});

test('public/config.js (the development default) sets exactly these keys', () => {
  assert.deepEqual(Object.keys(evalConfig(read('public/config.js'))), KEYS);
});

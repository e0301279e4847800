#!/usr/bin/env node
// Reports what the first page load costs: index.html plus the JS and CSS it references directly (the entry and
// the chunks it modulepreloads), gzipped, against the budget of 100 KB. Route chunks load later, when the router
// reaches them: each is reported too, as what the first view of that page downloads in all (the initial files
// plus the route's chunk and the chunks it imports). Writes <build-dir>/bundle-size.json; `npm run bench` reads it.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

// usage: node scripts/bundle-size.mjs [build-dir]   (default: dist)
const dist = process.argv[2] ?? new URL('../dist/', import.meta.url).pathname;
const BUDGET = 100 * 1024;
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const initial = [...html.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
const size = (file) => {
  const bytes = readFileSync(join(dist, file));
  return { file, bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
};
const files = initial.map(size);
const all = readdirSync(join(dist, 'assets')).filter((f) => /\.(js|css)$/.test(f)).map((f) => size(`assets/${f}`));
const sum = (list, key) => list.reduce((s, f) => s + f[key], 0);

// chunk → the chunks it imports statically (minified output: from"./x.js") and loads later (import(`./x.js`))
const source = (file) => readFileSync(join(dist, file), 'utf8');
const staticImports = (file) => [...source(file).matchAll(/\bfrom\s*["'`]\.\/([^"'`]+\.js)["'`]/g)].map((m) => `assets/${m[1]}`);
const dynamicImports = (file) => [...source(file).matchAll(/\bimport\(\s*["'`]\.\/([^"'`]+\.js)["'`]\s*\)/g)].map((m) => `assets/${m[1]}`);
const closure = (file, seen = new Set()) => {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const dep of staticImports(file)) closure(dep, seen);
  return seen;
};
const entries = initial.filter((f) => f.endsWith('.js'));
const lazy = [...new Set(entries.flatMap((f) => [...closure(f)]).flatMap(dynamicImports))];
const routes = {};
for (const chunk of lazy) {
  const name = chunk.replace(/^assets\//, '').replace(/-[\w-]{8}\.js$/, '');
  const list = [...new Set([...initial, ...closure(chunk)])].map(size);
  routes[name] = { files: list.map((f) => f.file), bytes: sum(list, 'bytes'), gzip: sum(list, 'gzip') };
}

const report = {
  budget: { gzip: BUDGET },
  initial: { files, bytes: sum(files, 'bytes'), gzip: sum(files, 'gzip') },
  routes,
  total: { files: all.length, bytes: sum(all, 'bytes'), gzip: sum(all, 'gzip') },
};
writeFileSync(join(dist, 'bundle-size.json'), JSON.stringify(report, null, 2));
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const over = report.initial.gzip - BUDGET;
console.log(
  `initial JS+CSS: ${kib(report.initial.gzip)} gzip (${files.length} files; budget ${kib(BUDGET)}: ${over > 0 ? `${kib(over)} over` : 'within'}); ` +
    `on demand (first view in all): ${Object.entries(routes).map(([name, r]) => `${name} ${kib(r.gzip)}`).join(', ')}; all chunks: ${kib(report.total.gzip)} gzip`,
);

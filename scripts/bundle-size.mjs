#!/usr/bin/env node
// Reports what the first page load costs: index.html plus the JS and CSS it references directly, gzipped
// (lazy route chunks load later). Writes <build-dir>/bundle-size.json; `npm run bench` reads it.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

// usage: node scripts/bundle-size.mjs [build-dir]   (default: dist)
const dist = process.argv[2] ?? new URL('../dist/', import.meta.url).pathname;
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const initial = [...html.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
const size = (file) => {
  const bytes = readFileSync(join(dist, file));
  return { file, bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
};
const files = initial.map(size);
const all = readdirSync(join(dist, 'assets')).filter((f) => /\.(js|css)$/.test(f)).map((f) => size(`assets/${f}`));
const sum = (list, key) => list.reduce((s, f) => s + f[key], 0);
const report = {
  initial: { files, bytes: sum(files, 'bytes'), gzip: sum(files, 'gzip') },
  total: { files: all.length, bytes: sum(all, 'bytes'), gzip: sum(all, 'gzip') },
};
writeFileSync(join(dist, 'bundle-size.json'), JSON.stringify(report, null, 2));
console.log(`initial JS+CSS: ${(report.initial.gzip / 1024).toFixed(1)} KiB gzip (${files.length} files); all chunks: ${(report.total.gzip / 1024).toFixed(1)} KiB gzip`);

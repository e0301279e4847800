#!/usr/bin/env node
// Writes FILE.gz and FILE.br next to every compressible file of a build, once, at the highest levels, so
// nginx serves them with gzip_static / brotli_static instead of compressing the bundle on every request.
// Same types and threshold as nginx.conf's gzip_types and gzip_min_length; a copy that does not save at
// least 5% is not written (nginx then sends the file as it is, or compresses it on the fly).
//
// Usage: node scripts/precompress.mjs DIR    (prints one JSON line: files, bytes before, gzip, brotli)
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const COMPRESSIBLE = /\.(?:js|mjs|css|json|svg|txt|html|map|webmanifest)$/;
const MIN_LENGTH = 1024;

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node scripts/precompress.mjs DIR');
  process.exit(2);
}

function* walk(path) {
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const full = join(path, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (entry.isFile()) yield full;
  }
}

const totals = { files: 0, bytes: 0, gzip: 0, brotli: 0 };
for (const file of walk(dir)) {
  if (!COMPRESSIBLE.test(file) || statSync(file).size < MIN_LENGTH) continue;
  const body = readFileSync(file);
  const gz = gzipSync(body, { level: constants.Z_BEST_COMPRESSION });
  const br = brotliCompressSync(body, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
    },
  });
  totals.files += 1;
  totals.bytes += body.length;
  if (gz.length < body.length * 0.95) {
    writeFileSync(`${file}.gz`, gz);
    totals.gzip += gz.length;
  }
  if (br.length < body.length * 0.95) {
    writeFileSync(`${file}.br`, br);
    totals.brotli += br.length;
  }
}
console.log(JSON.stringify(totals));

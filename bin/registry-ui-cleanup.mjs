#!/usr/bin/env node
// `registry-ui-cleanup` from a clone (`npx registry-ui-cleanup …` after `npm ci`): builds the command from
// src/ with vite.cli.config.ts when the build is missing or older than the sources, then runs it. The image
// (Dockerfile.cleanup) runs the built file directly.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(process.env.CLEANUP_OUT_DIR ?? join(root, 'dist-cli'), 'registry-ui-cleanup.mjs');

function newest(path) {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let t = s.mtimeMs;
  for (const entry of readdirSync(path)) t = Math.max(t, newest(join(path, entry)));
  return t;
}

const sources = [join(root, 'src'), join(root, 'vite.cli.config.ts'), join(root, 'package.json')];
if (!existsSync(out) || statSync(out).mtimeMs < Math.max(...sources.filter(existsSync).map(newest))) {
  let vite;
  try {
    vite = await import('vite');
  } catch {
    process.stderr.write('registry-ui-cleanup: building the command needs the dev dependencies: run npm ci first\n');
    process.exit(1);
  }
  // logLevel error: stdout is the report's (--json must stay parseable)
  await vite.build({ root, configFile: join(root, 'vite.cli.config.ts'), logLevel: 'error' });
}
await import(pathToFileURL(out).href);

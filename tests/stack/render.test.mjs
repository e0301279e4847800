// Runs tests/stack/render.test.sh (TAP from bash) under `node --test`, one subtest per TAP line, so
// `node --test tests/stack/` counts its results with the proxy tests. The shell script stays runnable
// on its own: bash tests/stack/render.test.sh
import { test } from 'node:test';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const script = join(dirname(fileURLToPath(import.meta.url)), 'render.test.sh');
const run = spawnSync('bash', [script], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 300_000 });

const results = [];
for (const line of (run.stdout ?? '').split('\n')) {
  const m = /^(not ok|ok) \d+ - (.*?)(?: # SKIP (.*))?$/.exec(line);
  if (m) {
    results.push({ ok: m[1] === 'ok', name: m[2], skip: m[3], diagnostics: [] });
  } else if (line.startsWith('# ') && results.length > 0 && !results.at(-1).ok) {
    results.at(-1).diagnostics.push(line.slice(2));
  }
}

for (const r of results) {
  test(r.name, { skip: r.skip ?? false }, () => {
    if (!r.ok) throw new Error(r.diagnostics.join('\n') || 'failed');
  });
}

test('render.test.sh completes', () => {
  if (run.error) throw run.error;
  const failed = results.filter((r) => !r.ok).length;
  if (run.status !== 0 && failed === 0) {
    throw new Error(`render.test.sh exited ${run.status} without a failing test:\n${run.stderr}`);
  }
  if (results.length === 0) throw new Error(`render.test.sh reported nothing:\n${run.stderr}`);
});

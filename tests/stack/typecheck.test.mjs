// e2e/ is type-checked (`npm run typecheck` runs `tsc --noEmit -p e2e`): a spec with a type error fails the
// check, and the specs as they are pass it. The probe is a file of its own in e2e/, removed afterwards.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../fault-proxy/stack.mjs';

const probe = join(ROOT, 'e2e', `typecheck-probe-${process.pid}.spec.ts`);
const removeProbe = () => rmSync(probe, { force: true });
after(removeProbe);
process.on('exit', removeProbe);

/** `tsc --noEmit -p e2e`: its exit code and what it printed. */
function typecheckE2e() {
  return new Promise((resolve) => {
    execFile('npx', ['--no-install', 'tsc', '--noEmit', '-p', 'e2e'], { cwd: ROOT, timeout: 300_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}

test('the e2e specs as they are pass the type check', async () => {
  removeProbe();
  const { code, output } = await typecheckE2e();
  assert.equal(code, 0, output);
});

test('a spec with a type error fails the type check, naming the spec', async () => {
  // no test() in it: a browser run that picked it up meanwhile would find nothing to run
  writeFileSync(probe, "import type { Page } from '@playwright/test';\n\nexport const probe = (page: Page): number => page.url();\n");
  try {
    const { code, output } = await typecheckE2e();
    assert.notEqual(code, 0, 'tsc -p e2e passed a spec with a type error');
    assert.match(output, new RegExp(`typecheck-probe-${process.pid}\\.spec\\.ts.*TS2322`));
  } finally {
    removeProbe();
  }
});

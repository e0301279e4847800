// The lint rules that keep STYLE.md's layering fail on a deliberate violation: each case lints a line of
// code as if it were in the named file, with the project's own ESLint config.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ESLint } from 'eslint';
import { ROOT } from '../fault-proxy/stack.mjs';

const eslint = new ESLint({ cwd: ROOT });

async function rulesHit(file, code) {
  const [result] = await eslint.lintText(`${code}\nexport {};\n`, { filePath: `${ROOT}/${file}` });
  return result.messages.map((m) => m.ruleId);
}

const cases = [
  ['a relative import from one feature into another', 'src/features/tags/components/probe.tsx', "import { planDelete } from '../../cleanup/utils/delete-plan';\nvoid planDelete;", 'local/boundaries'],
  ['an "@/…" import from one feature into another', 'src/features/registries/probe.ts', "import { sortTags } from '@/features/tags/utils/sort-tags';\nvoid sortTags;", 'local/boundaries'],
  ['the registry client importing lib', 'src/registry/probe.ts', "import { formatBytes } from '../lib/format';\nvoid formatBytes;", 'local/boundaries'],
  ['the registry client importing React', 'src/registry/probe.ts', "import { useState } from 'react';\nvoid useState;", 'no-restricted-imports'],
  ['queries importing a feature', 'src/queries/probe.ts', "import { planDelete } from '@/features/cleanup/utils/delete-plan';\nvoid planDelete;", 'local/boundaries'],
  ['app code importing test helpers', 'src/app/probe.tsx', "import { renderApp } from '../testing/render';\nvoid renderApp;", 'local/boundaries'],
  ['an import cycle', 'src/lib/format.ts', "import { TagCount } from '@/features/catalog/components/tag-count';\nvoid TagCount;", 'local/no-cycle'],
];

for (const [what, file, code, rule] of cases) {
  test(`lint refuses ${what}`, async () => {
    assert.ok((await rulesHit(file, code)).includes(rule), `${rule} should report ${what}`);
  });
}

test('lint accepts what the layering allows', async () => {
  assert.deepEqual(await rulesHit('src/features/cleanup/components/probe.tsx', "import { planDelete } from '../utils/delete-plan';\nimport { deleteCalls } from '@/queries/delete';\nvoid planDelete; void deleteCalls;"), []);
  assert.deepEqual(await rulesHit('src/queries/probe.ts', "import type { Digest } from '@/registry/digest';\nexport type D = Digest;"), []);
});

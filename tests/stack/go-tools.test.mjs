// ensure_go_tools (scripts/lib/common.sh) builds the registries and clients of the test matrix once per
// machine. A stand-in `go` on PATH does what `go install` does (writes $GOBIN/<last path element>), so the
// script's own handling is tested without the module proxy: a tool named like its package (crane ←
// …/cmd/crane) as well as one renamed (registry-dist3 ← …/cmd/registry), a build that fails with Go at
// hand (a failure, return 2), and a machine without Go (a skip, return 1).
//
//   node --test tests/stack/go-tools.test.mjs
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const tmp = mkdtempSync(join(tmpdir(), 'registry-ui-go-tools-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** The machine's PATH without any folder that holds a `go`, behind a folder with a stand-in `go` (or none). */
function pathWith(withGo) {
  const bin = join(tmp, withGo ? 'bin-go' : 'bin-nogo');
  mkdirSync(bin, { recursive: true });
  if (withGo) {
    // `go install PKG@VERSION` writes $GOBIN/<PKG's last element>; oras (here) fails to build
    writeFileSync(
      join(bin, 'go'),
      `#!/bin/sh
pkg=""; for a in "$@"; do case "$a" in *@*) pkg="\${a%@*}";; esac; done
case "$pkg" in */oras) echo "build failed: oras" >&2; exit 1;; esac
name="\${pkg##*/}"
printf '#!/bin/sh\\necho %s\\n' "$name" >"$GOBIN/$name" && chmod +x "$GOBIN/$name"
`,
      { mode: 0o755 },
    );
  }
  const rest = (process.env.PATH ?? '').split(':').filter((d) => d && !existsSync(join(d, 'go')));
  return [bin, ...rest].join(':');
}

function ensure(names, { withGo = true, dir }) {
  return spawnSync('bash', ['-c', `. "${ROOT}/scripts/lib/common.sh"; ensure_go_tools ${names}`], {
    encoding: 'utf8',
    env: { PATH: pathWith(withGo), HOME: tmp, REGISTRY_UI_GO_TOOLS_DIR: dir },
  });
}

test('a tool named like its package and a renamed one are both built once, keyed by version', () => {
  const dir = join(tmp, 'cache-ok');
  const run = ensure('crane registry-dist3', { dir });
  assert.equal(run.status, 0, run.stderr);
  assert.ok(existsSync(join(dir, 'crane-v0.22.1')), 'crane-v0.22.1 built');
  assert.ok(existsSync(join(dir, 'registry-dist3-v3.1.2')), 'registry-dist3-v3.1.2 built');
  assert.equal(spawnSync(join(dir, 'crane-v0.22.1'), { encoding: 'utf8' }).stdout.trim(), 'crane');
  // a second run builds nothing: no stand-in go on PATH is needed
  const again = ensure('crane registry-dist3', { dir, withGo: false });
  assert.equal(again.status, 0, again.stderr);
  assert.doesNotMatch(again.stderr, /building/);
});

test('a build that fails with Go at hand returns 2 (a failure) and leaves nothing behind', () => {
  const dir = join(tmp, 'cache-broken');
  const run = ensure('oras', { dir });
  assert.equal(run.status, 2, run.stderr);
  assert.match(run.stderr, /building oras \(oras\.land\/oras\/cmd\/oras v1\.3\.6\) failed/);
  assert.ok(!existsSync(join(dir, 'oras-v1.3.6')));
});

test('without Go it says so in one line and returns 1 (a skip)', () => {
  const dir = join(tmp, 'cache-nogo');
  const run = ensure('crane', { dir, withGo: false });
  assert.equal(run.status, 1, run.stderr);
  assert.match(run.stderr, /no Go toolchain/);
  assert.equal(run.stderr.trim().split('\n').length, 1);
});


// The image's runtime constraints, without a container engine: the entrypoint runs as an unprivileged user
// (uid/gid 65534, no supplementary groups, no_new_privs) in a private mount namespace where every filesystem
// is read-only except a fresh tmpfs at RUNTIME_DIR — what readOnlyRootFilesystem + an emptyDir give in
// deploy/kubernetes/. nginx must start, serve the app and the healthz probe, and write nothing elsewhere.
//
//   node --test tests/stack/readonly.test.mjs      (needs root for unshare/mount; skipped otherwise)
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../fault-proxy/stack.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const ENTRYPOINT = join(ROOT, 'docker/entrypoint.sh');

const isRoot = process.getuid?.() === 0;
const probe = isRoot ? spawnSync('unshare', ['--mount', '--propagation', 'private', 'true']) : { status: 1 };
const skip = !isRoot || probe.status !== 0 ? 'needs root and unshare --mount' : false;

let tmp;
let child;
let origin;
let runtimeDir;
let log;

// Inside the namespace: every mount read-only (remounting a bind keeps its other flags), then a tmpfs at
// RUNTIME_DIR, then drop to 65534 and exec the entrypoint. $1 = RUNTIME_DIR, $2 = entrypoint.
const JAIL = `
set -eu
findmnt -rno TARGET | while read -r target; do
  case "$target" in /proc | /proc/* | /sys | /sys/* | /dev | /dev/*) continue ;; esac
  mount -o remount,bind,ro "$target" 2>/dev/null || true
done
mount -t tmpfs -o size=16m,mode=0700,uid=65534,gid=65534 tmpfs "$1"
if touch /registry-ui-readonly-probe 2>/dev/null; then echo "root filesystem is writable" >&2; exit 90; fi
exec setpriv --reuid=65534 --regid=65534 --clear-groups --no-new-privs sh "$2"
`;

before(async () => {
  if (skip) return;
  tmp = mkdtempSync(join(tmpdir(), 'registry-ui-readonly-'));
  chmodSync(tmp, 0o755);
  const appDir = join(tmp, 'dist');
  mkdirSync(join(appDir, 'assets'), { recursive: true });
  writeFileSync(join(appDir, 'index.html'), '<!doctype html><html><head><base href="/" /><script src="config.js"></script></head><body></body></html>\n');
  writeFileSync(join(appDir, 'assets/index-Test1234.js'), 'console.log(1);\n');
  runtimeDir = join(tmp, 'runtime');
  mkdirSync(runtimeDir);
  log = join(tmp, 'ui.log');
  const fd = openSync(log, 'a');
  // nginx reopens /dev/stdout for its access log: a container's stdout is a pipe the container user may
  // open; here it is a file, so it belongs to that user.
  chownSync(log, 65534, 65534);
  const port = await freePort();
  child = spawn('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', JAIL, 'jail', runtimeDir, ENTRYPOINT], {
    env: {
      PATH: process.env.PATH,
      // a registry nobody needs to answer: nginx resolves it at start, the test only reads the app
      REGISTRY_URL: 'http://127.0.0.1:9',
      BASE_PATH: '/registry-ui/',
      LISTEN_PORT: String(port),
      APP_DIR: appDir,
      RUNTIME_DIR: runtimeDir,
      NGINX_TEMPLATE: join(ROOT, 'nginx.conf'),
    },
    stdio: ['ignore', fd, fd],
  });
  origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the entrypoint exited ${child.exitCode}:\n${readFileSync(log, 'utf8')}`);
    try {
      if ((await fetch(`${origin}/registry-ui/healthz`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`nginx did not start:\n${readFileSync(log, 'utf8')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
});

after(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGQUIT');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

test('as uid 65534 on a read-only filesystem, nginx starts and serves healthz, the app and config.js', { skip }, async () => {
  const health = await fetch(`${origin}/registry-ui/healthz`);
  assert.equal(health.status, 200);
  assert.equal(await health.text(), 'ok\n');
  const index = await fetch(`${origin}/registry-ui/r/team/app/t/v1`);
  assert.equal(index.status, 200);
  assert.match(await index.text(), /<base href="\/registry-ui\/"/);
  const asset = await fetch(`${origin}/registry-ui/assets/index-Test1234.js`);
  assert.equal(asset.status, 200);
  const config = await fetch(`${origin}/registry-ui/config.js`);
  assert.match(await config.text(), /"basePath": "\/registry-ui\/"/);
});

test('the worker and master run as 65534, not root', { skip }, () => {
  // unshare, sh, setpriv and the entrypoint all exec: the child is nginx's master, its children the workers
  const ps = spawnSync('ps', ['-o', 'pid=', '--ppid', String(child.pid)], { encoding: 'utf8' });
  const pids = [String(child.pid), ...ps.stdout.split('\n').map((l) => l.trim()).filter(Boolean)];
  assert.ok(pids.length >= 2, 'master and at least one worker');
  assert.match(readFileSync(`/proc/${child.pid}/cmdline`, 'utf8'), /^nginx: master process/);
  for (const pid of pids) {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    assert.match(status, /^Uid:\s+65534\s+65534\s+65534\s+65534$/m, `pid ${pid} uid`);
    assert.match(status, /^Groups:\s*$/m, `pid ${pid} has no supplementary groups`);
  }
});

test('nothing was written outside RUNTIME_DIR (it lives only on the tmpfs)', { skip }, () => {
  // The tmpfs is private to the namespace: from outside, RUNTIME_DIR is still the empty directory.
  assert.deepEqual(spawnSync('ls', ['-A', runtimeDir], { encoding: 'utf8' }).stdout, '');
  assert.equal(statSync(runtimeDir).uid, 0);
  assert.doesNotMatch(readFileSync(log, 'utf8'), /\[(emerg|alert|crit)\]|Read-only file system|Permission denied/);
});

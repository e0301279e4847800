// docs/rendered/<example>/: the config the entrypoint writes for each documented example, checked in so a
// reader sees what nginx runs without running anything. Each example's `env` is rendered again here, nginx -t
// must accept it, and every file must equal the checked-in copy. After a change to nginx.conf, nginx.d/ or
// docker/*.sh, write them again with:
//
//   UPDATE_RENDERED=1 node --test tests/stack/rendered.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DOCS = join(ROOT, 'docs/rendered');
const UPDATE = process.env.UPDATE_RENDERED === '1';
// The paths of the image, in place of this run's.
const IMAGE_RUNTIME_DIR = '/tmp/registry-ui';
const IMAGE_TEMPLATE = '/etc/registry-ui/nginx.conf.template';
// Parts that follow what this machine has installed; the image has both.
const MACHINE = {
  'brotli-module.conf': existsSync('/usr/lib/nginx/modules/ngx_http_brotli_static_module.so'),
  'brotli.conf': existsSync('/usr/lib/nginx/modules/ngx_http_brotli_static_module.so'),
  'blob-tls.conf': existsSync('/etc/ssl/certs/ca-certificates.crt'),
};

/** NAME=VALUE lines of an example's env file; # comments and blank lines skipped. */
function readEnv(file) {
  const env = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    assert.ok(eq > 0, `${file}: NAME=VALUE, got ${line}`);
    env[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return env;
}

/** Renders ENV with the entrypoint (--check: nginx -t too); returns { file name: text } as in the image. */
function render(env, tmp) {
  const appDir = join(tmp, 'dist');
  const runtimeDir = join(tmp, 'runtime');
  mkdirSync(appDir, { recursive: true });
  writeFileSync(join(appDir, 'index.html'), '<!doctype html><html><head><base href="/" /></head><body></body></html>\n');
  const run = spawnSync('sh', [join(ROOT, 'docker/entrypoint.sh'), '--check'], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, ...env, APP_DIR: appDir, RUNTIME_DIR: runtimeDir, NGINX_TEMPLATE: join(ROOT, 'nginx.conf') },
    // nginx -t opens /dev/stdout for the access log: a pipe there is refused (ENXIO)
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  assert.equal(run.status, 0, `the entrypoint renders it and nginx -t accepts it:\n${run.stderr}`);
  const files = {};
  const asInImage = (text) => text.replaceAll(join(ROOT, 'nginx.conf'), IMAGE_TEMPLATE).replaceAll(runtimeDir, IMAGE_RUNTIME_DIR);
  for (const name of readdirSync(runtimeDir).filter((f) => f.endsWith('.conf'))) {
    files[name] = asInImage(readFileSync(join(runtimeDir, name), 'utf8'));
  }
  files['config.js'] = asInImage(readFileSync(join(runtimeDir, 'html/config.js'), 'utf8'));
  return files;
}

const examples = readdirSync(DOCS, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);

test('docs/rendered has the documented examples', () => {
  for (const name of ['defaults', 'delete-images', 'base-path', 'registry-auth', 'token-auth', 'registries', 'blob-redirects']) {
    assert.ok(examples.includes(name), `docs/rendered/${name}`);
  }
});

for (const name of examples) {
  test(`docs/rendered/${name} is what the entrypoint writes for its env`, (t) => {
    const dir = join(DOCS, name);
    const tmp = mkdtempSync(join(tmpdir(), 'registry-ui-rendered-'));
    t.after(() => rmSync(tmp, { recursive: true, force: true }));
    const files = render(readEnv(join(dir, 'env')), tmp);
    // config.js once, with the defaults: elsewhere it differs only by the values the env sets (render.test.sh checks those)
    if (name !== 'defaults') delete files['config.js'];
    if (UPDATE) {
      for (const f of readdirSync(dir)) if (f !== 'env') rmSync(join(dir, f));
      for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);
      return;
    }
    const checkedIn = readdirSync(dir).filter((f) => f !== 'env').sort();
    assert.deepEqual(Object.keys(files).sort(), checkedIn, `the same files (UPDATE_RENDERED=1 writes them again)`);
    for (const f of checkedIn) {
      if (MACHINE[f] === false) continue; // this machine lacks what the image has
      assert.equal(files[f], readFileSync(join(dir, f), 'utf8'), `${name}/${f} (UPDATE_RENDERED=1 writes it again)`);
    }
  });
}

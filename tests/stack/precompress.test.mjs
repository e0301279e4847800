// Precompressed assets: scripts/precompress.mjs writes .gz and .br copies at build time and nginx serves
// those very bytes (gzip_static, brotli_static with Debian's module) instead of compressing on every
// request. An answer compressed on the fly would differ from the file written at the highest level, so
// comparing bytes tells the two apart.
//
//   node --test tests/stack/precompress.test.mjs      (needs nginx; brotli with libnginx-mod-http-brotli-static)
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, stopChild, waitFor } from '../fault-proxy/stack.mjs';
import { gunzipSync } from 'node:zlib';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BROTLI_MODULE = '/usr/lib/nginx/modules/ngx_http_brotli_static_module.so';
const hasNginx = spawnSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' }).status === 0;

let tmp;
let appDir;
let child;
let origin;
let logFile;
let summary;
const bundle = 'assets/index-Abc12345.js';
const small = 'assets/small-Abc12345.js';
const noise = 'assets/noise-Abc12345.js';

/** GET with a chosen Accept-Encoding; the body as sent (never decompressed). */
function get(path, acceptEncoding) {
  return new Promise((res, rej) => {
    const headers = acceptEncoding ? { 'Accept-Encoding': acceptEncoding } : {};
    http
      .get(`${origin}${path}`, { headers }, (r) => {
        const chunks = [];
        r.on('data', (c) => chunks.push(c));
        r.on('end', () => res({ status: r.statusCode, headers: r.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', rej);
  });
}

before(async () => {
  if (!hasNginx) return;
  tmp = mkdtempSync(join(tmpdir(), 'registry-ui-precompress-'));
  chmodSync(tmp, 0o755);
  appDir = join(tmp, 'dist');
  mkdirSync(join(appDir, 'assets'), { recursive: true });
  writeFileSync(join(appDir, 'index.html'), '<!doctype html><html><head><base href="/" /><script src="config.js"></script></head><body></body></html>\n');
  const lines = Array.from({ length: 800 }, (_, i) => `export const value${i} = ${JSON.stringify(`registry-ui line ${i % 37}`)};`);
  writeFileSync(join(appDir, bundle), `${lines.join('\n')}\n`);
  writeFileSync(join(appDir, small), 'console.log(1);\n');
  writeFileSync(join(appDir, noise), randomBytes(6000)); // incompressible
  const run = spawnSync(process.execPath, [join(ROOT, 'scripts/precompress.mjs'), appDir], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  summary = JSON.parse(run.stdout.trim().split('\n').at(-1));
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  // a file, not a pipe: nginx opens /dev/stdout for its access log, which a socket cannot give
  logFile = join(tmp, 'ui.log');
  const fd = openSync(logFile, 'a');
  child = spawn('sh', [join(ROOT, 'docker/entrypoint.sh')], {
    env: {
      PATH: process.env.PATH,
      REGISTRY_URL: 'http://127.0.0.1:9',
      LISTEN_PORT: String(port),
      LISTEN_ADDRESS: '127.0.0.1',
      APP_DIR: appDir,
      RUNTIME_DIR: join(tmp, 'runtime'),
      NGINX_TEMPLATE: join(ROOT, 'nginx.conf'),
    },
    stdio: ['ignore', fd, fd],
  });
  await waitFor(`${origin}/healthz`, { timeoutMs: 15_000, child, log: logFile, ok: (r) => r.status === 200 });
});

after(async () => {
  if (child) await stopChild(child);
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const skip = hasNginx ? false : 'needs nginx';

test('precompress writes .gz and .br for compressible files only', { skip }, () => {
  assert.ok(existsSync(join(appDir, `${bundle}.gz`)));
  assert.ok(existsSync(join(appDir, `${bundle}.br`)));
  assert.ok(!existsSync(join(appDir, `${small}.gz`)), 'below gzip_min_length: nothing to gain');
  assert.ok(!existsSync(join(appDir, `${noise}.gz`)), 'a copy that saves nothing is not written');
  assert.ok(!existsSync(join(appDir, 'index.html.gz')), 'index.html is rendered at start, never served from APP_DIR');
  assert.deepEqual(gunzipSync(readFileSync(join(appDir, `${bundle}.gz`))), readFileSync(join(appDir, bundle)));
  assert.equal(summary.files, 2, 'the bundle and the noise were looked at; the small file and index.html were not');
});

test('gzip: nginx sends the .gz written at build time, with the asset headers', { skip }, async () => {
  const r = await get(`/${bundle}`, 'gzip');
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-encoding'], 'gzip');
  assert.deepEqual(r.body, readFileSync(join(appDir, `${bundle}.gz`)), 'the precompressed bytes, not an on-the-fly gzip');
  assert.match(r.headers['content-type'], /javascript/);
  assert.match(r.headers['cache-control'], /immutable/);
  assert.match(r.headers.vary ?? '', /Accept-Encoding/i);
  assert.match(r.headers['content-security-policy'], /default-src 'self'/);
});

test('brotli: nginx sends the .br when Debian\'s brotli_static module is installed', { skip: skip || (!existsSync(BROTLI_MODULE) && 'no libnginx-mod-http-brotli-static here') }, async () => {
  const r = await get(`/${bundle}`, 'gzip, deflate, br');
  assert.equal(r.headers['content-encoding'], 'br');
  assert.deepEqual(r.body, readFileSync(join(appDir, `${bundle}.br`)));
  assert.match(r.headers['cache-control'], /immutable/);
});

test('a client that accepts no encoding gets the file as built', { skip }, async () => {
  const r = await get(`/${bundle}`);
  assert.equal(r.headers['content-encoding'], undefined);
  assert.deepEqual(r.body, readFileSync(join(appDir, bundle)));
});

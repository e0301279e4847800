// TLS_CERT and TLS_KEY: the container serves HTTPS with HTTP/2 itself, on LISTEN_PORT, with a certificate
// made here by openssl (self-signed, for localhost). Plain HTTP stays the default (every other stack test).
//
//   node --test tests/stack/tls.test.mjs      (needs nginx and openssl)
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import http2 from 'node:http2';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, stopChild, waitFor } from '../fault-proxy/stack.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const ENTRYPOINT = join(ROOT, 'docker/entrypoint.sh');
const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const skip = has('nginx') && has('openssl') ? false : 'needs nginx and openssl';

let tmp;
let appDir;
let cert;
let key;
let child;
let port;
let logFile;

/** The entrypoint's environment: a fake build, this run's RUNTIME_DIR, no registry behind. */
const env = (extra) => ({
  PATH: process.env.PATH,
  REGISTRY_URL: 'http://127.0.0.1:9',
  APP_DIR: appDir,
  RUNTIME_DIR: join(tmp, `runtime-${Math.random().toString(36).slice(2)}`),
  NGINX_TEMPLATE: join(ROOT, 'nginx.conf'),
  ...extra,
});

/** One HTTP/2 request over TLS; the protocol ALPN settled on, the status, headers and body. */
function h2get(path) {
  return new Promise((res, rej) => {
    const session = http2.connect(`https://127.0.0.1:${port}`, { rejectUnauthorized: false });
    session.on('error', rej);
    const req = session.request({ ':path': path });
    let headers;
    const chunks = [];
    req.on('response', (h) => (headers = h));
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const alpn = session.alpnProtocol;
      session.close();
      res({ alpn, status: headers[':status'], headers, body: Buffer.concat(chunks).toString('utf8') });
    });
    req.on('error', rej);
    req.end();
  });
}

before(async () => {
  if (skip) return;
  tmp = mkdtempSync(join(tmpdir(), 'registry-ui-tls-'));
  chmodSync(tmp, 0o755);
  appDir = join(tmp, 'dist');
  mkdirSync(appDir);
  writeFileSync(join(appDir, 'index.html'), '<!doctype html><html><head><base href="/" /></head><body></body></html>\n');
  cert = join(tmp, 'tls.crt');
  key = join(tmp, 'tls.key');
  const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', key, '-out', cert],
  { encoding: 'utf8' });
  assert.equal(made.status, 0, made.stderr);
  port = await freePort();
  logFile = join(tmp, 'ui.log');
  const fd = openSync(logFile, 'a');
  child = spawn('sh', [ENTRYPOINT], {
    env: env({ LISTEN_PORT: String(port), LISTEN_ADDRESS: '127.0.0.1', TLS_CERT: cert, TLS_KEY: key }),
    stdio: ['ignore', fd, fd],
  });
  // fetch takes no self-signed certificate and speaks no HTTP/2: the probe is this file's h2get
  await waitFor(`https://127.0.0.1:${port}/healthz`, { timeoutMs: 15_000, child, log: logFile, ok: (r) => r.status === 200, probe: () => h2get('/healthz') });
});

after(async () => {
  if (child) await stopChild(child);
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('HTTPS with HTTP/2', { skip }, () => {
  test('the page is served over TLS and ALPN settles on h2', async () => {
    const r = await h2get('/');
    assert.equal(r.alpn, 'h2');
    assert.equal(r.status, 200);
    assert.match(r.body, /<base href="\/" \/>/);
    assert.equal(r.headers['x-frame-options'], 'DENY', 'the security headers, as over HTTP/1.1');
    assert.equal(r.headers['cache-control'], 'no-cache');
  });

  test('the /v2/ proxy answers over HTTP/2 too (502: no registry behind)', async () => {
    const r = await h2get('/v2/');
    assert.equal(r.alpn, 'h2');
    assert.equal(r.status, 502);
    assert.match(r.headers['content-security-policy'], /^sandbox/);
  });

  test('curl --http2 negotiates HTTP/2', { skip: has('curl') ? false : 'needs curl' }, () => {
    const r = spawnSync('curl', ['--http2', '-k', '-sS', '-o', '/dev/null', '-w', '%{http_version}', `https://127.0.0.1:${port}/healthz`], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '2');
  });

  test('plain HTTP on the TLS port is refused (400), never served', async () => {
    const status = await new Promise((res, rej) => {
      http.get(`http://127.0.0.1:${port}/`, (r) => res(r.statusCode)).on('error', rej);
    });
    assert.equal(status, 400);
  });

  test('--healthcheck asks over https', () => {
    const r = spawnSync('sh', [ENTRYPOINT, '--healthcheck'], {
      env: env({ LISTEN_PORT: String(port), LISTEN_ADDRESS: '127.0.0.1', TLS_CERT: cert, TLS_KEY: key }),
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
  });

  test('the start-up summary says https', () => {
    assert.match(readFileSync(logFile, 'utf8'), /listening on 127\.0\.0\.1:\d+\/ \(https, HTTP\/2\)/);
  });
});

describe('TLS_CERT and TLS_KEY are checked before anything is rendered', { skip }, () => {
  const check = (extra) => {
    const e = env(extra);
    const r = spawnSync('sh', [ENTRYPOINT, '--check'], { env: e, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
    return { ...r, runtimeDir: e.RUNTIME_DIR };
  };
  for (const [name, extra, message] of [
    ['TLS_CERT alone', () => ({ TLS_CERT: cert }), 'TLS_CERT is set without TLS_KEY'],
    ['TLS_KEY alone', () => ({ TLS_KEY: key }), 'TLS_KEY is set without TLS_CERT'],
    ['a missing certificate', () => ({ TLS_CERT: join(tmp, 'nope.crt'), TLS_KEY: key }), 'TLS_CERT names a file that cannot be read'],
    ['a relative key path', () => ({ TLS_CERT: cert, TLS_KEY: 'tls.key' }), 'TLS_KEY must be an absolute path'],
    ['a path with a space', () => ({ TLS_CERT: `${tmp}/a b.crt`, TLS_KEY: key }), 'TLS_CERT must be an absolute path'],
    ['the key as the certificate', () => ({ TLS_CERT: key, TLS_KEY: key }), 'TLS_CERT must hold a PEM certificate'],
    ['the certificate as the key', () => ({ TLS_CERT: cert, TLS_KEY: cert }), 'TLS_KEY must hold a PEM private key'],
  ]) {
    test(`${name} is refused with a message naming the variable`, () => {
      const r = check(extra());
      assert.notEqual(r.status, 0);
      assert.ok(r.stderr.includes(message), r.stderr);
      assert.throws(() => readFileSync(join(r.runtimeDir, 'nginx.conf')), 'nothing rendered');
    });
  }

  test('both set: nginx -t accepts the rendered config, which listens with ssl and http2', () => {
    const r = check({ LISTEN_PORT: '8443', TLS_CERT: cert, TLS_KEY: key });
    assert.equal(r.status, 0, r.stderr);
    assert.match(readFileSync(join(r.runtimeDir, 'nginx.conf'), 'utf8'), /listen 8443 ssl http2 default_server;/);
    assert.match(readFileSync(join(r.runtimeDir, 'tls.conf'), 'utf8'), new RegExp(`ssl_certificate ${cert};`));
  });

  test('neither set: plain HTTP, tls.conf says why it is empty', () => {
    const r = check({ LISTEN_PORT: '8080' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(readFileSync(join(r.runtimeDir, 'nginx.conf'), 'utf8'), /listen 8080 default_server;/);
    assert.match(readFileSync(join(r.runtimeDir, 'tls.conf'), 'utf8'), /^# Empty: no TLS_CERT and TLS_KEY/);
  });
});

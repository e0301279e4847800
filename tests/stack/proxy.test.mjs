// The nginx in front of the registry, for real: a docker-registry seeded over the V2 API, nginx started
// through docker/entrypoint.sh, and HTTP requests (fetch, or raw sockets where fetch would clean the
// request up) checked against docs/runtime-contract.md.
//
//   node --test tests/stack/proxy.test.mjs
//
// Needs nginx and docker-registry (scripts/lib/common.sh ensure_deps). Serves a fake build made in a temp
// dir; REGISTRY_UI_TEST_APP_DIR=dist serves a real one. Every process it starts is stopped in after(),
// also when a test fails.
//
// Instances:
//   root    BASE_PATH=/,             DELETE_IMAGES=false, upstream: the registry
//   sub     BASE_PATH=/registry-ui/, DELETE_IMAGES=true,  upstream: the registry
//   echo    BASE_PATH=/sub/,         DELETE_IMAGES=false, upstream: a fake registry that echoes what it got
//   canary  a plain HTTP server no request may ever reach
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ACCEPT, ROOT, appDir as fakeApp, freePort, sha256, stopChild, waitFor } from '../fault-proxy/stack.mjs';

const ENTRYPOINT = join(ROOT, 'docker/entrypoint.sh');
const REGISTRY_SH = join(ROOT, 'scripts/registry.sh');

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "font-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'";
const PROXY_CSP = "sandbox; default-src 'none'; frame-ancestors 'none'";
const SECURITY_HEADERS = {
  'content-security-policy': CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};
const IMMUTABLE = 'public, max-age=31536000, immutable';
const DELETE_DISABLED = {
  errors: [
    { code: 'UNSUPPORTED', message: 'delete is disabled in registry-ui', detail: 'set DELETE_IMAGES=true to allow deleting' },
  ],
};

// ------------------------------------------------------------------ processes and cleanup

const children = new Set();
const servers = [];
let tmp;
let registryEnv;
let registryStartedByScript = false;

function killChildren(signal = 'SIGTERM') {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  }
}
// A test runner killed with Ctrl-C or a crash must not leave nginx behind.
process.on('exit', () => killChildren('SIGKILL'));
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.once(sig, () => {
    killChildren('SIGKILL');
    stopRegistry();
    process.exit(130);
  });
}

function stopRegistry() {
  if (registryStartedByScript && registryEnv) {
    try {
      execFileSync(REGISTRY_SH, ['stop'], { env: registryEnv, stdio: 'ignore' });
    } catch {
      /* already gone */
    }
    registryStartedByScript = false;
  }
}

/** Starts a registry on a free port: scripts/registry.sh when present, else docker-registry by hand. */
async function startRegistry() {
  const port = await freePort();
  const dir = join(tmp, 'registry');
  const url = `http://127.0.0.1:${port}`;
  if (existsSync(REGISTRY_SH)) {
    registryEnv = { ...process.env, REGISTRY_PORT: String(port), REGISTRY_DIR: dir, REGISTRY_DELETE: 'true' };
    registryStartedByScript = true;
    execFileSync(REGISTRY_SH, ['start'], { env: registryEnv, stdio: ['ignore', 'ignore', 'inherit'] });
    return url;
  }
  mkdirSync(join(dir, 'data'), { recursive: true });
  writeFileSync(
    join(dir, 'config.yml'),
    `version: 0.1\nlog: {level: warn}\nstorage:\n  filesystem: {rootdirectory: ${dir}/data}\n  delete: {enabled: true}\nhttp: {addr: "127.0.0.1:${port}"}\n`,
  );
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('REGISTRY_')));
  const log = join(dir, 'registry.log');
  const fd = openSync(log, 'a');
  const child = spawn('docker-registry', ['serve', join(dir, 'config.yml')], { env, stdio: ['ignore', fd, fd] });
  children.add(child);
  await waitFor(`${url}/v2/`, { ok: (r) => r.status === 200, child, log });
  return url;
}

/** Starts nginx through the entrypoint; returns its origin. */
async function startUi(name, env) {
  const port = await freePort();
  const runtimeDir = join(tmp, `ui-${name}`);
  const log = join(tmp, `ui-${name}.log`);
  const fd = openSync(log, 'a');
  const child = spawn('sh', [ENTRYPOINT], {
    env: {
      PATH: process.env.PATH,
      APP_DIR: appDir,
      RUNTIME_DIR: runtimeDir,
      NGINX_TEMPLATE: join(ROOT, 'nginx.conf'),
      LISTEN_PORT: String(port),
      ...env,
    },
    stdio: ['ignore', fd, fd],
  });
  children.add(child);
  const origin = `http://127.0.0.1:${port}`;
  await waitFor(`${origin}${env.BASE_PATH ?? '/'}healthz`, { ok: (r) => r.status === 200, child, log });
  return { origin, port, log, child };
}

// ------------------------------------------------------------------ HTTP helpers

/**
 * Sends REQUEST (text, CRLF added) on a raw socket and parses the answer. For request lines fetch would
 * normalise: "..", "%2e%2e", absolute URLs, a foreign Host.
 */
function raw(port, requestLines) {
  return new Promise((res, rej) => {
    const sock = net.connect(port, '127.0.0.1');
    const chunks = [];
    sock.setTimeout(10000, () => sock.destroy(new Error('raw request timed out')));
    sock.on('data', (c) => chunks.push(c));
    sock.on('error', rej);
    sock.on('end', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const [head, ...rest] = text.split('\r\n\r\n');
      const [statusLine, ...headerLines] = head.split('\r\n');
      const headers = {};
      for (const line of headerLines) {
        const i = line.indexOf(':');
        const k = line.slice(0, i).trim().toLowerCase();
        const v = line.slice(i + 1).trim();
        headers[k] = k in headers ? `${headers[k]}, ${v}` : v;
      }
      res({ status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') });
    });
    sock.write(`${requestLines.join('\r\n')}\r\nConnection: close\r\n\r\n`);
  });
}

async function get(url, init = {}) {
  const r = await fetch(url, { redirect: 'manual', ...init });
  const body = init.method === 'HEAD' ? '' : await r.text();
  return { status: r.status, headers: r.headers, body };
}

function assertSecurityHeaders(headers, what) {
  const h = (k) => (typeof headers.get === 'function' ? headers.get(k) : headers[k]);
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) {
    if (k === 'content-security-policy') {
      // the app's policy on its pages, the sandbox on everything under /v2/
      const expected = h('docker-distribution-api-version') ? [PROXY_CSP] : [v, PROXY_CSP];
      assert.ok(expected.includes(h(k)), `${what}: ${k} is ${h(k)}`);
    } else {
      assert.equal(h(k), v, `${what}: ${k}`);
    }
  }
  assert.ok(h('permissions-policy'), `${what}: permissions-policy`);
  assert.doesNotMatch(h('server') ?? '', /\d/, `${what}: server_tokens off`);
}

// ------------------------------------------------------------------ seeding


async function pushBlob(registry, repo, bytes) {
  const digest = sha256(bytes);
  const start = await fetch(`${registry}/v2/${repo}/blobs/uploads/`, { method: 'POST' });
  await start.arrayBuffer();
  assert.equal(start.status, 202, `start upload to ${repo}`);
  const location = new URL(start.headers.get('location'), registry);
  location.searchParams.set('digest', digest);
  const put = await fetch(location, {
    method: 'PUT',
    headers: { 'content-type': 'application/octet-stream' },
    body: bytes,
  });
  await put.arrayBuffer();
  assert.equal(put.status, 201, `put blob to ${repo}`);
  return { digest, size: bytes.length };
}

/** Pushes a one-layer OCI image; returns its manifest digest. */
async function pushImage(registry, repo, tag) {
  const layer = await pushBlob(registry, repo, Buffer.from(`layer of ${repo}:${tag}\n`));
  const config = await pushBlob(
    registry,
    repo,
    Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [layer.digest] }, config: { Labels: { tag } } })),
  );
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...layer }],
    }),
  );
  const put = await fetch(`${registry}/v2/${repo}/manifests/${tag}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' },
    body: manifest,
  });
  await put.arrayBuffer();
  assert.equal(put.status, 201, `put manifest ${repo}:${tag}`);
  assert.equal(put.headers.get('docker-content-digest'), sha256(manifest));
  return sha256(manifest);
}

// ------------------------------------------------------------------ fixtures

let appDir;
let assetName;
let registry;
let canary;
let canaryHits = [];
let echoUpstream;
let echoHits = [];
let root;
let sub;
let echo;
const digests = {};

/** A tiny HTTP server; every request it gets is recorded. */
async function startServer(handler, hits) {
  const server = createServer((req, res) => {
    hits.push({ method: req.method, url: req.url, headers: req.headers });
    handler(req, res);
  });
  servers.push(server);
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: server.address().port, url: `http://127.0.0.1:${server.address().port}` };
}

before(
  async () => {
    tmp = mkdtempSync(join(tmpdir(), 'registry-ui-proxy-'));
    // nginx started as root serves files with unprivileged workers: they must be able to read them.
    chmodSync(tmp, 0o755);

    if (process.env.REGISTRY_UI_TEST_APP_DIR) {
      appDir = join(tmp, 'dist');
      cpSync(resolve(process.env.REGISTRY_UI_TEST_APP_DIR), appDir, { recursive: true });
    } else {
      appDir = fakeApp({ fake: 'always', tmp });
    }
    execFileSync('chmod', ['-R', 'a+rX', appDir]);
    assetName = execFileSync('ls', [join(appDir, 'assets')], { encoding: 'utf8' }).split('\n').find((f) => f.endsWith('.js'));
    assert.ok(assetName, 'the build has a JS asset');

    registry = await startRegistry();
    digests.teamApp = await pushImage(registry, 'team/app', 'v1');
    await pushImage(registry, 'team/app', 'v2');
    await pushImage(registry, 'team/api', 'v1');
    await pushImage(registry, 'library/alpine', 'latest');
    digests.deleteMe = await pushImage(registry, 'delete/me', 'v1');

    canary = await startServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain', 'x-canary': 'reached' });
      res.end('canary');
    }, canaryHits);

    echoUpstream = await startServer((req, res) => {
      const self = `http://127.0.0.1:${echoUpstream.port}`;
      const headers = { 'content-type': 'application/json', 'docker-distribution-api-version': 'registry/2.0' };
      const path = req.url.split('?')[0];
      if (path === '/v2/redirect-absolute') headers.location = `${self}/v2/target?x=1`;
      if (path === '/v2/redirect-relative') headers.location = '/v2/target';
      if (path === '/v2/redirect-storage') headers.location = 'https://bucket.s3.example.com/docker/registry/v2/blobs/sha256/aa/data';
      if (path === '/v2/link-absolute') headers.link = `<${self}/v2/_catalog?last=a&n=1>; rel="next"`;
      if (path === '/v2/link-relative') headers.link = '</v2/team/app/tags/list?last=v1&n=1>; rel="next"';
      if (path === '/v2/auth') headers['www-authenticate'] = 'Bearer realm="https://auth.example.com/token",service="registry"';
      if (path === '/v2/security-headers') {
        headers['x-frame-options'] = 'ALLOWALL';
        headers['content-security-policy'] = "default-src *";
      }
      res.writeHead(path.startsWith('/v2/redirect-') ? 307 : path === '/v2/auth' ? 401 : 200, headers);
      res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers }));
    }, echoHits);

    [root, sub, echo] = await Promise.all([
      startUi('root', { REGISTRY_URL: registry, DELETE_IMAGES: 'false', REGISTRY_TITLE: 'Root "UI"' }),
      startUi('sub', { REGISTRY_URL: registry, DELETE_IMAGES: 'true', BASE_PATH: '/registry-ui/' }),
      startUi('echo', { REGISTRY_URL: echoUpstream.url, DELETE_IMAGES: 'false', BASE_PATH: '/sub/' }),
    ]);
  },
  { timeout: 120000 },
);

after(async () => {
  await Promise.all([...children].map(stopChild));
  stopRegistry();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  if (tmp && !process.env.REGISTRY_UI_TEST_KEEP) rmSync(tmp, { recursive: true, force: true });
});

// ------------------------------------------------------------------ proxy: reads

describe('reads pass through', () => {
  for (const [name, prefix] of [
    ['root', '/'],
    ['sub', '/registry-ui/'],
  ]) {
    const ui = () => (name === 'root' ? root : sub);

    test(`${name}: GET and HEAD ${prefix}v2/ reach the registry`, async () => {
      for (const method of ['GET', 'HEAD']) {
        const r = await get(`${ui().origin}${prefix}v2/`, { method });
        assert.equal(r.status, 200, method);
        assert.equal(r.headers.get('docker-distribution-api-version'), 'registry/2.0', method);
      }
    });

    test(`${name}: GET and HEAD of a manifest keep Docker-Content-Digest and the exact bytes`, async () => {
      const direct = await fetch(`${registry}/v2/team/app/manifests/v1`, { headers: { accept: ACCEPT } });
      const directBody = Buffer.from(await direct.arrayBuffer());
      for (const method of ['GET', 'HEAD']) {
        const r = await fetch(`${ui().origin}${prefix}v2/team/app/manifests/v1`, { method, headers: { accept: ACCEPT } });
        const body = Buffer.from(await r.arrayBuffer());
        assert.equal(r.status, 200, method);
        assert.equal(r.headers.get('docker-content-digest'), digests.teamApp, method);
        assert.equal(r.headers.get('docker-distribution-api-version'), 'registry/2.0', method);
        assert.equal(r.headers.get('content-type'), 'application/vnd.oci.image.manifest.v1+json', method);
        if (method === 'GET') {
          assert.deepEqual(body, directBody);
          assert.equal(sha256(body), digests.teamApp);
        }
      }
    });

    test(`${name}: OPTIONS passes to the registry`, async () => {
      const r = await get(`${ui().origin}${prefix}v2/_catalog`, { method: 'OPTIONS' });
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('docker-distribution-api-version'), 'registry/2.0');
    });

    test(`${name}: registry errors pass unchanged`, async () => {
      const direct = await fetch(`${registry}/v2/nope/manifests/latest`, { headers: { accept: ACCEPT } });
      const r = await get(`${ui().origin}${prefix}v2/nope/manifests/latest`, { headers: { accept: ACCEPT } });
      assert.equal(r.status, direct.status);
      assert.deepEqual(JSON.parse(r.body), await direct.json());
    });

    test(`${name}: the catalog's Link header points under ${prefix} and following it lists every repository`, async () => {
      const direct = await (await fetch(`${registry}/v2/_catalog?n=1000`)).json();
      const seen = [];
      let url = `${ui().origin}${prefix}v2/_catalog?n=1`;
      for (let pages = 0; url; pages++) {
        assert.ok(pages < 20, 'pagination ends');
        const r = await fetch(url);
        assert.equal(r.status, 200, url);
        seen.push(...(await r.json()).repositories);
        const link = r.headers.get('link');
        if (!link) break;
        const m = /^<([^>]+)>;\s*rel="next"$/.exec(link);
        assert.ok(m, `Link parses: ${link}`);
        assert.ok(m[1].startsWith(`${prefix}v2/_catalog?`), `Link under the prefix: ${link}`);
        url = new URL(m[1], ui().origin).href;
      }
      assert.deepEqual(seen, direct.repositories);
      assert.ok(seen.length >= 4);
    });
  }

  test('sub: /v2/ at the root is not proxied', async () => {
    const r = await get(`${sub.origin}/v2/`);
    assert.equal(r.status, 404);
    assert.equal(r.headers.get('docker-distribution-api-version'), null);
    const r2 = await get(`${sub.origin}/v2/_catalog`);
    assert.equal(r2.status, 404);
  });
});

// ------------------------------------------------------------------ proxy: writes

describe('writes', () => {
  test('root (DELETE_IMAGES=false): DELETE is answered 405 with the contract JSON and never reaches the registry', async () => {
    const r = await get(`${root.origin}/v2/team/app/manifests/${digests.teamApp}`, { method: 'DELETE' });
    assert.equal(r.status, 405);
    assert.match(r.headers.get('content-type'), /^application\/json/);
    assert.equal(r.headers.get('allow'), 'GET, HEAD, OPTIONS');
    assert.deepEqual(JSON.parse(r.body), DELETE_DISABLED);
    assertSecurityHeaders(r.headers, '405');
    const still = await fetch(`${registry}/v2/team/app/manifests/v1`, { method: 'HEAD', headers: { accept: ACCEPT } });
    assert.equal(still.status, 200, 'the tag still exists in the registry');
    assert.equal(still.headers.get('docker-content-digest'), digests.teamApp);
  });

  test('sub (DELETE_IMAGES=true): DELETE by digest passes and the registry answers 202', async () => {
    const r = await get(`${sub.origin}/registry-ui/v2/delete/me/manifests/${digests.deleteMe}`, { method: 'DELETE' });
    assert.equal(r.status, 202);
    const gone = await fetch(`${registry}/v2/delete/me/manifests/${digests.deleteMe}`, { method: 'HEAD', headers: { accept: ACCEPT } });
    assert.equal(gone.status, 404, 'deleted in the registry');
  });

  for (const [name, prefix] of [
    ['root', '/'],
    ['sub', '/registry-ui/'],
  ]) {
    for (const method of ['PUT', 'POST', 'PATCH']) {
      test(`${name}: ${method} is refused with 405 and nothing changes in the registry`, async () => {
        const ui = name === 'root' ? root : sub;
        const path = method === 'PUT' ? 'team/app/manifests/v1' : 'team/app/blobs/uploads/';
        const r = await get(`${ui.origin}${prefix}v2/${path}`, {
          method,
          headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' },
          body: '{"schemaVersion":2}',
        });
        assert.equal(r.status, 405);
        assert.match(r.headers.get('content-type'), /^application\/json/);
        assert.ok(r.headers.get('allow').startsWith('GET, HEAD, OPTIONS'));
        const body = JSON.parse(r.body);
        assert.equal(body.errors[0].code, 'UNSUPPORTED');
        assert.equal(body.errors[0].message, 'registry-ui does not forward pushes');
        assertSecurityHeaders(r.headers, `${method} 405`);
        const still = await fetch(`${registry}/v2/team/app/manifests/v1`, { method: 'HEAD', headers: { accept: ACCEPT } });
        assert.equal(still.headers.get('docker-content-digest'), digests.teamApp);
      });
    }
  }
});

// ------------------------------------------------------------------ proxy: no other upstream

describe('no request reaches anything but the configured registry', () => {
  const hostile = (canaryHost) => [
    ['dot-dot', [`GET /v2/../ HTTP/1.1`, 'Host: localhost']],
    ['encoded dot-dot', [`GET /v2/%2e%2e/ HTTP/1.1`, 'Host: localhost']],
    ['encoded dot-dot past the root', [`GET /v2/%2e%2e/%2e%2e/%2e%2e/etc/passwd HTTP/1.1`, 'Host: localhost']],
    ['encoded slashes', [`GET /v2/..%2f..%2f HTTP/1.1`, 'Host: localhost']],
    ['absolute-URL request line', [`GET http://${canaryHost}/v2/ HTTP/1.1`, `Host: ${canaryHost}`]],
    ['absolute-URL request line, sub-path', [`GET http://${canaryHost}/registry-ui/v2/ HTTP/1.1`, `Host: ${canaryHost}`]],
    ['foreign Host header', ['GET /v2/ HTTP/1.1', `Host: ${canaryHost}`]],
    ['foreign X-Forwarded-Host', ['GET /v2/ HTTP/1.1', 'Host: localhost', `X-Forwarded-Host: ${canaryHost}`, `Forwarded: host=${canaryHost}`]],
    ['URL glued to /v2', [`GET /v2http://${canaryHost}/ HTTP/1.1`, 'Host: localhost']],
    ['URL after /v2/', [`GET /v2/http://${canaryHost}/ HTTP/1.1`, 'Host: localhost']],
    ['protocol-relative path', [`GET //${canaryHost}/v2/ HTTP/1.1`, 'Host: localhost']],
    ['sub-path dot-dot', [`GET /registry-ui/v2/../../v2/ HTTP/1.1`, 'Host: localhost']],
    ['sub-path encoded dot-dot', [`GET /registry-ui/v2/%2e%2e/%2e%2e/v2/ HTTP/1.1`, 'Host: localhost']],
    ['CONNECT', [`CONNECT ${canaryHost} HTTP/1.1`, `Host: ${canaryHost}`]],
  ];

  test('hostile request lines and headers', async () => {
    const canaryHost = `127.0.0.1:${canary.port}`;
    for (const ui of [root, sub]) {
      for (const [what, lines] of hostile(canaryHost)) {
        const r = await raw(ui.port, lines);
        assert.notEqual(r.headers['x-canary'], 'reached', what);
        assert.ok(!r.body.includes('canary'), `${what}: canary body`);
        // Anything proxied went to the registry: the registry answers with its version header.
        if (r.headers['docker-distribution-api-version'] === undefined) {
          assert.ok(r.status !== 502 && r.status !== 504, `${what}: ${r.status}`);
        }
        assertSecurityHeaders(r.headers, what);
      }
    }
    // Proxied ones did reach the registry.
    const abs = await raw(root.port, [`GET http://${canaryHost}/v2/ HTTP/1.1`, `Host: ${canaryHost}`]);
    assert.equal(abs.status, 200);
    assert.equal(abs.headers['docker-distribution-api-version'], 'registry/2.0');
    const host = await raw(sub.port, ['GET /registry-ui/v2/ HTTP/1.1', `Host: ${canaryHost}`]);
    assert.equal(host.headers['docker-distribution-api-version'], 'registry/2.0');
    // ".." resolved before proxying: back at the app, not the registry.
    const dots = await raw(root.port, ['GET /v2/%2e%2e/ HTTP/1.1', 'Host: localhost']);
    assert.equal(dots.headers['docker-distribution-api-version'], undefined);
    const subDots = await raw(sub.port, ['GET /registry-ui/v2/../../v2/ HTTP/1.1', 'Host: localhost']);
    assert.equal(subDots.status, 404);
    assert.deepEqual(canaryHits, [], 'the canary got no request');
  });

  test('the upstream gets a normalised path, its own Host and our X-Forwarded-*, never the client Forwarded', async () => {
    echoHits.length = 0;
    const r = await raw(echo.port, [
      'GET /sub/v2/team/x/%2e%2e/app//tags/list?n=1 HTTP/1.1',
      `Host: 127.0.0.1:${canary.port}`,
      'Forwarded: for=1.2.3.4;host=evil.example',
      'X-Forwarded-For: 1.2.3.4',
    ]);
    assert.equal(r.status, 200);
    assert.equal(echoHits.length, 1);
    const got = echoHits[0];
    assert.equal(got.url, '/v2/team/app/tags/list?n=1');
    assert.equal(got.headers.host, `127.0.0.1:${echoUpstream.port}`);
    // the registry's own name: a visitor's Host must not become an address the registry builds URLs from
    assert.equal(got.headers['x-forwarded-host'], `127.0.0.1:${echoUpstream.port}`);
    assert.equal(got.headers['x-forwarded-proto'], 'http');
    assert.match(got.headers['x-forwarded-for'], /^1\.2\.3\.4, 127\.0\.0\.1$/);
    assert.equal(got.headers.forwarded, undefined);
    assert.deepEqual(canaryHits, []);
  });
});

// ------------------------------------------------------------------ Link and Location rewriting

describe('Link and Location come back under BASE_PATH', () => {
  test('absolute and root-relative Link targets', async () => {
    const abs = await get(`${echo.origin}/sub/v2/link-absolute`);
    assert.equal(abs.headers.get('link'), '</sub/v2/_catalog?last=a&n=1>; rel="next"');
    const rel = await get(`${echo.origin}/sub/v2/link-relative`);
    assert.equal(rel.headers.get('link'), '</sub/v2/team/app/tags/list?last=v1&n=1>; rel="next"');
  });

  test("redirects to the registry's /v2/ are rewritten, others are not", async () => {
    const abs = await get(`${echo.origin}/sub/v2/redirect-absolute`);
    assert.equal(abs.status, 307);
    assert.equal(abs.headers.get('location'), '/sub/v2/target?x=1');
    const rel = await get(`${echo.origin}/sub/v2/redirect-relative`);
    assert.equal(rel.headers.get('location'), '/sub/v2/target');
    const storage = await get(`${echo.origin}/sub/v2/redirect-storage`);
    assert.equal(storage.headers.get('location'), 'https://bucket.s3.example.com/docker/registry/v2/blobs/sha256/aa/data');
  });

  test('WWW-Authenticate reaches the browser unchanged', async () => {
    const r = await get(`${echo.origin}/sub/v2/auth`);
    assert.equal(r.status, 401);
    assert.equal(r.headers.get('www-authenticate'), 'Bearer realm="https://auth.example.com/token",service="registry"');
  });

  test("the registry's own security headers are replaced, not duplicated", async () => {
    const r = await raw(echo.port, ['GET /sub/v2/security-headers HTTP/1.1', 'Host: localhost']);
    assertSecurityHeaders(r.headers, 'proxied');
  });

  test('/v2 without its slash redirects under the prefix', async () => {
    const r = await get(`${sub.origin}/registry-ui/v2`);
    assert.equal(r.status, 301);
    assert.equal(r.headers.get('location'), '/registry-ui/v2/');
  });
});

// ------------------------------------------------------------------ app files and headers

describe('app files, caching and security headers', () => {
  for (const [name, prefix] of [
    ['root', '/'],
    ['sub', '/registry-ui/'],
  ]) {
    const ui = () => (name === 'root' ? root : sub);
    const cases = () => [
      ['index', `${prefix}`, 200, 'no-cache', /^text\/html/],
      ['index.html', `${prefix}index.html`, 200, 'no-cache', /^text\/html/],
      ['route', `${prefix}r/team/app/t/v1`, 200, 'no-cache', /^text\/html/],
      ['digest route', `${prefix}r/team/app/d/${digests.teamApp}`, 200, 'no-cache', /^text\/html/],
      ['asset', `${prefix}assets/${assetName}`, 200, IMMUTABLE, /^application\/javascript/],
      ['config.js', `${prefix}config.js`, 200, 'no-store', /^application\/javascript/],
      ['healthz', `${prefix}healthz`, 200, 'no-store', /^text\/plain/],
      ['missing asset', `${prefix}assets/missing-0000.js`, 404, 'no-store', /^text\/html/],
      ['proxied JSON', `${prefix}v2/_catalog`, 200, null, /^application\/json/],
    ];

    test(`${name}: status, Content-Type, Cache-Control and security headers`, async () => {
      for (const [what, path, status, cache, type] of cases()) {
        const r = await get(`${ui().origin}${path}`);
        assert.equal(r.status, status, what);
        assert.match(r.headers.get('content-type') ?? '', type, what);
        assert.equal(r.headers.get('cache-control'), cache, `${what}: cache-control`);
        assertSecurityHeaders(r.headers, what);
      }
    });

    test(`${name}: the SPA fallback serves index.html with base href ${prefix}`, async () => {
      const r = await get(`${ui().origin}${prefix}r/team/app/t/v1`);
      assert.match(r.body, new RegExp(`<base href="${prefix}" />`));
      assert.match(r.body, /<script src="config.js"><\/script>/);
    });

    test(`${name}: config.js is the runtime one`, async () => {
      const r = await get(`${ui().origin}${prefix}config.js`);
      assert.doesNotMatch(r.body, /dev default/);
      const m = /window\.__REGISTRY_UI_CONFIG__ = (\{[\s\S]*\});/.exec(r.body);
      const cfg = JSON.parse(m[1]);
      assert.equal(cfg.basePath, prefix);
      assert.equal(cfg.registryUrl, prefix.replace(/\/$/, ''));
      assert.equal(cfg.deleteImages, name === 'sub');
    });

    test(`${name}: text is gzipped for clients that ask`, async () => {
      const r = await raw(ui().port, [`GET ${prefix}assets/${assetName} HTTP/1.1`, 'Host: localhost', 'Accept-Encoding: gzip']);
      assert.equal(r.headers['content-encoding'], 'gzip');
    });
  }

  test('root: 405 and 404 answers carry the security headers too', async () => {
    const r = await get(`${root.origin}/v2/team/app/manifests/v1`, { method: 'PUT', body: '{}' });
    assert.equal(r.status, 405);
    assertSecurityHeaders(r.headers, 'PUT 405');
    const bad = await raw(root.port, ['GET /%2e%2e/%2e%2e/ HTTP/1.1', 'Host: localhost']);
    assert.equal(bad.status, 400);
    assertSecurityHeaders(bad.headers, '400');
  });

  test('sub: the root redirects to the prefix, other paths outside it are 404', async () => {
    const r = await get(`${sub.origin}/`);
    assert.equal(r.status, 302);
    assert.equal(r.headers.get('location'), '/registry-ui/');
    assertSecurityHeaders(r.headers, '302');
    const bare = await get(`${sub.origin}/registry-ui`);
    assert.equal(bare.status, 301);
    assert.equal(bare.headers.get('location'), '/registry-ui/');
    for (const path of ['/config.js', '/healthz', `/assets/${assetName}`, '/r/team/app']) {
      const o = await get(`${sub.origin}${path}`);
      assert.equal(o.status, 404, path);
      assertSecurityHeaders(o.headers, path);
    }
  });
});

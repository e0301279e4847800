// The proxy as an attacker tries it, one promise of SECURITY.md per describe block: the DELETE gate lets
// only well-formed manifest digests through, BASE_PATH is a prefix and never a pattern, proxied answers are
// inert in a browser, the visitor's Host steers nothing, and followed blob redirects are limited to
// storage (no loopback or link-local target by default, TLS verified against the CA bundle).
//
//   node --test tests/stack/hardening.test.mjs
//
// A real registry sits behind tests/fault-proxy (used as a recorder: "never reached the registry" is read
// from its log); fake registries written here answer what a hostile or misconfigured one would.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { createServer } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Stack, appDir, headDigest, parseHead, pushImage, rawExchange } from '../fault-proxy/stack.mjs';

let stack;
let build;
let registry;
let recorder;
/** DELETE_IMAGES=true at the root. */
let on;
/** BASE_PATH=/a.b/, REGISTRIES=prod=…, DELETE_IMAGES=true. */
let dotted;
/** A registry (and token service) answering what a hostile one would; `hostileUi` in front of it. */
let hostile;
let hostileUi;
/** The same registry behind the defaults: no blob redirect to a local address. */
let strictUi;
const forwardedHosts = [];
/** Plain-HTTP storage on 127.0.0.1: what a registry redirects blobs to. */
let storage;
const storageHits = [];
/** HTTPS storage on 127.0.0.1 with a self-signed certificate for 127.0.0.1, and one whose certificate names another host. */
let tlsStorage;
let wrongNameStorage;
/** BLOB_REDIRECT_CA_FILE naming both certificates (and BLOB_REDIRECT_ALLOW_LOCAL: the storage is on 127.0.0.1). */
let caUi;
/** Where the hostile registry redirects blob GETs of evil/. */
let blobLocation = '';

const APP_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "font-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'";
const PROXY_CSP = "sandbox; default-src 'none'; frame-ancestors 'none'";
const PAGE = '<!doctype html><html><body><script src="/v2/evil/blobs/x.js"></script><script>alert(1)</script></body></html>';
const HEX = 'c'.repeat(64);

/** A server on 127.0.0.1 for this file; closed in after(). */
async function listen(handler) {
  const server = createServer(handler);
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  servers.push(server);
  return { server, port: server.address().port, url: `http://127.0.0.1:${server.address().port}` };
}
const servers = [];

/** The answer's headers as sent: every copy of each. */
function copies(r, name) {
  return r.rawHeaders.filter(([k]) => k === name).map(([, v]) => v);
}
let digest;

/** One raw request (fetch would normalise it); resolves to { status, headers, body }. */
async function raw(port, text) {
  const all = (await rawExchange(port, `${text.replace(/\r?\n/g, '\r\n')}Connection: close\r\n\r\n`)).toString('latin1');
  const end = all.indexOf('\r\n\r\n');
  return { ...parseHead(all.slice(0, end)), body: all.slice(end + 4) };
}

before(
  async () => {
    stack = new Stack('hardening');
    build = process.env.REGISTRY_UI_TEST_APP_DIR ? resolve(process.env.REGISTRY_UI_TEST_APP_DIR) : appDir({ fake: 'always', tmp: stack.tmp });
    registry = await stack.registry();
    digest = (await pushImage(registry, 'team/app', ['v1'])).digest;
    recorder = await stack.faultProxy(registry);
    storage = await listen((req, res) => {
      storageHits.push(req.url);
      const type = new URL(req.url, 'http://x').searchParams.get('type');
      res.writeHead(200, type ? { 'content-type': type, 'x-storage': '1' } : { 'x-storage': '1' });
      res.end(PAGE);
    });
    hostile = await listen((req, res) => {
      const url = new URL(req.url, 'http://x');
      const type = url.searchParams.get('type');
      if (url.pathname === '/v2/') return void res.writeHead(200, { 'content-type': 'application/json', 'docker-distribution-api-version': 'registry/2.0' }).end('{}');
      // Distribution builds absolute URLs from the first X-Forwarded-Host of a comma list
      if (url.pathname.startsWith('/v2/hosty/blobs/')) {
        forwardedHosts.push(req.headers['x-forwarded-host']);
        const host = String(req.headers['x-forwarded-host'] ?? req.headers.host).split(',')[0].trim();
        return void res.writeHead(307, { location: `http://${host}/secret` }).end();
      }
      if (url.pathname.startsWith('/v2/evil/blobs/')) return void res.writeHead(307, { location: blobLocation, 'content-type': 'text/html' }).end(PAGE);
      // a manifest, an error or a token answered with whatever type the test names (none: no header)
      if (url.pathname === '/token') forwardedHosts.push(req.headers['x-forwarded-host']);
      res.writeHead(url.searchParams.get('status') ? Number(url.searchParams.get('status')) : 200, type ? { 'content-type': type } : {});
      res.end(PAGE);
    });
    strictUi = await stack.ui({ REGISTRY_URL: hostile.url }, { build });
    // self-signed certificates, made here: one for 127.0.0.1, one for another name
    const cert = (name, san) => {
      const key = join(stack.tmp, `${name}.key`);
      const crt = join(stack.tmp, `${name}.crt`);
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', crt, '-days', '2', '-subj', `/CN=${name}`, '-addext', `subjectAltName=${san}`], { stdio: 'ignore' });
      return { key: readFileSync(key), cert: readFileSync(crt) };
    };
    const good = cert('127.0.0.1', 'IP:127.0.0.1,DNS:127.0.0.1');
    const other = cert('storage.example', 'DNS:storage.example');
    const tlsHandler = (req, res) => {
      storageHits.push(`tls ${req.url}`);
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'x-storage': 'tls' }).end('blob over tls');
    };
    for (const [which, pair] of [['good', good], ['other', other]]) {
      const server = createTlsServer(pair, tlsHandler);
      await new Promise((r) => server.listen(0, '127.0.0.1', r));
      servers.push(server);
      const port = server.address().port;
      if (which === 'good') tlsStorage = `https://127.0.0.1:${port}`;
      else wrongNameStorage = `https://127.0.0.1:${port}`;
    }
    const caFile = join(stack.tmp, 'private-ca.pem');
    writeFileSync(caFile, Buffer.concat([good.cert, other.cert]));
    caUi = await stack.ui({ REGISTRY_URL: hostile.url, BLOB_REDIRECT_ALLOW_LOCAL: 'true', BLOB_REDIRECT_CA_FILE: caFile }, { build });
    hostileUi = await stack.ui({ REGISTRY_URL: hostile.url, REGISTRY_TOKEN_URL: `${hostile.url}/token`, BLOB_REDIRECT_ALLOW_LOCAL: 'true' }, { build });
    [on, dotted] = await Promise.all([
      stack.ui({ REGISTRY_URL: recorder.url, DELETE_IMAGES: 'true' }, { build }),
      stack.ui({ REGISTRIES: `prod=${recorder.url}`, DELETE_IMAGES: 'true', BASE_PATH: '/a.b/' }, { build }),
    ]);
  },
  { timeout: 120_000 },
);

after(async () => {
  await stack?.stop();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

// ------------------------------------------------------------------ item 8: the DELETE gate

describe('DELETE reaches the registry only for a sha256 or sha512 manifest digest', () => {
  test('malformed digests, other algorithms and encoded line ends are answered by nginx', async () => {
    const hex = digest.slice('sha256:'.length);
    const mark = recorder.requests.length;
    for (const ref of [
      'sha256:abc',
      `sha256:${hex}%0A`,
      `sha256:${hex}%0a`,
      `sha256:${hex}%0D`,
      `sha256:${hex}0`,
      `sha256:${hex.slice(1)}`,
      `sha256:${hex.toUpperCase()}`,
      `SHA256:${hex}`,
      `sha384:${'a'.repeat(96)}`,
      `sha512:${'a'.repeat(127)}`,
      `sha512:${'a'.repeat(64)}`,
      'v1:x',
      `md5:${'a'.repeat(32)}`,
      `sha256+b64:${hex}`,
      `sha256:${hex}=`,
      `sha256:${hex}%20`,
    ]) {
      const r = await raw(on.port, `DELETE /v2/team/app/manifests/${ref} HTTP/1.1\nHost: localhost\n`);
      assert.ok([400, 405].includes(r.status), `${ref}: ${r.status}`);
      assert.match(r.headers['content-type'] ?? '', /^application\/json/, `${ref}: JSON`);
      assert.equal(JSON.parse(r.body).errors[0].code, 'UNSUPPORTED', ref);
    }
    // a NUL never makes it past nginx's request parser (its own 400)
    assert.equal((await raw(on.port, `DELETE /v2/team/app/manifests/sha256:${hex}%00 HTTP/1.1\nHost: localhost\n`)).status, 400);
    assert.deepEqual(
      recorder.requests.slice(mark).map((q) => `${q.method} ${q.url}`),
      [],
      'no DELETE reached the registry',
    );
    assert.equal(await headDigest(registry, 'team/app', 'v1'), digest, 'the tag is still there');
  });

  test('well-formed sha256 and sha512 digests do reach it', async () => {
    const mark = recorder.requests.length;
    const sha512 = `sha512:${'b'.repeat(128)}`;
    for (const ref of [`sha256:${'0'.repeat(64)}`, sha512]) {
      const r = await raw(on.port, `DELETE /v2/team/app/manifests/${ref} HTTP/1.1\nHost: localhost\n`);
      // the registry's own answer: it knows no such manifest
      assert.ok([400, 404].includes(r.status), `${ref}: ${r.status}`);
    }
    assert.deepEqual(
      recorder.requests.slice(mark).map((q) => q.method),
      ['DELETE', 'DELETE'],
    );
    const target = await pushImage(registry, 'team/app', ['gone'], { seed: 'gone' });
    const r = await fetch(`${on.origin}/v2/team/app/manifests/${target.digest}`, { method: 'DELETE' });
    assert.equal(r.status, 202);
    assert.equal(await headDigest(registry, 'team/app', 'gone'), undefined);
  });
});

// ------------------------------------------------------------------ item 7: BASE_PATH is a prefix

describe('BASE_PATH is matched as written, never as a pattern', () => {
  test('with BASE_PATH=/a.b/, /aXb/… reaches nothing, DELETE included; /a.b/… works', async () => {
    const mark = recorder.requests.length;
    const target = await pushImage(registry, 'team/app', ['dotted'], { seed: 'dotted' });
    const blob = target.manifest.config.digest;
    for (const prefix of ['/aXb/', '/a-b/', '/a/b/', '/a_b/']) {
      for (const [method, path] of [
        ['GET', 'x/prod/v2/'],
        ['GET', 'x/prod/v2/_catalog'],
        ['DELETE', `x/prod/v2/team/app/manifests/${target.digest}`],
        ['GET', `v2/team/app/blobs/${blob}`],
        ['DELETE', `v2/team/app/manifests/${target.digest}`],
      ]) {
        const r = await raw(dotted.port, `${method} ${prefix}${path} HTTP/1.1\nHost: localhost\n`);
        assert.equal(r.status, 404, `${method} ${prefix}${path}: ${r.status}`);
        assert.equal(r.headers['docker-distribution-api-version'], undefined, `${method} ${prefix}${path}: not proxied`);
      }
    }
    assert.deepEqual(recorder.requests.slice(mark).map((q) => `${q.method} ${q.url}`), [], 'nothing reached the registry');
    assert.equal(await headDigest(registry, 'team/app', 'dotted'), target.digest, 'the tag is still there');

    // the real prefix: the same requests are proxied
    const catalog = await fetch(`${dotted.origin}/a.b/x/prod/v2/_catalog`);
    assert.equal(catalog.status, 200);
    assert.ok((await catalog.json()).repositories.includes('team/app'));
    const config = await fetch(`${dotted.origin}/a.b/v2/team/app/blobs/${blob}`);
    assert.equal(config.status, 200);
    assert.equal(JSON.parse(await config.text()).os, 'linux');
    const del = await fetch(`${dotted.origin}/a.b/x/prod/v2/team/app/manifests/${target.digest}`, { method: 'DELETE' });
    assert.equal(del.status, 202);
    assert.equal(await headDigest(registry, 'team/app', 'dotted'), undefined);
  });
});

// ------------------------------------------------------------------ item 5: proxied answers are inert

describe('no proxied answer can be a page: sandboxed, and never an HTML, XML, SVG or script type', () => {
  const DANGEROUS = [
    'text/html',
    'TEXT/HTML; charset=utf-8',
    'application/xhtml+xml',
    'image/svg+xml',
    'text/xml',
    'application/xml',
    'application/vnd.evil+xml',
    'text/javascript',
    'application/javascript',
    'application/x-javascript; charset=utf-8',
    'application/ecmascript',
    'text/xsl',
    'text/css',
    'multipart/x-mixed-replace; boundary=x',
    'application/pdf',
    'application/vnd.evil.html',
  ];

  test('a registry answering with such a type (or none) is served as application/octet-stream, sandboxed', async () => {
    for (const type of [...DANGEROUS, '']) {
      for (const status of [200, 404, 500]) {
        const q = `type=${encodeURIComponent(type)}&status=${status}`;
        const r = await raw(hostileUi.port, `GET /v2/evil/manifests/latest?${q} HTTP/1.1\nHost: localhost\n`);
        assert.equal(r.status, status, type);
        assert.deepEqual(copies(r, 'content-type'), ['application/octet-stream'], `${type || 'no type'} (${status})`);
        assert.deepEqual(copies(r, 'content-security-policy'), [PROXY_CSP], `${type} (${status}): CSP`);
        assert.deepEqual(copies(r, 'x-content-type-options'), ['nosniff']);
        assert.ok(r.body.includes('<script'), 'the body itself passes unchanged');
      }
    }
  });

  test('the token service and the storage a blob redirect leads to are held to the same rule', async () => {
    for (const type of DANGEROUS) {
      const token = await raw(hostileUi.port, `GET /auth/token?type=${encodeURIComponent(type)} HTTP/1.1\nHost: localhost\n`);
      assert.deepEqual(copies(token, 'content-type'), ['application/octet-stream'], `token: ${type}`);
      assert.deepEqual(copies(token, 'content-security-policy'), [PROXY_CSP], `token: ${type}`);
      blobLocation = `${storage.url}/data?type=${encodeURIComponent(type)}`;
      const blob = await raw(hostileUi.port, `GET /v2/evil/blobs/sha256:${HEX} HTTP/1.1\nHost: localhost\n`);
      assert.equal(blob.status, 200, `blob: ${type}`);
      assert.equal(blob.headers['x-storage'], '1', 'fetched from the storage');
      assert.deepEqual(copies(blob, 'content-type'), ['application/octet-stream'], `blob: ${type}`);
      assert.deepEqual(copies(blob, 'content-security-policy'), [PROXY_CSP], `blob: ${type}`);
    }
  });

  test('the types registries send for data pass unchanged, once', async () => {
    for (const type of [
      'application/vnd.oci.image.manifest.v1+json',
      'application/vnd.docker.distribution.manifest.list.v2+json',
      'application/vnd.docker.distribution.manifest.v1+prettyjws',
      'application/json; charset=utf-8',
      'application/octet-stream',
      'application/vnd.oci.image.layer.v1.tar+gzip',
      'text/plain; charset=utf-8',
    ]) {
      const r = await raw(hostileUi.port, `GET /v2/evil/manifests/latest?type=${encodeURIComponent(type)} HTTP/1.1\nHost: localhost\n`);
      assert.deepEqual(copies(r, 'content-type'), [type], type);
    }
    // the real registry's manifest, and its JSON error
    const m = await raw(on.port, `GET /v2/team/app/manifests/${digest} HTTP/1.1\nHost: localhost\nAccept: application/vnd.oci.image.manifest.v1+json\n`);
    assert.deepEqual(copies(m, 'content-type'), ['application/vnd.oci.image.manifest.v1+json']);
    assert.deepEqual(copies(m, 'content-security-policy'), [PROXY_CSP]);
    const e = await raw(on.port, 'GET /v2/nope/tags/list HTTP/1.1\nHost: localhost\n');
    assert.equal(e.status, 404);
    assert.deepEqual(copies(e, 'content-type'), ['application/json; charset=utf-8']);
  });

  test("nginx's own JSON answers under /v2/ keep their type; the app's pages keep the app's policy", async () => {
    const refused = await raw(on.port, 'PUT /v2/team/app/manifests/v1 HTTP/1.1\nHost: localhost\nContent-Length: 0\n');
    assert.equal(refused.status, 405);
    assert.deepEqual(copies(refused, 'content-type'), ['application/json']);
    assert.deepEqual(copies(refused, 'content-security-policy'), [PROXY_CSP]);
    for (const path of ['/', '/r/team/app', '/config.js']) {
      const r = await raw(on.port, `GET ${path} HTTP/1.1\nHost: localhost\n`);
      assert.equal(r.status, 200, path);
      assert.equal(copies(r, 'content-type').length, 1, path);
      assert.deepEqual(copies(r, 'content-security-policy'), [APP_CSP], path);
    }
  });
});

// ------------------------------------------------------------------ item 6: the visitor's Host steers nothing

describe("the visitor's Host never chooses what nginx fetches", () => {
  test('X-Forwarded-Host is the registry’s own name, so a Location built from it names the registry, never the visitor’s pick', async () => {
    storageHits.length = 0;
    forwardedHosts.length = 0;
    const picked = `127.0.0.1:${storage.port}`;
    for (const host of [`${picked},127.0.0.1:${hostileUi.port}`, picked, `${picked}, localhost`]) {
      const r = await raw(hostileUi.port, `GET /v2/hosty/blobs/sha256:${HEX} HTTP/1.1\nHost: ${host}\n`);
      assert.notEqual(r.headers['x-storage'], '1', `${host}: not the visitor's address`);
    }
    assert.deepEqual(storageHits, [], 'the address the visitor named got no request');
    // (nginx itself refuses the Host with a space: two reach the registry)
    assert.deepEqual(forwardedHosts, Array(2).fill(new URL(hostile.url).host), 'the registry saw only its own name');
  });

  test('the token service gets its own name as X-Forwarded-Host too', async () => {
    forwardedHosts.length = 0;
    const r = await raw(hostileUi.port, 'GET /auth/token?type=application/json HTTP/1.1\nHost: evil.example\n');
    assert.equal(r.status, 200);
    assert.deepEqual(forwardedHosts, [new URL(hostile.url).host]);
  });

  test('by default a blob redirect to a loopback or link-local address is refused without a connection', async () => {
    storageHits.length = 0;
    const port = storage.port;
    for (const host of [`127.0.0.1:${port}`, `127.1.2.3:${port}`, `0127.0.0.1:${port}`, `0.0.0.0:${port}`, '169.254.169.254', `localhost:${port}`, `LOCALHOST.:${port}`, `storage.localhost:${port}`]) {
      blobLocation = `http://${host}/data?type=application/octet-stream`;
      const r = await raw(strictUi.port, `GET /v2/evil/blobs/sha256:${HEX} HTTP/1.1\nHost: localhost\n`);
      assert.equal(r.status, 502, host);
      assert.match(r.body, /does not follow/, host);
      assert.deepEqual(copies(r, 'content-type'), ['application/json'], host);
    }
    assert.deepEqual(storageHits, [], 'the storage got no request');
    // BLOB_REDIRECT_ALLOW_LOCAL=true: the same redirect is followed
    blobLocation = `http://127.0.0.1:${port}/data?type=application/octet-stream`;
    const r = await raw(hostileUi.port, `GET /v2/evil/blobs/sha256:${HEX} HTTP/1.1\nHost: localhost\n`);
    assert.equal(r.status, 200);
    assert.equal(r.headers['x-storage'], '1');
    assert.equal(storageHits.length, 1);
  });
});

// ------------------------------------------------------------------ item 3: TLS of followed redirects

describe('blob redirects to https storage are verified against the CA bundle', () => {
  test('a self-signed storage certificate is refused by default and trusted when BLOB_REDIRECT_CA_FILE names it', async () => {
    storageHits.length = 0;
    blobLocation = `${tlsStorage}/docker/registry/v2/blobs/sha256/cc/${HEX}/data`;
    const refused = await raw(hostileUi.port, `GET /v2/evil/blobs/sha256:${HEX} HTTP/1.1\nHost: localhost\n`);
    assert.equal(refused.status, 502, 'not in the system bundle');
    assert.notEqual(refused.headers['x-storage'], 'tls');
    assert.ok(!refused.body.includes('blob over tls'));
    assert.deepEqual(storageHits, [], 'no request was sent over the unverified connection');
    const trusted = await raw(caUi.port, `GET /v2/evil/blobs/sha256:${HEX} HTTP/1.1\nHost: localhost\n`);
    assert.equal(trusted.status, 200);
    assert.equal(trusted.headers['x-storage'], 'tls');
    assert.match(trusted.body, /blob over tls/);
    assert.deepEqual(copies(trusted, 'content-security-policy'), [PROXY_CSP]);
  });

  test('a trusted certificate for another name is refused: the Location’s host is checked', async () => {
    storageHits.length = 0;
    blobLocation = `${wrongNameStorage}/data`;
    const r = await raw(caUi.port, `GET /v2/evil/blobs/sha256:${HEX} HTTP/1.1\nHost: localhost\n`);
    assert.equal(r.status, 502);
    assert.deepEqual(storageHits, []);
  });
});

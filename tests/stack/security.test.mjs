// Security of the proxy, against the real nginx config: what an attacker who can reach the UI's port can
// make it do. Extends proxy.test.mjs (which checks the contract itself: reads, Link and Location rewriting,
// the canary that no request may reach) with the hostile side: every method, DELETE when off, path
// traversal in its encodings, absolute-URL request lines, Host header games, request smuggling, security
// headers on every kind of answer, and config.js with nothing secret.
//
//   node --test tests/stack/security.test.mjs
//
// Between nginx and the registry sits tests/fault-proxy/fault-proxy.mjs, used here as a recorder: every
// request that got through nginx is in its log, so "never forwarded" is checked where it matters, not
// inferred from the status code.
//
// Instances (scripts/serve.sh, a stand-in build unless REGISTRY_UI_TEST_APP_DIR names a real one):
//   off     BASE_PATH=/,             DELETE_IMAGES=false
//   on      BASE_PATH=/registry-ui/, DELETE_IMAGES=true
//   secret  BASE_PATH=/,             secret-looking variables in its environment
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import vm from 'node:vm';
import { ACCEPT, Stack, appDir, headDigest, parseHead, pushImage, rawExchange } from '../fault-proxy/stack.mjs';

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "font-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'";
// on every proxied answer and nginx's own answers under /v2/ (tests/stack/hardening.test.mjs)
const PROXY_CSP = "sandbox; default-src 'none'; frame-ancestors 'none'";
const ONCE = {
  'content-security-policy': CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};
// the config.js keys of docs/options.json (docs/runtime-contract.md documents the same, tests/stack/options.test.mjs
// checks it): config.js may hold these only
const CONFIG_KEYS = JSON.parse(readFileSync(new URL('../../docs/options.json', import.meta.url), 'utf8'))
  .configJs.map((o) => o.key)
  .sort();
const SECRET = `s3cr3t-${process.pid}-value`;

let stack;
let registry;
let recorder;
let off;
let on;
let secret;
let build;
let digest;
let blobDigest;

// ------------------------------------------------------------------ raw HTTP

/**
 * Sends `text` (CRLF line ends added where "\n" is used) on a raw socket and parses every response that
 * comes back (pipelining), knowing which requested methods were HEAD. fetch would clean up exactly the
 * request lines this file is about.
 */
async function raw(port, text, { heads = [] } = {}) {
  return parseResponses(await rawExchange(port, text.replace(/\r?\n/g, '\r\n')), heads);
}

function parseResponses(buf, heads) {
  const out = [];
  let at = 0;
  while (at < buf.length) {
    const end = buf.indexOf('\r\n\r\n', at);
    if (end < 0) break;
    const { status, headers, rawHeaders: all } = parseHead(buf.subarray(at, end).toString('latin1'));
    at = end + 4;
    let body = Buffer.alloc(0);
    const noBody = heads[out.length] || status === 304 || status === 204 || (status >= 100 && status < 200);
    if (!noBody && headers['transfer-encoding'] === 'chunked') {
      const parts = [];
      for (;;) {
        const eol = buf.indexOf('\r\n', at);
        const size = parseInt(buf.subarray(at, eol).toString(), 16);
        at = eol + 2;
        if (!size) {
          at += 2;
          break;
        }
        parts.push(buf.subarray(at, at + size));
        at += size + 2;
      }
      body = Buffer.concat(parts);
    } else if (!noBody && headers['content-length'] !== undefined) {
      body = buf.subarray(at, at + Number(headers['content-length']));
      at += body.length;
    } else if (!noBody) {
      body = buf.subarray(at);
      at = buf.length;
    }
    out.push({ status, headers, all, body: body.toString('utf8') });
  }
  return out;
}

async function one(port, text, options) {
  const responses = await raw(port, text, options);
  assert.ok(responses.length >= 1, `an answer to:\n${text}`);
  return responses[0];
}

/** Every security header exactly once, with its value; no version anywhere. */
function assertHeaders(r, what) {
  for (const [k, v] of Object.entries(ONCE)) {
    const copies = r.all.filter(([name]) => name === k);
    assert.equal(copies.length, 1, `${what}: ${k} once (got ${copies.length})`);
    if (k === 'content-security-policy') {
      // the app's policy on its pages, the sandbox on everything under /v2/ (registry answers certainly)
      const expected = r.headers['docker-distribution-api-version'] ? [PROXY_CSP] : [v, PROXY_CSP];
      assert.ok(expected.includes(copies[0][1]), `${what}: ${k} is ${copies[0][1]}`);
    } else {
      assert.equal(copies[0][1], v, `${what}: ${k}`);
    }
  }
  assert.ok(r.all.filter(([name]) => name === 'content-type').length <= 1, `${what}: one Content-Type`);
  assert.doesNotMatch(r.headers.server ?? '', /\d/, `${what}: no server version`);
  assert.equal(r.headers['x-powered-by'], undefined, `${what}: x-powered-by`);
}

const upstreamSince = (mark) => recorder.requests.slice(mark);

/** The registry still has it: checked at the registry, not through nginx. */
async function assertIntact(what) {
  assert.equal(await headDigest(registry, 'team/app', 'v1'), digest, `${what}: team/app:v1 still there`);
  const blob = await fetch(`${registry}/v2/team/app/blobs/${blobDigest}`, { method: 'HEAD' });
  assert.equal(blob.status, 200, `${what}: the layer blob is still linked`);
}

// ------------------------------------------------------------------ stack

before(
  async () => {
    stack = new Stack('security');
    build = process.env.REGISTRY_UI_TEST_APP_DIR ? resolve(process.env.REGISTRY_UI_TEST_APP_DIR) : appDir({ fake: 'always', tmp: stack.tmp });
    registry = await stack.registry();
    const image = await pushImage(registry, 'team/app', ['v1', 'v2'], { labels: { team: 'app' } });
    digest = image.digest;
    blobDigest = image.manifest.layers[0].digest;
    await pushImage(registry, 'delete/me', ['v1']);
    recorder = await stack.faultProxy(registry);
    [off, on, secret] = await Promise.all([
      stack.ui({ REGISTRY_URL: recorder.url, DELETE_IMAGES: 'false' }, { build }),
      stack.ui({ REGISTRY_URL: recorder.url, DELETE_IMAGES: 'true', BASE_PATH: '/registry-ui/' }, { build }),
      stack.ui(
        {
          REGISTRY_URL: recorder.url,
          DELETE_IMAGES: 'true',
          REGISTRY_TITLE: `Title </script><script>alert(1)</script> \u2028 "quoted" \\ ${'é'}`,
          REGISTRY_AUTH: `admin:${SECRET}`,
          REGISTRY_PASSWORD: SECRET,
          REGISTRY_USER: 'admin',
          REGISTRY_HTTP_SECRET: SECRET,
          AWS_SECRET_ACCESS_KEY: SECRET,
          NGINX_PROXY_HEADER_Authorization: `Basic ${SECRET}`,
        },
        { build },
      ),
    ]);
  },
  { timeout: 120_000 },
);

after(async () => {
  await stack?.stop();
});

// ------------------------------------------------------------------ methods

describe('methods', () => {
  const refused = ['PUT', 'POST', 'PATCH', 'PROPFIND', 'PROPPATCH', 'MKCOL', 'COPY', 'MOVE', 'LOCK', 'UNLOCK', 'SEARCH', 'PURGE', 'LINK', 'UNLINK', 'REPORT', 'FOO'];

  for (const [name, ui, prefix] of [['off', () => off, '/'], ['on', () => on, '/registry-ui/']]) {
    test(`${name}: every method but GET, HEAD, OPTIONS${name === 'on' ? ', DELETE' : ''} is answered by nginx and never forwarded`, async () => {
      const mark = recorder.requests.length;
      for (const method of refused) {
        const r = await one(ui().port, `${method} ${prefix}v2/team/app/manifests/v1 HTTP/1.1\nHost: localhost\nContent-Length: 2\nConnection: close\n\n{}`);
        assert.equal(r.status, 405, method);
        assert.equal(JSON.parse(r.body).errors[0].code, 'UNSUPPORTED', method);
        assert.equal(r.headers.allow, name === 'on' ? 'GET, HEAD, OPTIONS, DELETE' : 'GET, HEAD, OPTIONS', method);
        assertHeaders(r, method);
      }
      assert.deepEqual(upstreamSince(mark), [], 'nothing reached the registry');
      await assertIntact(name);
    });

    test(`${name}: TRACE, lower-case and malformed methods are refused before any location`, async () => {
      const mark = recorder.requests.length;
      for (const [line, expected] of [
        [`TRACE ${prefix}v2/ HTTP/1.1`, [405]],
        [`delete ${prefix}v2/team/app/manifests/${digest} HTTP/1.1`, [400]],
        [`Delete ${prefix}v2/team/app/manifests/${digest} HTTP/1.1`, [400]],
        [`GET\t${prefix}v2/ HTTP/1.1`, [400]],
        [`DELETE  ${prefix}v2/team/app/manifests/sha256:${'0'.repeat(64)}  HTTP/1.1`, name === 'on' ? [400, 404] : [400, 405]],
      ]) {
        const r = await one(ui().port, `${line}\nHost: localhost\nConnection: close\n\n`);
        assert.ok(expected.includes(r.status), `${line}: ${r.status}`);
        assertHeaders(r, line);
      }
      assert.deepEqual(upstreamSince(mark).filter((q) => q.method !== 'GET' && q.method !== 'DELETE'), []);
      if (name === 'off') assert.deepEqual(upstreamSince(mark), []);
    });
  }

  test('method-override headers change nothing: a GET stays a GET, a POST stays refused', async () => {
    const mark = recorder.requests.length;
    for (const h of ['X-HTTP-Method-Override', 'X-HTTP-Method', 'X-Method-Override']) {
      const get = await one(off.port, `GET /v2/team/app/manifests/v1 HTTP/1.1\nHost: localhost\nAccept: ${ACCEPT}\n${h}: DELETE\nConnection: close\n\n`);
      assert.equal(get.status, 200, h);
      const post = await one(off.port, `POST /v2/team/app/manifests/${digest} HTTP/1.1\nHost: localhost\n${h}: DELETE\nContent-Length: 0\nConnection: close\n\n`);
      assert.equal(post.status, 405, h);
    }
    assert.ok(upstreamSince(mark).every((q) => q.method === 'GET'), 'only GETs reached the registry');
    await assertIntact('override');
  });
});

// ------------------------------------------------------------------ DELETE when off

describe('DELETE_IMAGES=false: no DELETE reaches the registry, however it is spelled', () => {
  test('paths, encodings, request lines, pipelining, bodies', async () => {
    const mark = recorder.requests.length;
    const m = `/v2/team/app/manifests/${digest}`;
    const variants = [
      ['plain', `DELETE ${m} HTTP/1.1\nHost: localhost\nConnection: close\n\n`],
      ['blob', `DELETE /v2/team/app/blobs/${blobDigest} HTTP/1.1\nHost: localhost\nConnection: close\n\n`],
      ['by tag', 'DELETE /v2/team/app/manifests/v1 HTTP/1.1\nHost: localhost\nConnection: close\n\n'],
      ['encoded slash', `DELETE /v2/team%2fapp/manifests/${digest} HTTP/1.1\nHost: localhost\nConnection: close\n\n`],
      ['encoded colon', `DELETE /v2/team/app/manifests/sha256%3a${digest.slice(7)} HTTP/1.1\nHost: localhost\nConnection: close\n\n`],
      ['dot segments', `DELETE /v2/./team/x/../app/manifests/${digest} HTTP/1.1\nHost: localhost\nConnection: close\n\n`],
      ['double slash', `DELETE /v2//team//app/manifests/${digest} HTTP/1.1\nHost: localhost\nConnection: close\n\n`],
      ['from outside /v2/', `DELETE /x/..${m} HTTP/1.1\nHost: localhost\nConnection: close\n\n`],
      ['encoded from outside', `DELETE /x/%2e%2e${m} HTTP/1.1\nHost: localhost\nConnection: close\n\n`],
      ['absolute URL', `DELETE http://evil.example${m} HTTP/1.1\nHost: evil.example\nConnection: close\n\n`],
      ['HTTP/1.0', `DELETE ${m} HTTP/1.0\n\n`],
      ['with a body', `DELETE ${m} HTTP/1.1\nHost: localhost\nContent-Length: 5\nConnection: close\n\nhello`],
      ['chunked body', `DELETE ${m} HTTP/1.1\nHost: localhost\nTransfer-Encoding: chunked\nConnection: close\n\n5\nhello\n0\n\n`],
      ['query', `DELETE ${m}?force=true HTTP/1.1\nHost: localhost\nConnection: close\n\n`],
    ];
    for (const [what, text] of variants) {
      const r = await one(off.port, text);
      assert.ok([400, 404, 405].includes(r.status), `${what}: ${r.status}`);
      if (r.status === 405) {
        assert.equal(JSON.parse(r.body).errors[0].message, 'delete is disabled in registry-ui', what);
        assert.equal(r.headers.allow, 'GET, HEAD, OPTIONS', what);
      }
      assertHeaders(r, what);
    }
    // pipelined behind an allowed request, on one connection
    const piped = await raw(off.port, `GET /v2/ HTTP/1.1\nHost: localhost\n\nDELETE ${m} HTTP/1.1\nHost: localhost\nConnection: close\n\n`);
    assert.deepEqual(piped.map((r) => r.status), [200, 405]);
    const seen = upstreamSince(mark);
    assert.deepEqual(seen.filter((q) => q.method !== 'GET'), [], 'no DELETE reached the registry');
    await assertIntact('after every DELETE variant');
  });

  test('with deletes on, a DELETE goes to the registry once, even when the registry drops the connection', async () => {
    const target = await pushImage(registry, 'delete/me', ['reset'], { seed: 'reset' });
    // warm nginx's kept-alive upstream connections: a failure on a cached one is what made nginx resend
    await Promise.all(Array.from({ length: 12 }, () => fetch(`${on.url}v2/team/app/manifests/v1`, { headers: { accept: ACCEPT } }).then((r) => r.arrayBuffer())));
    const mark = recorder.requests.length;
    recorder.setRules([{ method: 'DELETE', path: '/v2/delete/me/*', fault: 'reset' }]);
    try {
      const r = await fetch(`${on.url}v2/delete/me/manifests/${target.digest}`, { method: 'DELETE' });
      assert.equal(r.status, 502);
    } finally {
      recorder.setRules([]);
    }
    assert.equal(upstreamSince(mark).filter((q) => q.method === 'DELETE').length, 1, 'exactly one DELETE reached the registry');
    assert.equal(await headDigest(registry, 'delete/me', 'reset'), target.digest, 'and the reset one did nothing');
  });

  test('with deletes on, only a manifest by digest can be deleted: no blob, tag or upload DELETE is forwarded', async () => {
    const mark = recorder.requests.length;
    for (const path of [
      `/registry-ui/v2/team/app/blobs/${blobDigest}`,
      '/registry-ui/v2/team/app/manifests/v1',
      '/registry-ui/v2/team/app/blobs/uploads/0b2d4f3e-1111-2222-3333-444455556666',
      '/registry-ui/v2/team/app/tags/list',
      '/registry-ui/v2/_catalog',
      '/registry-ui/v2/',
      `/registry-ui/v2/team/app/manifests/${digest}/x`,
      `/registry-ui/v2/team/app/manifests/${digest}%2f..%2f..%2fblobs%2f${blobDigest}`,
    ]) {
      const r = await one(on.port, `DELETE ${path} HTTP/1.1\nHost: localhost\nConnection: close\n\n`);
      assert.equal(r.status, 405, path);
      assert.equal(JSON.parse(r.body).errors[0].message, 'registry-ui deletes manifests by digest only', path);
      assertHeaders(r, path);
    }
    assert.deepEqual(upstreamSince(mark), []);
    await assertIntact('blob and tag deletes');
  });

  test('with deletes on, nothing outside BASE_PATH/v2/ takes a DELETE, and a DELETE body over 16k is refused', async () => {
    const mark = recorder.requests.length;
    for (const path of [`/v2/team/app/manifests/${digest}`, '/registry-ui/index.html', '/registry-ui/config.js', '/registry-ui/assets/x.js', '/registry-ui/healthz']) {
      const r = await one(on.port, `DELETE ${path} HTTP/1.1\nHost: localhost\nConnection: close\n\n`);
      // healthz answers "ok" to any method: it holds no state
      assert.ok([404, 405].includes(r.status) || (path.endsWith('healthz') && r.body === 'ok\n'), `${path}: ${r.status}`);
      assertHeaders(r, path);
    }
    const big = await one(on.port, `DELETE /registry-ui/v2/team/app/manifests/${digest} HTTP/1.1\nHost: localhost\nContent-Length: 17000\nConnection: close\n\n${'x'.repeat(17000)}`);
    assert.equal(big.status, 413);
    assertHeaders(big, '413');
    assert.deepEqual(upstreamSince(mark), []);
    await assertIntact('on');
  });
});

// ------------------------------------------------------------------ traversal

describe('path traversal: nothing but the registry’s /v2/ is ever reached', () => {
  const lines = (prefix) => [
    `${prefix}v2/../etc/passwd`,
    `${prefix}v2/%2e%2e/%2e%2e/%2e%2e/etc/passwd`,
    `${prefix}v2/%2E%2E/%2E%2E/etc/passwd`,
    `${prefix}v2/.%2e/.%2e/etc/passwd`,
    `${prefix}v2/%252e%252e/%252e%252e/etc/passwd`,
    `${prefix}v2/..%2f..%2f..%2fetc%2fpasswd`,
    `${prefix}v2/..%5c..%5c..%5cetc%5cpasswd`,
    `${prefix}v2/..\\..\\..\\etc\\passwd`,
    `${prefix}v2/..;/..;/etc/passwd`,
    `${prefix}v2/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd`,
    `${prefix}v2/team/app/manifests/v1%00.json`,
    `${prefix}v2/%2f%2fevil.example/v2/`,
    `${prefix}v2/team/app/../../../v2/_catalog`,
    `${prefix}v2/team/app/%2e%2e/%2e%2e/_catalog`,
    `${prefix}v2/..%252f..%252f_catalog`,
    `${prefix}assets/../../../../etc/passwd`,
    `${prefix}assets/%2e%2e/%2e%2e/%2e%2e/etc/passwd`,
    `${prefix}config.js/../../nginx.conf`,
    `${prefix}%2e%2e/nginx.conf`,
    `${prefix}../nginx.conf`,
    `${prefix}nginx.conf`,
    `${prefix}nginx.pid`,
    `${prefix}html/config.js`,
    `${prefix}.git/config`,
    `${prefix}assets/`,
  ];

  for (const [name, ui, prefix] of [['off', () => off, '/'], ['on', () => on, '/registry-ui/']]) {
    test(`${name}: traversal in every encoding never leaves the document root or the registry's /v2/`, async () => {
      const mark = recorder.requests.length;
      const runtimeFiles = new Set(readdirSync(ui().runtimeDir).filter((f) => f.endsWith('.conf')).map((f) => readFileSync(join(ui().runtimeDir, f), 'utf8')));
      for (const path of lines(prefix)) {
        for (const method of ['GET', 'HEAD']) {
          const r = await one(ui().port, `${method} ${path} HTTP/1.1\nHost: localhost\nConnection: close\n\n`, { heads: [method === 'HEAD'] });
          assertHeaders(r, `${method} ${path}`);
          assert.doesNotMatch(r.body, /root:x?:0:0|\[core\]|repositoryformatversion/, `${path}: no file from outside the build`);
          for (const f of runtimeFiles) assert.ok(!r.body.includes(f.slice(0, 200)), `${path}: not the rendered nginx.conf`);
          assert.doesNotMatch(r.body, /<title>Index of|<a href="\.\.\/">/, `${path}: no directory listing`);
        }
      }
      for (const q of upstreamSince(mark)) {
        assert.ok(q.path.startsWith('/v2/'), `upstream got ${q.path}`);
        // one decoding, byte by byte, as the registry's router does (decodeURIComponent refuses %c0%ae)
        const decoded = q.path.replace(/%([0-9a-f]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16)));
        assert.ok(!decoded.split('/').some((seg) => seg === '..' || seg === '.'), `upstream path has no dot segment once decoded: ${q.path}`);
        assert.ok(!decoded.includes('//'), `no empty segment: ${q.path}`);
        assert.equal(q.headers.host, new URL(recorder.url).host, `${q.path}: Host is the registry's`);
      }
    });
  }
});

// ------------------------------------------------------------------ request lines and Host

describe('absolute-URL request lines and Host header games', () => {
  const upstreamHost = () => new URL(recorder.url).host;

  test('whatever the request line or Host says, the registry is the only upstream and gets its own Host', async () => {
    const mark = recorder.requests.length;
    const cases = [
      ['absolute http URL', 'GET http://evil.example/v2/ HTTP/1.1\nHost: evil.example'],
      ['absolute https URL', 'GET https://evil.example/v2/_catalog HTTP/1.1\nHost: localhost'],
      ['userinfo in the URL', 'GET http://user:pw@evil.example/v2/ HTTP/1.1\nHost: localhost'],
      ['URL to our own port', `GET http://127.0.0.1:${off.port}/v2/ HTTP/1.1\nHost: evil.example`],
      ['Host with a path', 'GET /v2/ HTTP/1.1\nHost: evil.example/v2/'],
      ['Host with userinfo', 'GET /v2/ HTTP/1.1\nHost: localhost@evil.example'],
      ['Host with a port', 'GET /v2/ HTTP/1.1\nHost: evil.example:6666'],
      ['empty Host', 'GET /v2/ HTTP/1.1\nHost:'],
      ['two Hosts', 'GET /v2/ HTTP/1.1\nHost: localhost\nHost: evil.example'],
      ['HTTP/1.0 without Host', 'GET /v2/ HTTP/1.0'],
      ['HTTP/1.1 without Host', 'GET /v2/ HTTP/1.1'],
      ['very long Host', `GET /v2/ HTTP/1.1\nHost: ${'a'.repeat(9000)}.example`],
      ['rewrite headers', 'GET /v2/ HTTP/1.1\nHost: localhost\nX-Original-URL: /nginx.conf\nX-Rewrite-URL: /nginx.conf\nX-Forwarded-Prefix: //evil.example/'],
      ['forwarding headers', 'GET /v2/ HTTP/1.1\nHost: localhost\nX-Forwarded-Host: evil.example\nX-Forwarded-Proto: gopher\nForwarded: host=evil.example;proto=https\nX-Real-IP: 10.0.0.1'],
      ['asterisk', 'OPTIONS * HTTP/1.1\nHost: localhost'],
      ['CONNECT', 'CONNECT evil.example:443 HTTP/1.1\nHost: evil.example:443'],
    ];
    for (const [what, head] of cases) {
      const r = await one(off.port, `${head}\nConnection: close\n\n`);
      assert.ok(r.status > 0, what);
      assertHeaders(r, what);
      assert.doesNotMatch(r.headers.location ?? '', /evil/, `${what}: no redirect to the Host`);
    }
    const seen = upstreamSince(mark);
    assert.ok(seen.length >= 4, 'the well-formed ones were proxied');
    for (const q of seen) {
      assert.equal(q.headers.host, upstreamHost(), `Host sent upstream for ${q.url}`);
      assert.equal(q.headers.forwarded, undefined, 'the client’s Forwarded is dropped');
      assert.notEqual(q.headers['x-forwarded-proto'], 'gopher', 'X-Forwarded-Proto is ours');
      assert.notEqual(q.headers['x-real-ip'], '10.0.0.1', 'X-Real-IP is ours');
      assert.equal(q.headers['x-original-url'] === '/nginx.conf' ? q.path : '/v2/', '/v2/', 'rewrite headers never change the path');
    }
  });

  test('redirects nginx makes itself never carry the client’s Host', async () => {
    for (const [path, expected] of [['/registry-ui', '/registry-ui/'], ['/registry-ui/v2', '/registry-ui/v2/'], ['/', '/registry-ui/']]) {
      const r = await one(on.port, `GET ${path} HTTP/1.1\nHost: evil.example\nX-Forwarded-Host: evil.example\nConnection: close\n\n`);
      assert.ok([301, 302].includes(r.status), path);
      assert.equal(r.headers.location, expected, path);
      assertHeaders(r, path);
    }
  });

  test('request smuggling: conflicting lengths and odd framing are refused, never split into two upstream requests', async () => {
    const mark = recorder.requests.length;
    const smuggled = `DELETE /v2/team/app/manifests/${digest} HTTP/1.1\nHost: localhost\n\n`;
    for (const [what, text] of [
      ['CL and TE', `GET /v2/ HTTP/1.1\nHost: localhost\nContent-Length: ${smuggled.length + 5}\nTransfer-Encoding: chunked\n\n0\n\n${smuggled}`],
      ['two Content-Lengths', `GET /v2/ HTTP/1.1\nHost: localhost\nContent-Length: 0\nContent-Length: ${smuggled.length}\n\n${smuggled}`],
      ['TE not chunked', `GET /v2/ HTTP/1.1\nHost: localhost\nTransfer-Encoding: gzip, identity\n\n${smuggled}`],
      ['obsolete line folding', `GET /v2/ HTTP/1.1\nHost: localhost\nX-A: a\n Transfer-Encoding: chunked\n\n0\n\n${smuggled}`],
    ]) {
      const responses = await raw(on.port, `${text}Connection: close\n\n`);
      assert.ok(responses.length >= 1, what);
      for (const r of responses) assertHeaders(r, what);
    }
    assert.deepEqual(upstreamSince(mark).filter((q) => q.method === 'DELETE'), [], 'no smuggled DELETE reached the registry');
    await assertIntact('smuggling');
  });
});

// ------------------------------------------------------------------ headers on every answer

describe('security headers on every kind of answer', () => {
  test('app files, redirects, conditional and range answers, and nginx’s own errors', async () => {
    const asset = readdirSync(join(build, 'assets')).find((f) => f.endsWith('.js'));
    const first = await fetch(`${off.origin}/assets/${asset}`);
    const etag = first.headers.get('etag');
    const modified = first.headers.get('last-modified');
    await first.arrayBuffer();
    const cases = [
      [off, 'GET / HTTP/1.1', 200],
      [off, 'HEAD / HTTP/1.1', 200],
      [off, 'GET /r/team/app/t/v1 HTTP/1.1', 200],
      [off, `GET /assets/${asset} HTTP/1.1`, 200],
      [off, `GET /assets/${asset} HTTP/1.1\nIf-None-Match: ${etag}`, 304],
      [off, `GET /assets/${asset} HTTP/1.1\nIf-Modified-Since: ${modified}`, 304],
      // max_ranges 0: the whole file, never nginx's 416 (which repeated every header)
      [off, `GET /assets/${asset} HTTP/1.1\nRange: bytes=0-9`, 200],
      [off, `GET /assets/${asset} HTTP/1.1\nRange: bytes=999999-`, 200],
      [off, 'GET /config.js HTTP/1.1', 200],
      [off, 'GET /favicon.svg HTTP/1.1', 200],
      [off, 'GET /healthz HTTP/1.1', 200],
      [off, 'GET /assets/missing-0000.js HTTP/1.1', 404],
      [off, 'GET /v2 HTTP/1.1', 301],
      [on, 'GET / HTTP/1.1', 302],
      [on, 'GET /elsewhere HTTP/1.1', 404],
      [off, `GET /${'a'.repeat(10_000)} HTTP/1.1`, 414],
      [off, `GET / HTTP/1.1\nCookie: ${'c'.repeat(10_000)}`, 400],
      [off, 'GET / HTTP/9.9', 505],
      [off, 'GARBAGE', 400],
    ];
    for (const [ui, head, status] of cases) {
      const text = head.includes('HTTP/1.1') ? `${head}\nHost: localhost\nConnection: close\n\n` : `${head}\n\n`;
      const r = await one(ui.port, text, { heads: [head.startsWith('HEAD')] });
      assert.equal(r.status, status, head.slice(0, 60));
      assertHeaders(r, head.slice(0, 60));
    }
  });

  test('proxied answers of every status, the registry’s own headers replaced, never duplicated', async () => {
    const statuses = [[401, {}], [403, {}], [404, {}], [429, { retryAfter: '7' }], [500, {}], [502, { html: true }], [503, { retryAfter: '3' }]];
    try {
      for (const [status, extra] of statuses) {
        recorder.setRules([{ path: '/v2/team/app/tags/list', fault: 'status', status, ...extra }]);
        for (const method of ['GET', 'HEAD']) {
          const r = await one(off.port, `${method} /v2/team/app/tags/list HTTP/1.1\nHost: localhost\nConnection: close\n\n`, { heads: [method === 'HEAD'] });
          assert.equal(r.status, status, `${method} ${status}`);
          if (extra.retryAfter) assert.equal(r.headers['retry-after'], extra.retryAfter, 'Retry-After passes through');
          assertHeaders(r, `${method} proxied ${status}`);
        }
      }
      // the upstream gone: nginx's own 502
      recorder.setRules([{ path: '/v2/team/app/tags/list', fault: 'reset' }]);
      const gone = await one(off.port, 'GET /v2/team/app/tags/list HTTP/1.1\nHost: localhost\nConnection: close\n\n');
      assert.equal(gone.status, 502);
      assertHeaders(gone, 'nginx 502');
    } finally {
      recorder.setRules([]);
    }
    for (const [what, path] of [['200 JSON', '/v2/team/app/tags/list'], ['404 JSON', '/v2/nope/tags/list'], ['manifest', '/v2/team/app/manifests/v1']]) {
      const r = await one(on.port, `GET /registry-ui${path} HTTP/1.1\nHost: localhost\nAccept: ${ACCEPT}\nConnection: close\n\n`);
      assertHeaders(r, what);
    }
    const options = await one(on.port, 'OPTIONS /registry-ui/v2/ HTTP/1.1\nHost: localhost\nOrigin: http://evil.example\nAccess-Control-Request-Method: DELETE\nConnection: close\n\n');
    assertHeaders(options, 'OPTIONS');
    assert.equal(options.headers['access-control-allow-origin'], undefined, 'no CORS grant to another origin');
  });
});

// ------------------------------------------------------------------ config.js

describe('config.js holds nothing secret', () => {
  const load = (body) => {
    const sandbox = { window: {} };
    vm.runInNewContext(body, sandbox, { timeout: 1000 });
    return sandbox.window.__REGISTRY_UI_CONFIG__;
  };

  test('exactly the documented keys, and nothing from a secret-looking variable', async () => {
    const r = await fetch(`${secret.origin}/config.js`);
    const body = await r.text();
    assert.match(r.headers.get('content-type'), /^application\/javascript/);
    assert.equal(r.headers.get('cache-control'), 'no-store');
    assert.ok(!body.includes(SECRET), 'no secret value in config.js');
    assert.doesNotMatch(body, /admin:|password|secret|authorization|token/i, 'no credential-shaped key or value');
    const cfg = load(body);
    assert.ok(CONFIG_KEYS.includes('registryUrl') && CONFIG_KEYS.length >= 8, `documented keys read: ${CONFIG_KEYS}`);
    for (const key of Object.keys(cfg)) assert.ok(CONFIG_KEYS.includes(key), `config.js key ${key} is documented`);
    assert.equal(cfg.registryTitle, `Title </script><script>alert(1)</script> \u2028 "quoted" \\ é`, 'the title round-trips as data');
    assert.equal(cfg.registryUrl, '', 'the registry is reached through the proxy, never named to the browser');
    assert.ok(!JSON.stringify(cfg).includes(new URL(recorder.url).port), 'the upstream address is not in config.js');
  });

  test('config.js is one assignment: no statement a crafted title could add', async () => {
    const body = await (await fetch(`${secret.origin}/config.js`)).text();
    const sandbox = { window: {}, alert: () => assert.fail('a title ran code') };
    vm.runInNewContext(body, sandbox, { timeout: 1000 });
    assert.deepEqual(Object.keys(sandbox.window), ['__REGISTRY_UI_CONFIG__']);
  });

  test('REGISTRY_AUTH reaches the registry only: never a file the server hands out, a response, or the log', async () => {
    const basic = Buffer.from(`admin:${SECRET}`).toString('base64');
    const mark = recorder.requests.length;
    for (const path of ['/', '/index.html', '/config.js', '/r/x', '/healthz', '/nginx.conf', '/upstream-auth.conf', '/../upstream-auth.conf', '/%2e%2e/upstream-auth.conf', '/v2/', '/v2/team/app/tags/list', '/v2/nope/tags/list']) {
      const r = await one(secret.port, `GET ${path} HTTP/1.1\nHost: localhost\nConnection: close\n\n`);
      const text = JSON.stringify(r.all) + r.body;
      assert.ok(!text.includes(SECRET) && !text.includes(basic), `${path}: no credential in the answer`);
    }
    // nginx does send them upstream: that is the option's point
    assert.ok(upstreamSince(mark).some((q) => q.headers.authorization === `Basic ${basic}`), 'the registry got the credentials');
    for (const f of readdirSync(secret.runtimeDir, { recursive: true })) {
      // the files that must hold them: included by nginx.conf, outside the document root, readable by the owner only
      if (/(^|\/)[\w-]*auth\.conf$/.test(String(f))) {
        assert.equal(statSync(join(secret.runtimeDir, String(f))).mode & 0o077, 0, `${f} is not readable by others`);
        continue;
      }
      let text;
      try {
        text = readFileSync(join(secret.runtimeDir, String(f)), 'utf8');
      } catch {
        continue; // directories and sockets
      }
      assert.ok(!text.includes(SECRET) && !text.includes(basic), `${f} in RUNTIME_DIR`);
    }
    const log = readFileSync(secret.log, 'utf8');
    assert.ok(!log.includes(SECRET) && !log.includes(basic), 'the start-up and access log');
  });
});

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
import net from 'node:net';
import { Stack, appDir, headDigest, pushImage } from '../fault-proxy/stack.mjs';

let stack;
let build;
let registry;
let recorder;
/** DELETE_IMAGES=true at the root. */
let on;
/** BASE_PATH=/a.b/, REGISTRIES=prod=…, DELETE_IMAGES=true. */
let dotted;
let digest;

/** One raw request (fetch would normalise it); resolves to { status, headers, body }. */
function raw(port, text) {
  return new Promise((res, rej) => {
    const sock = net.connect(port, '127.0.0.1');
    const chunks = [];
    sock.setTimeout(10_000, () => sock.destroy(new Error('raw request timed out')));
    sock.on('data', (c) => chunks.push(c));
    sock.on('error', rej);
    sock.on('close', () => {
      const all = Buffer.concat(chunks).toString('latin1');
      const end = all.indexOf('\r\n\r\n');
      const [statusLine, ...lines] = all.slice(0, end).split('\r\n');
      const headers = {};
      for (const line of lines) {
        const i = line.indexOf(':');
        const k = line.slice(0, i).trim().toLowerCase();
        headers[k] = k in headers ? `${headers[k]}, ${line.slice(i + 1).trim()}` : line.slice(i + 1).trim();
      }
      res({ status: Number(statusLine.split(' ')[1]), headers, body: all.slice(end + 4) });
    });
    sock.write(`${text.replace(/\r?\n/g, '\r\n')}Connection: close\r\n\r\n`);
  });
}

before(
  async () => {
    stack = new Stack('hardening');
    build = process.env.REGISTRY_UI_TEST_APP_DIR ? resolve(process.env.REGISTRY_UI_TEST_APP_DIR) : appDir({ fake: 'always', tmp: stack.tmp });
    registry = await stack.registry();
    digest = (await pushImage(registry, 'team/app', ['v1'])).digest;
    recorder = await stack.faultProxy(registry);
    [on, dotted] = await Promise.all([
      stack.ui({ REGISTRY_URL: recorder.url, DELETE_IMAGES: 'true' }, { build }),
      stack.ui({ REGISTRIES: `prod=${recorder.url}`, DELETE_IMAGES: 'true', BASE_PATH: '/a.b/' }, { build }),
    ]);
  },
  { timeout: 120_000 },
);

after(async () => {
  await stack?.stop();
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

// The image users deploy, started with podman next to a real registry: what the stack tests check on
// Debian's nginx through scripts/serve.sh, checked again on the container built from the Dockerfile.
// scripts/test.sh runs it after `scripts/image.sh build`, with:
//   REGISTRY_UI_IMAGE        the image (the last line of `scripts/image.sh build`)
//   E2E_REGISTRY             a running, seeded registry on 127.0.0.1
//   CONTAINER_PORT_BASE      first of 8 free ports for the containers started here
//   REGISTRY_UI_CONTAINER_SKIP   why podman cannot run here: every test is skipped with that reason
//
//   REGISTRY_UI_IMAGE=localhost/registry-ui:latest E2E_REGISTRY=http://127.0.0.1:5000 \
//     node --test tests/container/
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import http from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, brotliDecompressSync } from 'node:zlib';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const IMAGE_SH = join(ROOT, 'scripts/image.sh');
const IMAGE = process.env.REGISTRY_UI_IMAGE ?? 'localhost/registry-ui:latest';
const REGISTRY = process.env.E2E_REGISTRY ?? 'http://127.0.0.1:5000';
const PORT_BASE = Number(process.env.CONTAINER_PORT_BASE ?? 17060);
const env = {
  ...process.env,
  IMAGE,
  CONTAINERS_CONF: process.env.CONTAINERS_CONF ?? join(ROOT, 'scripts/lib/containers.conf'),
};
const skip = process.env.REGISTRY_UI_CONTAINER_SKIP || (!process.env.REGISTRY_UI_IMAGE && 'REGISTRY_UI_IMAGE is not set (scripts/image.sh build prints it)');

function sh(cmd, args, options = {}) {
  return spawnSync(cmd, args, { encoding: 'utf8', env, timeout: 60_000, ...options });
}

function podman(...args) {
  return sh('podman', args);
}

const started = [];

/** scripts/image.sh run PORT VAR=value…: { id, status, stderr }. */
function run(port, ...vars) {
  const r = sh(IMAGE_SH, ['run', String(port), ...vars]);
  const id = r.stdout.trim().split('\n').at(-1);
  if (id) started.push(id);
  return { id, status: r.status, stderr: r.stderr };
}

function start(port, ...vars) {
  const r = run(port, ...vars);
  assert.equal(r.status, 0, `the container did not start:\n${r.stderr}`);
  return r.id;
}

function request(port, path, { method = 'GET', headers = {} } = {}) {
  return new Promise((res, rej) => {
    const req = http.request({ host: '127.0.0.1', port, path, method, headers }, (r) => {
      const chunks = [];
      r.on('data', (c) => chunks.push(c));
      r.on('end', () => res({ status: r.statusCode, headers: r.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', rej);
    req.end();
  });
}

const text = (r) => r.body.toString('utf8');

/** A test skipped, one by one, where podman cannot run (so the count of skipped tests is honest). */
function check(name, fn) {
  return test(name, { skip }, fn);
}

after(() => {
  for (const id of started) sh(IMAGE_SH, ['stop', id]);
});

describe('the image', () => {
  check('is in docker format with the HEALTHCHECK, runs as 101:101 and stops with SIGQUIT', () => {
    const r = podman('image', 'inspect', IMAGE);
    assert.equal(r.status, 0, r.stderr);
    const [image] = JSON.parse(r.stdout);
    assert.equal(image.ManifestType, 'application/vnd.docker.distribution.manifest.v2+json', 'docker format (OCI drops HEALTHCHECK)');
    assert.equal(image.Config.User, '101:101');
    assert.equal(image.Config.StopSignal, 'SIGQUIT');
    assert.deepEqual(image.Healthcheck?.Test, ['CMD', '/usr/local/bin/registry-ui-entrypoint', '--healthcheck']);
    const size = Number(podman('image', 'inspect', '--format', '{{.Size}}', IMAGE).stdout);
    console.log(`# ${IMAGE}: ${(size / 1e6).toFixed(1)} MB`);
  });

  check('holds Debian\'s nginx and the CA bundle, no apt lists and no package caches', () => {
    const r = podman('run', '--rm', '--network', 'none', '--entrypoint', 'sh', IMAGE, '-c',
      'nginx -v 2>&1; . /etc/os-release; echo "$ID $VERSION_CODENAME"; find /var/lib/apt/lists /var/cache/apt -type f | wc -l; grep -c "BEGIN CERTIFICATE" /etc/ssl/certs/ca-certificates.crt');
    assert.equal(r.status, 0, r.stderr);
    const [nginx, os, files, cas] = r.stdout.trim().split('\n');
    assert.ok(Number(cas) > 50, 'a CA bundle, for blob redirects to https storage');
    assert.match(nginx, /^nginx version: nginx\/1\.22\./);
    assert.equal(os, 'debian bookworm');
    assert.equal(files, '0', 'apt lists or package caches left in the image');
  });
});

describe('a container next to the registry (DELETE_IMAGES=false)', () => {
  const port = PORT_BASE;
  let id;
  before(() => {
    if (skip) return;
    id = start(port, `REGISTRY_URL=${REGISTRY}`, 'REGISTRY_TITLE=Container <test>');
  });

  check('listens on 127.0.0.1 only (LISTEN_ADDRESS from scripts/image.sh run)', () => {
    const r = sh('ss', ['-Hltn', `sport = :${port}`]);
    assert.equal(r.status, 0, r.stderr);
    const locals = r.stdout.trim().split('\n').map((l) => l.trim().split(/\s+/)[3]);
    assert.deepEqual(locals, [`127.0.0.1:${port}`]);
  });

  check('the page: CSP, no-cache, served by the image', async () => {
    const r = await request(port, '/');
    assert.equal(r.status, 200);
    assert.match(r.headers['content-security-policy'], /default-src 'self'; script-src 'self'/);
    assert.equal(r.headers['cache-control'], 'no-cache');
    assert.equal(r.headers['x-frame-options'], 'DENY');
    assert.match(text(r), /<base href="\/"/);
  });

  check('deep links get the page; a missing asset is a 404, never the page', async () => {
    for (const path of ['/r/demo/app', '/r/demo/app/t/v1.0.0', `/r/demo/app/d/sha256:${'a'.repeat(64)}`]) {
      const r = await request(port, path);
      assert.equal(r.status, 200, path);
      assert.match(text(r), /<base href="\/"/, path);
    }
    const missing = await request(port, '/assets/missing-0000.js');
    assert.equal(missing.status, 404);
    assert.doesNotMatch(text(missing), /<base href/);
  });

  check('config.js is written from the environment at start, never cached', async () => {
    const r = await request(port, '/config.js');
    assert.equal(r.status, 200);
    assert.equal(r.headers['cache-control'], 'no-store');
    assert.match(text(r), /"registryTitle":\s*"Container \\u003ctest\\u003e"/);
    assert.match(text(r), /"deleteImages":\s*false/);
  });

  check('assets: immutable, the .gz and .br written at build time', async () => {
    const page = text(await request(port, '/'));
    const asset = /src="(?:\.?\/)?(assets\/[^"]+\.js)"/.exec(page)?.[1];
    assert.ok(asset, 'the page names its script');
    const plain = await request(port, `/${asset}`);
    assert.equal(plain.status, 200);
    assert.match(plain.headers['cache-control'], /immutable/);
    assert.equal(plain.headers['content-encoding'], undefined);
    const gz = await request(port, `/${asset}`, { headers: { 'Accept-Encoding': 'gzip' } });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.deepEqual(gunzipSync(gz.body), plain.body);
    const inImage = podman('exec', id, 'sha256sum', `/usr/share/registry-ui/html/${asset}.gz`);
    assert.equal(inImage.status, 0, `the image holds the precompressed copy: ${inImage.stderr}`);
    assert.equal(inImage.stdout.split(' ')[0], createHash('sha256').update(gz.body).digest('hex'), 'the bytes of that copy, not an on-the-fly gzip');
    const br = await request(port, `/${asset}`, { headers: { 'Accept-Encoding': 'gzip, br' } });
    assert.equal(br.headers['content-encoding'], 'br');
    assert.deepEqual(brotliDecompressSync(br.body), plain.body);
  });

  check('/v2/ reaches the registry on the host', async () => {
    const r = await request(port, '/v2/_catalog?n=5');
    assert.equal(r.status, 200);
    assert.ok(Array.isArray(JSON.parse(text(r)).repositories));
  });

  check('the method gate: DELETE and pushes refused before the registry', async () => {
    const del = await request(port, `/v2/demo/app/manifests/sha256:${'0'.repeat(64)}`, { method: 'DELETE' });
    assert.equal(del.status, 405);
    assert.match(text(del), /delete is disabled in registry-ui/);
    const push = await request(port, '/v2/demo/app/blobs/uploads/', { method: 'POST' });
    assert.equal(push.status, 405);
    assert.match(text(push), /does not forward pushes/);
  });

  check('starts without a warning', () => {
    const logs = podman('logs', id);
    assert.match(logs.stderr + logs.stdout, /^registry-ui: listening on 127\.0\.0\.1:\d+\//m);
    assert.doesNotMatch(logs.stderr + logs.stdout, /warning|\[(warn|alert|emerg|crit)\]/i);
  });

  check('the healthcheck passes', () => {
    const r = podman('healthcheck', 'run', id);
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });

  check('read-only root, writable /tmp only', () => {
    assert.equal(podman('inspect', '--format', '{{.HostConfig.ReadonlyRootfs}}', id).stdout.trim(), 'true');
    for (const path of ['/etc/registry-ui/x', '/usr/share/registry-ui/html/x', '/var/lib/nginx/x']) {
      const r = podman('exec', id, 'touch', path);
      assert.notEqual(r.status, 0, `${path} is writable`);
      assert.match(r.stderr, /Read-only file system|Permission denied/);
    }
    assert.equal(podman('exec', id, 'touch', '/tmp/x').status, 0);
  });

  check('non-root: the entrypoint, nginx\'s master and its workers are uid/gid 101', () => {
    assert.equal(podman('exec', id, 'id', '-u').stdout.trim(), '101');
    assert.equal(podman('exec', id, 'id', '-g').stdout.trim(), '101');
    const r = podman('exec', id, 'sh', '-c', 'for s in /proc/[0-9]*/status; do awk \'/^Name:/{n=$2} /^Uid:/{print n, $2}\' "$s"; done');
    const nginx = r.stdout.trim().split('\n').filter((l) => l.startsWith('nginx '));
    assert.ok(nginx.length >= 2, `master and workers: ${r.stdout}`);
    for (const line of nginx) assert.equal(line, 'nginx 101');
  });
});

describe('BASE_PATH and DELETE_IMAGES=true', () => {
  const port = PORT_BASE + 1;
  before(() => {
    if (skip) return;
    start(port, `REGISTRY_URL=${REGISTRY}`, 'BASE_PATH=/registry-ui/', 'DELETE_IMAGES=true');
  });

  check('the UI lives under BASE_PATH; outside it, a redirect or a 404', async () => {
    const root = await request(port, '/');
    assert.equal(root.status, 302);
    assert.match(root.headers.location, /\/registry-ui\/$/);
    const page = await request(port, '/registry-ui/r/demo/app');
    assert.equal(page.status, 200);
    assert.match(text(page), /<base href="\/registry-ui\/"/);
    assert.equal((await request(port, '/elsewhere')).status, 404);
  });

  check('config.js and /v2/ under BASE_PATH', async () => {
    const cfg = text(await request(port, '/registry-ui/config.js'));
    assert.match(cfg, /"basePath":\s*"\/registry-ui\/"/);
    assert.match(cfg, /"deleteImages":\s*true/);
    assert.equal((await request(port, '/registry-ui/v2/')).status, 200);
  });

  check('a DELETE by digest reaches the registry (its answer, not the gate\'s)', async () => {
    const r = await request(port, `/registry-ui/v2/e2e/container-none/manifests/sha256:${'0'.repeat(64)}`, { method: 'DELETE' });
    assert.notEqual(r.status, 405, text(r));
    assert.match(text(r), /MANIFEST_UNKNOWN|NAME_UNKNOWN/);
  });
});

describe('refused at start', () => {
  check('a bad REGISTRY_URL: the container exits 1 with a clear message and serves nothing', async () => {
    const port = PORT_BASE + 2;
    const r = run(port, 'REGISTRY_URL=ftp://registry:5000');
    assert.notEqual(r.status, 0, 'scripts/image.sh run reports the failure');
    assert.equal(podman('wait', r.id).stdout.trim(), '1');
    const logs = podman('logs', r.id);
    assert.match(logs.stdout + logs.stderr, /registry-ui: error: REGISTRY_URL must look like http\(s\):\/\/host\[:port\]\[\/path\], got 'ftp:\/\/registry:5000'/);
    await assert.rejects(request(port, '/healthz'));
  });

  check('no REGISTRY_URL at all', () => {
    const r = run(PORT_BASE + 3);
    assert.notEqual(r.status, 0);
    const logs = podman('logs', r.id);
    assert.match(logs.stdout + logs.stderr, /REGISTRY_URL is required/);
  });
});

describe('stopping', () => {
  for (const [signal, how, port] of [['SIGQUIT', 'podman stop (the image\'s STOPSIGNAL)', PORT_BASE + 4], ['SIGTERM', 'podman kill --signal TERM', PORT_BASE + 5]]) {
    check(`${signal} (${how}): nginx exits 0 within 5 s`, async () => {
      const id = start(port, `REGISTRY_URL=${REGISTRY}`);
      const t0 = Date.now();
      const r = signal === 'SIGQUIT' ? podman('stop', '--time', '10', id) : podman('kill', '--signal', 'TERM', id);
      assert.equal(r.status, 0, r.stderr);
      const code = podman('wait', id).stdout.trim();
      const seconds = (Date.now() - t0) / 1000;
      assert.equal(code, '0', `exit status ${code}: killed rather than stopped?`);
      assert.ok(seconds < 5, `took ${seconds} s`);
      console.log(`# ${signal}: stopped in ${seconds.toFixed(2)} s`);
      await assert.rejects(request(port, '/healthz'));
    });
  }
});

// The pieces a fault, hostile-content or proxy-security test starts for itself, each on a port picked free
// at run time so several suites can run side by side: a real registry (scripts/registry.sh), the fault
// proxy, and the UI served by scripts/serve.sh (the container entrypoint with Debian's nginx). Plus the V2
// pushes the tests need, made straight to the registry with fetch.
//
//   const stack = new Stack('faults');
//   const registry = await stack.registry();
//   const proxy = await stack.faultProxy(registry);
//   const ui = await stack.ui({ REGISTRY_URL: proxy.url, DELETE_IMAGES: 'true' });
//   ...
//   await stack.stop();        // also on failure: call it from afterAll / after
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFaultProxy } from './fault-proxy.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const REGISTRY_SH = join(ROOT, 'scripts/registry.sh');
const SERVE_SH = join(ROOT, 'scripts/serve.sh');

export const ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

export const sha256 = (buf) => `sha256:${createHash('sha256').update(buf).digest('hex')}`;

/** Stops a child process: SIGTERM, then SIGKILL after 5 s; resolves once it exited. */
export async function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/**
 * Sends `text` as written on a raw socket to 127.0.0.1:port and resolves to every byte that comes back until
 * the server closes (fetch would normalise the request lines these tests are about). Written, not ended:
 * nginx takes a half-closed connection for a client that went away.
 */
export function rawExchange(port, text) {
  return new Promise((res, rej) => {
    const sock = net.connect(port, '127.0.0.1');
    const chunks = [];
    sock.setTimeout(10_000, () => sock.destroy(new Error('raw request timed out')));
    sock.on('data', (c) => chunks.push(c));
    sock.on('error', rej);
    sock.on('close', () => res(Buffer.concat(chunks)));
    sock.write(text);
  });
}

/** Status and headers of one raw HTTP/1.1 head (status line and header lines, no blank line): repeated headers joined. */
export function parseHead(text) {
  const [statusLine, ...lines] = text.split('\r\n');
  const headers = {};
  const rawHeaders = [];
  for (const line of lines) {
    const i = line.indexOf(':');
    const k = line.slice(0, i).trim().toLowerCase();
    const v = line.slice(i + 1).trim();
    rawHeaders.push([k, v]);
    headers[k] = k in headers ? `${headers[k]}, ${v}` : v;
  }
  return { status: Number(statusLine.split(' ')[1]), headers, rawHeaders };
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort() {
  return new Promise((res, rej) => {
    const s = net.createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

/** waitFor's default probe: a GET with fetch, its body read. */
async function fetchProbe(url) {
  const r = await fetch(url, { signal: AbortSignal.timeout(1000) });
  await r.arrayBuffer();
  return r;
}

/** Polls `url` until `ok(response)`; fails early with the log when `child` exits first. */
export async function waitFor(url, { timeoutMs = 30_000, ok = (r) => r.status < 500, child, log, probe = fetchProbe } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child && child.exitCode !== null) {
      throw new Error(`exited with ${child.exitCode} before ${url} answered:\n${log ? readFileSync(log, 'utf8') : ''}`);
    }
    try {
      if (ok(await probe(url))) return;
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer in ${timeoutMs} ms${log ? `:\n${readFileSync(log, 'utf8')}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * A build to serve: APP_DIR (scripts/test.sh exports the one it built), else ./dist, else — when
 * `fake` is allowed — a minimal stand-in written to a temp dir (enough for the proxy and header tests).
 */
export function appDir({ fake = false, tmp } = {}) {
  for (const dir of fake === 'always' ? [] : [process.env.APP_DIR, join(ROOT, 'dist')]) {
    if (!dir) continue;
    try {
      readFileSync(join(dir, 'index.html'));
      return dir;
    } catch {
      /* next */
    }
  }
  if (!fake) throw new Error('no build to serve: run npm run build, or set APP_DIR');
  const dir = join(tmp, 'dist');
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html>\n<html lang="en">\n  <head>\n    <base href="/" />\n    <script src="config.js"></script>\n' +
      '    <script type="module" crossorigin src="./assets/index-Fake1234.js"></script>\n  </head>\n  <body><div id="root"></div></body>\n</html>\n',
  );
  writeFileSync(join(dir, 'assets/index-Fake1234.js'), `console.log(${JSON.stringify('x'.repeat(4000))});\n`);
  writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>\n');
  writeFileSync(join(dir, 'config.js'), 'window.__REGISTRY_UI_CONFIG__ = { registryTitle: "dev default" };\n');
  execFileSync('chmod', ['-R', 'a+rX', dir]);
  return dir;
}

export class Stack {
  constructor(name) {
    this.name = name;
    this.tmp = mkdtempSync(join(tmpdir(), `registry-ui-${name}-`));
    // nginx started as root serves files with unprivileged workers: they must be able to read them
    chmodSync(this.tmp, 0o755);
    this.children = [];
    this.registries = [];
    this.proxies = [];
  }

  /** A fresh docker-registry with delete enabled, on a free port. Returns its URL. */
  async registry(env = {}) {
    const port = await freePort();
    const dir = join(this.tmp, `registry-${port}`);
    const registryEnv = { ...process.env, REGISTRY_PORT: String(port), REGISTRY_DIR: dir, REGISTRY_DELETE: 'true', ...env };
    this.registries.push(registryEnv);
    execFileSync(REGISTRY_SH, ['start'], { env: registryEnv, stdio: ['ignore', 'ignore', 'inherit'] });
    return `http://127.0.0.1:${port}`;
  }

  /** The fault proxy in front of `upstream`, in this process. */
  async faultProxy(upstream) {
    const proxy = await startFaultProxy({ upstream });
    this.proxies.push(proxy);
    return proxy;
  }

  /**
   * The UI through scripts/serve.sh, on a free port; `env` as for the container (REGISTRY_URL,
   * DELETE_IMAGES, BASE_PATH, …). Returns { url (with BASE_PATH), origin, port, log, runtimeDir }.
   */
  async ui(env, { fakeBuild = false, build } = {}) {
    const port = await freePort();
    const runtimeDir = join(this.tmp, `ui-${port}`);
    const log = join(this.tmp, `ui-${port}.log`);
    const fd = openSync(log, 'a');
    const child = spawn(SERVE_SH, [], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME ?? '/tmp',
        TMPDIR: process.env.TMPDIR ?? '/tmp',
        APP_DIR: build ?? appDir({ fake: fakeBuild, tmp: this.tmp }),
        RUNTIME_DIR: runtimeDir,
        LISTEN_PORT: String(port),
        ...env,
      },
      stdio: ['ignore', fd, fd],
    });
    this.children.push(child);
    const origin = `http://127.0.0.1:${port}`;
    const base = env.BASE_PATH ?? '/';
    await waitFor(`${origin}${base}healthz`, { ok: (r) => r.status === 200, child, log });
    return { url: `${origin}${base}`, origin, port, log, runtimeDir, child };
  }

  async stop() {
    await Promise.all(this.proxies.map((p) => p.close().catch(() => undefined)));
    await Promise.all(
      this.children.map(stopChild),
    );
    for (const env of this.registries) {
      try {
        execFileSync(REGISTRY_SH, ['stop'], { env, stdio: 'ignore' });
      } catch {
        /* already gone */
      }
    }
    if (!process.env.REGISTRY_UI_TEST_KEEP) rmSync(this.tmp, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------ pushes, straight to the registry

async function ok(res, what, statuses = [200, 201, 202]) {
  if (!statuses.includes(res.status)) throw new Error(`${what}: HTTP ${res.status} ${await res.text()}`);
  await res.arrayBuffer().catch(() => undefined);
  return res;
}

/** Pushes bytes as a blob (monolithic upload); returns its descriptor fields. */
export async function pushBlob(registry, repo, bytes) {
  const data = Buffer.from(bytes);
  const digest = sha256(data);
  const head = await fetch(`${registry}/v2/${repo}/blobs/${digest}`, { method: 'HEAD' });
  if (head.status === 200) return { digest, size: data.length };
  const start = await ok(await fetch(`${registry}/v2/${repo}/blobs/uploads/`, { method: 'POST' }), `start upload to ${repo}`);
  const location = new URL(start.headers.get('location'), registry);
  location.searchParams.set('digest', digest);
  await ok(await fetch(location, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: data }), `put blob to ${repo}`);
  return { digest, size: data.length };
}

/** PUTs a manifest (an object, or exact bytes) under `ref`; returns its digest. */
export async function putManifest(registry, repo, ref, manifest, mediaType = manifest.mediaType) {
  const body = Buffer.isBuffer(manifest) ? manifest : Buffer.from(JSON.stringify(manifest));
  const res = await fetch(`${registry}/v2/${repo}/manifests/${ref}`, { method: 'PUT', headers: { 'content-type': mediaType }, body });
  await ok(res, `put manifest ${repo}:${ref}`, [201]);
  return sha256(body);
}

/**
 * Pushes an OCI image: a config with `labels` (and `config` fields), `layers` layer blobs (or the given
 * byte buffers), manifest `annotations`; tagged with every tag. Returns { digest, manifest, config }.
 */
export async function pushImage(registry, repo, tags, { labels = {}, layers = 1, annotations, created = '2024-05-01T12:00:00Z', platform = { os: 'linux', architecture: 'amd64' }, seed = `${repo}:${tags.join(',')}` } = {}) {
  const layerBuffers = Array.isArray(layers) ? layers : Array.from({ length: layers }, (_, i) => Buffer.from(`layer ${i} of ${seed}\n`));
  const layerDescs = [];
  for (let i = 0; i < layerBuffers.length; i += 32) {
    layerDescs.push(...(await Promise.all(layerBuffers.slice(i, i + 32).map((b) => pushBlob(registry, repo, b)))));
  }
  const configJson = {
    architecture: platform.architecture,
    os: platform.os,
    created,
    config: { Labels: labels, Env: ['PATH=/usr/bin'], Cmd: ['/bin/sh'] },
    rootfs: { type: 'layers', diff_ids: layerDescs.map((l) => l.digest) },
    history: layerDescs.map((_, i) => ({ created, created_by: `step ${i}` })),
  };
  const config = await pushBlob(registry, repo, Buffer.from(JSON.stringify(configJson)));
  const manifest = {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
    layers: layerDescs.map((l) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...l })),
    ...(annotations ? { annotations } : {}),
  };
  let digest;
  for (const tag of tags) digest = await putManifest(registry, repo, tag, manifest);
  if (tags.length === 0) digest = await putManifest(registry, repo, sha256(Buffer.from(JSON.stringify(manifest))), manifest);
  return { digest, manifest, config: configJson };
}

/** DELETE by digest, straight at the registry. */
export async function deleteManifest(registry, repo, digest) {
  await ok(await fetch(`${registry}/v2/${repo}/manifests/${digest}`, { method: 'DELETE' }), `delete ${repo}@${digest}`, [202]);
}

/** The digest a tag points at now (HEAD at the registry), or undefined. */
export async function headDigest(registry, repo, ref) {
  const res = await fetch(`${registry}/v2/${repo}/manifests/${ref}`, { method: 'HEAD', headers: { accept: ACCEPT } });
  return res.ok ? (res.headers.get('docker-content-digest') ?? undefined) : undefined;
}

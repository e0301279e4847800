// The real stack for the benchmark, started the way scripts/lib/stack.sh starts it for the e2e suite: Debian's
// docker-registry (scripts/registry.sh), seeded by scripts/seed/seed.mjs, and the built app behind the
// project's nginx config (scripts/serve.sh). Ports are picked free at run time; everything stops on exit.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const ROOT = new URL('../../', import.meta.url).pathname.replace(/\/$/, '');

const cleanups = [];

/** Runs the registered stops, newest first; safe to call twice. */
/** Runs a bench's main: an error is printed (exit status 1), and every process it started is stopped. */
export async function runBench(main) {
  try {
    await main();
  } catch (e) {
    process.stderr.write(`[bench] error: ${e?.stack ?? e}\n`);
    process.exitCode = 1;
  } finally {
    await stopAll();
  }
}

export async function stopAll() {
  while (cleanups.length > 0) {
    try {
      await cleanups.pop()();
    } catch {
      // stopping is best effort
    }
  }
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    void stopAll().finally(() => process.exit(130));
  });
}

export function log(message) {
  process.stderr.write(`[bench] ${message}\n`);
}

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...options });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stderr || r.stdout}`);
  }
  return r.stdout;
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitFor(url, seconds, ok = (status) => status === 200, tls = undefined) {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    try {
      if (ok(tls ? await httpsStatus(url, tls.cert) : await fetchStatus(url))) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${seconds} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function fetchStatus(url) {
  const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
  await res.arrayBuffer();
  return res.status;
}

/** The status of a GET over HTTPS, trusting `ca` (the bench's self-signed certificate) and nothing else. */
async function httpsStatus(url, ca) {
  const https = await import('node:https');
  return new Promise((resolve, reject) => {
    const req = https.get(url, { ca: readFileSync(ca), timeout: 2000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

/** A self-signed certificate for 127.0.0.1 in `dir` (openssl): { cert, key } paths, for startUi's `tls`. */
export function selfSignedCert(dir) {
  mkdirSync(dir, { recursive: true });
  const cert = join(dir, 'tls.crt');
  const key = join(dir, 'tls.key');
  run('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert]);
  // nginx's workers (another user when started as root) read them at start
  chmodSync(dir, 0o755);
  chmodSync(key, 0o644);
  return { cert, key };
}

/** Debian packages (registry, nginx, chromium) and node_modules, installed only when missing. */
export function ensureDependencies() {
  run('bash', ['-c', '. scripts/lib/common.sh && ensure_deps && ensure_node_modules'], { stdio: ['ignore', 'ignore', 'inherit'] });
}

/** Builds the app into `outDir` (never the shared ./dist) and returns scripts/bundle-size.mjs's report. */
export function build(outDir) {
  log('building the app');
  run('npx', ['--no-install', 'vite', 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn']);
  const line = run('node', ['scripts/bundle-size.mjs', outDir]).trim();
  log(line);
  return JSON.parse(readFileSync(join(outDir, 'bundle-size.json'), 'utf8'));
}

/** Starts a fresh registry on a free port and seeds it; returns its URL and the seed's figures. */
export async function startRegistry(workDir, { repos, tags, distinct = 0 }) {
  const port = await freePort();
  const dir = join(workDir, `registry-${port}`);
  rmSync(dir, { recursive: true, force: true });
  const env = { ...process.env, REGISTRY_PORT: String(port), REGISTRY_DIR: dir };
  run('scripts/registry.sh', ['start'], { env });
  cleanups.push(() => run('scripts/registry.sh', ['stop'], { env }));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const url = `http://127.0.0.1:${port}`;
  log(`registry on ${url}; seeding ${repos} repositories and a repository with ${tags} tags`);
  const started = Date.now();
  const summaryFile = join(dir, 'seed-summary.json');
  run('node', ['scripts/seed/seed.mjs', '--registry', url, '--profile', 'full', '--repos', String(repos), '--many-tags', String(tags), '--distinct-tags', String(distinct), '--summary', summaryFile, '--quiet'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const seedSeconds = (Date.now() - started) / 1000;
  const summary = JSON.parse(readFileSync(summaryFile, 'utf8'));
  log(`seeded in ${seedSeconds.toFixed(1)} s: ${summary.counts.repositories} repositories, ${summary.counts.tags} tags`);
  return { url, port, seedSeconds, counts: summary.counts, summary };
}

/**
 * Serves `appDir` through scripts/serve.sh (the container entrypoint and nginx.conf) on a free port. `tls`
 * ({ cert, key }: PEM paths) serves HTTPS with HTTP/2, as TLS_CERT and TLS_KEY do in the image.
 */
export async function startUi(workDir, appDir, registryUrl, { tls } = {}) {
  const port = await freePort();
  const runtimeDir = join(workDir, `ui-${port}`);
  mkdirSync(runtimeDir, { recursive: true });
  const logFile = join(workDir, `ui-${port}.log`);
  const out = openSync(logFile, 'w');
  const child = spawn(join(ROOT, 'scripts/serve.sh'), [], {
    cwd: ROOT,
    env: { ...process.env, LISTEN_PORT: String(port), REGISTRY_URL: registryUrl, APP_DIR: appDir, RUNTIME_DIR: runtimeDir, DELETE_IMAGES: 'false', ...(tls ? { TLS_CERT: tls.cert, TLS_KEY: tls.key } : {}) },
    stdio: ['ignore', out, out],
  });
  cleanups.push(async () => {
    // serve.sh execs the entrypoint, which execs nginx: the child is nginx's master process
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    rmSync(runtimeDir, { recursive: true, force: true });
  });
  const url = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  try {
    // over TLS the health check trusts the bench's self-signed certificate
    await waitFor(`${url}/healthz`, 20, undefined, tls);
  } catch (e) {
    if (existsSync(logFile)) process.stderr.write(readFileSync(logFile, 'utf8'));
    throw e;
  }
  log(`UI on ${url}`);
  return { url, port };
}

/** Facts about this machine worth printing next to timings. */
export async function machine() {
  const os = await import('node:os');
  const cpus = os.cpus();
  let chromium = '';
  try {
    chromium = run(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', ['--version']).trim();
  } catch {
    // reported as unknown
  }
  let registry = '';
  try {
    registry = run('bash', ['-c', "dpkg-query -W -f='${Version}' docker-registry"]).trim();
  } catch {
    // reported as unknown
  }
  return {
    cpu: cpus[0]?.model?.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    chromium,
    registry: registry ? `docker-registry ${registry}` : 'docker-registry',
  };
}

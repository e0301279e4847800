#!/usr/bin/env node
// Load benchmark of the served stack, bounded in time and against 127.0.0.1 only: the static app (index,
// a hashed asset, config.js) and the /v2/ proxy (ping, catalog, tag list, manifest GET and HEAD), each
// proxied call also measured straight at the registry, so the cost of the proxy shows. Not a test: it
// measures, prints a table and writes JSON; it fails only when something answered with an error.
//
//   npm run bench:load                        # 5 s per scenario, 32 connections
//   node bench/load.mjs --duration 10 --connections 64 --out bench/results/load.json
//
// It starts what it measures, on free ports: a docker-registry (scripts/registry.sh) with a few images
// pushed over the V2 API, and the UI through scripts/serve.sh (the container entrypoint with Debian's
// nginx). The build served is APP_DIR, else ./dist, else one made now with vite into .tmp/bench-dist.
// Load generator: autocannon (a devDependency), in this process.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { ACCEPT, ROOT, Stack, pushImage } from '../tests/fault-proxy/stack.mjs';

const { values: flags } = parseArgs({
  options: {
    duration: { type: 'string', default: process.env.BENCH_DURATION ?? '5' },
    connections: { type: 'string', default: process.env.BENCH_CONNECTIONS ?? '32' },
    out: { type: 'string', default: '' },
    only: { type: 'string', default: '' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (flags.help) {
  process.stdout.write('usage: node bench/load.mjs [--duration SECONDS] [--connections N] [--out FILE.json] [--only NAME-SUBSTRING]\n');
  process.exit(0);
}
const duration = Number(flags.duration);
const connections = Number(flags.connections);
if (!(duration > 0 && duration <= 60)) throw new Error('--duration must be 1..60 seconds: this is a bounded benchmark');
if (!(connections > 0 && connections <= 256)) throw new Error('--connections must be 1..256');

const log = (m) => process.stderr.write(`[bench:load] ${m}\n`);

function build() {
  for (const dir of [process.env.APP_DIR, join(ROOT, 'dist')]) if (dir && existsSync(join(dir, 'index.html'))) return dir;
  const out = join(ROOT, '.tmp/bench-dist');
  log(`no build found: building into ${out}`);
  execFileSync('npx', ['--no-install', 'vite', 'build', '--outDir', out, '--emptyOutDir', '--logLevel', 'warn'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  return out;
}

function localOnly(url) {
  const host = new URL(url).hostname;
  if (host !== '127.0.0.1') throw new Error(`refusing to load ${url}: targets are 127.0.0.1 only`);
  return url;
}

async function run(scenario) {
  localOnly(scenario.url);
  const result = await autocannon({
    url: scenario.url,
    method: scenario.method ?? 'GET',
    headers: scenario.headers ?? {},
    connections,
    duration,
    timeout: 10,
  });
  const l = result.latency;
  return {
    name: scenario.name,
    target: scenario.target,
    method: scenario.method ?? 'GET',
    path: new URL(scenario.url).pathname + new URL(scenario.url).search,
    requestsPerSecond: Math.round(result.requests.average),
    latencyMs: { p50: l.p50, p90: l.p90, p99: l.p99, max: l.max, average: Number(l.average.toFixed(2)) },
    throughputMBps: Number((result.throughput.average / 1e6).toFixed(2)),
    requests: result.requests.total,
    errors: result.errors + result.timeouts + result.non2xx,
    detail: { errors: result.errors, timeouts: result.timeouts, non2xx: result.non2xx, statusCodes: result.statusCodeStats },
  };
}

const stack = new Stack('bench-load');
const cleanup = () => stack.stop().catch(() => undefined);
process.once('SIGINT', () => cleanup().then(() => process.exit(130)));

let failed;
try {
  const appDir = build();
  const registry = await stack.registry();
  log(`registry ${registry}; pushing sample images`);
  const pushed = {};
  for (let i = 0; i < 20; i++) await pushImage(registry, `bench/repo-${String(i).padStart(2, '0')}`, ['latest'], { layers: 2 });
  for (const tag of ['v1', 'v2', 'v3', 'latest']) pushed[tag] = await pushImage(registry, 'team/app', [tag], { layers: 5, seed: `team/app:${tag}` });
  const ui = await stack.ui({ REGISTRY_URL: registry, DELETE_IMAGES: 'false' }, { build: appDir });
  log(`UI ${ui.url} serving ${appDir}`);
  const asset = readdirSync(join(appDir, 'assets')).filter((f) => f.endsWith('.js')).sort().find((f) => f.startsWith('index-')) ??
    readdirSync(join(appDir, 'assets')).find((f) => f.endsWith('.js'));

  const manifest = { Accept: ACCEPT };
  const v2 = [
    ['/v2/ (ping)', 'GET', '/v2/', {}],
    ['catalog ?n=100', 'GET', '/v2/_catalog?n=100', {}],
    ['tag list', 'GET', '/v2/team/app/tags/list', {}],
    ['manifest by tag', 'GET', '/v2/team/app/manifests/v1', manifest],
    ['manifest by digest', 'GET', `/v2/team/app/manifests/${pushed.v2.digest}`, manifest],
    // no HEAD: autocannon 9 waits for a body after a HEAD answer and counts nothing
  ];
  const scenarios = [
    { name: 'index.html', target: 'static', url: `${ui.origin}/` },
    { name: `asset (${asset})`, target: 'static', url: `${ui.origin}/assets/${asset}`, headers: { 'accept-encoding': 'gzip' } },
    { name: 'config.js', target: 'static', url: `${ui.origin}/config.js` },
    ...v2.flatMap(([name, method, path, headers]) => [
      { name, target: 'proxied', method, url: `${ui.origin}${path}`, headers },
      { name, target: 'direct', method, url: `${registry}${path}`, headers },
    ]),
  ].filter((s) => !flags.only || s.name.includes(flags.only));

  const results = [];
  for (const s of scenarios) {
    log(`${s.target.padEnd(7)} ${s.name}: ${duration} s, ${connections} connections`);
    results.push(await run(s));
  }

  const overhead = v2.map(([name]) => {
    const p = results.find((r) => r.name === name && r.target === 'proxied');
    const d = results.find((r) => r.name === name && r.target === 'direct');
    if (!p || !d) return undefined;
    return { name, p50AddedMs: Number((p.latencyMs.p50 - d.latencyMs.p50).toFixed(2)), p99AddedMs: Number((p.latencyMs.p99 - d.latencyMs.p99).toFixed(2)), requestsPerSecondRatio: Number((p.requestsPerSecond / d.requestsPerSecond).toFixed(2)) };
  }).filter(Boolean);

  const report = {
    date: new Date().toISOString(),
    settings: { durationSeconds: duration, connections, tool: 'autocannon 9', nginx: spawnSync('nginx', ['-v'], { encoding: 'utf8' }).stderr.trim().replace(/^nginx version: /, ''), registry: 'docker-registry (Debian, distribution 2.8)' },
    machine: { node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? '', platform: `${os.type()} ${os.release()}` },
    results,
    overhead,
    errors: results.reduce((n, r) => n + r.errors, 0),
  };

  const out = flags.out || join(ROOT, `bench/results/load-${report.date.replace(/[:.]/g, '-')}.json`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);

  const row = (r) => `| ${r.target} | ${r.method} ${r.name} | ${r.requestsPerSecond.toLocaleString('en')} | ${r.latencyMs.p50} | ${r.latencyMs.p90} | ${r.latencyMs.p99} | ${r.latencyMs.max} | ${r.errors} |`;
  process.stdout.write(
    [
      `${duration} s per scenario, ${connections} connections, load generator on the same ${report.machine.cpus} CPUs (${report.machine.cpu}), ${report.settings.nginx}, Node ${process.version}`,
      '',
      '| target | request | req/s | p50 ms | p90 ms | p99 ms | max ms | errors |',
      '|---|---|---:|---:|---:|---:|---:|---:|',
      ...results.map(row),
      '',
      ...overhead.map((o) => `- ${o.name}: the proxy adds ${o.p50AddedMs} ms at p50, ${o.p99AddedMs} ms at p99; ${Math.round(o.requestsPerSecondRatio * 100)} % of the direct rate`),
      '',
      `JSON: ${out}`,
      '',
    ].join('\n'),
  );
  failed = report.errors > 0;
  if (failed) log(`${report.errors} requests answered with an error`);
} finally {
  await cleanup();
}
process.exit(failed ? 1 : 0);

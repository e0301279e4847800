// registry-ui-cleanup against a real registry (Debian's docker-registry 2.8, scripts/registry.sh): the plan of a
// dry run, --apply deleting exactly that plan, a tag pushed again between the plan and its DELETE, the
// --max-deletes cap, a registry with delete disabled, and garbage-collect (registry read-only) freeing the
// bytes the plan predicted. Runs the built command as a scheduler would: a child process, env credentials.
//
//   node --test tests/cli/          (builds the command first; CLEANUP_CLI=<built .mjs> to use a build)
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, statSync, existsSync, writeFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import http from 'node:http';
import { join } from 'node:path';
import { ACCEPT, ROOT, Stack, freePort, putManifest, pushBlob, pushImage } from '../fault-proxy/stack.mjs';

const REGISTRY_SH = join(ROOT, 'scripts/registry.sh');
const stack = new Stack('cli');
let cli;

function buildCli() {
  if (process.env.CLEANUP_CLI) return process.env.CLEANUP_CLI;
  const out = join(stack.tmp, 'cli');
  execFileSync(join(ROOT, 'node_modules/.bin/vite'), ['build', '--config', 'vite.cli.config.ts', '--logLevel', 'error'], {
    cwd: ROOT,
    env: { ...process.env, CLEANUP_OUT_DIR: out },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return join(out, 'registry-ui-cleanup.mjs');
}

/** Runs the command; resolves { code, stdout, stderr, json? }. */
function run(args, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      let json;
      if (args.includes('--json')) {
        try {
          json = JSON.parse(stdout);
        } catch {
          /* asserted by the caller */
        }
      }
      resolve({ code, stdout, stderr, json });
    });
  });
}

/** Every repository → { tag → digest } and the set of manifest digests reachable by digest, as the registry answers now. */
async function listing(registry, repos) {
  const out = {};
  for (const repo of repos) {
    const body = await (await fetch(`${registry}/v2/${repo}/tags/list`)).json();
    const tags = {};
    for (const tag of (body.tags ?? []).sort()) {
      const res = await fetch(`${registry}/v2/${repo}/manifests/${tag}`, { method: 'HEAD', headers: { accept: ACCEPT } });
      tags[tag] = res.headers.get('docker-content-digest');
    }
    out[repo] = tags;
  }
  return out;
}

async function manifestExists(registry, repo, digest) {
  const res = await fetch(`${registry}/v2/${repo}/manifests/${digest}`, { method: 'HEAD', headers: { accept: ACCEPT } });
  return res.status === 200;
}

/** Bytes of every blob in storage (manifests, configs, layers). */
function blobBytes(dataDir) {
  const root = join(dataDir, 'docker/registry/v2/blobs');
  let total = 0;
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === 'data') total += statSync(p).size;
    }
  };
  if (existsSync(root)) walk(root);
  return total;
}

const daysAgo = (n) => new Date(Date.now() - n * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');

/** A cosign-style signature of `subject`, tagged sha256-<hex>.sig. */
async function pushSignature(registry, repo, subject) {
  const payload = await pushBlob(registry, repo, `signature payload of ${repo}@${subject}\n`);
  const config = await pushBlob(registry, repo, `{"signed":"${subject}"}`);
  const manifest = {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
    layers: [{ mediaType: 'application/vnd.dev.cosign.simplesigning.v1+json', ...payload }],
  };
  return putManifest(registry, repo, `${subject.replace(':', '-')}.sig`, manifest);
}

/** A two-platform OCI index under `tag`. */
async function pushIndex(registry, repo, tag, created) {
  const amd = await pushImage(registry, repo, [], { created, platform: { os: 'linux', architecture: 'amd64' }, seed: `${tag}-amd64`, layers: 2 });
  const arm = await pushImage(registry, repo, [], { created, platform: { os: 'linux', architecture: 'arm64' }, seed: `${tag}-arm64`, layers: 2 });
  const size = (m) => Buffer.byteLength(JSON.stringify(m));
  const index = {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [
      { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: amd.digest, size: size(amd.manifest), platform: { os: 'linux', architecture: 'amd64' } },
      { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: arm.digest, size: size(arm.manifest), platform: { os: 'linux', architecture: 'arm64' } },
    ],
  };
  return { digest: await putManifest(registry, repo, tag, index), children: [amd.digest, arm.digest] };
}

let registry;
let registryEnv;
let sig;
let multi;
const RULES = 'keepNewest=2&keep=latest';

before(async () => {
  cli = buildCli();
  registry = await stack.registry();
  registryEnv = stack.registries.at(-1);
  // app: v1…v5 a month apart, alias-v1 on v1's manifest, latest on v5's, a signature of v2, an old multi-arch image
  const images = {};
  for (let i = 1; i <= 5; i++) images[`v${i}`] = await pushImage(registry, 'app', i === 1 ? ['v1', 'alias-v1'] : i === 5 ? ['v5', 'latest'] : [`v${i}`], { created: daysAgo(200 - i * 30), layers: 2 });
  sig = await pushSignature(registry, 'app', images.v2.digest);
  multi = await pushIndex(registry, 'app', 'multi', daysAgo(400));
  // a second repository, matched by the pattern test only
  for (const [i, tag] of ['1.0', '2.0', '3.0'].entries()) await pushImage(registry, 'team/web', [tag], { created: daysAgo(100 - i), layers: 1 });
});

after(() => stack.stop());

describe('registry-ui-cleanup against a real registry', () => {
  let plan;

  test('a dry run prints the plan and deletes nothing (exit 2: would delete)', async () => {
    const before = await listing(registry, ['app']);
    const r = await run(['--registry', registry, '--repo', 'app', '--rules', RULES, '--json']);
    assert.equal(r.code, 2, r.stderr);
    assert.ok(r.json, `stdout is JSON: ${r.stdout}`);
    assert.equal(r.stderr, '', 'quiet under --json');
    plan = r.json.repositories[0];
    assert.equal(plan.status, 'planned');
    const sigTag = Object.keys(before.app).find((t) => t.endsWith('.sig'));
    assert.equal(before.app[sigTag], sig);
    assert.deepEqual(plan.going.map((d) => d.tag).sort(), ['alias-v1', 'multi', sigTag, 'v1', 'v2', 'v3'].sort());
    assert.deepEqual(plan.staying.map((d) => d.tag).sort(), ['latest', 'v4', 'v5']);
    // the reasons are the preview's sentences
    const v3 = plan.going.find((d) => d.tag === 'v3');
    assert.equal(v3.reasons[0].text, '#3 newest: beyond the 2 kept');
    assert.equal(plan.going.find((d) => d.tag === sigTag).reasons[0].text, 'signature of v2');
    assert.equal(plan.staying.find((d) => d.tag === 'latest').reasons[0].text, 'always kept (named in the rules)');
    // one DELETE per manifest: alias-v1 goes with v1, the signature after v2
    assert.equal(plan.deletes.length, 5);
    assert.deepEqual(plan.deletes.find((g) => g.tags.includes('v1')).tags, ['alias-v1', 'v1']);
    assert.equal(plan.deletes.find((g) => g.digest === sig).subject, plan.going.find((d) => d.tag === 'v2').digest);
    assert.ok(plan.reclaimable.bytes > 0);
    assert.deepEqual(await listing(registry, ['app']), before, 'a dry run deletes nothing');

    const text = await run(['--registry', registry, '--repo', 'app', '--rules', RULES]);
    assert.equal(text.code, 2);
    assert.match(text.stdout, /6 tags would be deleted, 3 stay\. Manifests deleted: 5\./);
    assert.match(text.stdout, /v3 .* #3 newest: beyond the 2 kept/);
    assert.match(text.stdout, /Dry run: nothing was deleted/);
    assert.equal(text.stderr, '', 'no progress when stderr is not a terminal');
  });

  test('a pasted preview URL carries the rules and the repository', async () => {
    const r = await run(['--registry', registry, '--rules', `http://ui.example/r/app?cleanup=1&${RULES}&q=ignored`, '--json']);
    assert.equal(r.code, 2, r.stderr);
    assert.deepEqual(r.json.repositories.map((x) => x.name), ['app']);
    assert.deepEqual(r.json.repositories[0].going.map((d) => d.tag).sort(), plan.going.map((d) => d.tag).sort());
  });

  test('patterns walk the catalog', async () => {
    const r = await run(['--registry', registry, '--repo', 'team/*,nothing-*', '--rules', 'keepNewest=1', '--json']);
    assert.equal(r.code, 2, r.stderr);
    assert.deepEqual(r.json.repositories.map((x) => x.name), ['team/web']);
    assert.deepEqual(r.json.unmatched, ['nothing-*']);
    assert.equal(r.json.repositories[0].going.length, 2);
  });

  test("deploy/kubernetes/cleanup's CronJob arguments run as they are (its registry swapped for this one)", async () => {
    const job = parseAllDocuments(readFileSync(join(ROOT, 'deploy/kubernetes/cleanup/cronjob.yaml'), 'utf8'))[0].toJS();
    const args = [...job.spec.jobTemplate.spec.template.spec.containers[0].args];
    args[args.indexOf('--registry') + 1] = registry;
    const before = await listing(registry, ['team/web']);
    const r = await run([...args, '--json']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(r.json.repositories.map((x) => x.name), ['team/web']);
    assert.deepEqual(await listing(registry, ['team/web']), before, 'keepNewest=10 keeps all three');
  });

  test('on a terminal, a progress line per repository on stderr, rewritten in place and cleared before the report', async () => {
    // script(1) gives the command a terminal (200 columns: lines are cut to its width); what it wrote comes back
    // through the terminal's copy
    const cmd = [process.execPath, cli, '--registry', registry, '--repo', 'app,team/web', '--rules', RULES].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
    const r = spawnSync('script', ['-qefc', `stty cols 200; ${cmd}`, '/dev/null'], { encoding: 'utf8', env: { PATH: process.env.PATH, TERM: 'dumb' }, timeout: 60_000 });
    assert.equal(r.status, 2, r.stdout + r.stderr);
    for (const repo of ['app', 'team/web']) assert.match(r.stdout, new RegExp(`\\r\\x1b\\[2K${repo.replace('/', '\\/')}: reading tags and manifests \\d+/\\d+`), `a progress line for ${repo}`);
    // cleared before the report, which starts on a clean line
    const CLEAR = '\r\x1b[2K';
    const last = r.stdout.lastIndexOf(CLEAR);
    assert.match(r.stdout.slice(r.stdout.lastIndexOf(CLEAR, last - 1), last), /: reading tags and manifests \d+\/\d+$/, 'the last progress line, then the clear');
    assert.match(r.stdout.slice(last + CLEAR.length), /^Cleanup dry run of /, 'the report after the clear');
    assert.match(r.stdout, /Dry run: nothing was deleted/);
  });

  test('from a clone, bin/registry-ui-cleanup.mjs (npx registry-ui-cleanup) builds the command when no build exists, then runs it', async () => {
    const out = join(stack.tmp, 'from-clone');
    assert.ok(!existsSync(join(out, 'registry-ui-cleanup.mjs')));
    const r = await new Promise((resolve) => {
      const child = spawn(process.execPath, [join(ROOT, 'bin/registry-ui-cleanup.mjs'), '--registry', registry, '--repo', 'app', '--rules', RULES, '--json'], {
        cwd: ROOT,
        env: { PATH: process.env.PATH, CLEANUP_OUT_DIR: out },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    assert.equal(r.code, 2, r.stderr);
    assert.ok(existsSync(join(out, 'registry-ui-cleanup.mjs')), 'built into CLEANUP_OUT_DIR');
    assert.deepEqual(JSON.parse(r.stdout).repositories[0].going.map((d) => d.tag).sort(), plan.going.map((d) => d.tag).sort());
  });

  test('the image runs the bundle alone (Dockerfile.cleanup): no node_modules, nothing written', async () => {
    const dockerfile = readFileSync(join(ROOT, 'Dockerfile.cleanup'), 'utf8').replace(/^\s*#.*$/gm, '');
    const scripts = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts;
    assert.match(dockerfile, /RUN npm run build:cli/);
    assert.match(scripts['build:cli'], /--config vite\.cli\.config\.ts/);
    const copy = /COPY --from=build \/src\/(\S+) (\S+)/.exec(dockerfile);
    assert.equal(copy?.[1], 'dist-cli/registry-ui-cleanup.mjs', 'copies what vite.cli.config.ts builds');
    assert.match(dockerfile, new RegExp(`ENTRYPOINT \\["node", "${copy[2].replace(/[.]/g, '\\.')}"\\]`), 'runs the copied file');
    const user = /^USER (\d+)(?::(\d+))?$/m.exec(dockerfile);
    assert.ok(user && Number(user[1]) > 0, 'a non-root numeric USER');
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim());
    for (const needed of ['src', 'vite.cli.config.ts', 'package.json', 'package-lock.json']) assert.ok(!ignored.includes(needed), `${needed} is in the build context`);

    const alone = join(stack.tmp, 'image-root');
    mkdirSync(alone, { recursive: true });
    copyFileSync(cli, join(alone, 'registry-ui-cleanup.mjs'));
    const r = await new Promise((resolve) => {
      const child = spawn(process.execPath, [join(alone, 'registry-ui-cleanup.mjs'), '--registry', registry, '--repo', 'app', '--rules', RULES, '--json'], { cwd: alone, env: { PATH: process.env.PATH } });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.on('close', (code) => resolve({ code, out }));
    });
    assert.equal(r.code, 2);
    assert.equal(JSON.parse(r.out).repositories[0].going.length, 6);
    assert.deepEqual(readdirSync(alone), ['registry-ui-cleanup.mjs'], 'nothing written next to it');
  });

  test('--max-deletes below the plan stops before any DELETE (exit 3)', async () => {
    const before = await listing(registry, ['app']);
    const r = await run(['--registry', registry, '--repo', 'app', '--rules', RULES, '--apply', '--max-deletes', '5', '--json']);
    assert.equal(r.code, 3, r.stdout + r.stderr);
    assert.match(r.json.stopped, /6 tags would be deleted, more than --max-deletes 5: nothing was deleted/);
    assert.equal(r.json.repositories[0].results, undefined);
    assert.deepEqual(await listing(registry, ['app']), before);
  });

  test('--apply deletes exactly the planned manifests, and garbage-collect frees the predicted bytes', async () => {
    const before = await listing(registry, ['app', 'team/web']);
    const r = await run(['--registry', registry, '--repo', 'app', '--rules', RULES, '--apply', '--max-deletes', '6', '--json']);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    const report = r.json.repositories[0];
    assert.deepEqual(report.results.map((x) => [x.tag, x.status]).sort(), plan.going.map((d) => [d.tag, 'deleted']).sort());
    const afterList = await listing(registry, ['app', 'team/web']);
    const expected = structuredClone(before);
    for (const d of plan.going) delete expected.app[d.tag];
    assert.deepEqual(afterList, expected, 'every other tag still points where it did');
    for (const g of plan.deletes) assert.equal(await manifestExists(registry, 'app', g.digest), false, `${g.tags} deleted`);
    // deleting an index deletes only the index: its platforms stay, untagged
    for (const child of multi.children) assert.equal(await manifestExists(registry, 'app', child), true);

    // garbage collection with the registry read-only, as the README says
    const dataDir = join(registryEnv.REGISTRY_DIR, 'data');
    const bytesBefore = blobBytes(dataDir);
    execFileSync(REGISTRY_SH, ['stop'], { env: registryEnv, stdio: 'ignore' });
    const readonly = { ...registryEnv, REGISTRY_READONLY: 'true' };
    execFileSync(REGISTRY_SH, ['start'], { env: readonly, stdio: 'ignore' });
    const gc = execFileSync(REGISTRY_SH, ['gc'], { env: readonly, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    assert.match(gc, /blobs marked/);
    const freed = bytesBefore - blobBytes(dataDir);
    assert.equal(freed, report.reclaimable.bytes, `garbage-collect freed ${freed} bytes, the plan predicted ${report.reclaimable.bytes}`);
    execFileSync(REGISTRY_SH, ['stop'], { env: readonly, stdio: 'ignore' });
    execFileSync(REGISTRY_SH, ['start'], { env: registryEnv, stdio: 'ignore' });
    assert.deepEqual(await listing(registry, ['app', 'team/web']), expected, 'garbage collection broke no tag');

    const again = await run(['--registry', registry, '--repo', 'app', '--rules', RULES, '--apply', '--json']);
    assert.equal(again.code, 0, 'nothing left to do: exit 0');
  });
});

describe('registry-ui-cleanup when the registry changes or refuses', () => {
  test('a tag pushed again between the plan and its DELETE is skipped and reported (exit 3)', async () => {
    const upstream = await stack.registry();
    for (let i = 1; i <= 4; i++) await pushImage(upstream, 'moving', [`m${i}`], { created: daysAgo(100 - i), layers: 1 });
    // in front of the registry: the delete run's re-read of the tag list (the second tags/list) first pushes m1 again
    let lists = 0;
    const proxy = http.createServer(async (req, res) => {
      if (req.method === 'GET' && req.url.startsWith('/v2/moving/tags/list') && ++lists === 2) {
        await pushImage(upstream, 'moving', ['m1'], { created: daysAgo(1), seed: 'm1 pushed again', layers: 1 });
      }
      const up = http.request(`${upstream}${req.url}`, { method: req.method, headers: req.headers }, (u) => {
        res.writeHead(u.statusCode, u.headers);
        u.pipe(res);
      });
      req.pipe(up);
    });
    await new Promise((r) => proxy.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${proxy.address().port}`;
      const before = await listing(upstream, ['moving']);
      const r = await run(['--registry', url, '--repo', 'moving', '--rules', 'keepNewest=1', '--apply', '--json']);
      assert.equal(r.code, 3, r.stdout + r.stderr);
      const results = Object.fromEntries(r.json.repositories[0].results.map((x) => [x.tag, x]));
      assert.equal(results.m1.status, 'moved');
      assert.equal(results.m2.status, 'deleted');
      assert.equal(results.m3.status, 'deleted');
      const now = await listing(upstream, ['moving']);
      assert.deepEqual(Object.keys(now.moving).sort(), ['m1', 'm4']);
      assert.notEqual(now.moving.m1, before.moving.m1, 'm1 holds what was pushed since the plan');
      assert.equal(results.m1.now, now.moving.m1);
      assert.equal(now.moving.m4, before.moving.m4);

      const text = await run(['--registry', url, '--repo', 'moving', '--rules', 'keepNewest=1']);
      assert.equal(text.code, 2, 'm1 is now the newest and m4 would go');
    } finally {
      await new Promise((r) => proxy.close(r));
    }
  });

  test('delete disabled (405 UNSUPPORTED): the run stops with what to change (exit 3)', async () => {
    const locked = await stack.registry({ REGISTRY_DELETE: 'false' });
    for (let i = 1; i <= 3; i++) await pushImage(locked, 'app', [`v${i}`], { created: daysAgo(50 - i), layers: 1 });
    const before = await listing(locked, ['app']);
    const r = await run(['--registry', locked, '--repo', 'app', '--rules', 'keepNewest=1', '--apply']);
    assert.equal(r.code, 3, r.stdout + r.stderr);
    assert.match(r.stdout, /refuses deletes \(HTTP 405 UNSUPPORTED\): start it with storage\.delete\.enabled: true/);
    assert.deepEqual(await listing(locked, ['app']), before);
  });

  test('an unreachable registry is an error (exit 1) with a clear message', async () => {
    const r = await run(['--registry', `http://127.0.0.1:${await freePort()}`, '--repo', 'app', '--rules', 'keepNewest=1']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /could not be reached: ECONNREFUSED/);
  });

  test('an htpasswd registry: no or wrong credentials say what to set (exit 1); REGISTRY_USERNAME and REGISTRY_PASSWORD sign in', async () => {
    const htpasswd = join(stack.tmp, 'cli.htpasswd');
    writeFileSync(htpasswd, execFileSync('htpasswd', ['-Bbn', 'cleaner', 's3cret'], { encoding: 'utf8' }));
    const guarded = await stack.registry({ REGISTRY_HTPASSWD: htpasswd });
    const args = ['--registry', guarded, '--repo', '*', '--rules', 'keepNewest=1'];
    for (const env of [{}, { REGISTRY_USERNAME: 'cleaner', REGISTRY_PASSWORD: 'wrong' }]) {
      const r = await run(args, env);
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.match(r.stdout + r.stderr, /refused the request without valid credentials \(HTTP 401[^)]*\): set REGISTRY_USERNAME and REGISTRY_PASSWORD, or --credentials-file/);
      assert.doesNotMatch(r.stdout + r.stderr, /wrong/);
    }
    const ok = await run([...args, '--json'], { REGISTRY_USERNAME: 'cleaner', REGISTRY_PASSWORD: 's3cret' });
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    assert.deepEqual(ok.json.repositories, [], 'signed in: an empty catalog, nothing to do');
  });

  test('credentials on the command line are refused (exit 1)', async () => {
    const r = await run(['--registry', registry, '--repo', 'app', '--rules', 'keepNewest=1', '--password', 'hunter2']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /never taken from the command line/);
    assert.doesNotMatch(r.stdout + r.stderr, /hunter2/);
  });
});


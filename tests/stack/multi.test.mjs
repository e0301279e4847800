// REGISTRIES in the entrypoint, offline: what it accepts and refuses, the allowlist it renders for nginx
// (tests/stack/multi is render-level; e2e/multi-registry.spec.ts runs two real registries behind one UI).
//
//   node --test tests/stack/multi.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { expandedDirectives } from './lib/nginx-config.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const tmp = mkdtempSync(join(tmpdir(), 'registry-ui-multi-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));
const appDir = join(tmp, 'dist');
mkdirSync(appDir);
writeFileSync(join(appDir, 'index.html'), '<!doctype html><html><head><base href="/" /></head></html>\n');
let n = 0;

function render(env, mode = '--render-only') {
  const runtime = join(tmp, `rt-${(n += 1)}`);
  // stdout to a file: nginx -t opens /dev/stdout (the access log), which a socket pipe is not
  const out = openSync(join(tmp, `out-${n}`), 'w');
  const run = spawnSync('sh', [join(ROOT, 'docker/entrypoint.sh'), mode], {
    encoding: 'utf8',
    stdio: ['ignore', out, 'pipe'],
    env: { PATH: process.env.PATH, APP_DIR: appDir, RUNTIME_DIR: runtime, NGINX_TEMPLATE: join(ROOT, 'nginx.conf'), LISTEN_PORT: '18099', ...env },
  });
  closeSync(out);
  return { ...run, runtime };
}
const config = (runtime) => {
  const js = readFileSync(join(runtime, 'html/config.js'), 'utf8');
  return JSON.parse(js.slice(js.indexOf('{'), js.lastIndexOf('}') + 1));
};

test('REGISTRIES renders one upstream per registry, the id maps, and the per-registry options', () => {
  const r = render({
    REGISTRIES: 'prod=http://127.0.0.1:5000,staging-eu=https://localhost:8443/sub/',
    REGISTRY_PROD_TITLE: 'Production </script>',
    REGISTRY_STAGING_EU_DELETE_IMAGES: 'yes',
    REGISTRY_STAGING_EU_AUTH: 'robot:s3cret',
  }, '--check');
  assert.equal(r.status, 0, r.stderr);
  const conf = readFileSync(join(r.runtime, 'registries.conf'), 'utf8');
  assert.match(conf, /upstream rui_registry_prod \{\n {4}server 127\.0\.0\.1:5000;/);
  assert.match(conf, /upstream rui_registry_staging_eu \{\n {4}server localhost:8443;/);
  assert.match(conf, /map \$rui_registry_id \$rui_registry_upstream \{\n {4}default "";/);
  assert.match(conf, /staging-eu "\/sub";/);
  assert.match(conf, /map \$rui_registry_id \$rui_registry_delete_refused \{\n {4}default "1";\n {4}prod "1";\n {4}staging-eu "0";/);
  const auth = join(r.runtime, 'registries-auth.conf');
  assert.equal(statSync(auth).mode & 0o777, 0o600);
  assert.match(readFileSync(auth, 'utf8'), new RegExp(`staging-eu "Basic ${Buffer.from('robot:s3cret').toString('base64')}";`));
  assert.doesNotMatch(readFileSync(join(r.runtime, 'nginx.conf'), 'utf8'), /s3cret|cm9ib3Q6czNjcmV0/);
  const c = config(r.runtime);
  assert.deepEqual(c.registries, [
    { id: 'prod', title: 'Production </script>', deleteImages: false },
    { id: 'staging-eu', title: 'staging-eu', deleteImages: true },
  ]);
  assert.equal(c.deleteImages, false, 'the default registry decides /v2/');
  const js = readFileSync(join(r.runtime, 'html/config.js'), 'utf8');
  assert.ok(!js.includes('</script>') && !js.includes('127.0.0.1') && !js.includes('s3cret'));
  assert.match(r.stderr, /registries prod,staging-eu \(the first is the default/);
  assert.doesNotMatch(r.stderr, /s3cret/);
});

test('without REGISTRIES nothing of it is rendered and config.js lists no registries', () => {
  const r = render({ REGISTRY_URL: 'http://127.0.0.1:5000' });
  assert.equal(r.status, 0, r.stderr);
  const conf = expandedDirectives(join(r.runtime, 'nginx.conf'));
  assert.doesNotMatch(conf, /rui_registry_id|registries\.conf|\/x\//);
  assert.deepEqual(config(r.runtime).registries, []);
});

test('bad REGISTRIES values stop the start with a message naming the problem', () => {
  const cases = [
    [{ REGISTRIES: 'prod=http://a:5000', REGISTRY_URL: 'http://b:5000' }, /REGISTRY_URL or REGISTRIES, not both/],
    [{ REGISTRIES: 'http://a:5000' }, /id=url/],
    [{ REGISTRIES: 'Prod=http://a:5000' }, /an id is 1\.\.32 of a-z 0-9 -/],
    [{ REGISTRIES: 'a=http://a:5000,a=http://b:5000' }, /the id a appears twice/],
    [{ REGISTRIES: 'a=http://a:5000,b=http://u:p@b:5000' }, /must not contain credentials/],
    [{ REGISTRIES: 'a=http://a:5000,b=ftp://b' }, /must look like http/],
    [{ REGISTRIES: 'a=http://a:5000,b=http://b:5000/v2' }, /without \/v2/],
    [{ REGISTRIES: 'a=http://a:5000,b=http://b;evil:5000' }, /must look like http/],
    [{ REGISTRIES: 'a=http://a:5000', REGISTRY_A_DELETE_IMAGES: 'maybe' }, /REGISTRY_A_DELETE_IMAGES must be true or false/],
    [{ REGISTRIES: 'a=http://a:5000', REGISTRY_A_AUTH: 'nocolon' }, /REGISTRY_A_AUTH must be user:password/],
    [{ REGISTRIES: 'a=http://a:5000', REGISTRY_AUTH: 'u:p' }, /REGISTRY_AUTH is not supported with REGISTRIES/],
    [{ REGISTRIES: 'a=http://a:5000', REGISTRY_TOKEN_URL: 'http://t' }, /REGISTRY_TOKEN_URL is not supported/],
  ];
  for (const [env, message] of cases) {
    const r = render(env);
    assert.notEqual(r.status, 0, JSON.stringify(env));
    assert.match(r.stderr, message, JSON.stringify(env));
  }
});

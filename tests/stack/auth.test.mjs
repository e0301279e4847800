// Authentication through the proxy, against real servers: a docker-registry with htpasswd (bcrypt) auth, one
// with token auth (auth.token) trusting the issuer in tests/token-server/, and registry-ui's nginx rendered by
// docker/entrypoint.sh in front of each. Checks docs/runtime-contract.md "Authentication":
// - a challenge on a request the app marks (X-Registry-UI: 1) arrives as X-Registry-Authenticate, never as
//   WWW-Authenticate (the browser would open its own password prompt); other clients keep WWW-Authenticate;
// - REGISTRY_TOKEN_URL: the token service is proxied at ${BASE_PATH}auth/token and the app's Bearer realm
//   points there; the issuer's own challenges never reach the browser;
// - REGISTRY_AUTH: nginx sends the credentials upstream (to /v2/, or to the token service); they appear in
//   no file the server hands out, not in nginx.conf, config.js nor the start-up log.
//
//   node --test tests/stack/auth.test.mjs
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, Stack, appDir } from '../fault-proxy/stack.mjs';
import { expandedConfig, expandedDirectives } from './lib/nginx-config.mjs';
import { startTokenServer } from '../token-server/token-server.mjs';
import { ALL, READ_ONLY, htpasswdFile, registryClient } from '../token-server/auth-stack.mjs';

const PASSWORD = `pw-${process.pid}-Zq9`;
const SERVER_PASSWORD = `srv-${process.pid}-Xk7`;
const APP = { 'x-registry-ui': '1' };
const basic = (user, password) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

let stack;
let build;
let issuer;
const htp = {};
const tok = {};

before(
  async () => {
    stack = new Stack('auth');
    build = appDir({ fake: 'always', tmp: stack.tmp });

    // htpasswd
    const file = htpasswdFile(stack.tmp, { admin: PASSWORD, robot: SERVER_PASSWORD });
    htp.registry = await stack.registry({ REGISTRY_HTPASSWD: file });
    await registryClient(htp.registry, { username: 'admin', password: PASSWORD }).pushImage('team/app', ['v1']);
    htp.recorder = await stack.faultProxy(htp.registry);
    const authFile = join(stack.tmp, 'registry-auth');
    writeFileSync(authFile, `robot:${SERVER_PASSWORD}\n`, { mode: 0o600 });

    // token
    issuer = await startTokenServer({
      dir: join(stack.tmp, 'issuer'),
      users: { admin: { password: PASSWORD, grants: ALL }, robot: { password: SERVER_PASSWORD, grants: READ_ONLY } },
    });
    tok.registry = await stack.registry(issuer.registryEnv());
    await registryClient(tok.registry, { username: 'admin', password: PASSWORD }).pushImage('team/app', ['v1']);

    [htp.ui, htp.server, htp.fromFile, tok.ui, tok.sub, tok.server] = await Promise.all([
      stack.ui({ REGISTRY_URL: htp.recorder.url, DELETE_IMAGES: 'true' }, { build }),
      stack.ui({ REGISTRY_URL: htp.recorder.url, REGISTRY_AUTH: `robot:${SERVER_PASSWORD}` }, { build }),
      stack.ui({ REGISTRY_URL: htp.registry, REGISTRY_AUTH: authFile }, { build }),
      stack.ui({ REGISTRY_URL: tok.registry, REGISTRY_TOKEN_URL: issuer.realm, DELETE_IMAGES: 'true' }, { build }),
      stack.ui({ REGISTRY_URL: tok.registry, REGISTRY_TOKEN_URL: issuer.realm, BASE_PATH: '/registry-ui/' }, { build }),
      stack.ui({ REGISTRY_URL: tok.registry, REGISTRY_TOKEN_URL: issuer.realm, REGISTRY_AUTH: `robot:${SERVER_PASSWORD}` }, { build }),
    ]);
  },
  { timeout: 120_000 },
);

after(async () => {
  await stack?.stop();
  await issuer?.close();
});

// ------------------------------------------------------------------ htpasswd

describe('htpasswd registry', () => {
  test('the app learns login is needed from X-Registry-Authenticate; no WWW-Authenticate reaches it', async () => {
    for (const method of ['GET', 'HEAD']) {
      for (const path of ['v2/', 'v2/_catalog?n=10', 'v2/team/app/manifests/v1']) {
        const r = await fetch(`${htp.ui.url}${path}`, { method, headers: APP });
        assert.equal(r.status, 401, `${method} ${path}`);
        assert.equal(r.headers.get('www-authenticate'), null, `${method} ${path}: no challenge the browser would prompt for`);
        assert.equal(r.headers.get('x-registry-authenticate'), 'Basic realm="registry-ui"', `${method} ${path}`);
        assert.equal(r.headers.get('x-frame-options'), 'DENY', 'security headers still there');
      }
    }
  });

  test('other clients of the proxy (docker, curl) still get WWW-Authenticate', async () => {
    const r = await fetch(`${htp.ui.url}v2/`);
    assert.equal(r.status, 401);
    assert.equal(r.headers.get('www-authenticate'), 'Basic realm="registry-ui"');
    assert.equal(r.headers.get('x-registry-authenticate'), null);
  });

  test("the browser's credentials pass through; the marker does not", async () => {
    const mark = htp.recorder.requests.length;
    const ok = await fetch(`${htp.ui.url}v2/_catalog?n=10`, { headers: { ...APP, authorization: basic('admin', PASSWORD) } });
    assert.equal(ok.status, 200);
    assert.deepEqual((await ok.json()).repositories, ['team/app']);
    const seen = htp.recorder.requests.slice(mark);
    assert.equal(seen.length, 1);
    assert.equal(seen[0].headers.authorization, basic('admin', PASSWORD));
    assert.equal(seen[0].headers['x-registry-ui'], undefined, 'the marker stays between the app and nginx');
    const wrong = await fetch(`${htp.ui.url}v2/`, { headers: { ...APP, authorization: basic('admin', 'wrong') } });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.headers.get('www-authenticate'), null);
  });

  test('REGISTRY_AUTH=user:password: nginx authenticates, whatever the browser sends', async () => {
    const mark = htp.recorder.requests.length;
    const anonymous = await fetch(`${htp.server.url}v2/_catalog?n=10`, { headers: APP });
    assert.equal(anonymous.status, 200);
    const spoofed = await fetch(`${htp.server.url}v2/`, { headers: { ...APP, authorization: basic('admin', 'wrong') } });
    assert.equal(spoofed.status, 200, "the browser's Authorization is replaced");
    for (const r of htp.recorder.requests.slice(mark)) assert.equal(r.headers.authorization, basic('robot', SERVER_PASSWORD));
  });

  test('REGISTRY_AUTH=/path/to/file: the first line is user:password', async () => {
    const r = await fetch(`${htp.fromFile.url}v2/team/app/tags/list`, { headers: APP });
    assert.equal(r.status, 200);
    assert.deepEqual((await r.json()).tags, ['v1']);
  });

  test('REGISTRY_AUTH stays out of every file served, nginx.conf, config.js and the log', async () => {
    const encoded = Buffer.from(`robot:${SERVER_PASSWORD}`).toString('base64');
    for (const ui of [htp.server, htp.fromFile]) {
      for (const path of ['', 'index.html', 'config.js', 'r/x', 'upstream-auth.conf', 'nginx.conf', '../upstream-auth.conf']) {
        const body = await (await fetch(`${ui.url}${path}`)).text();
        assert.ok(!body.includes(SERVER_PASSWORD) && !body.includes(encoded), path);
      }
      const config = readFileSync(join(ui.runtimeDir, 'html/config.js'), 'utf8');
      assert.doesNotMatch(config, /robot|authorization|password/i);
      for (const f of readdirSync(ui.runtimeDir).filter((name) => name.endsWith('.conf') && name !== 'upstream-auth.conf')) {
        const conf = readFileSync(join(ui.runtimeDir, f), 'utf8');
        assert.ok(!conf.includes(SERVER_PASSWORD) && !conf.includes(encoded), f);
      }
      const authConf = join(ui.runtimeDir, 'upstream-auth.conf');
      assert.equal(statSync(authConf).mode & 0o777, 0o600, 'only its owner reads the credentials file');
      for (const f of readdirSync(join(ui.runtimeDir, 'html'))) assert.notEqual(f, 'upstream-auth.conf');
      const log = readFileSync(ui.log, 'utf8');
      assert.ok(!log.includes(SERVER_PASSWORD) && !log.includes(encoded) && !log.includes('robot'), 'the start-up log');
      assert.match(log, /credentials added by nginx/);
    }
  });
});

// ------------------------------------------------------------------ token

describe('token registry with REGISTRY_TOKEN_URL', () => {
  test("the app's Bearer realm is the token proxy on its own origin; other clients keep the issuer's", async () => {
    const app = await fetch(`${tok.ui.url}v2/_catalog?n=10`, { headers: APP });
    assert.equal(app.status, 401);
    assert.equal(app.headers.get('www-authenticate'), null);
    assert.equal(app.headers.get('x-registry-authenticate'), `Bearer realm="/auth/token",service="${issuer.service}",scope="registry:catalog:*"`);
    const sub = await fetch(`${tok.sub.url}v2/team/app/tags/list`, { headers: APP });
    assert.equal(sub.headers.get('x-registry-authenticate'), `Bearer realm="/registry-ui/auth/token",service="${issuer.service}",scope="repository:team/app:pull"`);
    const docker = await fetch(`${tok.ui.url}v2/`);
    assert.equal(docker.headers.get('www-authenticate'), `Bearer realm="${issuer.realm}",service="${issuer.service}"`);
  });

  test('a token from the proxy opens the registry; the query reaches the issuer unchanged', async () => {
    const mark = issuer.requests.length;
    const q = `service=${issuer.service}&scope=${encodeURIComponent('repository:team/app:pull')}&scope=${encodeURIComponent('registry:catalog:*')}&account=admin`;
    const r = await fetch(`${tok.sub.url}auth/token?${q}`, { headers: { authorization: basic('admin', PASSWORD), cookie: 'session=x' } });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('cache-control'), 'no-store');
    assert.equal(r.headers.get('x-frame-options'), 'DENY');
    const { token, expires_in: expiresIn } = await r.json();
    assert.equal(expiresIn, 60);
    const seen = issuer.requests.slice(mark);
    assert.equal(seen.length, 1);
    assert.deepEqual(seen[0].scopes, ['repository:team/app:pull', 'registry:catalog:*']);
    assert.equal(seen[0].account, 'admin');
    assert.equal(seen[0].headers.cookie, undefined, 'no cookie of the UI origin reaches the issuer');
    const tags = await fetch(`${tok.sub.url}v2/team/app/tags/list`, { headers: { ...APP, authorization: `Bearer ${token}` } });
    assert.equal(tags.status, 200);
  });

  test("a wrong password is a 401 without the issuer's Basic challenge", async () => {
    const r = await fetch(`${tok.ui.url}auth/token?service=${issuer.service}`, { headers: { authorization: basic('admin', 'wrong') } });
    assert.equal(r.status, 401);
    assert.equal(r.headers.get('www-authenticate'), null);
    assert.equal(r.headers.get('x-registry-authenticate'), null);
  });

  test('the token proxy answers GET only', async () => {
    const r = await fetch(`${tok.ui.url}auth/token?service=${issuer.service}`, { method: 'POST', body: 'grant_type=password' });
    assert.equal(r.status, 405);
  });

  test('REGISTRY_AUTH with a token service: nginx gets the tokens as that account', async () => {
    const mark = issuer.requests.length;
    const r = await fetch(`${tok.server.url}auth/token?service=${issuer.service}&scope=${encodeURIComponent('repository:team/app:pull,delete')}`, {
      headers: { authorization: basic('admin', PASSWORD) },
    });
    assert.equal(r.status, 200);
    const seen = issuer.requests.slice(mark);
    assert.equal(seen[0].account, 'robot', "the server's account replaces the browser's");
    assert.deepEqual(seen[0].granted, [{ type: 'repository', name: 'team/app', actions: ['pull'] }]);
    const { token } = await r.json();
    const tags = await fetch(`${tok.server.url}v2/team/app/tags/list`, { headers: { ...APP, authorization: `Bearer ${token}` } });
    assert.equal(tags.status, 200, "the browser's Bearer token passes to the registry");
  });
});

// ------------------------------------------------------------------ rendering

describe('rendering the auth options', () => {
  const entry = (env, mode = '--render-only') => {
    const rt = join(stack.tmp, `render-${Math.random().toString(36).slice(2)}`);
    mkdirSync(rt);
    const run = spawnSync('sh', [join(ROOT, 'docker/entrypoint.sh'), mode], {
      env: { PATH: process.env.PATH, APP_DIR: build, RUNTIME_DIR: rt, NGINX_TEMPLATE: join(ROOT, 'nginx.conf'), REGISTRY_URL: 'http://127.0.0.1:5000', ...env },
      encoding: 'utf8',
      // nginx -t opens /dev/stdout for the access log: a pipe there is refused (ENXIO)
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    return { ...run, rt };
  };

  for (const [value, message] of [
    ['nocolon', 'REGISTRY_AUTH must be user:password'],
    [':password', 'REGISTRY_AUTH must be user:password'],
    ['/nonexistent/file', 'REGISTRY_AUTH names a file that cannot be read'],
  ]) {
    test(`REGISTRY_AUTH=${value} is refused before anything is rendered`, () => {
      const r = entry({ REGISTRY_AUTH: value });
      assert.notEqual(r.status, 0);
      assert.match(r.stderr, new RegExp(message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
      assert.throws(() => statSync(join(r.rt, 'nginx.conf')));
    });
  }

  test('a file whose first line is not user:password is refused', () => {
    const f = join(stack.tmp, 'bad-auth');
    writeFileSync(f, 'justapassword\n');
    const r = entry({ REGISTRY_AUTH: f });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /first line of the REGISTRY_AUTH file must be user:password/);
  });

  test("REGISTRY_AUTH=htpasswd (the registry's own setting, from a shared env file) is ignored with a warning", () => {
    const r = entry({ REGISTRY_AUTH: 'htpasswd' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /looks like the registry's own setting/);
    assert.throws(() => statSync(join(r.rt, 'upstream-auth.conf')));
    assert.doesNotMatch(expandedDirectives(join(r.rt, 'nginx.conf')), /upstream-auth\.conf|Authorization "Basic/);
  });

  test('REGISTRY_AUTH with DELETE_IMAGES=true warns that every visitor may delete', () => {
    const r = entry({ REGISTRY_AUTH: 'robot:x', DELETE_IMAGES: 'true' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /every visitor can delete/);
  });

  for (const [value, message] of [
    ['ftp://auth', 'REGISTRY_TOKEN_URL must look like'],
    ['http://user:pw@auth:5001/token', 'must not contain credentials'],
    ['http://auth:5001/token?x=1', 'REGISTRY_TOKEN_URL must look like'],
    ['http://auth:5001/a/../token', 'must not contain . or ..'],
    ['http://auth:99999/token', 'port must be 1..65535'],
  ]) {
    test(`REGISTRY_TOKEN_URL=${value} is refused`, () => {
      const r = entry({ REGISTRY_TOKEN_URL: value });
      assert.notEqual(r.status, 0);
      assert.ok(r.stderr.includes(message), r.stderr);
    });
  }

  test('an https token service with a sub-path renders, and nginx -t accepts it', () => {
    const r = entry({ REGISTRY_TOKEN_URL: 'HTTPS://127.0.0.1:8443/service/token', BASE_PATH: '/ui/', REGISTRY_AUTH: 'robot:x' }, '--check');
    assert.equal(r.status, 0, r.stderr);
    const conf = expandedConfig(join(r.rt, 'nginx.conf'));
    assert.match(conf, /location = \/ui\/auth\/token \{/);
    assert.match(conf, /proxy_pass https:\/\/token_upstream\/service\/token;/);
    assert.match(conf, /proxy_ssl_name 127\.0\.0\.1;/);
    assert.match(conf, /realm=\\"\)\[\^\\"\]\*\(\?<rui_realm_post>\\"\.\*\)\$" "\$rui_realm_pre\/ui\/auth\/token\$rui_realm_post";/);
    assert.equal((conf.match(/Authorization "Basic /g) ?? []).length, 1, 'credentials go to the token service only');
    const start = conf.indexOf('location = /ui/auth/token {');
    assert.match(conf.slice(start, conf.indexOf('\n        }\n', start)), /Authorization "Basic /, 'in the token location');
    assert.match(r.stderr, /token service https:\/\/127\.0\.0\.1:8443\/service\/token/);
  });

  test('without REGISTRY_TOKEN_URL there is no token proxy, and /auth/token is an app route', () => {
    const r = entry({});
    const conf = expandedDirectives(join(r.rt, 'nginx.conf'));
    assert.doesNotMatch(conf, /token_upstream|auth\/token|upstream-auth/);
  });
});

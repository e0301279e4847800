// Captures what the app sees from a token-auth registry through registry-ui's nginx, for the unit tests:
// a real docker-registry with auth.token trusting the test issuer, REGISTRY_TOKEN_URL proxying the issuer,
// and requests marked as the app marks them (X-Registry-UI: 1). Writes src/testing/fixtures/auth-token-*.json
// in the format of scripts/capture-fixtures.sh.
//
//   node tests/token-server/capture-fixtures.mjs
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, Stack, appDir } from '../fault-proxy/stack.mjs';
import { startTokenServer } from './token-server.mjs';
import { READ_ONLY, registryClient } from './auth-stack.mjs';

const OUT = join(ROOT, 'src/testing/fixtures');
const COMMAND = 'node tests/token-server/capture-fixtures.mjs';
// nginx's own headers are the same on every answer and tested elsewhere (tests/stack/)
const DROP = new Set(['date', 'content-encoding', 'vary', 'server', 'connection', 'keep-alive', 'transfer-encoding', 'content-security-policy', 'x-frame-options', 'referrer-policy', 'permissions-policy', 'cross-origin-opener-policy', 'cross-origin-resource-policy', 'x-content-type-options']);
const basic = (user, password) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

const stack = new Stack('capture-auth');
const issuer = await startTokenServer({
  dir: join(stack.tmp, 'issuer'),
  users: { admin: { password: 'password', grants: [{ type: 'repository', name: '*', actions: ['*'] }, { type: 'registry', name: 'catalog', actions: ['*'] }] }, reader: { password: 'password', grants: READ_ONLY } },
  anonymous: [],
  service: 'registry.test',
  issuer: 'registry-ui-capture',
});
try {
  const registry = await stack.registry(issuer.registryEnv());
  const digest = await registryClient(registry, { username: 'admin', password: 'password' }).pushImage('team/app', ['v1']);
  const ui = await stack.ui({ REGISTRY_URL: registry, REGISTRY_TOKEN_URL: issuer.realm, DELETE_IMAGES: 'true' }, { build: appDir({ fake: 'always', tmp: stack.tmp }) });

  const capture = async (name, method, path, headers = {}) => {
    const all = { 'X-Registry-UI': '1', ...headers };
    const res = await fetch(`${ui.url}${path.slice(1)}`, { method, headers: all });
    const body = method === 'HEAD' ? '' : await res.text();
    const kept = Object.fromEntries([...res.headers].filter(([k]) => !DROP.has(k)));
    const fixture = { command: COMMAND, request: { method, path, headers: all }, response: { status: res.status, headers: kept, body } };
    writeFileSync(join(OUT, `${name}.json`), `${JSON.stringify(fixture, null, 2)}\n`);
    return { res, body };
  };
  const token = async (user, scope) => {
    const q = `/auth/token?service=registry.test${scope ? `&scope=${encodeURIComponent(scope)}` : ''}${user ? `&account=${user}` : ''}`;
    return JSON.parse((await capture(`auth-token-issue-${user ?? 'anonymous'}${scope ? `-${scope.split(':').at(-1).replace(',', '-')}` : ''}`, 'GET', q, user ? { Authorization: basic(user, 'password') } : {})).body).token;
  };

  await capture('auth-token-v2-unauthorized', 'GET', '/v2/');
  await capture('auth-token-catalog-unauthorized', 'GET', '/v2/_catalog?n=1000');
  await capture('auth-token-tags-unauthorized', 'GET', '/v2/team/app/tags/list');
  await capture('auth-token-delete-unauthorized', 'DELETE', `/v2/team/app/manifests/${digest}`);
  await capture('auth-token-wrong-password', 'GET', '/auth/token?service=registry.test&account=admin', { Authorization: basic('admin', 'wrong') });
  const anonymous = await token(undefined, 'repository:team/app:pull');
  await capture('auth-token-tags-insufficient-scope', 'GET', '/v2/team/app/tags/list', { Authorization: `Bearer ${anonymous}` });
  const pull = await token('admin', 'repository:team/app:pull');
  await capture('auth-token-tags-authorized', 'GET', '/v2/team/app/tags/list', { Authorization: `Bearer ${pull}` });
  await token('reader', 'repository:team/app:pull,delete');
  issuer.staleNext(1);
  const stale = JSON.parse(await (await fetch(`${ui.url}auth/token?service=registry.test&scope=${encodeURIComponent('repository:team/app:pull')}`, { headers: { authorization: basic('admin', 'password') } })).text()).token;
  await capture('auth-token-tags-invalid-token', 'GET', '/v2/team/app/tags/list', { Authorization: `Bearer ${stale}` });
  console.log(`wrote auth-token-*.json to ${OUT}`);
} finally {
  await stack.stop();
  await issuer.close();
}

// @vitest-environment node
import { server } from '@/testing/msw/server';
import { REGISTRY, fixture } from '@/testing/msw/handlers';
import { basicRegistry, tokenRegistry } from '@/testing/msw/auth-registries';
import { http, HttpResponse } from 'msw';
import { RegistryAuth, repositoryOfScope, scopeFor, tokenAccess } from './auth';
import { createRegistryClient } from './client';
import type { Digest } from './digest';
import { thrown } from '@/testing/thrown';

const signal = new AbortController().signal;
const ADMIN = { username: 'admin', password: 'password' };
const READER = { username: 'reader', password: 'password' };

function setup(options: { now?: () => number; realmAnywhere?: boolean } = {}) {
  const auth = new RegistryAuth({ origin: REGISTRY, ...options });
  const client = createRegistryClient({ baseUrl: REGISTRY, retries: 0, auth });
  return { auth, client };
}

describe('scopeFor', () => {
  it('names the scope distribution asks for, with delete for a DELETE', () => {
    expect(scopeFor('GET', '/v2/_catalog?n=1000')).toBe('registry:catalog:*');
    expect(scopeFor('GET', '/v2/team/app/tags/list')).toBe('repository:team/app:pull');
    expect(scopeFor('HEAD', '/v2/deep/a/b/manifests/v1.0')).toBe('repository:deep/a/b:pull');
    expect(scopeFor('GET', `/v2/alpine/blobs/sha256:${'a'.repeat(64)}`)).toBe('repository:alpine:pull');
    expect(scopeFor('GET', `/v2/alpine/referrers/sha256:${'a'.repeat(64)}`)).toBe('repository:alpine:pull');
    expect(scopeFor('DELETE', `/v2/team/app/manifests/sha256:${'a'.repeat(64)}`)).toBe('repository:team/app:pull,delete');
    expect(scopeFor('GET', '/v2/')).toBeUndefined();
    // a repository named like an endpoint is still a repository
    expect(scopeFor('GET', '/v2/tags/list/tags/list')).toBe('repository:tags/list:pull');
  });

  it('reads the repository back from a scope', () => {
    expect(repositoryOfScope('repository:team/app:pull,delete')).toBe('team/app');
    expect(repositoryOfScope('registry:catalog:*')).toBeUndefined();
  });
});

describe('tokenAccess', () => {
  it('reads the access claim of the captured tokens', () => {
    const body = JSON.parse(fixture('auth-token-issue-reader-pull-delete').response.body) as { token: string };
    expect(tokenAccess(body.token)).toEqual([{ type: 'repository', name: 'team/app', actions: ['pull'] }]);
    const admin = JSON.parse(fixture('auth-token-issue-admin-pull').response.body) as { token: string };
    expect(tokenAccess(admin.token)).toEqual([{ type: 'repository', name: 'team/app', actions: ['pull'] }]);
  });

  it('says nothing about tokens that are not JWTs', () => {
    expect(tokenAccess('opaque')).toBeUndefined();
    expect(tokenAccess('a.!!!.c')).toBeUndefined();
    expect(tokenAccess(`x.${btoa('{"access":"all"}')}.y`)).toBeUndefined();
  });
});

describe('htpasswd (Basic)', () => {
  it('without credentials: unauthorized, and the scheme is learnt from the renamed challenge', async () => {
    const reg = basicRegistry({ users: { admin: 'password' } });
    server.use(...reg.handlers);
    const { auth, client } = setup();
    const e = await thrown(client.ping({ signal }));
    expect(e.kind).toBe('unauthorized');
    expect(auth.getSnapshot().scheme).toBe('basic');
    expect(reg.registry).toEqual(['GET /v2/ -']);
  });

  it('reads the registry’s own WWW-Authenticate too (no proxy in between)', async () => {
    const reg = basicRegistry({ users: { admin: 'password' }, viaProxy: false });
    server.use(...reg.handlers);
    const { auth, client } = setup();
    auth.setCredentials(ADMIN);
    await client.ping({ signal });
    expect(reg.registry).toEqual(['GET /v2/ -', 'GET /v2/ admin']);
  });

  it('with credentials: answers the challenge once, then sends them with every request', async () => {
    const reg = basicRegistry({ users: { admin: 'password' } });
    server.use(...reg.handlers);
    const { auth, client } = setup();
    auth.setCredentials(ADMIN);
    await client.ping({ signal });
    expect(await client.listTags('team/app', { signal })).toEqual(['v1']);
    expect(reg.registry).toEqual(['GET /v2/ -', 'GET /v2/ admin', 'GET /v2/team/app/tags/list admin']);
  });

  it('a wrong password is unauthorized after one attempt with it', async () => {
    const reg = basicRegistry({ users: { admin: 'password' } });
    server.use(...reg.handlers);
    const { auth, client } = setup();
    auth.setCredentials({ username: 'admin', password: 'wrong' });
    const e = await thrown(client.ping({ signal }));
    expect(e.kind).toBe('unauthorized');
    expect(reg.registry).toEqual(['GET /v2/ -', 'GET /v2/ ?']);
  });

  it('marks every request for nginx, and never retries a 401 without a challenge', async () => {
    const seen: (string | null)[] = [];
    server.use(http.get(`${REGISTRY}/v2/`, ({ request }) => {
      seen.push(request.headers.get('x-registry-ui'));
      return HttpResponse.json({ errors: [{ code: 'UNAUTHORIZED', message: 'no' }] }, { status: 401 });
    }));
    const { auth, client } = setup();
    auth.setCredentials(ADMIN);
    expect((await thrown(client.ping({ signal }))).kind).toBe('unauthorized');
    expect(seen).toEqual(['1']);
  });

  it('a refused DELETE: forbidden for a signed-in account, remembered per repository', async () => {
    server.use(
      // an authorization proxy in front of htpasswd that lets this account read, not delete
      http.delete(`${REGISTRY}/v2/team/app/manifests/:digest`, () => HttpResponse.json({ errors: [{ code: 'DENIED', message: 'requested access to the resource is denied' }] }, { status: 403 })),
      ...basicRegistry({ users: { admin: 'password' } }).handlers,
    );
    const { auth, client } = setup();
    auth.setCredentials(ADMIN);
    await client.ping({ signal });
    const e = await thrown(client.deleteManifest('team/app', `sha256:${'a'.repeat(64)}` as Digest, { signal }));
    expect(e.kind).toBe('forbidden');
    expect(e.status).toBe(403);
    expect(auth.getSnapshot().deleteDenied.has('team/app')).toBe(true);
    expect(await auth.canDelete('team/app', signal)).toBe(false);
  });
});

describe('token auth (Bearer)', () => {
  it('anonymous first: a token service that lets everyone read needs no sign-in', async () => {
    const reg = tokenRegistry({ anonymous: 'read' });
    server.use(...reg.handlers);
    const { auth, client } = setup();
    expect(await client.listTags('team/app', { signal })).toEqual(['v1']);
    expect(reg.tokens).toEqual([{ account: '', scope: 'repository:team/app:pull', authorization: null, marker: '1' }]);
    expect(reg.registry).toEqual(['GET /v2/team/app/tags/list -', 'GET /v2/team/app/tags/list anonymous']);
    expect(auth.getSnapshot().scheme).toBe('bearer');
  });

  it('anonymous refused and nobody signed in: unauthorized, without sending anything else', async () => {
    const reg = tokenRegistry({ anonymous: 'nothing', users: { admin: { password: 'password', grant: 'all' } } });
    server.use(...reg.handlers);
    const { client } = setup();
    const e = await thrown(client.listTags('team/app', { signal }));
    expect(e.kind).toBe('unauthorized');
    expect(reg.tokens.map((t) => t.account)).toEqual(['']);
    expect(reg.registry).toEqual(['GET /v2/team/app/tags/list -', 'GET /v2/team/app/tags/list anonymous']);
  });

  it('signed in: the anonymous token first, the user’s when it grants too little, and the user’s first from then on', async () => {
    const reg = tokenRegistry({ anonymous: 'nothing', users: { admin: { password: 'password', grant: 'all' } } });
    server.use(...reg.handlers);
    const { auth, client } = setup();
    auth.setCredentials(ADMIN);
    expect(await client.listTags('team/app', { signal })).toEqual(['v1']);
    expect(reg.registry).toEqual(['GET /v2/team/app/tags/list -', 'GET /v2/team/app/tags/list anonymous', 'GET /v2/team/app/tags/list admin']);
    expect(reg.tokens.map((t) => [t.account, t.scope])).toEqual([['', 'repository:team/app:pull'], ['admin', 'repository:team/app:pull']]);
    // the same scope: the cached token, one request
    await client.listTags('team/app', { signal });
    // a new scope: the user's token before the request, no 401 round trip
    await collect(client.catalogPages({ signal }));
    expect(reg.registry.slice(3)).toEqual(['GET /v2/team/app/tags/list admin', 'GET /v2/_catalog admin']);
    expect(reg.tokens.at(-1)).toMatchObject({ account: 'admin', scope: 'registry:catalog:*', authorization: `Basic ${btoa('admin:password')}` });
  });

  it('a token service that refuses anonymous requests: the user’s credentials right after, no second 401', async () => {
    const reg = tokenRegistry({ users: { admin: { password: 'password', grant: 'all' } } });
    server.use(...reg.handlers);
    const { auth, client } = setup();
    auth.setCredentials(ADMIN);
    await client.listTags('team/app', { signal });
    expect(reg.registry).toEqual(['GET /v2/team/app/tags/list -', 'GET /v2/team/app/tags/list admin']);
    expect(reg.tokens.map((t) => t.account)).toEqual(['', 'admin']);
    // from then on the user's token first
    await collect(client.catalogPages({ signal }));
    expect(reg.tokens.map((t) => t.account)).toEqual(['', 'admin', 'admin']);
  });

  it('a wrong password is unauthorized (the token service refused it)', async () => {
    server.use(...tokenRegistry({ users: { admin: { password: 'password', grant: 'all' } } }).handlers);
    const { auth, client } = setup();
    auth.setCredentials({ username: 'admin', password: 'wrong' });
    const e = await thrown(client.listTags('team/app', { signal }));
    expect(e.kind).toBe('unauthorized');
    expect(e.codes).toEqual(['TOKEN_DENIED']);
  });

  it('caches each token until shortly before expires_in, then asks again', async () => {
    let now = 1_000_000;
    const reg = tokenRegistry({ anonymous: 'read', expiresIn: 60 });
    server.use(...reg.handlers);
    const { client } = setup({ now: () => now });
    await client.listTags('team/app', { signal });
    now += 49_000;
    await client.listTags('team/app', { signal });
    expect(reg.tokens).toHaveLength(1);
    now += 2_000; // 51 s: within the last 10 s
    await client.listTags('team/app', { signal });
    expect(reg.tokens).toHaveLength(2);
    // renewed before the request, not after a 401
    expect(reg.registry.filter((r) => r.endsWith(' -'))).toHaveLength(1);
  });

  it('short-lived tokens are renewed within the last fifth of their life; no expires_in means 60 s', async () => {
    let now = 0;
    const short = tokenRegistry({ anonymous: 'read', expiresIn: 5 });
    server.use(...short.handlers);
    const a = setup({ now: () => now });
    await a.client.listTags('team/app', { signal });
    now = 3_900;
    await a.client.listTags('team/app', { signal });
    now = 4_100;
    await a.client.listTags('team/app', { signal });
    expect(short.tokens).toHaveLength(2);

    server.resetHandlers();
    const none = tokenRegistry({ anonymous: 'read', expiresIn: null });
    server.use(...none.handlers);
    now = 0;
    const b = setup({ now: () => now });
    await b.client.listTags('team/app', { signal });
    now = 49_000;
    await b.client.listTags('team/app', { signal });
    expect(none.tokens).toHaveLength(1);
    now = 51_000;
    await b.client.listTags('team/app', { signal });
    expect(none.tokens).toHaveLength(2);
  });

  it('a token the registry rejects (invalid_token) is replaced once, then the request succeeds', async () => {
    const reg = tokenRegistry({ anonymous: 'read' });
    server.use(...reg.handlers);
    const { client } = setup();
    reg.staleNext(1);
    expect(await client.listTags('team/app', { signal })).toEqual(['v1']);
    expect(reg.tokens).toHaveLength(2);
    expect(reg.registry).toEqual(['GET /v2/team/app/tags/list -', 'GET /v2/team/app/tags/list anonymous', 'GET /v2/team/app/tags/list anonymous']);
  });

  it('… but only once: a second rejected token ends in unauthorized', async () => {
    const reg = tokenRegistry({ anonymous: 'read' });
    server.use(...reg.handlers);
    const { client } = setup();
    reg.staleNext(5);
    expect((await thrown(client.listTags('team/app', { signal }))).kind).toBe('unauthorized');
    expect(reg.tokens).toHaveLength(2);
  });

  it('concurrent requests for one scope share one token request', async () => {
    const reg = tokenRegistry({ anonymous: 'read' });
    server.use(...reg.handlers);
    const { client } = setup();
    await client.listTags('team/app', { signal }); // learns the realm
    reg.tokens.length = 0;
    const { auth } = client as unknown as { auth: RegistryAuth };
    auth.setCredentials(undefined);
    await Promise.all(Array.from({ length: 5 }, () => client.listTags('team/app', { signal })));
    expect(reg.tokens).toHaveLength(1);
  });

  it('never asks a token service on another origin, and never sends it credentials', async () => {
    const asked: string[] = [];
    server.use(
      http.get(`${REGISTRY}/v2/`, () =>
        new HttpResponse(fixture('auth-token-v2-unauthorized').response.body, {
          status: 401,
          headers: { 'x-registry-authenticate': 'Bearer realm="https://auth.example.com/token",service="registry.test"' },
        }),
      ),
      http.get('https://auth.example.com/token', ({ request }) => {
        asked.push(request.headers.get('authorization') ?? '-');
        return HttpResponse.json({ token: 'stolen' });
      }),
    );
    const { auth, client } = setup();
    auth.setCredentials(ADMIN);
    const e = await thrown(client.ping({ signal }));
    expect(e.kind).toBe('unauthorized');
    expect(e.codes).toEqual(['TOKEN_REALM_ELSEWHERE']);
    expect(asked).toEqual([]);
  });

  it('the command line (realmAnywhere) asks the token service the registry names, as docker login does', async () => {
    const asked: string[] = [];
    server.use(
      http.get(`${REGISTRY}/v2/`, ({ request }) =>
        request.headers.get('authorization') === 'Bearer issued'
          ? HttpResponse.json({})
          : new HttpResponse(fixture('auth-token-v2-unauthorized').response.body, {
              status: 401,
              headers: { 'www-authenticate': 'Bearer realm="https://auth.example.com/token",service="registry.test"' },
            }),
      ),
      http.get('https://auth.example.com/token', ({ request }) => {
        asked.push(request.headers.get('authorization') ?? '-');
        return HttpResponse.json({ token: 'issued' });
      }),
    );
    const { auth, client } = setup({ realmAnywhere: true });
    auth.setCredentials(ADMIN);
    await client.ping({ signal });
    expect(asked.length).toBeGreaterThan(0);
  });

  it('a DELETE asks for pull,delete; a reader is refused: forbidden, and remembered', async () => {
    const reg = tokenRegistry({ anonymous: 'read', users: { reader: { password: 'password', grant: 'read' } } });
    server.use(...reg.handlers);
    const { auth, client } = setup();
    auth.setCredentials(READER);
    await client.listTags('team/app', { signal });
    const e = await thrown(client.deleteManifest('team/app', reg.digest as Digest, { signal }));
    expect(e.kind).toBe('forbidden');
    expect(reg.tokens.map((t) => [t.account, t.scope])).toEqual([
      ['', 'repository:team/app:pull'],
      ['', 'repository:team/app:pull,delete'],
      ['reader', 'repository:team/app:pull,delete'],
    ]);
    expect(auth.getSnapshot().deleteDenied).toEqual(new Set(['team/app']));
  });

  it('anonymous read, signed-in delete: a DELETE without an account says to sign in', async () => {
    const reg = tokenRegistry({ anonymous: 'read', users: { admin: { password: 'password', grant: 'all' } } });
    server.use(...reg.handlers);
    const { auth, client } = setup();
    await client.listTags('team/app', { signal });
    expect(await auth.canDelete('team/app', signal)).toBe(false);
    expect((await thrown(client.deleteManifest('team/app', reg.digest as Digest, { signal }))).kind).toBe('unauthorized');
    auth.setCredentials(ADMIN);
    expect(auth.getSnapshot().deleteDenied.size).toBe(0);
    expect(await auth.canDelete('team/app', signal)).toBe(true);
    await client.deleteManifest('team/app', reg.digest as Digest, { signal });
    expect(reg.registry.at(-1)).toBe(`DELETE /v2/team/app/manifests/${reg.digest} admin`);
  });

  it('canDelete reads the granted access of a pull,delete token', async () => {
    const reg = tokenRegistry({ users: { reader: { password: 'password', grant: 'read' }, admin: { password: 'password', grant: 'all' } } });
    server.use(...reg.handlers);
    const { auth, client } = setup();
    expect(await auth.canDelete('team/app', signal)).toBeUndefined(); // nothing known about the registry yet
    auth.setCredentials(READER);
    await client.listTags('team/app', { signal });
    expect(await auth.canDelete('team/app', signal)).toBe(false);
    auth.setCredentials(ADMIN);
    expect(await auth.canDelete('team/app', signal)).toBe(true);
  });

  it('signing out forgets every token: the next request is anonymous again', async () => {
    const reg = tokenRegistry({ users: { admin: { password: 'password', grant: 'all' } } });
    server.use(...reg.handlers);
    const { auth, client } = setup();
    auth.setCredentials(ADMIN);
    await client.listTags('team/app', { signal });
    auth.setCredentials(undefined);
    expect((await thrown(client.listTags('team/app', { signal }))).kind).toBe('unauthorized');
    expect(reg.registry.at(-1)).toBe('GET /v2/team/app/tags/list -');
    expect(auth.getSnapshot().username).toBeUndefined();
  });

  it('a sign-in being verified uses the credentials at once, so a wrong password cannot pass as anonymous', async () => {
    const reg = tokenRegistry({ anonymous: 'read', users: { admin: { password: 'password', grant: 'all' } } });
    server.use(...reg.handlers);
    const { auth, client } = setup();
    await client.ping({ signal });
    auth.setCredentials({ username: 'admin', password: 'wrong' }, { verify: true });
    expect((await thrown(client.ping({ signal }))).codes).toEqual(['TOKEN_DENIED']);
    auth.setCredentials(ADMIN, { verify: true });
    await client.ping({ signal });
    expect(reg.tokens.at(-1)).toMatchObject({ account: 'admin', scope: null });
  });
});

async function collect<T>(gen: AsyncGenerator<T[]>): Promise<T[]> {
  const all: T[] = [];
  for await (const p of gen) all.push(...p);
  return all;
}

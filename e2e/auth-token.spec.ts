import { expect, test } from '@playwright/test';
import { Stack } from '../tests/fault-proxy/stack.mjs';
import { ALL, READ_ONLY, registryClient, type TestRegistryClient } from '../tests/token-server/auth-stack.mjs';
import { startTokenServer, type TokenServer } from '../tests/token-server/token-server.mjs';
import { PROMPT_CREDENTIALS, expectNoStoredSecrets, signIn, watchAuth } from './auth-support';

// Registries with token auth (auth.token), for real: this file starts a token issuer (RS256 JWTs signed with a
// key openssl made, tests/token-server/), two docker-registries trusting it, and a UI for each with
// REGISTRY_TOKEN_URL, so the browser asks for tokens through registry-ui's nginx.
//   private: anonymous requests get no token at all; admin may do anything, reader may pull only
//   public:  anyone may pull; deleting needs the admin account

const PASSWORD = 'e2e-Token-7c1';
let stack: Stack;
let privateIssuer: TokenServer;
let publicIssuer: TokenServer;
let privateUi: string;
let publicUi: string;
let privateAdmin: TestRegistryClient;
let publicAdmin: TestRegistryClient;

test.use({ httpCredentials: PROMPT_CREDENTIALS });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  stack = new Stack('e2e-auth-token');
  const users = { admin: { password: PASSWORD, grants: ALL }, reader: { password: PASSWORD, grants: READ_ONLY } };
  privateIssuer = await startTokenServer({ dir: `${stack.tmp}/private-issuer`, users, issuer: 'private-issuer' });
  publicIssuer = await startTokenServer({ dir: `${stack.tmp}/public-issuer`, users, issuer: 'public-issuer', anonymous: READ_ONLY });
  const [privateRegistry, publicRegistry] = await Promise.all([stack.registry(privateIssuer.registryEnv()), stack.registry(publicIssuer.registryEnv())]);
  privateAdmin = registryClient(privateRegistry, { username: 'admin', password: PASSWORD });
  publicAdmin = registryClient(publicRegistry, { username: 'admin', password: PASSWORD });
  for (const c of [privateAdmin, publicAdmin]) {
    await c.pushImage('team/app', ['v1', 'v2']);
    await c.pushImage('team/api', ['1.0']);
    await c.pushImage('team/web', ['stable']);
  }
  [privateUi, publicUi] = (
    await Promise.all([
      stack.ui({ REGISTRY_URL: privateRegistry, REGISTRY_TOKEN_URL: privateIssuer.realm, DELETE_IMAGES: 'true', REGISTRY_TITLE: 'Token registry' }),
      stack.ui({ REGISTRY_URL: publicRegistry, REGISTRY_TOKEN_URL: publicIssuer.realm, DELETE_IMAGES: 'true', REGISTRY_TITLE: 'Public registry' }),
    ])
  ).map((u) => u.url) as [string, string];
});

test.afterAll(async () => {
  // Playwright answers any challenge that reaches the browser with these: the issuers must never see them
  for (const issuer of [privateIssuer, publicIssuer]) expect(issuer?.requests.filter((r) => r.account === PROMPT_CREDENTIALS.username || r.authorization.includes(Buffer.from(PROMPT_CREDENTIALS.username).toString('base64').slice(0, 16))) ?? []).toEqual([]);
  await stack?.stop();
  await Promise.all([privateIssuer?.close(), publicIssuer?.close()]);
});

test('sign in, browse: tokens come through the proxy, per scope, with the user’s credentials only where needed', async ({ page }) => {
  const watch = watchAuth(page);
  const mark = privateIssuer.requests.length;
  await page.goto(`${privateUi}r/team/app`);
  await expect(page.getByRole('heading', { name: 'Sign in to Token registry' })).toBeVisible();
  await signIn(page, 'admin', PASSWORD);
  await expect(page.getByRole('row', { name: /^v2/ })).toBeVisible();
  expect(new URL(page.url()).pathname).toBe('/r/team/app');
  await page.getByRole('link', { name: 'Token registry' }).click();
  await expect(page.getByRole('link', { name: 'team/web' })).toBeVisible();
  const asked = privateIssuer.requests.slice(mark);
  // every request came through nginx (the issuer's own address is never in the page), with a service
  expect(asked.every((r) => r.service === privateIssuer.service)).toBe(true);
  expect(asked.filter((r) => r.status === 200).flatMap((r) => r.scopes)).toEqual(expect.arrayContaining(['repository:team/app:pull', 'registry:catalog:*']));
  // anonymous first: refused here, so the user's credentials, and from then on the user's first
  expect(asked.some((r) => r.anonymous && r.status === 401)).toBe(true);
  expect(asked.filter((r) => !r.anonymous).every((r) => r.account === 'admin')).toBe(true);
  await expectNoStoredSecrets(page, [PASSWORD]);
  expect(watch.problems).toEqual([]);
});

test('a wrong password: the issuer refuses it, the page says so, no prompt', async ({ page }) => {
  const watch = watchAuth(page);
  await page.goto(`${privateUi}login?next=%2Fr%2Fteam%2Fapp`);
  const mark = privateIssuer.requests.length;
  await signIn(page, 'admin', 'wrong-password');
  await expect(page.getByRole('alert')).toHaveText('Wrong username or password.');
  expect(new URL(page.url()).pathname).toBe('/login');
  expect(privateIssuer.requests.slice(mark).filter((r) => !r.anonymous).map((r) => [r.account, r.status])).toEqual([['admin', 401]]);
  await expectNoStoredSecrets(page, ['wrong-password']);
  expect(watch.problems).toEqual([]);
});

test('sign out: back to the sign-in page, and no token of the old session is used again', async ({ page }) => {
  const watch = watchAuth(page);
  await page.goto(`${privateUi}r/team/api`);
  await signIn(page, 'admin', PASSWORD);
  await expect(page.getByRole('row', { name: /^1\.0/ })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to Token registry' })).toBeVisible();
  const mark = privateIssuer.requests.length;
  await page.goto(`${privateUi}r/team/api`);
  await expect(page.getByRole('heading', { name: 'Sign in to Token registry' })).toBeVisible();
  expect(privateIssuer.requests.slice(mark).every((r) => r.anonymous)).toBe(true);
  await expectNoStoredSecrets(page, [PASSWORD]);
  expect(watch.problems).toEqual([]);
});

test('tokens expire and are renewed; a token the registry rejects is replaced once', async ({ page }) => {
  const watch = watchAuth(page);
  privateIssuer.expiresIn = 3;
  try {
    await page.goto(`${privateUi}r/team/app`);
    await signIn(page, 'admin', PASSWORD);
    await expect(page.getByRole('row', { name: /^v1/ })).toBeVisible();
    const scope = 'repository:team/app:pull';
    const issued = () => privateIssuer.requests.filter((r) => r.status === 200 && r.scopes.includes(scope)).length;
    const before = issued();
    // a token is renewed within the last fifth of its life: 3 s later, the delete dialog's fresh reads of
    // every tag need a new one, asked for before they are sent
    await page.waitForTimeout(3_000);
    await page.getByRole('button', { name: 'Delete tag v1' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByText(/1 other tag points at the same manifest|This deletes only/)).toBeVisible();
    expect(issued()).toBeGreaterThan(before);
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    // the next token is already expired for the registry (a clock off, a revoked key): 401 invalid_token,
    // one fresh token, and the page never notices
    privateIssuer.expiresIn = 300;
    privateIssuer.staleNext(1);
    const mark = privateIssuer.requests.length;
    await page.getByRole('link', { name: 'Token registry' }).click();
    await page.getByRole('link', { name: 'team/web' }).click();
    await expect(page.getByRole('row', { name: /^stable/ })).toBeVisible();
    // whichever scope got the stale token (the list's tag counts may ask first) was issued one twice
    const perScope = new Map<string, number>();
    for (const r of privateIssuer.requests.slice(mark)) if (r.status === 200) perScope.set(r.scopes.join(' '), (perScope.get(r.scopes.join(' ')) ?? 0) + 1);
    expect([...perScope.values()].filter((n) => n === 2)).toHaveLength(1);
    expect([...perScope.values()].every((n) => n <= 2)).toBe(true);
  } finally {
    privateIssuer.expiresIn = 60;
  }
  expect(watch.problems).toEqual([]);
});

test('a user who may pull but not delete sees why there is no delete action', async ({ page }) => {
  const watch = watchAuth(page);
  await page.goto(`${privateUi}r/team/app`);
  await signIn(page, 'reader', PASSWORD);
  await expect(page.getByRole('row', { name: /^v1/ })).toBeVisible();
  await expect(page.getByRole('note')).toHaveText('The account reader may read team/app but not delete in it: delete actions are hidden.');
  await expect(page.getByRole('button', { name: /^Delete/ })).toHaveCount(0);
  // within the app: a reload would sign out (credentials stay in memory unless "remember me" is ticked)
  await page.getByRole('link', { name: 'v1', exact: true }).click();
  await expect(page).toHaveURL(`${privateUi}r/team/app/t/v1`);
  await expect(page.getByRole('heading', { name: 'team/app:v1' })).toBeVisible();
  // the manifest itself loaded for this account (the heading alone comes from the URL)
  await expect(page.getByText(/sha256:[0-9a-f]{64}/).first()).toBeVisible();
  await expect(page.getByRole('button', { name: /^Delete/ })).toHaveCount(0);
  // the issuer was asked for pull,delete and granted pull only
  expect(privateIssuer.requests.filter((r) => r.account === 'reader' && r.scopes.includes('repository:team/app:pull,delete')).map((r) => r.granted)).toContainEqual([
    { type: 'repository', name: 'team/app', actions: ['pull'] },
  ]);
  expect(await privateAdmin.tags('team/app')).toEqual(expect.arrayContaining(['v1', 'v2']));
  expect(watch.problems).toEqual([]);
});

test('anonymous read, signed-in delete: browse without an account, sign in to delete', async ({ page }) => {
  const watch = watchAuth(page);
  const digest = await publicAdmin.pushImage('team/cleanup', ['old']);
  await publicAdmin.pushImage('team/cleanup', ['new'], { created: '2025-01-01T00:00:00Z' });
  await page.goto(`${publicUi}r/team/cleanup`);
  await expect(page.getByRole('row', { name: /^old/ })).toBeVisible();
  await expect(page.getByRole('note')).toContainText('Deleting in this registry needs an account that may delete.');
  await expect(page.getByRole('button', { name: /^Delete/ })).toHaveCount(0);
  await page.getByRole('note').getByRole('link', { name: 'Sign in' }).click();
  await signIn(page, 'admin', PASSWORD);
  await expect(page).toHaveURL(`${publicUi}r/team/cleanup`);
  await expect(page.getByText('Signed in as admin')).toBeVisible();
  await page.getByRole('button', { name: 'Delete tag old' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('delete-digest')).toHaveText(digest);
  await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(dialog.getByText(/Deleted/)).toBeVisible();
  expect(await publicAdmin.tags('team/cleanup')).toEqual(['new']);
  expect(publicIssuer.requests.filter((r) => r.scopes.includes('repository:team/cleanup:pull,delete') && r.status === 200).map((r) => r.account)).toContain('admin');
  await expectNoStoredSecrets(page, [PASSWORD]);
  expect(watch.problems).toEqual([]);
});

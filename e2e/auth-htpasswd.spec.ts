import { expect, test } from '@playwright/test';
import type { FaultProxy } from '../tests/fault-proxy/fault-proxy.mjs';
import { Stack } from '../tests/fault-proxy/stack.mjs';
import { htpasswdFile, registryClient, type TestRegistryClient } from '../tests/token-server/auth-stack.mjs';
import { PROMPT_CREDENTIALS, expectNoStoredSecrets, signIn, watchAuth } from './auth-support';

// A registry with htpasswd (bcrypt) auth, for real: this file starts its own docker-registry, a recorder in
// front of it (the fault proxy, forwarding everything), and the UI (scripts/serve.sh) with DELETE_IMAGES=true.

const PASSWORD = 'e2e-Secret-9f3';
let stack: Stack;
let recorder: FaultProxy;
let ui: string;
let admin: TestRegistryClient;

test.use({ httpCredentials: PROMPT_CREDENTIALS });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  stack = new Stack('e2e-auth-htpasswd');
  const registry = await stack.registry({ REGISTRY_HTPASSWD: htpasswdFile(stack.tmp, { admin: PASSWORD }) });
  admin = registryClient(registry, { username: 'admin', password: PASSWORD });
  await admin.pushImage('team/app', ['v1', 'v2'], { created: '2024-01-01T00:00:00Z' });
  await admin.pushImage('team/app', ['v3'], { created: '2024-03-01T00:00:00Z' });
  await admin.pushImage('team/other', ['latest']);
  recorder = await stack.faultProxy(registry);
  ui = (await stack.ui({ REGISTRY_URL: recorder.url, DELETE_IMAGES: 'true', REGISTRY_TITLE: 'Private registry' })).url;
});

test.afterAll(async () => {
  // the browser never answered a challenge with the credentials Playwright would have given a prompt
  const prompt = `Basic ${Buffer.from(`${PROMPT_CREDENTIALS.username}:${PROMPT_CREDENTIALS.password}`).toString('base64')}`;
  expect(recorder?.requests.filter((r) => r.headers.authorization === prompt) ?? []).toEqual([]);
  await stack?.stop();
});

test('a deep link asks for credentials in the page, then opens where the user was', async ({ page }) => {
  const watch = watchAuth(page);
  await page.goto(`${ui}r/team/app?sort=created`);
  await expect(page.getByRole('heading', { name: 'Sign in to Private registry' })).toBeVisible();
  expect(new URL(page.url()).pathname).toBe('/login');
  expect(new URL(page.url()).searchParams.get('next')).toBe('/r/team/app?sort=created');
  await signIn(page, 'admin', PASSWORD);
  await expect(page.getByRole('row', { name: /^v3/ })).toBeVisible();
  expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe('/r/team/app?sort=created');
  await expect(page.getByText('Signed in as admin')).toBeVisible();
  await page.getByRole('link', { name: 'Private registry' }).click();
  await expect(page.getByRole('link', { name: 'team/other' })).toBeVisible();
  await expectNoStoredSecrets(page, [PASSWORD]);
  expect(watch.problems).toEqual([]);
});

test('a wrong password is refused in the page, with no browser prompt', async ({ page }) => {
  const watch = watchAuth(page);
  const mark = recorder.requests.length;
  await page.goto(`${ui}login`);
  await signIn(page, 'admin', 'not-the-password');
  await expect(page.getByRole('alert')).toHaveText('Wrong username or password.');
  await expect(page.getByText(/Signed in as/)).toHaveCount(0);
  // one try with the wrong password, then nothing more
  const tried = recorder.requests.slice(mark).filter((r) => r.headers.authorization);
  expect(tried).toHaveLength(1);
  expect(tried[0]!.headers.authorization).toBe(`Basic ${Buffer.from('admin:not-the-password').toString('base64')}`);
  await expectNoStoredSecrets(page, ['not-the-password', PASSWORD]);
  expect(watch.problems).toEqual([]);
});

test('signing out forgets the credentials and what was read; "remember me" lasts for the tab only', async ({ page, context }) => {
  const watch = watchAuth(page);
  await page.goto(`${ui}r/team/app`);
  await signIn(page, 'admin', PASSWORD, { remember: true });
  await expect(page.getByRole('row', { name: /^v1/ })).toBeVisible();
  // remembered in this tab: a reload stays signed in
  await page.reload();
  await expect(page.getByRole('row', { name: /^v1/ })).toBeVisible();
  await expect(page.getByText('Signed in as admin')).toBeVisible();
  await expectNoStoredSecrets(page, [PASSWORD], { session: true });
  // another tab of the same browser does not get them
  const other = await context.newPage();
  const otherWatch = watchAuth(other);
  await other.goto(`${ui}r/team/app`);
  await expect(other.getByRole('heading', { name: 'Sign in to Private registry' })).toBeVisible();
  await other.close();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to Private registry' })).toBeVisible();
  expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  const mark = recorder.requests.length;
  await page.goto(`${ui}r/team/app`);
  await expect(page.getByRole('heading', { name: 'Sign in to Private registry' })).toBeVisible();
  expect(recorder.requests.slice(mark).every((r) => !r.headers.authorization)).toBe(true);
  await expectNoStoredSecrets(page, [PASSWORD]);
  expect([...watch.problems, ...otherWatch.problems]).toEqual([]);
});

test('deletes with the signed-in account', async ({ page }) => {
  const watch = watchAuth(page);
  const digest = await admin.pushImage('team/delete-me', ['old']);
  await admin.pushImage('team/delete-me', ['keep']);
  await page.goto(`${ui}r/team/delete-me`);
  await signIn(page, 'admin', PASSWORD);
  await page.getByRole('button', { name: 'Delete tag old' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('delete-digest')).toHaveText(digest);
  await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(dialog.getByText(/Deleted/)).toBeVisible();
  expect(await admin.tags('team/delete-me')).toEqual(['keep']);
  const deletes = recorder.requests.filter((r) => r.method === 'DELETE');
  expect(deletes.map((r) => r.headers.authorization)).toEqual([`Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}`]);
  expect(watch.problems).toEqual([]);
});

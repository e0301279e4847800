import { expect, type Page } from '@playwright/test';

/**
 * What the auth specs check on every page: no browser dialog, no HTTP auth challenge reaching the browser
 * (a `WWW-Authenticate` on any answer would make Chromium open its own password prompt), and no uncaught
 * error. The context is given `httpCredentials` that nothing may ever use: Playwright answers a challenge with
 * them, so they showing up at the registry or the token service means a prompt would have opened.
 */
export const PROMPT_CREDENTIALS = { username: 'browser-prompt', password: 'must-never-be-sent' };

export function watchAuth(page: Page): { problems: string[] } {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('dialog', (d) => {
    problems.push(`dialog opened: ${d.type()} ${d.message()}`);
    void d.dismiss();
  });
  page.on('response', (r) => {
    const challenge = r.headers()['www-authenticate'];
    if (challenge) problems.push(`HTTP auth challenge reached the browser: ${r.status()} ${r.url()} ${challenge}`);
  });
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(`csp: ${m.text()}`);
  });
  return { problems };
}

/** localStorage holds no credential (nor token); sessionStorage only what "remember me" asked for. */
export async function expectNoStoredSecrets(page: Page, secrets: string[], { session = false } = {}): Promise<void> {
  const stores = await page.evaluate(() => {
    const dump = (s: Storage) => Array.from({ length: s.length }, (_, i) => `${s.key(i)}=${s.getItem(s.key(i)!)}`);
    return { local: dump(localStorage), session: dump(sessionStorage) };
  });
  for (const entry of stores.local) {
    for (const secret of secrets) expect(entry, 'localStorage').not.toContain(secret);
    expect(entry, 'localStorage').not.toMatch(/Bearer|Basic |eyJ/);
  }
  if (!session) for (const entry of stores.session) for (const secret of secrets) expect(entry, 'sessionStorage').not.toContain(secret);
}

export async function signIn(page: Page, username: string, password: string, { remember = false } = {}): Promise<void> {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  if (remember) await page.getByRole('checkbox', { name: /Remember me in this tab/ }).check();
  await page.getByRole('button', { name: 'Sign in' }).click();
}

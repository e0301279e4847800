import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { server } from '@/testing/msw/server';
import { basicRegistry, tokenRegistry } from '@/testing/msw/auth-registries';
import { renderApp } from '@/testing/render';
import { getRegistryAuth } from '@/queries/registry-auth';
import { rememberedCredentials } from '../utils/session';

// the first visit of a page loads its lazy route chunk
const SLOW = { timeout: 10_000 };

beforeEach(() => {
  sessionStorage.clear();
  localStorage.clear();
});

/** Nothing that looks like a credential or a token in either storage. */
function expectNoCredentialsStored(secret: string) {
  for (const store of [localStorage, sessionStorage]) {
    for (let i = 0; i < store.length; i++) {
      const key = store.key(i)!;
      expect(`${key}=${store.getItem(key)}`).not.toContain(secret);
    }
  }
}

async function signIn(username: string, password: string, { remember = false } = {}) {
  const user = userEvent.setup();
  await user.type(await screen.findByLabelText('Username', {}, SLOW), username);
  await user.type(screen.getByLabelText('Password'), password);
  if (remember) await user.click(screen.getByRole('checkbox', { name: /Remember me in this tab/ }));
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
  return user;
}

describe('htpasswd registry', { timeout: 30_000 }, () => {
  it('a deep link asks for credentials in the page, then comes back to it', async () => {
    const reg = basicRegistry({ users: { admin: 'password' } });
    server.use(...reg.handlers);
    const { router } = renderApp('/r/demo/alpine?sort=created');
    await screen.findByRole('heading', { name: 'Sign in to Test registry' }, SLOW);
    expect(router.state.location.pathname).toBe('/login');
    expect(new URLSearchParams(router.state.location.search).get('next')).toBe('/r/demo/alpine?sort=created');
    await signIn('admin', 'password');
    await screen.findByRole('row', { name: /^3\.18/ }, SLOW);
    expect(router.state.location.pathname + router.state.location.search).toBe('/r/demo/alpine?sort=created');
    expect(screen.getByText('Signed in as admin')).toBeInTheDocument();
    expect(reg.registry.filter((r) => r.endsWith(' admin')).length).toBeGreaterThan(1);
    expectNoCredentialsStored('password');
  });

  it('a wrong password says so and signs nobody in', async () => {
    server.use(...basicRegistry({ users: { admin: 'password' } }).handlers);
    renderApp('/login');
    await signIn('admin', 'hunter2');
    expect(await screen.findByRole('alert')).toHaveTextContent('Wrong username or password.');
    expect(getRegistryAuth().credentials).toBeUndefined();
    expect(screen.queryByText(/Signed in as/)).not.toBeInTheDocument();
    expectNoCredentialsStored('hunter2');
  });

  it('"remember me" keeps the credentials in sessionStorage only; signing out forgets them and every cached answer', async () => {
    server.use(...basicRegistry({ users: { admin: 'password' } }).handlers);
    const { router, queryClient } = renderApp('/login?next=%2Fr%2Fdemo%2Falpine');
    const user = await signIn('admin', 'password', { remember: true });
    await screen.findByRole('row', { name: /^3\.18/ }, SLOW);
    expect(rememberedCredentials()).toEqual({ username: 'admin', password: 'password' });
    expect(Object.keys(localStorage)).not.toContain('registry-ui.session');
    for (let i = 0; i < localStorage.length; i++) expect(localStorage.getItem(localStorage.key(i)!)).not.toContain('password');
    expect(queryClient.getQueryCache().getAll().length).toBeGreaterThan(0);

    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    await screen.findByRole('heading', { name: 'Sign in to Test registry' }, SLOW);
    expect(router.state.location.pathname).toBe('/login');
    expect(sessionStorage.length).toBe(0);
    expect(getRegistryAuth().credentials).toBeUndefined();
    // what the signed-in account read is gone: only what the sign-in page asks for since
    expect(queryClient.getQueryCache().getAll().every((q) => !JSON.stringify(q.queryKey).includes('demo/alpine'))).toBe(true);
  });

  it('shows "Sign in" in the header of a registry that asked for credentials, and nothing on an open one', async () => {
    renderApp('/r/demo/alpine');
    await screen.findByRole('row', { name: /^3\.18/ }, SLOW);
    expect(screen.queryByRole('link', { name: 'Sign in' })).not.toBeInTheDocument();
    expect(getRegistryAuth().getSnapshot().scheme).toBe('none');
  });
});

describe('token registry', { timeout: 30_000 }, () => {
  it('anonymous reading works without signing in; the header offers to sign in', async () => {
    const reg = tokenRegistry({ anonymous: 'read', users: { admin: { password: 'password', grant: 'all' } } });
    server.use(...reg.handlers);
    renderApp('/r/demo/alpine');
    await screen.findByRole('row', { name: /^3\.18/ }, SLOW);
    expect(await screen.findByRole('link', { name: 'Sign in' })).toHaveAttribute('href', `/login?next=${encodeURIComponent('/r/demo/alpine')}`);
    expect(reg.tokens.every((t) => t.account === '' && t.authorization === null)).toBe(true);
  });

  it('a reader sees why there are no delete actions; an admin gets them', async () => {
    const reg = tokenRegistry({ users: { reader: { password: 'password', grant: 'read' }, admin: { password: 'password', grant: 'all' } } });
    server.use(...reg.handlers);
    const { router } = renderApp('/r/demo/alpine', { config: { deleteImages: true } });
    const user = await signIn('reader', 'password');
    await screen.findByRole('row', { name: /^3\.18/ }, SLOW);
    expect(await screen.findByRole('note')).toHaveTextContent('The account reader may read demo/alpine but not delete in it');
    expect(screen.queryByRole('button', { name: /Delete/ })).not.toBeInTheDocument();
    expect(reg.tokens.some((t) => t.account === 'reader' && t.scope === 'repository:demo/alpine:pull,delete')).toBe(true);

    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    await signIn('admin', 'password');
    await screen.findByText('Signed in as admin');
    await act(() => router.navigate('/r/demo/alpine'));
    const row = await screen.findByRole('row', { name: /^3\.18/ }, SLOW);
    await waitFor(() => expect(within(row).getByRole('button', { name: /Delete/ })).toBeInTheDocument());
    expect(screen.queryByRole('note')).not.toBeInTheDocument();
  });

  it('a token service on another site is explained, and no credentials go there', async () => {
    const { http, HttpResponse } = await import('msw');
    const { REGISTRY } = await import('@/testing/msw/handlers');
    let reached = 0;
    server.use(
      http.get(`${REGISTRY}/v2/*`, () =>
        HttpResponse.json({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }, { status: 401, headers: { 'x-registry-authenticate': 'Bearer realm="https://auth.example.com/token",service="registry"' } }),
      ),
      http.get('https://auth.example.com/token', () => {
        reached++;
        return HttpResponse.json({ token: 'x' });
      }),
    );
    renderApp('/');
    expect(await screen.findByText(/The registry's token service \(auth\.example\.com\) is on another site/)).toBeInTheDocument();
    expect(screen.getByText(/must set REGISTRY_TOKEN_URL/)).toBeInTheDocument();
    expect(reached).toBe(0);
  });
});

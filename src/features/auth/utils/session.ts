import { getRuntimeConfig } from '@/config/runtime-config';
import type { Credentials, RegistryAuth } from '@/registry/auth';

/*
 * Where credentials live: in memory (RegistryAuth) for this page only, by default. "Remember me" keeps them in
 * sessionStorage, which the browser drops with the tab; never in localStorage, cookies or IndexedDB, so they
 * do not outlive the session nor reach other tabs.
 */

/** One entry per registry with REGISTRIES: the credentials of one are never restored for (and sent to) another. */
function key(): string {
  const id = getRuntimeConfig().registryId;
  return id ? `registry-ui.session.${id}` : 'registry-ui.session';
}

function storage(): Storage | undefined {
  try {
    return globalThis.sessionStorage;
  } catch {
    return undefined; // storage disabled: nothing is remembered
  }
}

/** Keeps the credentials for this tab's session. */
export function rememberCredentials(c: Credentials): void {
  try {
    storage()?.setItem(key(), JSON.stringify({ username: c.username, password: c.password }));
  } catch {
    // quota or privacy mode: the sign-in still holds for this page
  }
}

/** Forgets remembered credentials. */
export function forgetCredentials(): void {
  try {
    storage()?.removeItem(key());
  } catch {
    // nothing stored
  }
}

/** The credentials remembered in this tab, if any and well-formed. */
export function rememberedCredentials(): Credentials | undefined {
  try {
    const raw = storage()?.getItem(key());
    if (!raw) return undefined;
    const o = JSON.parse(raw) as { username?: unknown; password?: unknown };
    if (typeof o.username === 'string' && o.username && typeof o.password === 'string') return { username: o.username, password: o.password };
  } catch {
    // unreadable: start signed out
  }
  forgetCredentials();
  return undefined;
}

/** At start: signs in with the credentials remembered in this tab, unless someone is signed in already. */
export function restoreSession(auth: RegistryAuth): void {
  if (auth.credentials) return;
  const c = rememberedCredentials();
  if (c) auth.setCredentials(c);
}

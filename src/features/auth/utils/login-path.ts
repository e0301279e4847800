/** The sign-in page; `next` is where to go after signing in. */
export const LOGIN_PATH = '/login';

/**
 * A `next` that stays inside the app: a path under the router's basename, never another origin (`//host`,
 * `/\host`, `https:`) nor the sign-in page itself. Anything else is the repository list.
 */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if ([...next].some((c) => c.charCodeAt(0) < 0x20 || c === '\u007f')) return '/';
  if (next === LOGIN_PATH || next.startsWith(`${LOGIN_PATH}?`) || next.startsWith(`${LOGIN_PATH}/`)) return '/';
  return next;
}

/** The sign-in page, coming back to `location` (pathname, search and hash) afterwards. */
export function loginPath(location: { pathname: string; search?: string; hash?: string }): string {
  const here = `${location.pathname}${location.search ?? ''}${location.hash ?? ''}`;
  const next = safeNext(here);
  return next === '/' ? LOGIN_PATH : `${LOGIN_PATH}?next=${encodeURIComponent(next)}`;
}

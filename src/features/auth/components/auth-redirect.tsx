import { useEffect, useRef } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useLocation, useNavigate } from 'react-router';
import { isRegistryError } from '@/registry/errors';
import { LOGIN_PATH, loginPath } from '../utils/login-path';

const unauthorized = (e: unknown) => isRegistryError(e) && e.kind === 'unauthorized';

/**
 * Sends the visitor to the sign-in page when the registry answers 401 to what a page asked for, for lack of
 * credentials, and back to that page afterwards. The transport only reports the 401; this is the one place
 * that acts on it. It asks nothing itself: the page's own requests are the check. Renders nothing.
 */
export function AuthRedirect() {
  const client = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const here = useRef(location);
  here.current = location;

  useEffect(() => {
    const cache = client.getQueryCache();
    const toLogin = () => {
      if (here.current.pathname !== LOGIN_PATH) void navigate(loginPath(here.current), { replace: true });
    };
    if (cache.getAll().some((q) => q.state.status === 'error' && unauthorized(q.state.error) && q.getObserversCount() > 0)) toLogin();
    return cache.subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'error' && unauthorized(event.action.error)) toLogin();
    });
  }, [client, navigate]);

  return null;
}

import { useTranslation } from '@/lib/i18n';
import { Link, useLocation } from 'react-router';
import type { DeletePermission } from '../hooks/use-auth';
import { useAuthSnapshot } from '../hooks/use-auth-snapshot';
import { loginPath } from '../utils/login-path';

/**
 * Says why there are no delete actions: the registry (or its token service) does not let this identity delete
 * in `repo`. Signed in: the account may not; anonymous: signing in may help.
 */
export function DeletePermissionNote({ repo, permission }: { repo: string; permission: DeletePermission }) {
  const { t } = useTranslation();
  const { username } = useAuthSnapshot();
  const location = useLocation();
  if (permission !== 'denied') return null;
  return (
    <p role="note" className="rounded border border-slate-300 bg-slate-50 px-3 py-2 text-sm dark:border-slate-700 dark:bg-slate-900">
      {username ? (
        t('auth.delete.denied', { username, repo })
      ) : (
        <>
          {t('auth.delete.anonymous')}{' '}
          <Link to={loginPath(location)} className="text-teal-800 underline dark:text-teal-300">{t('auth.account.signIn')}</Link>
        </>
      )}
    </p>
  );
}

import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from '@/lib/i18n';
import { Link, useLocation, useNavigate } from 'react-router';
import { Button } from '@/components/ui/button';
import { useAuthSnapshot } from '../hooks/use-auth-snapshot';
import { LOGIN_PATH, loginPath } from '../utils/login-path';

/** In the header, once the registry asked for credentials: who is signed in and a way out, or a way in. */
export function AccountMenu() {
  const { t } = useTranslation();
  const { scheme, username } = useAuthSnapshot();
  const location = useLocation();
  const navigate = useNavigate();
  const client = useQueryClient();
  if (username) {
    return (
      <div className="flex items-center gap-2">
        <span className="max-w-40 truncate" title={username}>{t('auth.account.signedInAs', { username })}</span>
        <Button
          onClick={() => {
            // signing out loads with the click: the shell carries no registry client
            void import('../hooks/use-auth')
              .then(({ signOut }) => signOut(client))
              .then(() => navigate(LOGIN_PATH, { replace: true }));
          }}
        >
          {t('auth.account.signOut')}
        </Button>
      </div>
    );
  }
  if ((scheme === 'basic' || scheme === 'bearer') && location.pathname !== LOGIN_PATH) {
    return (
      <Link to={loginPath(location)} className="rounded-md px-3 py-1.5 font-medium text-teal-800 hover:bg-slate-100 dark:text-teal-300 dark:hover:bg-slate-800">
        {t('auth.account.signIn')}
      </Link>
    );
  }
  return null;
}

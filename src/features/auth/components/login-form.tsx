import { useId, useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from '@/lib/i18n';
import { Link } from 'react-router';
import { Button } from '@/components/ui/button';
import { ErrorPanel } from '@/components/ui/error-panel';
import { registryCheckQuery } from '@/queries/auth';
import { isRegistryError } from '@/registry/errors';
import { useSignIn } from '../hooks/use-auth';
import { useAuthSnapshot } from '../hooks/use-auth-snapshot';

const INPUT = 'w-full rounded border border-slate-300 bg-white px-2 py-1.5 dark:border-slate-600 dark:bg-slate-800';

/** The token service sits on another origin, which the page may not reach: only the operator can fix it. */
function realmElsewhere(error: unknown): string | undefined {
  if (!isRegistryError(error) || !error.codes.includes('TOKEN_REALM_ELSEWHERE')) return undefined;
  const detail = error.errors.find((e) => e.code === 'TOKEN_REALM_ELSEWHERE')?.detail as { host?: unknown } | undefined;
  return typeof detail?.host === 'string' ? detail.host : '?';
}

/**
 * Sign-in to the registry, in the page (the proxy keeps the browser's own password prompt away). After signing
 * in, `onSignedIn` goes back to where the user was.
 */
export function LoginForm({ title, next, onSignedIn }: { title: string; next: string; onSignedIn: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const snapshot = useAuthSnapshot();
  const check = useQuery(registryCheckQuery());
  const signIn = useSignIn();
  const [username, setUsername] = useState(snapshot.username ?? '');
  const [password, setPassword] = useState('');
  const [remember, setRemember] = useState(false);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!username || signIn.isPending) return;
    signIn.mutate({ username, password, remember }, { onSuccess: onSignedIn });
  };

  const elsewhere = realmElsewhere(check.error) ?? realmElsewhere(signIn.error);
  const wrong = signIn.isError && isRegistryError(signIn.error) && signIn.error.kind === 'unauthorized' && !elsewhere;
  // the registry answered without asking anyone: there is nothing to sign in to (or the server signs in)
  const open = check.isSuccess && !snapshot.username && (snapshot.scheme === 'none' || snapshot.scheme === undefined);
  const anonymousOk = check.isSuccess && !snapshot.username && snapshot.scheme !== 'none' && snapshot.scheme !== undefined;

  return (
    <div className="mx-auto mt-8 max-w-sm space-y-4">
      <h1 className="text-xl font-semibold">{t('auth.login.title', { title })}</h1>
      {elsewhere ? (
        <div role="alert" className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm dark:border-amber-700 dark:bg-amber-950">
          <p className="font-semibold">{t('auth.login.realmElsewhere', { host: elsewhere })}</p>
          <p className="mt-1">{t('auth.login.realmElsewhereHint')}</p>
        </div>
      ) : null}
      {open ? (
        <p role="status" className="text-sm">
          {t('auth.login.notNeeded')} <Link to={next} className="text-teal-800 underline dark:text-teal-300">{t('auth.login.continue')}</Link>
        </p>
      ) : null}
      <form onSubmit={submit} className="space-y-3" aria-describedby={wrong ? `${id}-error` : undefined}>
        <label className="block text-sm">
          <span className="mb-1 block font-medium">{t('auth.login.username')}</span>
          <input className={INPUT} name="username" autoComplete="username" autoCapitalize="none" spellCheck={false} required value={username} onChange={(e) => setUsername(e.target.value)} />
        </label>
        <label className="block text-sm">
          <span className="mb-1 block font-medium">{t('auth.login.password')}</span>
          <input className={INPUT} name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" className="mt-1" checked={remember} onChange={(e) => setRemember(e.target.checked)} />
          <span>
            {t('auth.login.remember')}
            <span className="block text-xs text-slate-600 dark:text-slate-300">{t('auth.login.rememberHint')}</span>
          </span>
        </label>
        {wrong ? (
          <p id={`${id}-error`} role="alert" className="text-sm font-medium text-red-800 dark:text-red-300">
            {t('auth.login.wrong')}
          </p>
        ) : null}
        {signIn.isError && !wrong && !elsewhere ? <ErrorPanel error={signIn.error} /> : null}
        <Button type="submit" variant="primary" disabled={signIn.isPending || !username}>
          {signIn.isPending ? t('auth.login.signingIn') : t('auth.login.submit')}
        </Button>
      </form>
      {anonymousOk ? (
        <p className="text-sm">
          <Link to={next} className="text-teal-800 underline dark:text-teal-300">{t('auth.login.continueAnonymously')}</Link>
        </p>
      ) : null}
    </div>
  );
}

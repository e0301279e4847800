import { useNavigate, useSearchParams } from 'react-router';
import { getRuntimeConfig } from '@/config/runtime-config';
import { LoginForm } from '@/features/auth/components/login-form';
import { safeNext } from '@/features/auth/utils/login-path';

/** `/login?next=<path>`: signs in, then back to `next` (a path of this app only). */
export function LoginRoute() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const next = safeNext(params.get('next'));
  return <LoginForm title={getRuntimeConfig().registryTitle} next={next} onSignedIn={() => void navigate(next, { replace: true })} />;
}

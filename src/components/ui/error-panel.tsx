import { useTranslation } from '@/lib/i18n';
import type { RegistryErrorKind } from '@/registry/errors';
import { Button } from './button';

interface ErrorLike {
  kind?: RegistryErrorKind;
  status?: number;
  codes?: readonly string[];
  retryAfter?: number;
  message?: string;
}

/** The translation key for an error's kind; unknown errors are treated as unreadable responses. */
export function errorKey(error: unknown): RegistryErrorKind {
  const kind = (error as ErrorLike | null)?.kind;
  return kind ?? 'malformed';
}

/**
 * Explains a registry error and the next step. Never shows the response body: a proxy's HTML error page or
 * a registry's text is not for the user (STYLE.md habit 5).
 */
export function ErrorPanel({ error, onRetry, context }: { error: unknown; onRetry?: () => void; context?: string }) {
  const { t } = useTranslation();
  const e = (error ?? {}) as ErrorLike;
  const kind = errorKey(error);
  const codes = e.codes?.length ? e.codes.join(', ') : '';
  return (
    <div role="alert" className="rounded-lg border border-red-300 bg-red-50 p-4 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
      <p className="font-semibold">{t(`errors.${kind}.title`, { status: e.status ?? 0 })}</p>
      <p className="mt-1">{t(`errors.${kind}.hint`, { seconds: e.retryAfter ?? 30 })}</p>
      {context || e.status || codes ? (
        <p className="mt-1 text-xs opacity-80">
          {[context, e.status ? `HTTP ${e.status}` : '', codes].filter(Boolean).join(' · ')}
        </p>
      ) : null}
      {onRetry ? (
        <Button className="mt-3" onClick={onRetry}>
          {t('common.retry')}
        </Button>
      ) : null}
    </div>
  );
}

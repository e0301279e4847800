import { useMemo } from 'react';
import { useTranslation } from '@/lib/i18n';
import { CopyButton } from '@/components/ui/copy-button';
import { getRuntimeConfig } from '@/config/runtime-config';
import type { RetentionRules } from '../utils/retention';
import { scheduleCommands } from '../utils/schedule-commands';

/** The registry as a command outside the browser reaches it: the configured URL, or this UI's proxy. */
function registryAddress(): string {
  const url = getRuntimeConfig().registryUrl;
  if (/^https?:\/\//i.test(url)) return url;
  return `${globalThis.location?.origin ?? 'http://localhost'}${url}`;
}

function Block({ label, text, copyLabel }: { label: string; text: string; copyLabel: string }) {
  return (
    <div className="mt-3">
      <div className="flex items-center gap-2 text-xs font-medium">
        {label}
        <CopyButton text={text} label={copyLabel} />
      </div>
      <pre className="mt-1 max-h-80 overflow-auto whitespace-pre rounded bg-slate-100 p-2 text-xs dark:bg-slate-800" tabIndex={0} aria-label={label}>{text}</pre>
    </div>
  );
}

/**
 * "Run this on a schedule": the preview's rules as registry-ui-cleanup runs them, unattended, with the same plan
 * and the same checks. Shown as text to copy; nothing here talks to the registry.
 */
export function SchedulePanel({ repo, rules }: { repo: string; rules: RetentionRules }) {
  const { t } = useTranslation();
  const commands = useMemo(() => scheduleCommands({ registry: registryAddress(), repo, rules }), [repo, rules]);
  return (
    <details className="rounded-lg border border-slate-200 p-3 text-sm dark:border-slate-700">
      <summary className="cursor-pointer font-medium">{t('cleanup.schedule.title')}</summary>
      <p className="mt-2">{t('cleanup.schedule.intro')}</p>
      <Block label={t('cleanup.schedule.dryRun')} copyLabel={t('cleanup.schedule.copy', { what: t('cleanup.schedule.dryRun') })} text={commands.dryRun} />
      <Block label={t('cleanup.schedule.cli')} copyLabel={t('cleanup.schedule.copy', { what: t('cleanup.schedule.cli') })} text={commands.cli} />
      <Block label={t('cleanup.schedule.container')} copyLabel={t('cleanup.schedule.copy', { what: t('cleanup.schedule.container') })} text={commands.docker} />
      <Block label={t('cleanup.schedule.cronJob')} copyLabel={t('cleanup.schedule.copy', { what: t('cleanup.schedule.cronJob') })} text={commands.cronJob} />
      <p className="mt-2">{t('cleanup.schedule.exitCodes')}</p>
      <p className="mt-2">{t('cleanup.schedule.registryHint')}</p>
      <p className="mt-2 font-medium">{t('cleanup.schedule.gc')}</p>
    </details>
  );
}

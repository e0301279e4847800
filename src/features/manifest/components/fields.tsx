import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from '@/lib/i18n';
import { CopyButton } from '@/components/ui/copy-button';

/*
 * Building blocks of the image view. Everything that comes from the registry goes through React's text
 * rendering: labels, annotations, commands and names are strings in spans, never markup. `dir="auto"` keeps
 * right-to-left values from reordering the text around them.
 */

export function Section({ title, children, actions, tone }: { title: string; children: ReactNode; actions?: ReactNode; tone?: 'warning' }) {
  const id = useId();
  const border = tone === 'warning' ? 'border-amber-300 bg-amber-50 dark:border-amber-700 dark:bg-amber-950' : 'border-slate-200 dark:border-slate-700';
  return (
    <section aria-labelledby={id} className={`min-w-0 rounded-lg border p-4 ${border}`}>
      <div className="mb-2 flex flex-wrap items-center gap-2">
        <h2 id={id} className="text-lg font-semibold">{title}</h2>
        {actions ? <div className="ml-auto flex items-center gap-2">{actions}</div> : null}
      </div>
      {children}
    </section>
  );
}

export function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-1 gap-1 py-1 sm:grid-cols-[11rem_1fr] sm:gap-2">
      <dt className="text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </div>
  );
}

/** Registry-supplied text, wrapped anywhere so a 2,000-character label cannot widen the page. */
export function Text({ children, mono }: { children: string | undefined; mono?: boolean }) {
  if (children === undefined || children === '') return <span className="text-slate-500 dark:text-slate-400">—</span>;
  return (
    <span dir="auto" className={`whitespace-pre-wrap break-all ${mono ? 'font-mono text-xs' : ''}`}>
      {children}
    </span>
  );
}

export function DigestValue({ digest, label }: { digest: string; label?: string }) {
  return (
    <span className="inline-flex min-w-0 max-w-full items-center gap-1">
      <code className="truncate font-mono text-xs" title={digest}>{digest}</code>
      <CopyButton text={digest} label={label} />
    </span>
  );
}

/** A list of strings (env, volumes, a command) one per line, or a dash. */
export function TextList({ items, mono = true }: { items: readonly string[] | undefined; mono?: boolean }) {
  if (!items?.length) return <span className="text-slate-500 dark:text-slate-400">—</span>;
  return (
    <ul className={`space-y-0.5 ${mono ? 'font-mono text-xs' : ''}`}>
      {items.map((e, i) => (
        <li key={i} dir="auto" className="whitespace-pre-wrap break-all">{e}</li>
      ))}
    </ul>
  );
}

/** Values longer than this are cut, with a button to show them whole: a 4 MB annotation would freeze the page. */
export const LONG_TEXT = 10_000;

/** Registry text that may be megabytes long: the first LONG_TEXT characters, and "show all" for the rest. */
export function LongText({ value, limit = LONG_TEXT, className = '' }: { value: string; limit?: number; className?: string }) {
  const { t, i18n } = useTranslation();
  const [all, setAll] = useState(false);
  if (value.length <= limit || all) return <span dir="auto" className={className}>{value}</span>;
  return (
    <>
      <span dir="auto" className={className}>{value.slice(0, limit)}…</span>{' '}
      <button type="button" onClick={() => setAll(true)} className="rounded text-teal-800 underline focus-visible:outline-2 focus-visible:outline-teal-600 dark:text-teal-300">
        {t('manifest.showAll', { count: value.length, countText: new Intl.NumberFormat(i18n.language).format(value.length) })}
      </button>
    </>
  );
}

/** `key = value` pairs (labels, annotations), keys in code, values as text. */
export function KeyValues({ entries, label }: { entries: readonly (readonly [string, string])[]; label: string }) {
  if (!entries.length) return <span className="text-slate-500 dark:text-slate-400">—</span>;
  return (
    <ul className="space-y-0.5 text-xs" aria-label={label}>
      {entries.map(([k, v]) => (
        <li key={k} className="break-all" data-label={k}>
          <code className="font-mono" dir="auto">{k}</code>
          {' = '}
          <LongText value={v} className="whitespace-pre-wrap" />
        </li>
      ))}
    </ul>
  );
}

/** A JSON array shown the way a Dockerfile writes it: `["node", "/app/server.js"]`. */
export function Command({ value }: { value: readonly string[] | undefined }) {
  if (!value?.length) return <span className="text-slate-500 dark:text-slate-400">—</span>;
  return <code dir="auto" className="whitespace-pre-wrap break-all font-mono text-xs">{JSON.stringify(value)}</code>;
}

/** Raw JSON longer than this is shown cut, with "show all"; copying always copies all of it. */
const RAW_SHOWN = 50_000;

/** Formatted, copyable JSON (the raw manifest or config). */
export function RawJson({ title, json, copyLabel }: { title: string; json: string; copyLabel: string }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <section aria-labelledby={id} className="min-w-0">
      <div className="mb-2 flex items-center gap-2">
        <h2 id={id} className="text-lg font-semibold">{title}</h2>
        <CopyButton text={json} label={copyLabel} />
        <span className="text-xs text-slate-600 dark:text-slate-400">{t('manifest.rawHint')}</span>
      </div>
      <pre className="max-h-[32rem] overflow-auto whitespace-pre-wrap break-all rounded-lg bg-slate-100 p-3 text-xs dark:bg-slate-900" tabIndex={0} aria-label={title}>
        <LongText value={json} limit={RAW_SHOWN} />
      </pre>
    </section>
  );
}

/** The body as received, indented; left as it came when it is not JSON. */
export function prettyJson(raw: string): string {
  try {
    return JSON.stringify(JSON.parse(raw), null, 2);
  } catch {
    return raw;
  }
}

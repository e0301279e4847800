const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte', 'petabyte'] as const;

// Building an Intl formatter costs far more than using one (tenths of a millisecond each, several per table
// row): a scrolled table would rebuild hundreds per second. One per locale and options, kept.
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>(key: string, make: () => T): T {
  let f = formatters.get(key) as T | undefined;
  if (!f) formatters.set(key, (f = make()));
  return f;
}
const numberFormat = (locale: string, options?: Intl.NumberFormatOptions) =>
  cached(`n|${locale}|${JSON.stringify(options ?? {})}`, () => new Intl.NumberFormat(locale, options));

/** Bytes as `12.3 MB` (decimal units, as registries and `docker images` report them), per locale. */
export function formatBytes(bytes: number | undefined, locale = 'en'): string {
  if (bytes === undefined || !Number.isFinite(bytes)) return '—';
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  if (unit === 0) return `${bytes < 0 ? '-' : ''}${numberFormat(locale).format(value)} B`;
  const fmt = numberFormat(locale, {
    style: 'unit',
    unit: UNITS[unit],
    unitDisplay: 'short',
    maximumFractionDigits: value < 10 ? 2 : 1,
  });
  return (bytes < 0 ? '-' : '') + fmt.format(value);
}

/** Absolute date and time, per locale. */
export function formatDate(iso: string | undefined, locale = 'en'): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  return cached(`d|${locale}`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' })).format(d);
}

const DIVISIONS: [number, Intl.RelativeTimeFormatUnit][] = [
  [60, 'second'],
  [60, 'minute'],
  [24, 'hour'],
  [7, 'day'],
  [4.34524, 'week'],
  [12, 'month'],
  [Number.POSITIVE_INFINITY, 'year'],
];

/** `3 days ago`, per locale. */
export function formatRelative(iso: string | undefined, locale = 'en', now = Date.now()): string {
  if (!iso) return '—';
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return '—';
  let duration = (t - now) / 1000;
  const rtf = cached(`r|${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }));
  for (const [amount, unit] of DIVISIONS) {
    if (Math.abs(duration) < amount) return rtf.format(Math.round(duration), unit);
    duration /= amount;
  }
  return '—';
}

/** Integer with grouping, per locale. */
export function formatCount(n: number, locale = 'en'): string {
  return numberFormat(locale).format(n);
}

/** A share (0.123) as `12.3%`, per locale; `signed` adds `+` to gains (`+4.5%`). */
export function formatPercent(share: number, locale = 'en', { digits = 1, signed = false }: { digits?: number; signed?: boolean } = {}): string {
  if (!Number.isFinite(share)) return '—';
  return numberFormat(locale, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits, signDisplay: signed ? 'exceptZero' : 'auto' }).format(share);
}

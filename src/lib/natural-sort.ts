const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Natural order: `v1.2.10` after `v1.2.9`, `build-100` after `build-99`; ties broken by code point. */
export function naturalCompare(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

import { EMPTY_RULES, type RetentionRules } from './retention';
import { parseTagList } from './patterns';

/**
 * The URL keys of a cleanup preview, so a preview is a deep link:
 * `/r/app?cleanup&keepNewest=10&olderThan=30&exclude=release-*&keep=latest,stable`.
 */
export const CLEANUP_PARAM = 'cleanup';
const KEYS = ['keepNewest', 'olderThan', 'include', 'exclude', 'syntax', 'keep'] as const;

export type NumberField = 'keepNewest' | 'olderThan';

export interface ParsedRules {
  rules: RetentionRules;
  /** Numbers in the URL that are not whole numbers ≥ 0; ignored, and shown as errors in the form. */
  invalid: NumberField[];
}

function count(value: string | null): number | undefined | 'invalid' {
  if (value === null || value.trim() === '') return undefined;
  if (!/^\d{1,6}$/.test(value.trim())) return 'invalid';
  return Number(value.trim());
}

export function rulesFromParams(params: URLSearchParams): ParsedRules {
  const invalid: NumberField[] = [];
  const keepNewest = count(params.get('keepNewest'));
  const olderThan = count(params.get('olderThan'));
  if (keepNewest === 'invalid') invalid.push('keepNewest');
  if (olderThan === 'invalid') invalid.push('olderThan');
  return {
    rules: {
      ...EMPTY_RULES,
      keepNewest: keepNewest === 'invalid' ? undefined : keepNewest,
      olderThanDays: olderThan === 'invalid' ? undefined : olderThan,
      include: params.get('include') ?? '',
      exclude: params.get('exclude') ?? '',
      syntax: params.get('syntax') === 'regex' ? 'regex' : 'glob',
      keep: parseTagList(params.get('keep') ?? ''),
    },
    invalid,
  };
}

/** Writes rules back: empty values leave the URL, glob (the default) is not spelled out. */
export function rulesToParams(params: URLSearchParams, rules: RetentionRules): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const k of KEYS) next.delete(k);
  next.set(CLEANUP_PARAM, '1');
  if (rules.keepNewest !== undefined) next.set('keepNewest', String(rules.keepNewest));
  if (rules.olderThanDays !== undefined) next.set('olderThan', String(rules.olderThanDays));
  if (rules.include) next.set('include', rules.include);
  if (rules.exclude) next.set('exclude', rules.exclude);
  if (rules.syntax === 'regex') next.set('syntax', 'regex');
  if (rules.keep.length > 0) next.set('keep', rules.keep.join(','));
  return next;
}

/** Removes every cleanup key: closes the preview. */
export function withoutCleanup(params: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(params);
  next.delete(CLEANUP_PARAM);
  for (const k of KEYS) next.delete(k);
  return next;
}

/** The rules a new preview starts from: keep the ten newest, and latest. */
export const DEFAULT_RULES: RetentionRules = { ...EMPTY_RULES, keepNewest: 10, keep: ['latest'] };

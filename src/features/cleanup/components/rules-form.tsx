import { useId } from 'react';
import { useTranslation } from '@/lib/i18n';
import type { RuleError } from '../utils/retention';
import type { NumberField } from '../utils/rules-url';

export type RuleField = 'keepNewest' | 'olderThan' | 'include' | 'exclude' | 'syntax' | 'keep';

interface Props {
  /** The raw text of each field, as it is in the URL. */
  values: Record<RuleField, string>;
  onChange: (field: RuleField, value: string) => void;
  invalid: readonly NumberField[];
  errors: readonly RuleError[];
}

const INPUT = 'w-full rounded border border-slate-300 bg-white px-2 py-1 dark:border-slate-600 dark:bg-slate-800 aria-[invalid=true]:border-red-600';

/** The retention rules, each with what it does; every change lands in the URL, so a preview is a deep link. */
export function RulesForm({ values, onChange, invalid, errors }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const field = (name: RuleField, type: 'number' | 'text', error: string | undefined) => (
    <div className="space-y-1">
      <label htmlFor={`${id}-${name}`} className="block font-medium">{t(`cleanup.rules.${name}.label`)}</label>
      <input
        id={`${id}-${name}`}
        type={type}
        inputMode={type === 'number' ? 'numeric' : undefined}
        min={type === 'number' ? 0 : undefined}
        value={values[name]}
        placeholder={t(`cleanup.rules.${name}.placeholder`)}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-${name}-hint`}
        onChange={(e) => onChange(name, e.target.value)}
        className={INPUT}
        spellCheck={false}
        autoComplete="off"
      />
      <p id={`${id}-${name}-hint`} className={`text-xs ${error ? 'text-red-800 dark:text-red-300' : 'text-slate-600 dark:text-slate-300'}`}>
        {error ?? t(`cleanup.rules.${name}.hint`)}
      </p>
    </div>
  );
  return (
    <fieldset className="grid gap-3 rounded-lg border border-slate-200 p-3 text-sm sm:grid-cols-2 lg:grid-cols-3 dark:border-slate-700">
      <legend className="px-1 font-semibold">{t('cleanup.rules.legend')}</legend>
      {field('keepNewest', 'number', invalid.includes('keepNewest') ? t('cleanup.rules.notANumber') : undefined)}
      {field('olderThan', 'number', invalid.includes('olderThan') ? t('cleanup.rules.notANumber') : undefined)}
      {field('keep', 'text', undefined)}
      {field('include', 'text', errors.includes('include') ? t('cleanup.rules.badPattern') : undefined)}
      {field('exclude', 'text', errors.includes('exclude') ? t('cleanup.rules.badPattern') : undefined)}
      <div className="space-y-1">
        <label htmlFor={`${id}-syntax`} className="block font-medium">{t('cleanup.rules.syntax.label')}</label>
        <select id={`${id}-syntax`} value={values.syntax === 'regex' ? 'regex' : 'glob'} onChange={(e) => onChange('syntax', e.target.value === 'regex' ? 'regex' : '')} className={INPUT}>
          <option value="glob">{t('cleanup.rules.syntax.glob')}</option>
          <option value="regex">{t('cleanup.rules.syntax.regex')}</option>
        </select>
        <p className="text-xs text-slate-600 dark:text-slate-300">{t('cleanup.rules.syntax.hint')}</p>
      </div>
      {errors.includes('no-criterion') ? (
        <p role="alert" className="text-amber-800 sm:col-span-2 lg:col-span-3 dark:text-amber-300">{t('cleanup.rules.noCriterion')}</p>
      ) : null}
    </fieldset>
  );
}

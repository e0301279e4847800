import { createContext, useContext, type ComponentPropsWithoutRef, type ReactNode } from 'react';

/**
 * The one table of the app: a labelled `<table>` with a header row of column headers, rows with a top rule,
 * and cells padded to the table's density. Every table uses it, so a table reads (and is read out) the same
 * everywhere: `scope` on every header, the label on the table itself.
 */

type Density = 'normal' | 'compact';
const DensityContext = createContext<Density>('normal');

const HEAD_PAD: Record<Density, string> = { normal: 'px-3 py-2', compact: 'px-2 py-1' };
const CELL_PAD: Record<Density, string> = { normal: 'px-3 py-1.5', compact: 'px-2 py-0.5' };

export interface Column {
  key: string;
  header: ReactNode;
  /** Read by screen readers only (an actions column). */
  hidden?: boolean;
  align?: 'right';
  /** The column the rows are sorted by, and which way (`aria-sort`); unset on columns that do not sort. */
  sort?: 'ascending' | 'descending' | 'none';
  className?: string;
}

interface TableProps extends Omit<ComponentPropsWithoutRef<'table'>, 'children'> {
  label: string;
  columns: readonly Column[];
  density?: Density;
  /** The header row stays in view while the rows scroll (inside a ScrollRegion or a scrolling box). */
  sticky?: boolean;
  headClassName?: string;
  children: ReactNode;
}

const join = (...parts: (string | false | undefined)[]) => parts.filter(Boolean).join(' ');

export function Table({ label, columns, density = 'normal', sticky = false, headClassName, className, children, ...rest }: TableProps) {
  return (
    <DensityContext value={density}>
      <table className={join('w-full text-left', density === 'compact' ? 'text-xs' : 'text-sm', className)} aria-label={label} {...rest}>
        <thead className={join(sticky && 'sticky top-0 z-10', 'bg-slate-100 text-left dark:bg-slate-800', headClassName)}>
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col" aria-sort={c.sort} className={join(HEAD_PAD[density], 'font-medium', c.align === 'right' && 'text-right', c.className)}>
                {c.hidden ? <span className="sr-only">{c.header}</span> : c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </DensityContext>
  );
}

/**
 * A body row with the rule above it; `top` aligns cells to the top (rows with long values); `rule={false}`
 * leaves the rule out (a group's heading row, set apart by its background instead).
 */
export function Row({ top = false, rule = true, className, ...rest }: ComponentPropsWithoutRef<'tr'> & { top?: boolean; rule?: boolean }) {
  return <tr className={join(rule && 'border-t border-slate-100 dark:border-slate-800', top && 'align-top', className)} {...rest} />;
}

/**
 * The empty space above or below the rows a windowed table renders, so the scroll bar covers every row;
 * hidden from screen readers (the rows carry `aria-rowindex` instead).
 */
export function SpacerRow({ height }: { height: number }) {
  return height > 0 ? <tr aria-hidden="true" style={{ height }} /> : null;
}

interface CellOptions {
  align?: 'right';
  mono?: boolean;
}

function cellClass(density: Density, { align, mono }: CellOptions, className: string | undefined) {
  return join(CELL_PAD[density], align === 'right' && 'text-right tabular-nums', mono && 'font-mono text-xs', className);
}

/** The cell that names its row (`<th scope="row">`). */
export function RowHeader({ align, mono, className, ...rest }: ComponentPropsWithoutRef<'th'> & CellOptions) {
  const density = useContext(DensityContext);
  return <th scope="row" className={cellClass(density, { align, mono }, join('text-left font-normal', className))} {...rest} />;
}

/** The heading of a group of rows (`<th scope="rowgroup">`), across `colSpan` columns. */
export function GroupHeader({ className, ...rest }: ComponentPropsWithoutRef<'th'> & { colSpan: number }) {
  return <th scope="rowgroup" className={join('px-3 text-left font-semibold text-slate-700 dark:text-slate-200', className)} {...rest} />;
}

export function Cell({ align, mono, className, ...rest }: ComponentPropsWithoutRef<'td'> & CellOptions) {
  const density = useContext(DensityContext);
  return <td className={cellClass(density, { align, mono }, className)} {...rest} />;
}

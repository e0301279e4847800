import type { ReactNode } from 'react';

/** A box saying there is nothing to show; `page` when it is all the page shows (its title is then the page's heading). */
export function EmptyState({ title, children, page = false }: { title: string; children?: ReactNode; page?: boolean }) {
  const Title = page ? 'h1' : 'p';
  return (
    <div className="rounded-lg border border-dashed border-slate-300 p-8 text-center dark:border-slate-600">
      <Title className="font-medium text-slate-800 dark:text-slate-100">{title}</Title>
      {children ? <div className="mt-2 text-sm text-slate-600 dark:text-slate-300">{children}</div> : null}
    </div>
  );
}

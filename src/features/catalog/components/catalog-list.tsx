import { useDeferredValue, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from '@/lib/i18n';
import { paths } from '@/config/paths';
import { useVirtualRows } from '@/hooks/use-virtual-rows';
import { Priority } from '@/lib/request-queue';
import { Cell, GroupHeader, Row, SpacerRow, Table } from '@/components/ui/table';
import { indexRepositories, repositoryRows } from '../utils/group-repositories';
import { TagCount } from './tag-count';

const ROW_HEIGHT = 40;

/** The repository list: grouped by namespace, filtered as you type, windowed for 10,000+ names. */
export function CatalogList({ names, filter }: { names: readonly string[]; filter: string }) {
  const { t } = useTranslation();
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set());
  const deferredFilter = useDeferredValue(filter);
  const index = useMemo(() => indexRepositories(names), [names]);
  const rows = useMemo(() => repositoryRows(index, deferredFilter, collapsed), [index, deferredFilter, collapsed]);
  const v = useVirtualRows(rows.length, ROW_HEIGHT);
  const toggle = (ns: string) =>
    setCollapsed((prev) => {
      const next = new Set(prev);
      if (next.has(ns)) next.delete(ns);
      else next.add(ns);
      return next;
    });

  return (
    <div ref={v.scrollRef} onScroll={v.onScroll} className="max-h-[calc(100vh-14rem)] min-h-64 overflow-auto rounded-lg border border-slate-200 dark:border-slate-700">
      {/* data-filter: the text these rows answer (the input may be ahead of it); the benchmark times it */}
      <Table
        label={t('catalog.tableLabel')}
        columns={[
          { key: 'repository', header: t('catalog.repository') },
          { key: 'tags', header: t('catalog.tags'), className: 'w-40' },
        ]}
        sticky
        headClassName="text-slate-700 dark:text-slate-200"
        aria-rowcount={rows.length}
        data-filter={deferredFilter}
      >
        <SpacerRow height={v.padTop} />
        {rows.slice(v.start, v.end).map((row, i) =>
          row.type === 'group' ? (
            <Row key={`g:${row.namespace}`} rule={false} aria-rowindex={v.start + i + 1} style={{ height: ROW_HEIGHT }} className="bg-slate-50 dark:bg-slate-900">
              <GroupHeader colSpan={2}>
                <button
                  type="button"
                  className="flex items-center gap-2 rounded px-1 focus-visible:outline-2 focus-visible:outline-teal-600"
                  aria-expanded={!row.collapsed}
                  onClick={() => toggle(row.namespace)}
                >
                  <span aria-hidden="true">{row.collapsed ? '▸' : '▾'}</span>
                  <span>{row.namespace || t('catalog.topLevel')}</span>
                  <span className="font-normal text-slate-500 dark:text-slate-400">({row.count})</span>
                </button>
              </GroupHeader>
            </Row>
          ) : (
            <Row key={row.name} aria-rowindex={v.start + i + 1} style={{ height: ROW_HEIGHT }} className="hover:bg-teal-50 dark:hover:bg-slate-800">
              <Cell className="truncate pl-8">
                <Link to={paths.repository(row.name)} className="text-teal-800 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-teal-600 dark:text-teal-300">
                  {row.name}
                </Link>
              </Cell>
              <Cell>
                {/* counts of the rows in view first; the overscan's after them */}
                <TagCount name={row.name} priority={v.start + i >= v.inViewStart && v.start + i < v.inViewEnd ? Priority.visible : Priority.background} />
              </Cell>
            </Row>
          ),
        )}
        <SpacerRow height={v.padBottom} />
      </Table>
    </div>
  );
}

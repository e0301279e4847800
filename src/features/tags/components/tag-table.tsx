import { memo, useDeferredValue, useId, useMemo, type ReactNode } from 'react';
import { Link } from 'react-router';
import { useTranslation } from '@/lib/i18n';
import { paths } from '@/config/paths';
import { CopyButton } from '@/components/ui/copy-button';
import { ProgressBar } from '@/components/ui/progress-bar';
import { Cell, Row, RowHeader, SpacerRow, Table, type Column } from '@/components/ui/table';
import { useVirtualRows } from '@/hooks/use-virtual-rows';
import { formatBytes, formatCount, formatDate, formatRelative } from '@/lib/format';
import { shortDigest, type Digest } from '@/registry/digest';
import { errorKey } from '@/components/ui/error-panel';
import { useTagDetails } from '../hooks/use-tag-details';
import type { LastVisit } from '../hooks/use-last-visit';
import { filterTags, sortTags } from '../utils/sort-tags';
import type { SortDir, SortKey, TagRowState } from '../utils/tag-summary';

const ROW_HEIGHT = 44;

/** Checkboxes for picking tags, composed by the route; the feature that acts on the selection names them. */
export interface TagTableSelection {
  selected: ReadonlySet<string>;
  onChange: (next: ReadonlySet<string>) => void;
  labels: { all: string; tag: (tag: string) => string };
}

interface Props {
  repo: string;
  tags: readonly string[];
  filter: string;
  sort: SortKey;
  dir: SortDir;
  onSort: (key: SortKey, dir: SortDir) => void;
  /** Per-row actions composed by the route (e.g. delete), so this feature imports no other. */
  rowActions?: (tag: string) => ReactNode;
  /** Row checkboxes and a "select every tag shown" box, when given. */
  selection?: TagTableSelection;
  /** Marks for a row's digest (e.g. signatures stored about it), composed by the route. */
  digestBadges?: (digest: Digest) => ReactNode;
  /**
   * The last visit's rows (useLastVisit), shown at once and marked as being re-checked: `undefined` while the
   * index is being read (the walk does not wait for it: the rows it holds are merged when it arrives), `null`
   * when there is none. Left out: no index.
   */
  lastVisit?: LastVisit | null | undefined;
  /** False while `tags` is the last visit's list, before tags/list answers. */
  listed?: boolean;
}

/** Every tag of a repository, sortable by name, created and size across ALL tags, windowed for thousands. */
export function TagTable(props: Props) {
  const { repo, tags, filter, sort, dir, onSort, rowActions, selection, digestBadges, lastVisit, listed = true } = props;
  const { t, i18n } = useTranslation();
  const deferredFilter = useDeferredValue(filter);
  const filtered = useMemo(() => filterTags(tags, deferredFilter), [tags, deferredFilter]);
  // rows are sorted with the details known so far; the visible window decides what loads first
  const nameSorted = useMemo(() => sortTags(filtered, new Map(), 'name', sort === 'name' ? dir : 'asc'), [filtered, sort, dir]);
  const v = useVirtualRows(filtered.length, ROW_HEIGHT);
  // rows in view load first, then the overscan below and above them
  const visibleByName = [...nameSorted.slice(v.inViewStart, v.inViewEnd), ...nameSorted.slice(v.inViewEnd, v.end), ...nameSorted.slice(v.start, v.inViewStart)];
  const details = useTagDetails(repo, tags, sort === 'name' ? visibleByName : visibleByName.slice(0, 0), { lastVisit, listed, withPlatforms: sort !== 'name' });
  const ordered = useMemo(
    // nameSorted is in ascending name order whenever the sort is not by name: ties keep it without sorting again
    () => (sort === 'name' ? nameSorted : sortTags(filtered, details.rows, sort, dir, nameSorted)),
    [sort, nameSorted, filtered, details.rows, dir],
  );
  const visible = ordered.slice(v.start, v.end);
  const complete = details.done + details.failed >= details.total;
  const shownSelected = selection ? filtered.filter((tag) => selection.selected.has(tag)).length : 0;
  const toggleAll = () => {
    if (!selection) return;
    const next = new Set(selection.selected);
    const all = shownSelected === filtered.length;
    for (const tag of filtered) {
      if (all) next.delete(tag);
      else next.add(tag);
    }
    selection.onChange(next);
  };

  // a sortable column: its header is a button, and aria-sort says which way the rows are sorted by it
  const sortable = (key: SortKey, label: string, align?: 'right'): Column => {
    const active = sort === key;
    const nextDir: SortDir = active && dir === 'asc' ? 'desc' : key === 'name' ? 'asc' : active ? 'asc' : 'desc';
    return {
      key,
      align,
      sort: active ? (dir === 'asc' ? 'ascending' : 'descending') : 'none',
      header: (
        <button type="button" className="inline-flex items-center gap-1 rounded focus-visible:outline-2 focus-visible:outline-teal-600" onClick={() => onSort(key, nextDir)}>
          {label}
          <span aria-hidden="true" className="text-xs">{active ? (dir === 'asc' ? '▲' : '▼') : '↕'}</span>
        </button>
      ),
    };
  };
  const columns: Column[] = [
    ...(selection
      ? [
          {
            key: 'select',
            className: 'w-8',
            header: (
              <input
                type="checkbox"
                aria-label={selection.labels.all}
                checked={filtered.length > 0 && shownSelected === filtered.length}
                ref={(el) => {
                  if (el) el.indeterminate = shownSelected > 0 && shownSelected < filtered.length;
                }}
                onChange={toggleAll}
              />
            ),
          },
        ]
      : []),
    sortable('name', t('tags.tag')),
    { key: 'digest', header: t('tags.digest') },
    sortable('size', t('tags.size'), 'right'),
    sortable('created', t('tags.created')),
    { key: 'platforms', header: t('tags.platforms') },
    ...(rowActions ? [{ key: 'actions', header: t('tags.actions'), hidden: true }] : []),
  ];

  return (
    <div className="space-y-2">
      <div className="flex min-h-6 flex-wrap items-center gap-3 text-sm text-slate-600 dark:text-slate-300">
        <span>{t('tags.shown', { shown: formatCount(filtered.length, i18n.language), total: formatCount(tags.length, i18n.language) })}</span>
        {!complete ? (
          <ProgressBar
            value={details.done + details.failed}
            max={details.total}
            label={t('tags.loadingDetails', { done: formatCount(details.done + details.failed, i18n.language), total: formatCount(details.total, i18n.language) })}
          />
        ) : null}
        {details.checking > 0 || !listed ? <span role="status" className="text-slate-600 dark:text-slate-300">{t('tags.checking', { count: details.checking })}</span> : null}
        {!complete && sort !== 'name' ? <span className="text-amber-700 dark:text-amber-300">{t('tags.sortPartial')}</span> : null}
        {details.failed > 0 ? <span className="text-red-700 dark:text-red-300">{t('tags.failedCount', { count: details.failed })}</span> : null}
      </div>
      <div ref={v.scrollRef} onScroll={v.onScroll} className="max-h-[calc(100vh-16rem)] min-h-64 overflow-auto rounded-lg border border-slate-200 dark:border-slate-700">
        <Table label={t('tags.tableLabel', { repo })} columns={columns} sticky headClassName="text-slate-700 dark:text-slate-200" aria-rowcount={ordered.length}>
          <SpacerRow height={v.padTop} />
          {visible.map((tag, i) => (
            <TagRow key={tag} repo={repo} tag={tag} state={details.rows.get(tag)} index={v.start + i + 1} rowActions={rowActions} selection={selection} badges={digestBadges} />
          ))}
          <SpacerRow height={v.padBottom} />
        </Table>
      </div>
    </div>
  );
}

// memo: a scrolled table renders only the rows that came into view, not every row again
const TagRow = memo(function TagRow({ repo, tag, state, index, rowActions, selection, badges }: { repo: string; tag: string; state: TagRowState | undefined; index: number; rowActions?: (tag: string) => ReactNode; selection?: TagTableSelection; badges?: (digest: Digest) => ReactNode }) {
  const actions = rowActions?.(tag);
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const linkId = useId();
  const cells = (() => {
    if (!state || state.status === 'pending') {
      return <Cell colSpan={4} className="text-slate-500 dark:text-slate-400">{t('common.loading')}</Cell>;
    }
    if (state.status === 'error') {
      const kind = errorKey(state.error);
      return (
        <Cell colSpan={4} className="text-red-700 dark:text-red-300">
          {t(`errors.${kind}.title`, { status: (state.error as { status?: number }).status ?? 0 })}
        </Cell>
      );
    }
    const s = state.summary;
    return (
      <>
        <Cell mono>
          <Link to={paths.digest(repo, s.digest)} className="hover:underline" title={s.digest}>
            {shortDigest(s.digest)}
          </Link>
          <CopyButton text={s.digest} label={t('tags.copyDigest')} />
        </Cell>
        <Cell align="right" className="whitespace-nowrap" title={s.fromPlatforms && s.size !== undefined ? t('tags.largestPlatform') : undefined}>
          {s.size === undefined ? (
            s.platforms.length > 1 ? t('tags.perPlatform') : '—'
          ) : s.fromPlatforms ? (
            t('tags.upTo', { size: formatBytes(s.size, lang) })
          ) : (
            formatBytes(s.size, lang)
          )}
        </Cell>
        <Cell title={s.fromPlatforms && s.created ? t('tags.newestPlatform', { date: formatDate(s.created, lang) }) : formatDate(s.created, lang)}>
          {s.created ? <time dateTime={s.created}>{formatRelative(s.created, lang)}</time> : '—'}
        </Cell>
        <Cell className="text-xs text-slate-600 dark:text-slate-300">
          {s.artifactType ? <span className="mr-1 rounded bg-violet-100 px-1 text-violet-900 dark:bg-violet-900 dark:text-violet-100">{t('tags.artifact')}</span> : null}
          {s.platforms.join(', ')}
          {s.attestations > 0 ? <span className="ml-1 text-slate-500 dark:text-slate-400">{t('tags.attestations', { count: s.attestations })}</span> : null}
          {badges?.(s.digest)}
        </Cell>
      </>
    );
  })();
  return (
    <Row
      aria-rowindex={index}
      // shown from the last visit until the registry confirms it
      aria-busy={state?.status === 'done' && state.checking ? true : undefined}
      title={state?.status === 'done' && state.checking ? t('tags.rowChecking') : undefined}
      style={{ height: ROW_HEIGHT }}
      className={`hover:bg-teal-50 dark:hover:bg-slate-800${state?.status === 'done' && state.checking ? ' text-slate-500 italic dark:text-slate-400' : ''}`}
    >
      {selection ? (
        <Cell>
          <input
            type="checkbox"
            // named by the tag's link, so the row's name still starts with the tag
            aria-labelledby={linkId}
            title={selection.labels.tag(tag)}
            checked={selection.selected.has(tag)}
            onChange={(e) => {
              const next = new Set(selection.selected);
              if (e.target.checked) next.add(tag);
              else next.delete(tag);
              selection.onChange(next);
            }}
          />
        </Cell>
      ) : null}
      <RowHeader className="max-w-xs truncate">
        <Link id={linkId} to={paths.tag(repo, tag)} className="font-medium text-teal-800 hover:underline focus-visible:outline-2 focus-visible:outline-teal-600 dark:text-teal-300">
          {tag}
        </Link>
      </RowHeader>
      {cells}
      {actions !== undefined ? <Cell align="right">{actions}</Cell> : null}
    </Row>
  );
});

import { useDeferredValue, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from '@/lib/i18n';
import { Button } from '@/components/ui/button';
import { ErrorPanel } from '@/components/ui/error-panel';
import { ProgressBar } from '@/components/ui/progress-bar';
import { formatCount, formatDate, formatRelative } from '@/lib/format';
import { shortDigest } from '@/registry/digest';
import { useRepositoryInventory } from '../hooks/use-repository-inventory';
import { useRegistryScan } from '../hooks/use-registry-scan';
import { planRetention, type RetentionRules, type TagDecision } from '../utils/retention';
import { reasonText } from '../utils/reason-text';
import { estimateReclaimable } from '../utils/reclaimable';
import { rulesFromParams, withoutCleanup } from '../utils/rules-url';
import { CleanupDialog } from './cleanup-dialog';
import { ReclaimableSummary } from './reclaimable-summary';
import { RulesForm, type RuleField } from './rules-form';
import { SchedulePanel } from './schedule-panel';
import { ScrollRegion } from '@/components/ui/scroll-region';
import { Cell, Row, RowHeader, Table } from '@/components/ui/table';

const FIELDS: RuleField[] = ['keepNewest', 'olderThan', 'include', 'exclude', 'syntax', 'keep'];

function PreviewTable({ label, decisions, rules }: { label: string; decisions: TagDecision[]; rules: RetentionRules }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <ScrollRegion label={label} className="max-h-[32rem] rounded-lg border border-slate-200 dark:border-slate-700">
      <Table
        label={label}
        sticky
        columns={[
          { key: 'tag', header: t('cleanup.preview.tag') },
          { key: 'created', header: t('cleanup.preview.created') },
          { key: 'digest', header: t('cleanup.preview.digest') },
          { key: 'why', header: t('cleanup.preview.why') },
        ]}
      >
        {decisions.map((d) => (
          <Row key={d.tag}>
            <RowHeader>{d.tag}</RowHeader>
            <Cell title={formatDate(d.created, lang)}>{d.created ? <time dateTime={d.created}>{formatRelative(d.created, lang)}</time> : '—'}</Cell>
            <Cell mono title={d.digest}>{shortDigest(d.digest)}</Cell>
            <Cell className="text-slate-700 dark:text-slate-200">{d.reasons.map((r) => reasonText(t, r, rules)).join('; ')}</Cell>
          </Row>
        ))}
      </Table>
    </ScrollRegion>
  );
}

/**
 * Retention rules for one repository and their dry-run preview: what goes, what stays and why, and the
 * space garbage collection would get back. Rules live in the URL. Running needs DELETE_IMAGES and a
 * confirmation that lists every digest and tag.
 */
export function CleanupPanel({ repo, deleteEnabled }: { repo: string; deleteEnabled: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [params, setParams] = useSearchParams();
  const query = params.toString();
  const parsed = useMemo(() => rulesFromParams(new URLSearchParams(query)), [query]);
  const rules = useDeferredValue(parsed.rules);
  const values = Object.fromEntries(FIELDS.map((f) => [f, params.get(f) ?? ''])) as Record<RuleField, string>;
  const onChange = (field: RuleField, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(field, value);
    else next.delete(field);
    setParams(next, { replace: true });
  };

  const [attempt, setAttempt] = useState(0);
  const inv = useRepositoryInventory(repo, true, attempt);
  const scan = useRegistryScan(repo);
  const [confirming, setConfirming] = useState(false);
  // "older than D days" is measured from when the repository was read
  const now = useMemo(() => (inv.done ? Date.now() : 0), [inv.done]);
  const plan = useMemo(() => (inv.inventory ? planRetention(inv.inventory, rules, now) : undefined), [inv.inventory, rules, now]);
  const groups = plan?.groups ?? [];
  const estimate = useMemo(
    () => (plan && inv.inventory ? estimateReclaimable(inv.inventory.manifests, inv.inventory.tags.map((f) => f.digest), plan.deleteDigests, scan.state.status === 'done' ? scan.state.used : undefined) : undefined),
    [plan, inv.inventory, scan.state],
  );
  const going = plan?.decisions.filter((d) => d.action === 'delete') ?? [];
  const staying = plan?.decisions.filter((d) => d.action === 'keep') ?? [];
  const ok = plan && plan.errors.length === 0;

  return (
    <section aria-labelledby="cleanup-title" className="space-y-3">
      <div className="flex flex-wrap items-center gap-3">
        <h2 id="cleanup-title" className="text-lg font-semibold">{t('cleanup.preview.title')}</h2>
        <Link to={{ search: withoutCleanup(params).toString() }} className="ml-auto text-sm text-teal-800 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-teal-600 dark:text-teal-300">
          {t('cleanup.preview.close')}
        </Link>
      </div>
      <p className="text-sm text-slate-700 dark:text-slate-200">{t('cleanup.preview.intro')}</p>
      <RulesForm values={values} onChange={onChange} invalid={parsed.invalid} errors={plan?.errors ?? []} />

      {!inv.done ? (
        <ProgressBar value={inv.checked} max={inv.total} label={t('cleanup.preview.reading', { done: formatCount(inv.checked, lang), total: formatCount(inv.total, lang) })} />
      ) : null}
      {inv.error ? <ErrorPanel error={inv.error} onRetry={() => setAttempt((a) => a + 1)} context={repo} /> : null}
      {inv.done && inv.failed.length > 0 ? (
        <div role="alert" className="space-y-2">
          <p className="text-red-800 dark:text-red-300">{t('cleanup.preview.readFailed', { count: inv.failed.length, tags: inv.failed.slice(0, 10).map((f) => f.tag).join(', ') })}</p>
          <ErrorPanel error={inv.failed[0]!.error} onRetry={() => setAttempt((a) => a + 1)} context={inv.failed[0]!.tag} />
        </div>
      ) : null}

      {ok ? (
        <>
          <p role="status" className="font-medium" data-testid="cleanup-summary">
            {t('cleanup.preview.summary', {
              count: going.length,
              formatted: formatCount(going.length, lang),
              digests: formatCount(groups.length, lang),
              staying: formatCount(staying.length, lang),
            })}
          </p>
          {going.length > 0 && estimate ? <ReclaimableSummary repo={repo} estimate={estimate} scan={scan} /> : null}
          {going.length > 0 ? (
            deleteEnabled ? (
              <Button variant="danger" onClick={() => setConfirming(true)}>{t('cleanup.preview.run', { count: going.length, formatted: formatCount(going.length, lang) })}</Button>
            ) : (
              <p className="text-sm text-slate-700 dark:text-slate-200">{t('cleanup.preview.dryRunOnly')}</p>
            )
          ) : null}
          <h3 className="font-semibold">{t('cleanup.preview.goingTitle', { count: going.length })}</h3>
          {going.length > 0 ? <PreviewTable label={t('cleanup.preview.goingLabel')} decisions={going} rules={rules} /> : <p className="text-sm">{t('cleanup.preview.nothingGoes')}</p>}
          <h3 className="font-semibold">{t('cleanup.preview.stayingTitle', { count: staying.length })}</h3>
          {staying.length > 0 ? <PreviewTable label={t('cleanup.preview.stayingLabel')} decisions={staying} rules={rules} /> : null}
          <SchedulePanel repo={repo} rules={rules} />
        </>
      ) : null}

      {confirming ? (
        <CleanupDialog
          repo={repo}
          open
          title={t('cleanup.preview.confirmTitle', { repo })}
          groups={groups}
          space={estimate ? <ReclaimableSummary repo={repo} estimate={estimate} scan={scan} /> : null}
          onClose={(ran) => {
            setConfirming(false);
            if (ran) setAttempt((a) => a + 1);
          }}
        />
      ) : null}
    </section>
  );
}

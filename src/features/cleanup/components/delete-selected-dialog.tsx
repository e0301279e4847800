import { useMemo, useState } from 'react';
import { useTranslation } from '@/lib/i18n';
import { useRepositoryInventory } from '../hooks/use-repository-inventory';
import { useRegistryScan } from '../hooks/use-registry-scan';
import { planDelete } from '../utils/delete-plan';
import { estimateReclaimable } from '../utils/reclaimable';
import { CleanupDialog } from './cleanup-dialog';
import { InventoryStatus } from './inventory-status';
import { ReclaimableSummary } from './reclaimable-summary';

/**
 * Deletes the selected tags with the shared-digest rules: the repository is read afresh, every tag sharing a
 * selected digest is listed (and marked as not selected), and a platform manifest of a multi-arch image that
 * stays is refused.
 */
export function DeleteSelectedDialog({ repo, selected, onClose }: { repo: string; selected: ReadonlySet<string>; onClose: (ran: boolean) => void }) {
  const { t } = useTranslation();
  const [attempt, setAttempt] = useState(0);
  const inv = useRepositoryInventory(repo, true, attempt);
  const scan = useRegistryScan(repo);
  const ready = inv.done && !inv.error && inv.failed.length === 0 && inv.inventory;
  const plan = useMemo(() => (ready ? planDelete(selected, { digests: inv.digests, manifests: inv.inventory!.manifests }) : undefined), [ready, selected, inv.digests, inv.inventory]);
  const estimate = useMemo(
    () => (plan && inv.inventory ? estimateReclaimable(inv.inventory.manifests, inv.digests.values(), new Set(plan.groups.map((g) => g.digest)), scan.state.status === 'done' ? scan.state.used : undefined) : undefined),
    [plan, inv.inventory, inv.digests, scan.state],
  );

  const status = (
    <>
      <InventoryStatus inventory={inv} onRetry={() => setAttempt((a) => a + 1)} />
      {plan && plan.gone.length > 0 ? <p role="status">{t('cleanup.select.gone', { count: plan.gone.length, tags: plan.gone.join(', ') })}</p> : null}
      {plan && plan.blocked.length > 0 ? (
        <div role="alert" className="rounded border border-amber-300 bg-amber-50 p-2 dark:border-amber-700 dark:bg-amber-950">
          <p className="font-medium">{t('cleanup.select.blocked', { count: plan.blocked.length })}</p>
          <ul className="list-disc pl-5">
            {plan.blocked.map((b) => <li key={b.tag}>{t('cleanup.select.blockedItem', { tag: b.tag, index: b.index })}</li>)}
          </ul>
        </div>
      ) : null}
    </>
  );

  return (
    <CleanupDialog
      repo={repo}
      open
      title={t('cleanup.select.title', { count: selected.size, repo })}
      groups={plan?.groups}
      status={status}
      space={estimate ? <ReclaimableSummary repo={repo} estimate={estimate} scan={scan} /> : null}
      onClose={onClose}
    />
  );
}

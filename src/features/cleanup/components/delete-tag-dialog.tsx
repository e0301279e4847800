import { useMemo, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from '@/lib/i18n';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { ErrorPanel } from '@/components/ui/error-panel';
import { deleteCalls, invalidateAfterDelete } from '@/queries/delete';
import type { Digest } from '@/registry/digest';
import { isRegistryError } from '@/registry/errors';
import { useRepositoryInventory } from '../hooks/use-repository-inventory';
import { executeDelete, isArtifactOnly, planDelete, type DeleteProgress, type DeleteTarget } from '../utils/delete-plan';
import { ArtifactsOption } from './cleanup-dialog';
import { GcGuidance } from './gc-guidance';
import { InventoryStatus } from './inventory-status';

interface Props {
  repo: string;
  tag: string;
  open: boolean;
  onClose: () => void;
  /** Called after the registry accepted the delete (or it was already gone). */
  onDeleted?: () => void;
}

/**
 * Confirms a tag delete. A DELETE removes the manifest, so every tag that points at the same digest goes
 * with it: the dialog re-reads all tags first and lists each one, and the delete re-checks the tag.
 */
export function DeleteTagDialog({ repo, tag, open, onClose, onDeleted }: Props) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [attempt, setAttempt] = useState(0);
  // the whole inventory, not only tag → digest: a tag whose manifest is a platform of a multi-arch image
  // another tag keeps must not be deleted (the index would dangle), the same rule as the multi-select dialog
  const map = useRepositoryInventory(repo, open, attempt);
  const [withArtifacts, setWithArtifacts] = useState(true);
  // the one delete plan: every tag on the digest, a platform of a multi-arch image another tag keeps refused,
  // and the signatures, attestations and referrers tags of the image taken along
  const plan = useMemo(
    () => (map.done && map.inventory ? planDelete([tag], { digests: map.digests, manifests: map.inventory.manifests }) : undefined),
    [map.done, map.inventory, map.digests, tag],
  );
  const blocked = plan?.blocked ?? [];
  const main = plan?.groups.find((g) => !isArtifactOnly(g));
  const extra = plan?.groups.filter(isArtifactOnly) ?? [];
  const extraTags = extra.flatMap((g) => g.tags);
  const mutation = useMutation({
    mutationKey: ['delete-tag'],
    mutationFn: (targets: DeleteTarget[]) => executeDelete(targets, deleteCalls(client, repo), { signal: new AbortController().signal }),
    onSettled: () => invalidateAfterDelete(client, repo),
  });
  const digest: Digest | undefined = map.digests.get(tag);
  const shared = main?.tags ?? (digest ? [tag] : []);
  const others = shared.filter((x) => x !== tag);
  const ready = map.done && !map.error && map.failed.length === 0 && !!map.inventory && !!digest && !!main && blocked.length === 0;
  const outcome = mutation.data ? outcomeOf(mutation.data, tag) : undefined;
  const close = () => {
    mutation.reset();
    onClose();
  };
  const start = () => {
    if (!main) return;
    const targets: DeleteTarget[] = [main, ...(withArtifacts ? extra : [])].map((g) => ({ digest: g.digest, tags: g.tags, subject: g.subject }));
    mutation.mutate(targets);
  };

  const body = () => {
    if (outcome?.status === 'deleted' || outcome?.status === 'already-gone') {
      const went = mutation.data ? [...mutation.data.results].filter(([x, r]) => !shared.includes(x) && r.outcome?.status === 'deleted').map(([x]) => x) : [];
      return (
        <div className="space-y-3 text-sm">
          <p role="status" className="font-medium text-teal-800 dark:text-teal-300">
            {outcome.status === 'deleted' ? t('cleanup.delete.done', { count: shared.length, tags: shared.join(', ') }) : t('cleanup.delete.alreadyGone')}
          </p>
          {went.length > 0 ? <p className="break-all">{t('cleanup.artifacts.wentToo', { tags: went.join(', ') })}</p> : null}
          <GcGuidance />
          <div className="flex justify-end">
            <Button data-autofocus variant="primary" onClick={() => { close(); onDeleted?.(); }}>{t('common.close')}</Button>
          </div>
        </div>
      );
    }
    return (
      <div className="space-y-3 text-sm">
        <InventoryStatus inventory={map} onRetry={() => setAttempt((a) => a + 1)} />
        {map.done && !map.error && !digest ? <p role="alert">{t('cleanup.delete.tagGone', { tag })}</p> : null}
        {digest ? (
          <>
            <p>{t('cleanup.delete.explain', { tag })}</p>
            <p className="break-all font-mono text-xs" data-testid="delete-digest">{digest}</p>
            {map.done && blocked.length > 0 ? (
              <div className="rounded border border-red-300 bg-red-50 p-3 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100" role="alert">
                <ul className="list-disc pl-5">
                  {blocked.map((b) => <li key={b.tag}>{t('cleanup.select.blockedItem', { tag: b.tag, index: b.index })}</li>)}
                </ul>
              </div>
            ) : map.done ? (
              others.length > 0 ? (
                <div className="rounded border border-amber-300 bg-amber-50 p-3 dark:border-amber-700 dark:bg-amber-950" role="alert">
                  <p className="font-semibold">{t('cleanup.delete.sharedWarning', { count: others.length })}</p>
                  <ul className="mt-1 max-h-40 list-disc overflow-auto pl-5" aria-label={t('cleanup.delete.sharedList')} tabIndex={0}>
                    {shared.map((x) => <li key={x}>{x}</li>)}
                  </ul>
                </div>
              ) : (
                <p>{t('cleanup.delete.onlyThisTag', { tag })}</p>
              )
            ) : null}
          </>
        ) : null}
        {map.done && ready && extraTags.length > 0 ? (
          <div>
            <p className="font-medium">{t('cleanup.artifacts.listLabel')}</p>
            <ul className="list-disc break-all pl-5" aria-label={t('cleanup.artifacts.listLabel')}>
              {extra.map((g) => g.tags.map((x) => <li key={x}>{x} <span className="text-slate-700 dark:text-slate-200">({t(`cleanup.artifacts.kind.${g.kind ?? 'referrers'}`, { tag: g.subject === main?.digest ? tag : (plan?.groups.find((h) => h.digest === g.subject)?.tags[0] ?? tag) })})</span></li>))}
            </ul>
            <ArtifactsOption count={extraTags.length} checked={withArtifacts} onChange={setWithArtifacts} orphaned={withArtifacts ? [] : extraTags} />
          </div>
        ) : null}
        {outcome?.status === 'moved' ? (
          <div role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
            {t('cleanup.delete.moved', { tag })}
            <Button className="ml-2" onClick={() => { mutation.reset(); setAttempt((a) => a + 1); }}>{t('cleanup.delete.recheck')}</Button>
          </div>
        ) : null}
        {outcome?.status === 'kept' ? (
          <div role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
            {t('cleanup.delete.keptBy', { tag: outcome.by })}
            <Button className="ml-2" onClick={() => { mutation.reset(); setAttempt((a) => a + 1); }}>{t('cleanup.delete.recheck')}</Button>
          </div>
        ) : null}
        {outcome?.status === 'failed' || outcome?.status === 'not-run' || mutation.isError ? (
          <ErrorPanel error={errorOf(mutation.data, mutation.error, outcome)} context={unsupported(errorOf(mutation.data, mutation.error, outcome)) ? t('cleanup.delete.unsupportedContext') : undefined} />
        ) : null}
        <div className="flex justify-end gap-2 pt-2">
          <Button data-autofocus onClick={close}>{t('common.cancel')}</Button>
          <Button
            variant="danger"
            disabled={!ready || mutation.isPending || mutation.isError || outcome !== undefined}
            onClick={start}
          >
            {mutation.isPending ? t('cleanup.delete.deleting') : shared.length > 1 ? t('cleanup.delete.confirmShared', { count: shared.length }) : t('cleanup.delete.confirm')}
          </Button>
        </div>
      </div>
    );
  };

  return (
    <Dialog open={open} onClose={close} title={t('cleanup.delete.title', { repo, tag })}>
      {body()}
    </Dialog>
  );
}

type Outcome = NonNullable<ReturnType<DeleteProgress['results']['get']>>['outcome'];

/** The outcome of the tag the dialog is about. */
function outcomeOf(p: DeleteProgress, tag: string): Outcome {
  return p.results.get(tag)?.outcome;
}

/** What to show when the delete did not happen: the tag's own error, or the one that stopped the run. */
function errorOf(p: DeleteProgress | undefined, thrown: unknown, outcome: Outcome): unknown {
  if (outcome?.status === 'failed') return outcome.error;
  return p?.stoppedBy ?? thrown;
}

const unsupported = (e: unknown) => isRegistryError(e) && e.kind === 'unsupported';

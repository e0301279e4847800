import { useMemo, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { ErrorPanel } from '@/components/ui/error-panel';
import { ProgressBar } from '@/components/ui/progress-bar';
import { deleteTagMutation, TagMovedError } from '@/queries/delete';
import { naturalCompare } from '@/lib/natural-sort';
import { formatCount } from '@/lib/format';
import type { Digest } from '@/registry/digest';
import { isRegistryError } from '@/registry/errors';
import { tagsSharing } from '../hooks/use-digest-map';
import { useRepositoryInventory } from '../hooks/use-repository-inventory';
import { planSelection } from '../utils/selection';
import { GcGuidance } from './gc-guidance';

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
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const [attempt, setAttempt] = useState(0);
  // the whole inventory, not only tag → digest: a tag whose manifest is a platform of a multi-arch image
  // another tag keeps must not be deleted (the index would dangle), the same rule as the multi-select dialog
  const map = useRepositoryInventory(repo, open, attempt);
  const blocked = useMemo(
    () => (map.done && map.inventory ? planSelection([tag], map.digests, map.inventory.manifests).blocked : []),
    [map.done, map.inventory, map.digests, tag],
  );
  const mutation = useMutation(deleteTagMutation(client));
  const digest: Digest | undefined = map.digests.get(tag);
  const shared = digest ? tagsSharing(map.digests, new Set([digest])).sort(naturalCompare) : [];
  const others = shared.filter((x) => x !== tag);
  const ready = map.done && !map.error && map.failed.length === 0 && !!map.inventory && !!digest && blocked.length === 0;
  const close = () => {
    mutation.reset();
    onClose();
  };

  const body = () => {
    if (mutation.isSuccess) {
      return (
        <div className="space-y-3 text-sm">
          <p role="status" className="font-medium text-teal-800 dark:text-teal-300">
            {mutation.data === 'deleted' ? t('cleanup.delete.done', { count: shared.length, tags: shared.join(', ') }) : t('cleanup.delete.alreadyGone')}
          </p>
          <GcGuidance />
          <div className="flex justify-end">
            <Button data-autofocus variant="primary" onClick={() => { close(); onDeleted?.(); }}>{t('common.close')}</Button>
          </div>
        </div>
      );
    }
    return (
      <div className="space-y-3 text-sm">
        {!map.done ? (
          <ProgressBar value={map.checked} max={map.total} label={t('cleanup.delete.checking', { done: formatCount(map.checked, i18n.language), total: formatCount(map.total, i18n.language) })} />
        ) : null}
        {map.error ? <ErrorPanel error={map.error} onRetry={() => setAttempt((a) => a + 1)} /> : null}
        {map.done && map.failed.length > 0 ? (
          <div role="alert" className="text-red-800 dark:text-red-300">
            {t('cleanup.delete.checkFailed', { count: map.failed.length })}
            <Button className="ml-2" onClick={() => setAttempt((a) => a + 1)}>{t('common.retry')}</Button>
          </div>
        ) : null}
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
        {mutation.isError ? (
          mutation.error instanceof TagMovedError ? (
            <div role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
              {t('cleanup.delete.moved', { tag })}
              <Button className="ml-2" onClick={() => { mutation.reset(); setAttempt((a) => a + 1); }}>{t('cleanup.delete.recheck')}</Button>
            </div>
          ) : (
            <ErrorPanel error={mutation.error} context={isRegistryError(mutation.error) && mutation.error.kind === 'unsupported' ? t('cleanup.delete.unsupportedContext') : undefined} />
          )
        ) : null}
        <div className="flex justify-end gap-2 pt-2">
          <Button data-autofocus onClick={close}>{t('common.cancel')}</Button>
          <Button
            variant="danger"
            disabled={!ready || mutation.isPending || mutation.isError}
            onClick={() => digest && mutation.mutate({ repo, tag, digest })}
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

/**
 * The delete action for a tag. It only asks to open the dialog: the page owns the dialog, so the dialog
 * survives the refresh that removes the deleted rows.
 */
export function DeleteTagButton({ tag, onOpen, compact = false }: { tag: string; onOpen: (tag: string) => void; compact?: boolean }) {
  const { t } = useTranslation();
  return (
    <Button variant={compact ? 'ghost' : 'danger'} className={compact ? 'px-2 py-0.5 text-xs text-red-700 dark:text-red-300' : ''} aria-label={t('cleanup.delete.buttonLabel', { tag })} onClick={() => onOpen(tag)}>
      {t('cleanup.delete.button')}
    </Button>
  );
}

import { useState, type ReactNode } from 'react';
import { useTranslation } from '@/lib/i18n';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { formatCount } from '@/lib/format';
import { useCleanupRun } from '../hooks/use-cleanup-run';
import { isArtifactOnly, type DeleteGroup } from '../utils/delete-plan';
import { CleanupRun } from './cleanup-run';

interface Props {
  repo: string;
  open: boolean;
  title: string;
  /** What goes, by digest; undefined while it is being worked out. */
  groups: readonly DeleteGroup[] | undefined;
  /** Shown above the list: progress of the checks, errors, refusals. */
  status?: ReactNode;
  /** Reclaimable space for these groups. */
  space?: ReactNode;
  /** `ran`: a cleanup was run (the caller clears its selection, refreshes its preview). */
  onClose: (ran: boolean) => void;
}

/**
 * The one confirmation of a multi-tag delete or a cleanup: every digest that will be deleted and EVERY tag
 * that goes with it, then the run itself in the same dialog.
 */
export function CleanupDialog({ repo, open, title, groups, status, space, onClose }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const run = useCleanupRun(repo);
  // signatures, attestations and referrers the plan takes along: on by default, the user may leave them
  const [withArtifacts, setWithArtifacts] = useState(true);
  const extra = groups?.filter(isArtifactOnly) ?? [];
  const shown = withArtifacts ? groups : groups?.filter((g) => !isArtifactOnly(g));
  const subjectTag = new Map(groups?.map((g) => [g.digest, g.tags[0] ?? g.digest]) ?? []);
  const extraTags = extra.flatMap((g) => g.tags);
  const tagCount = shown?.reduce((n, g) => n + g.tags.length, 0) ?? 0;
  // while a run is going, Escape and Close mean Stop: the dialog stays until the summary is read
  const close = () => (run.started && !run.done ? run.stop() : onClose(run.started));

  return (
    <Dialog open={open} onClose={close} title={title}>
      {run.started ? (
        <CleanupRun repo={repo} run={run} onClose={() => onClose(true)} />
      ) : (
        <div className="space-y-3 text-sm">
          {status}
          {shown && shown.length > 0 ? (
            <>
              <p className="font-medium">{t('cleanup.confirm.summary', { count: tagCount, formatted: formatCount(tagCount, lang), digests: formatCount(shown.length, lang) })}</p>
              <p>{t('cleanup.confirm.explain')}</p>
              <ul className="max-h-72 space-y-2 overflow-auto rounded border border-slate-200 p-2 dark:border-slate-700" aria-label={t('cleanup.confirm.digestsLabel')} tabIndex={0}>
                {shown.map((g) => (
                  <li key={g.digest}>
                    <code className="break-all text-xs">{g.digest}</code>
                    {g.subject && g.kind ? <span className="ml-2 text-xs text-slate-700 dark:text-slate-200">{t(`cleanup.artifacts.kind.${g.kind}`, { tag: subjectTag.get(g.subject) ?? g.subject })}</span> : null}
                    <ul className="ml-4 list-disc pl-4" aria-label={t('cleanup.confirm.tagsOf', { digest: g.digest })}>
                      {g.tags.map((tag) => {
                        // a signature's own tag goes because of what it signs (said beside its digest), not because it shares a digest
                        const shares = g.added.includes(tag) && !isArtifactOnly(g);
                        return (
                          <li key={tag} data-tag={tag}>
                            {tag}
                            {shares ? ' ' : null}
                            {shares ? <span className="ml-2 font-medium text-amber-800 dark:text-amber-300">{t('cleanup.confirm.added')}</span> : null}
                          </li>
                        );
                      })}
                    </ul>
                  </li>
                ))}
              </ul>
              {extra.length > 0 ? (
                <ArtifactsOption count={extraTags.length} checked={withArtifacts} onChange={setWithArtifacts} orphaned={withArtifacts ? [] : extraTags} />
              ) : null}
              {space}
            </>
          ) : null}
          {shown && shown.length === 0 ? <p>{t('cleanup.confirm.nothing')}</p> : null}
          <div className="flex justify-end gap-2 pt-2">
            <Button data-autofocus onClick={() => onClose(false)}>{t('common.cancel')}</Button>
            <Button variant="danger" disabled={!shown || shown.length === 0} onClick={() => shown && run.start(shown.map((g) => ({ digest: g.digest, tags: g.tags, subject: g.subject })))}>
              {t('cleanup.confirm.button', { count: tagCount, formatted: formatCount(tagCount, lang) })}
            </Button>
          </div>
        </div>
      )}
    </Dialog>
  );
}

/**
 * The choice to take the signatures, attestations and referrers tags of what goes along with it (on by
 * default), and what is left pointing at nothing when it is off.
 */
export function ArtifactsOption({ count, checked, onChange, orphaned }: { count: number; checked: boolean; onChange: (v: boolean) => void; orphaned: readonly string[] }) {
  const { t } = useTranslation();
  return (
    <div className="space-y-1">
      <label className="flex items-start gap-2">
        <input type="checkbox" className="mt-1" checked={checked} onChange={(e) => onChange(e.target.checked)} />
        <span>{t('cleanup.artifacts.option', { count })}</span>
      </label>
      {orphaned.length > 0 ? (
        <p role="alert" className="break-all text-amber-800 dark:text-amber-300">{t('cleanup.artifacts.orphaned', { count: orphaned.length, tags: orphaned.join(', ') })}</p>
      ) : null}
    </div>
  );
}

import { useTranslation } from '@/lib/i18n';
import { CopyButton } from '@/components/ui/copy-button';

/**
 * What a repository with no tags left is, and what an operator does about it: the V2 API has no repository
 * delete, so the name stays in the catalog until its directory is removed from storage, offline.
 */
export function EmptyRepositoryNote({ repo }: { repo: string }) {
  const { t } = useTranslation();
  const commands = `# with the registry stopped (or read-only)
rm -rf /var/lib/registry/docker/registry/v2/repositories/${repo}
registry garbage-collect /etc/docker/registry/config.yml`;
  return (
    <div className="rounded border border-slate-300 p-3 text-sm dark:border-slate-600">
      <p className="font-medium">{t('cleanup.emptyRepo.title', { repo })}</p>
      <p className="mt-1">{t('cleanup.emptyRepo.why')}</p>
      <p className="mt-1">{t('cleanup.emptyRepo.operator')}</p>
      <div className="mt-1 flex items-start gap-2">
        <pre className="flex-1 overflow-auto rounded bg-slate-100 p-2 text-xs dark:bg-slate-800" tabIndex={0}>{commands}</pre>
        <CopyButton text={commands} />
      </div>
      <p className="mt-1">{t('cleanup.emptyRepo.hide')}</p>
    </div>
  );
}

import { useTranslation } from 'react-i18next';
import { CopyButton } from '@/components/ui/copy-button';

const CONTAINER = `# 1. stop the registry (or restart it read-only: REGISTRY_STORAGE_MAINTENANCE_READONLY='{"enabled":true}')
docker stop registry
# 2. see what would be removed, then remove it
docker run --rm -v registry-data:/var/lib/registry registry:2 garbage-collect --dry-run /etc/docker/registry/config.yml
docker run --rm -v registry-data:/var/lib/registry registry:2 garbage-collect /etc/docker/registry/config.yml
# 3. start it again
docker start registry`;

const PACKAGE = `sudo systemctl stop docker-registry
sudo docker-registry garbage-collect --dry-run /etc/docker/registry/config.yml
sudo docker-registry garbage-collect /etc/docker/registry/config.yml
sudo systemctl start docker-registry`;

function Commands({ text, label }: { text: string; label: string }) {
  return (
    <div className="mt-2">
      <div className="flex items-center gap-2 text-xs font-medium">
        {label}
        <CopyButton text={text} />
      </div>
      <pre className="mt-1 overflow-auto rounded bg-slate-100 p-2 text-xs dark:bg-slate-800" tabIndex={0}>{text}</pre>
    </div>
  );
}

/** Deleting a manifest frees no disk until garbage collection runs offline; say how, and what to avoid. */
export function GcGuidance() {
  const { t } = useTranslation();
  return (
    <details className="rounded-lg border border-slate-200 p-3 text-sm dark:border-slate-700">
      <summary className="cursor-pointer font-medium">{t('cleanup.gc.title')}</summary>
      <p className="mt-2">{t('cleanup.gc.why')}</p>
      <Commands text={CONTAINER} label={t('cleanup.gc.container')} />
      <Commands text={PACKAGE} label={t('cleanup.gc.package')} />
      <p className="mt-2">{t('cleanup.gc.dryRun')}</p>
      <p className="mt-2 font-medium text-amber-800 dark:text-amber-300">{t('cleanup.gc.deleteUntagged')}</p>
    </details>
  );
}

import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from '@/lib/i18n';
import { CopyButton } from '@/components/ui/copy-button';
import { registryFlavourQuery } from '@/queries/registry-flavour';
import type { DistributionVersion } from '@/registry/flavour';

// Distribution 2: registry:2 reads /etc/docker/registry/config.yml. --delete-untagged is left out on purpose: 2.x
// deletes the untagged children of tagged indexes with it (registry/storage/garbagecollect.go before 3.0).
const CONTAINER_2 = `# 1. stop the registry (or restart it read-only: REGISTRY_STORAGE_MAINTENANCE_READONLY='{"enabled":true}')
docker stop registry
# 2. see what would be removed, then remove it
docker run --rm -v registry-data:/var/lib/registry registry:2 garbage-collect --dry-run /etc/docker/registry/config.yml
docker run --rm -v registry-data:/var/lib/registry registry:2 garbage-collect /etc/docker/registry/config.yml
# 3. start it again
docker start registry`;

const PACKAGE_2 = `sudo systemctl stop docker-registry
sudo docker-registry garbage-collect --dry-run /etc/docker/registry/config.yml
sudo docker-registry garbage-collect /etc/docker/registry/config.yml
sudo systemctl start docker-registry`;

// Distribution 3: registry:3 reads /etc/distribution/config.yml (its Dockerfile). Its garbage collector takes the
// manifests a tagged index lists off the deletion list (unmarkReferencedManifest), so --delete-untagged only
// removes what no tag reaches: the platforms of deleted multi-arch images, images pushed by digest alone.
const CONTAINER_3 = `# 1. stop the registry (or restart it read-only: REGISTRY_STORAGE_MAINTENANCE_READONLY='{"enabled":true}')
docker stop registry
# 2. see what would be removed, then remove it
docker run --rm -v registry-data:/var/lib/registry registry:3 garbage-collect --dry-run --delete-untagged /etc/distribution/config.yml
docker run --rm -v registry-data:/var/lib/registry registry:3 garbage-collect --delete-untagged /etc/distribution/config.yml
# 3. start it again
docker start registry`;

const BINARY_3 = `registry garbage-collect --dry-run --delete-untagged /etc/distribution/config.yml
registry garbage-collect --delete-untagged /etc/distribution/config.yml`;

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

function ForVersion({ version, heading }: { version: '2' | '3'; heading: boolean }) {
  const { t } = useTranslation();
  const title = t(version === '3' ? 'cleanup.gc.for3' : 'cleanup.gc.for2');
  return (
    <section aria-label={heading ? title : undefined} className="mt-3">
      {heading ? <h4 className="font-medium">{title}</h4> : null}
      {version === '3' ? (
        <>
          <Commands text={CONTAINER_3} label={t('cleanup.gc.container3')} />
          <Commands text={BINARY_3} label={t('cleanup.gc.binary3')} />
          <p className="mt-2">{t('cleanup.gc.deleteUntagged3')}</p>
        </>
      ) : (
        <>
          <Commands text={CONTAINER_2} label={t('cleanup.gc.container')} />
          <Commands text={PACKAGE_2} label={t('cleanup.gc.package')} />
          <p className="mt-2 font-medium text-amber-800 dark:text-amber-300">{t('cleanup.gc.deleteUntagged')}</p>
        </>
      )}
    </section>
  );
}

const SEEN: Record<DistributionVersion, string> = { '3': 'cleanup.gc.seen3', '2': 'cleanup.gc.seen2', unknown: 'cleanup.gc.seenUnknown' };

/**
 * Deleting a manifest frees no disk until garbage collection runs offline; say how, and what to avoid. The commands
 * differ between Distribution 2 and 3 (config path, and whether --delete-untagged is safe), so the version the
 * registry answers as is asked when the guidance is opened; when it cannot be told, both are shown, each under
 * its condition.
 */
export function GcGuidance() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const flavour = useQuery({ ...registryFlavourQuery(), enabled: open });
  const version = flavour.data?.distribution;
  const notDistribution = flavour.data?.evidence === 'header';
  return (
    <details className="rounded-lg border border-slate-200 p-3 text-sm dark:border-slate-700" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className="cursor-pointer font-medium">{t('cleanup.gc.title')}</summary>
      <p className="mt-2">{t('cleanup.gc.why')}</p>
      {open ? (
        <>
          <p role="status" className="mt-2" data-testid="gc-version" data-version={version ?? 'pending'}>
            {version === undefined ? t('cleanup.gc.detecting') : notDistribution ? t('cleanup.gc.seenOther') : t(SEEN[version])}
          </p>
          {version === '3' || version === '2' ? (
            <>
              <ForVersion version={version} heading={false} />
              <p className="mt-2">{t(version === '3' ? 'cleanup.gc.ifActually2' : 'cleanup.gc.ifActually3')}</p>
            </>
          ) : version === 'unknown' ? (
            <>
              <ForVersion version="3" heading />
              <ForVersion version="2" heading />
            </>
          ) : null}
          {version !== undefined ? <p className="mt-2">{t('cleanup.gc.dryRun')}</p> : null}
        </>
      ) : null}
    </details>
  );
}

import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from '@/lib/i18n';
import { paths } from '@/config/paths';
import { ErrorPanel } from '@/components/ui/error-panel';
import { Spinner } from '@/components/ui/spinner';
import { formatBytes, formatDate } from '@/lib/format';
import { referrersQuery } from '@/queries/referrers';
import { tagsQuery } from '@/queries/tags';
import type { Digest } from '@/registry/digest';
import { parseSupplyChainTag, referrerKind as kindOf, type SupplyChainKind } from '@/registry/referrers';
import { Section, Text } from './fields';
import { ScrollRegion } from '@/components/ui/scroll-region';
import { Cell, Row, RowHeader, Table } from '@/components/ui/table';

const KIND_KEY: Record<SupplyChainKind, string> = {
  signature: 'manifest.kindSignature',
  attestation: 'manifest.kindAttestation',
  sbom: 'manifest.kindSbom',
  referrers: 'manifest.kindReferrers',
};

const KIND_ORDER: Record<SupplyChainKind, number> = { signature: 0, attestation: 1, sbom: 2, referrers: 3 };

/**
 * What refers to this manifest: cosign's `sha256-<hex>.sig|.att|.sbom` tags, and OCI referrers (the referrers
 * API, or the `sha256-<hex>` fallback tag on registries without it, such as distribution 2.8).
 */
export function SupplyChain({ repo, digest }: { repo: string; digest: Digest }) {
  const { t, i18n } = useTranslation();
  const tags = useQuery(tagsQuery(repo));
  const referrers = useQuery(referrersQuery(repo, digest));
  const cosign = (tags.data ?? [])
    .map(parseSupplyChainTag)
    .filter((p) => p !== undefined && p.subject === digest && p.kind !== 'referrers')
    .sort((a, b) => KIND_ORDER[a!.kind] - KIND_ORDER[b!.kind]);
  const list = referrers.data?.manifests ?? [];
  const nothing = tags.isSuccess && referrers.isSuccess && cosign.length === 0 && list.length === 0;
  return (
    <Section title={t('manifest.supplyChain')}>
      {tags.isPending || referrers.isPending ? <Spinner label={t('manifest.loadingSupplyChain')} /> : null}
      {nothing ? <p className="text-sm text-slate-600 dark:text-slate-300">{t('manifest.noSupplyChain')}</p> : null}
      {cosign.length > 0 ? (
        <ul aria-label={t('manifest.cosignTags')} className="mb-3 space-y-1 text-sm">
          {cosign.map((c) => (
            <li key={c!.tag} className="flex flex-wrap items-center gap-2">
              <span className="rounded bg-emerald-100 px-1.5 text-xs text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100">{t(KIND_KEY[c!.kind])}</span>
              <Link className="break-all font-mono text-xs text-teal-800 hover:underline dark:text-teal-300" to={paths.tag(repo, c!.tag)}>{c!.tag}</Link>
            </li>
          ))}
        </ul>
      ) : null}
      {referrers.isError ? <ErrorPanel error={referrers.error} onRetry={() => void referrers.refetch()} /> : null}
      {list.length > 0 ? (
        <ScrollRegion label={t('manifest.referrers')}>
          <Table
            label={t('manifest.referrers')}
            columns={[
              { key: 'type', header: t('manifest.artifactType') },
              { key: 'digest', header: t('manifest.digest') },
              { key: 'size', header: t('manifest.manifestSize'), align: 'right' },
              { key: 'created', header: t('manifest.created') },
            ]}
          >
            {list.map((d, i) => {
              const created = d.annotations?.['org.opencontainers.image.created'];
              return (
                <Row key={`${d.digest}-${i}`}>
                  <RowHeader>
                    {kindOf(d.artifactType) ? <span className="mr-2 rounded bg-emerald-100 px-1.5 text-xs text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100">{t(KIND_KEY[kindOf(d.artifactType)!])}</span> : null}
                    {/* a space, so the badge and the type read as two words */}
                    {kindOf(d.artifactType) ? ' ' : null}
                    <Text mono>{d.artifactType ?? d.mediaType}</Text>
                  </RowHeader>
                  <Cell mono>
                    <Link className="break-all text-teal-800 hover:underline dark:text-teal-300" to={paths.digest(repo, d.digest)}>{d.digest}</Link>
                  </Cell>
                  <Cell align="right">{formatBytes(d.size, i18n.language)}</Cell>
                  <Cell className="whitespace-nowrap">{created ? <time dateTime={created}>{formatDate(created, i18n.language)}</time> : '—'}</Cell>
                </Row>
              );
            })}
          </Table>
        </ScrollRegion>
      ) : null}
      {referrers.data ? (
        <p className="mt-2 text-xs text-slate-600 wrap-anywhere dark:text-slate-400">
          {referrers.data.source === 'api'
            ? t('manifest.referrersFromApi')
            : referrers.data.ordinaryTag
              ? t('manifest.referrersTagOrdinary', { tag: referrers.data.tag })
              : t('manifest.referrersFromTag', { tag: referrers.data.tag })}
        </p>
      ) : null}
    </Section>
  );
}

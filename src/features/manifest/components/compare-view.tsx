import { useQuery } from '@tanstack/react-query';
import { useMemo, type ReactNode } from 'react';
import { Link } from 'react-router';
import { useTranslation } from '@/lib/i18n';
import { paths } from '@/config/paths';
import { Button } from '@/components/ui/button';
import { ErrorPanel } from '@/components/ui/error-panel';
import { Spinner } from '@/components/ui/spinner';
import { formatBytes, formatDate, formatPercent } from '@/lib/format';
import { naturalCompare } from '@/lib/natural-sort';
import { configQuery, manifestQuery, tagManifestQuery } from '@/queries/manifests';
import { tagsQuery } from '@/queries/tags';
import { parseDigest, shortDigest } from '@/registry/digest';
import { MediaType } from '@/registry/media-types';
import { isIndex, isSingle } from '@/registry/manifests';
import { isValidTag } from '@/registry/names';
import { parseSupplyChainTag } from '@/registry/referrers';
import type { Descriptor, FetchedManifest, SingleManifest } from '@/registry/types';
import { compareImages, type KeyDiff } from '../utils/compare-images';
import { configFacts, type ConfigFacts } from '../utils/config-facts';
import { indexEntries, selectEntry, type IndexEntry } from '../utils/index-entries';
import { layerHistory } from '../utils/layer-history';
import { Section, Text } from './fields';
import { useQueryParams } from '@/hooks/use-query-params';
import { ScrollRegion } from '@/components/ui/scroll-region';
import { Cell, Row, RowHeader, Table } from '@/components/ui/table';

const IMAGE_CONFIGS: ReadonlySet<string> = new Set([MediaType.OciConfig, MediaType.DockerConfig]);

interface Side {
  ref: string;
  valid: boolean;
  top: { data?: FetchedManifest; error: unknown; isPending: boolean; refetch: () => unknown };
  entries?: IndexEntry[];
  entry?: IndexEntry;
  image?: SingleManifest;
  config?: ConfigFacts;
  configPending: boolean;
  /** The reference does not lead to an image (a schema1 manifest, a nested index). */
  notImage: boolean;
}

/** Resolves a tag or digest to one image: an index's platform is chosen by `platform`. */
function useSide(repo: string, ref: string, platform: string | null): Side {
  const digest = parseDigest(ref);
  const valid = !!digest || isValidTag(ref);
  const top = useQuery({ ...(digest ? manifestQuery(repo, digest) : tagManifestQuery(repo, valid ? ref : 'latest')), enabled: valid });
  const m = top.data?.manifest;
  const entries = useMemo(() => (m && isIndex(m) ? indexEntries(m) : undefined), [m]);
  const entry = entries ? selectEntry(entries, platform) : undefined;
  const child = useQuery({ ...manifestQuery(repo, entry?.descriptor.digest ?? parseDigest(`sha256:${'0'.repeat(64)}`)!), enabled: !!entry });
  const single = m && isSingle(m) ? m : child.data && isSingle(child.data.manifest) ? child.data.manifest : undefined;
  const wantsConfig = !!single && IMAGE_CONFIGS.has(single.config.mediaType) && single.config.size < 4_000_000;
  const config = useQuery({ ...configQuery(repo, single?.config.digest ?? parseDigest(`sha256:${'0'.repeat(64)}`)!), enabled: wantsConfig });
  return {
    ref,
    valid,
    top: { data: top.data, error: top.error ?? child.error, isPending: valid && (top.isPending || (!!entry && child.isPending)), refetch: () => (top.error ? top.refetch() : child.refetch()) },
    ...(entries ? { entries } : {}),
    ...(entry ? { entry } : {}),
    ...(single ? { image: single } : {}),
    ...(config.data ? { config: configFacts(config.data) } : {}),
    configPending: wantsConfig && config.isPending,
    notImage: !!top.data && !single && !top.isPending && !(entry && child.isPending),
  };
}

/**
 * Two tags or digests side by side (`/r/<name>/-/compare?a=…&b=…`): layers added, removed and shared, the
 * size difference, and what changed in the config, labels and environment. Indexes are compared one platform
 * at a time (`&platform=linux/arm64`).
 */
export function CompareView({ repo }: { repo: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [params, update] = useQueryParams();
  const a = params.get('a') ?? '';
  const b = params.get('b') ?? '';
  const platform = params.get('platform');
  const tags = useQuery(tagsQuery(repo));
  const sideA = useSide(repo, a, platform);
  const sideB = useSide(repo, b, platform ?? sideA.config?.platform ?? null);
  const options = useMemo(() => {
    const list = (tags.data ?? []).filter((tag) => !parseSupplyChainTag(tag)).sort(naturalCompare);
    for (const ref of [a, b]) if (ref && !list.includes(ref)) list.unshift(ref);
    return list;
  }, [tags.data, a, b]);
  const platforms = useMemo(() => {
    const labels = new Set<string>();
    for (const s of [sideA, sideB]) for (const e of s.entries ?? []) if (!e.attestation) labels.add(e.key);
    return [...labels];
  }, [sideA, sideB]);
  const ready = sideA.image && sideB.image;
  const result = ready ? compareImages({ manifest: sideA.image!, ...(sideA.config ? { config: sideA.config } : {}) }, { manifest: sideB.image!, ...(sideB.config ? { config: sideB.config } : {}) }) : undefined;
  const select = (name: 'a' | 'b', value: string, label: string) => (
    <label className="flex min-w-0 flex-col gap-1 text-sm">
      <span className="font-medium">{label}</span>
      <select
        value={value}
        onChange={(e) => update({ [name]: e.target.value || undefined })}
        className="max-w-xs rounded border border-slate-300 bg-white px-2 py-1 dark:border-slate-600 dark:bg-slate-800"
      >
        <option value="">{t('manifest.chooseRef')}</option>
        {options.map((o) => (
          <option key={o} value={o}>{parseDigest(o) ? `@${shortDigest(o)}` : o}</option>
        ))}
      </select>
    </label>
  );
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end gap-3">
        {select('a', a, t('manifest.compareA'))}
        <Button onClick={() => update({ a: b || undefined, b: a || undefined })} aria-label={t('manifest.swap')}>⇄</Button>
        {select('b', b, t('manifest.compareB'))}
        {platforms.length > 0 ? (
          <label className="flex flex-col gap-1 text-sm">
            <span className="font-medium">{t('manifest.platform')}</span>
            <select
              value={sideA.entry?.key ?? sideB.entry?.key ?? ''}
              onChange={(e) => update({ platform: e.target.value || undefined })}
              className="rounded border border-slate-300 bg-white px-2 py-1 dark:border-slate-600 dark:bg-slate-800"
            >
              {platforms.map((p) => <option key={p} value={p}>{p}</option>)}
            </select>
          </label>
        ) : null}
      </div>
      {!a || !b ? <p className="text-sm text-slate-600 dark:text-slate-300">{t('manifest.compareChoose')}</p> : null}
      {[sideA, sideB].map((s, i) => (
        <div key={i}>
          {s.ref && !s.valid ? <p role="alert" className="text-sm text-red-700 dark:text-red-300">{t('manifest.invalidRef', { ref: s.ref })}</p> : null}
          {s.top.error ? <ErrorPanel error={s.top.error} onRetry={() => void s.top.refetch()} context={`${repo}${parseDigest(s.ref) ? '@' : ':'}${s.ref}`} /> : null}
          {s.notImage ? <p className="text-sm text-amber-800 dark:text-amber-200">{t('manifest.compareNotImage', { ref: s.ref })}</p> : null}
        </div>
      ))}
      {(a && sideA.top.isPending) || (b && sideB.top.isPending) ? <Spinner label={t('manifest.loading')} /> : null}
      {result && sideA.image && sideB.image ? (
        <>
          <Section title={t('manifest.compareOverview')}>
            <ScrollRegion label={t('manifest.compareOverview')}>
              <Table
                label={t('manifest.compareOverview')}
                columns={[
                  { key: 'field', header: t('manifest.field'), hidden: true },
                  { key: 'a', header: <>{t('manifest.sideA')} · <Link className="text-teal-800 hover:underline dark:text-teal-300" to={parseDigest(a) ? paths.digest(repo, a) : paths.tag(repo, a)}>{a}</Link></> },
                  { key: 'b', header: <>{t('manifest.sideB')} · <Link className="text-teal-800 hover:underline dark:text-teal-300" to={parseDigest(b) ? paths.digest(repo, b) : paths.tag(repo, b)}>{b}</Link></> },
                ]}
              >
                <OverviewRow label={t('manifest.digest')} a={<code className="break-all text-xs">{sideA.entry?.descriptor.digest ?? sideA.top.data?.digest}</code>} b={<code className="break-all text-xs">{sideB.entry?.descriptor.digest ?? sideB.top.data?.digest}</code>} />
                <OverviewRow label={t('manifest.platform')} a={<Text>{sideA.config?.platform ?? sideA.entry?.label}</Text>} b={<Text>{sideB.config?.platform ?? sideB.entry?.label}</Text>} />
                <OverviewRow
                  label={t('manifest.created')}
                  a={sideA.config?.created ? formatDate(sideA.config.created, lang) : '—'}
                  b={sideB.config?.created ? formatDate(sideB.config.created, lang) : '—'}
                />
                <OverviewRow label={t('manifest.imageSize')} a={formatBytes(result.sizeA, lang)} b={formatBytes(result.sizeB, lang)} />
                <OverviewRow label={t('manifest.layerCount')} a={String(sideA.image.layers.length)} b={String(sideB.image.layers.length)} />
              </Table>
            </ScrollRegion>
            <p className="mt-3 text-sm font-medium">
              {t('manifest.sizeDifference', {
                diff: `${result.difference > 0 ? '+' : ''}${formatBytes(result.difference, lang)}`,
                pct: result.sizeA > 0 ? formatPercent(result.difference / result.sizeA, lang, { signed: true }) : '—',
              })}
            </p>
          </Section>
          <LayerDiff a={sideA} b={sideB} added={result.added} removed={result.removed} shared={result.shared} bytes={{ added: result.addedBytes, removed: result.removedBytes, shared: result.sharedBytes }} />
          <Section title={t('manifest.configDifferences')}>
            {sideA.configPending || sideB.configPending ? <Spinner label={t('manifest.loadingConfig')} /> : null}
            {sideA.config && sideB.config ? (
              result.fields.length ? (
                <DiffTable label={t('manifest.configDifferences')} rows={result.fields.map((f) => ({ key: t(`manifest.fields.${f.field}`), a: f.a, b: f.b }))} />
              ) : (
                <p className="text-sm text-slate-600 dark:text-slate-300">{t('manifest.noConfigDifferences')}</p>
              )
            ) : null}
          </Section>
          <KeyDiffSection title={t('manifest.labelDifferences')} none={t('manifest.noLabelDifferences')} diffs={result.labels} show={!!(sideA.config && sideB.config)} />
          <KeyDiffSection title={t('manifest.envDifferences')} none={t('manifest.noEnvDifferences')} diffs={result.env} show={!!(sideA.config && sideB.config)} />
        </>
      ) : null}
    </div>
  );
}

function OverviewRow({ label, a, b }: { label: string; a: ReactNode; b: ReactNode }) {
  return (
    <Row top>
      <RowHeader className="text-slate-500 dark:text-slate-400">{label}</RowHeader>
      <Cell>{a}</Cell>
      <Cell>{b}</Cell>
    </Row>
  );
}

type LayerStatus = 'shared' | 'removed' | 'added';

function LayerDiff({ a, b, added, removed, shared, bytes }: { a: Side; b: Side; added: Descriptor[]; removed: Descriptor[]; shared: Descriptor[]; bytes: Record<LayerStatus, number> }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const stepsA = layerHistory(a.image!, a.config?.history);
  const stepsB = layerHistory(b.image!, b.config?.history);
  const madeBy = new Map<string, string | undefined>();
  for (const h of [stepsA, stepsB]) for (const l of h.layers) if (!madeBy.has(l.descriptor.digest)) madeBy.set(l.descriptor.digest, l.step?.createdBy);
  const sharedSet = new Set(shared.map((l) => l.digest));
  const rows: { status: LayerStatus; layer: Descriptor }[] = [
    ...a.image!.layers.map((l) => ({ status: (sharedSet.has(l.digest) ? 'shared' : 'removed') as LayerStatus, layer: l })),
    ...added.map((l) => ({ status: 'added' as const, layer: l })),
  ];
  const badge: Record<LayerStatus, string> = {
    shared: 'bg-slate-100 text-slate-800 dark:bg-slate-800 dark:text-slate-100',
    removed: 'bg-red-100 text-red-900 dark:bg-red-900 dark:text-red-100',
    added: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100',
  };
  return (
    <Section title={t('manifest.layerDifferences')}>
      <p className="mb-2 text-sm">
        {t('manifest.layerSummary', {
          added: added.length,
          addedSize: formatBytes(bytes.added, lang),
          removed: removed.length,
          removedSize: formatBytes(bytes.removed, lang),
          shared: shared.length,
          sharedSize: formatBytes(bytes.shared, lang),
        })}
      </p>
      <ScrollRegion label={t('manifest.layerDifferences')}>
        <Table
          label={t('manifest.layerDifferences')}
          columns={[
            { key: 'change', header: t('manifest.change') },
            { key: 'digest', header: t('manifest.digest') },
            { key: 'size', header: t('manifest.size'), align: 'right' },
            { key: 'madeBy', header: t('manifest.madeBy') },
          ]}
        >
          {rows.map(({ status, layer }, i) => (
            <Row key={`${status}-${layer.digest}-${i}`} top>
              <Cell><span className={`rounded px-1.5 text-xs ${badge[status]}`}>{t(`manifest.layerStatus.${status}`)}</span></Cell>
              <Cell mono><span title={layer.digest}>{layer.digest.slice(0, 19)}</span></Cell>
              <Cell align="right" className="whitespace-nowrap">{formatBytes(layer.size, lang)}</Cell>
              <Cell className="text-xs"><Text mono>{madeBy.get(layer.digest)}</Text></Cell>
            </Row>
          ))}
        </Table>
      </ScrollRegion>
    </Section>
  );
}

function DiffTable({ label, rows }: { label: string; rows: { key: string; a?: string; b?: string; change?: string }[] }) {
  const { t } = useTranslation();
  return (
    <ScrollRegion label={label}>
      <Table
        label={label}
        columns={[
          { key: 'field', header: t('manifest.field') },
          { key: 'a', header: t('manifest.sideA') },
          { key: 'b', header: t('manifest.sideB') },
        ]}
      >
        {rows.map((r) => (
          <Row key={r.key} top>
            <RowHeader>
              <Text mono>{r.key}</Text>
              {r.change ? <span className="ml-2 text-xs text-slate-600 dark:text-slate-400">{r.change}</span> : null}
            </RowHeader>
            <Cell className="text-xs"><Text mono>{r.a}</Text></Cell>
            <Cell className="text-xs"><Text mono>{r.b}</Text></Cell>
          </Row>
        ))}
      </Table>
    </ScrollRegion>
  );
}

function KeyDiffSection({ title, none, diffs, show }: { title: string; none: string; diffs: KeyDiff[]; show: boolean }) {
  const { t } = useTranslation();
  if (!show) return null;
  return (
    <Section title={title}>
      {diffs.length ? (
        <DiffTable label={title} rows={diffs.map((d) => ({ key: d.key, ...(d.a !== undefined ? { a: d.a } : {}), ...(d.b !== undefined ? { b: d.b } : {}), change: t(`manifest.keyChange.${d.change}`) }))} />
      ) : (
        <p className="text-sm text-slate-600 dark:text-slate-300">{none}</p>
      )}
    </Section>
  );
}

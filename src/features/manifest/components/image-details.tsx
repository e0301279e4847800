import { useQuery } from '@tanstack/react-query';
import { memo, useMemo, useState } from 'react';
import { useTranslation } from '@/lib/i18n';
import { ErrorPanel } from '@/components/ui/error-panel';
import { Spinner } from '@/components/ui/spinner';
import { formatBytes, formatDate, formatPercent } from '@/lib/format';
import { configQuery } from '@/queries/manifests';
import { MediaType } from '@/registry/media-types';
import { artifactTypeOf } from '@/registry/manifests';
import { referrerKind } from '@/registry/referrers';
import type { Descriptor, HelmChartConfig, SingleManifest } from '@/registry/types';
import { configFacts, type ConfigFacts } from '../utils/config-facts';
import { layerHistory, type LayerHistory, type LayerRow } from '../utils/layer-history';
import { sizeSegments } from '../utils/size-segments';
import { Command, DigestValue, Field, KeyValues, RawJson, Section, Text, TextList } from './fields';
import { ScrollRegion } from '@/components/ui/scroll-region';
import { useVirtualRows } from '@/hooks/use-virtual-rows';
import { Cell, Row, Table, type Column } from '@/components/ui/table';

/** Config types that are JSON worth fetching: image configs and Helm's Chart.yaml-as-JSON. */
const JSON_CONFIGS: ReadonlySet<string> = new Set([MediaType.OciConfig, MediaType.DockerConfig, MediaType.HelmConfig]);
/** Payload types of cosign signatures and in-toto attestations: their layers are documents, not filesystems. */
const SUPPLY_CHAIN_LAYERS: ReadonlySet<string> = new Set([
  MediaType.CosignSimpleSigning,
  MediaType.InToto,
  'application/vnd.dsse.envelope.v1+json',
]);
/** Configs above this are not fetched: image configs are kilobytes; anything this big is not one. */
const MAX_CONFIG_BYTES = 4_000_000;

export type ManifestKind = 'image' | 'helm' | 'artifact' | 'supply-chain';

/** What a single manifest holds, which decides how its blobs are shown. */
export function manifestKind(m: SingleManifest, attestation = false): ManifestKind {
  if (m.config.mediaType === MediaType.HelmConfig) return 'helm';
  if (attestation) return 'supply-chain';
  if (m.layers.length > 0 && m.layers.every((l) => SUPPLY_CHAIN_LAYERS.has(l.mediaType))) return 'supply-chain';
  if (referrerKind(artifactTypeOf(m))) return 'supply-chain';
  if (artifactTypeOf(m)) return 'artifact';
  return 'image';
}

/**
 * Everything about one image manifest (a tag's, or one platform of an index): config, layers with the step
 * that made each and a size bar, the full history, the raw config. Helm charts, artifacts, signatures and
 * attestations show their metadata and blobs instead of a filesystem.
 */
export function ImageDetails({ repo, manifest, attestation = false }: { repo: string; manifest: SingleManifest; attestation?: boolean }) {
  const { t } = useTranslation();
  const kind = manifestKind(manifest, attestation);
  const fetchable = JSON_CONFIGS.has(manifest.config.mediaType) && manifest.config.size < MAX_CONFIG_BYTES;
  const config = useQuery({ ...configQuery(repo, manifest.config.digest), enabled: fetchable });
  // once per manifest and config: 27,000 layers and their diff_ids are read once, not on every render
  const facts = useMemo(() => (config.data && kind !== 'helm' ? configFacts(config.data) : undefined), [config.data, kind]);
  const history = useMemo(() => layerHistory(manifest, facts?.history), [manifest, facts]);
  const rawConfig = useMemo(() => (config.data !== undefined ? JSON.stringify(config.data, null, 2) : undefined), [config.data]);
  return (
    <div className="space-y-6">
      {kind === 'helm' ? <ChartSection manifest={manifest} chart={config.data} /> : null}
      {kind === 'image' ? <ConfigSection manifest={manifest} facts={facts} total={history.total} /> : null}
      {config.isPending && fetchable ? <Spinner label={t('manifest.loadingConfig')} /> : null}
      {config.isError ? <ErrorPanel error={config.error} onRetry={() => void config.refetch()} context={manifest.config.digest} /> : null}
      {kind === 'image' ? <LayerSection history={history} manifest={manifest} /> : <BlobSection manifest={manifest} kind={kind} />}
      {kind === 'image' && history.steps.length > 0 ? <HistorySection history={history} /> : null}
      {rawConfig !== undefined ? <RawJson title={t('manifest.rawConfig')} json={rawConfig} copyLabel={t('manifest.copyRawConfig')} /> : null}
    </div>
  );
}

function ConfigSection({ manifest, facts, total }: { manifest: SingleManifest; facts: ConfigFacts | undefined; total: number }) {
  const { t, i18n } = useTranslation();
  return (
    <Section title={t('manifest.config')}>
      <dl className="text-sm">
        <Field label={t('manifest.totalSize')}>{formatBytes(total, i18n.language)}</Field>
        {facts ? (
          <>
            <Field label={t('manifest.created')}>
              {facts.created ? <time dateTime={facts.created} title={facts.created}>{formatDate(facts.created, i18n.language)}</time> : '—'}
            </Field>
            <Field label={t('manifest.author')}><Text>{facts.author}</Text></Field>
            <Field label={t('manifest.osArch')}>
              <Text>{facts.platform ?? [facts.os, facts.architecture].filter(Boolean).join('/')}</Text>
              {facts.osVersion ? <span className="ml-2 text-xs text-slate-600 dark:text-slate-400"><Text>{facts.osVersion}</Text></span> : null}
            </Field>
            <Field label={t('manifest.user')}><Text mono>{facts.user}</Text></Field>
            <Field label={t('manifest.workdir')}><Text mono>{facts.workdir}</Text></Field>
            <Field label={t('manifest.entrypoint')}><Command value={facts.entrypoint} /></Field>
            <Field label={t('manifest.cmd')}><Command value={facts.cmd} /></Field>
            <Field label={t('manifest.env')}><TextList items={facts.env} /></Field>
            <Field label={t('manifest.ports')}><TextList items={facts.ports} /></Field>
            <Field label={t('manifest.volumes')}><TextList items={facts.volumes} /></Field>
            {facts.stopSignal ? <Field label={t('manifest.stopSignal')}><Text mono>{facts.stopSignal}</Text></Field> : null}
            <Field label={t('manifest.labels')}><KeyValues entries={facts.labels} label={t('manifest.labels')} /></Field>
          </>
        ) : null}
        <Field label={t('manifest.configDigest')}><DigestValue digest={manifest.config.digest} /></Field>
        <Field label={t('manifest.configType')}><code className="break-all text-xs">{manifest.config.mediaType}</code></Field>
        <Field label={t('manifest.configSize')}>{formatBytes(manifest.config.size, i18n.language)}</Field>
      </dl>
    </Section>
  );
}

function ChartSection({ manifest, chart }: { manifest: SingleManifest; chart: HelmChartConfig | undefined }) {
  const { t, i18n } = useTranslation();
  return (
    <Section title={t('manifest.helmChart')}>
      <dl className="text-sm">
        {chart ? (
          <>
            <Field label={t('manifest.chartName')}><Text>{chart.name}</Text></Field>
            <Field label={t('manifest.chartVersion')}><Text>{chart.version}</Text></Field>
            <Field label={t('manifest.appVersion')}><Text>{chart.appVersion}</Text></Field>
            <Field label={t('manifest.chartDescription')}><Text>{chart.description}</Text></Field>
            <Field label={t('manifest.chartApiVersion')}><Text>{chart.apiVersion}</Text></Field>
            {chart.type ? <Field label={t('manifest.chartType')}><Text>{chart.type}</Text></Field> : null}
            {chart.kubeVersion ? <Field label={t('manifest.kubeVersion')}><Text>{chart.kubeVersion}</Text></Field> : null}
          </>
        ) : null}
        <Field label={t('manifest.totalSize')}>{formatBytes(manifest.config.size + manifest.layers.reduce((n, l) => n + l.size, 0), i18n.language)}</Field>
        <Field label={t('manifest.configDigest')}><DigestValue digest={manifest.config.digest} /></Field>
        <Field label={t('manifest.configType')}><code className="break-all text-xs">{manifest.config.mediaType}</code></Field>
      </dl>
    </Section>
  );
}

const SEGMENT_COLOURS = ['bg-teal-600', 'bg-sky-600', 'bg-violet-600', 'bg-amber-500', 'bg-rose-500', 'bg-emerald-600', 'bg-indigo-500', 'bg-orange-500'];

/** One bar, one segment per blob (config first), each as wide as its share of the image. */
function SizeBar({ manifest }: { manifest: SingleManifest }) {
  const { t, i18n } = useTranslation();
  // once per manifest: the layer table above re-renders on every scroll, and this sorts every layer
  const segments = useMemo(() => sizeSegments(manifest), [manifest]);
  return (
    <div className="space-y-1">
      <div role="img" aria-label={t('manifest.sizeBar')} className="flex h-4 w-full overflow-hidden rounded bg-slate-200 dark:bg-slate-700">
        {segments.map((s) => (
          <div
            key={`${s.kind}-${s.position}`}
            className={`h-full border-r border-white last:border-r-0 dark:border-slate-900 ${s.kind === 'config' ? 'bg-slate-400' : s.kind === 'rest' ? 'bg-slate-500' : SEGMENT_COLOURS[(s.position - 1) % SEGMENT_COLOURS.length]}`}
            style={{ width: `${(s.share * 100).toFixed(3)}%` }}
            title={`${s.kind === 'config' ? t('manifest.configBlob') : s.kind === 'rest' ? t('manifest.otherLayers', { count: s.position }) : t('manifest.layerN', { n: s.position })}: ${formatBytes(s.size, i18n.language)} (${formatPercent(s.share, i18n.language)})`}
          />
        ))}
      </div>
    </div>
  );
}

function Share({ share }: { share: number }) {
  const { i18n } = useTranslation();
  return (
    <span className="inline-flex items-center gap-2">
      <span aria-hidden="true" className="inline-block h-2 w-16 overflow-hidden rounded bg-slate-200 dark:bg-slate-700">
        <span className="block h-full bg-teal-600" style={{ width: `${(share * 100).toFixed(2)}%` }} />
      </span>
      <span className="tabular-nums">{formatPercent(share, i18n.language)}</span>
    </span>
  );
}

// memo: a scroll renders only the rows that came into view, not every row of the window again
const WindowedLayerRow = memo(function WindowedLayerRow({ layer: l, lang }: { layer: LayerRow; lang: string }) {
  return (
    <tr aria-rowindex={l.position + 1} style={{ height: LAYER_ROW_HEIGHT }} className="border-t border-slate-100 dark:border-slate-800">
      <td className="px-3 tabular-nums">{l.position}</td>
      <td className="truncate px-3 font-mono text-xs"><span title={l.descriptor.digest}>{l.descriptor.digest.slice(0, 19)}</span></td>
      <td className="truncate px-3 text-xs" title={l.descriptor.mediaType}>{l.descriptor.mediaType}</td>
      <td className="px-3 text-right tabular-nums whitespace-nowrap">{formatBytes(l.descriptor.size, lang)}</td>
      <td className="px-3 whitespace-nowrap"><Share share={l.share} /></td>
      <td className="truncate px-3 font-mono text-xs" title={l.step?.createdBy}>{l.step?.createdBy || '—'}</td>
    </tr>
  );
});

/** Above this many layers the table renders only the rows in view (27,000 rows would freeze the tab); up to it, every row is in the page (find-in-page works). */
const VIRTUAL_LAYERS = 1_000;
const LAYER_ROW_HEIGHT = 33;

function LayerSection({ history, manifest }: { history: LayerHistory; manifest: SingleManifest }) {
  const { t, i18n } = useTranslation();
  const label = t('manifest.layers', { count: history.layers.length });
  const virtual = history.layers.length > VIRTUAL_LAYERS;
  const v = useVirtualRows(virtual ? history.layers.length : 0, LAYER_ROW_HEIGHT, 20, 40);
  const columns: Column[] = [
    { key: 'n', header: '#' },
    { key: 'digest', header: t('manifest.digest') },
    { key: 'type', header: t('manifest.mediaType') },
    { key: 'size', header: t('manifest.size'), align: 'right' },
    { key: 'share', header: t('manifest.share') },
    { key: 'madeBy', header: t('manifest.madeBy') },
  ];
  if (virtual) {
    return (
      <Section title={label}>
        <div className="space-y-3">
          <SizeBar manifest={manifest} />
          {history.mismatch ? <p className="text-sm text-amber-800 dark:text-amber-200">{t('manifest.historyMismatch')}</p> : null}
          <div ref={v.scrollRef} onScroll={v.onScroll} tabIndex={0} role="region" aria-label={label} className="max-h-[32rem] overflow-auto rounded border border-slate-200 dark:border-slate-700">
            <Table label={label} columns={columns} sticky className="table-fixed" aria-rowcount={history.layers.length + 1}>
                {v.padTop > 0 ? <tr aria-hidden="true" style={{ height: v.padTop }} /> : null}
                {history.layers.slice(v.start, v.end).map((l) => (
                  <WindowedLayerRow key={l.position} layer={l} lang={i18n.language} />
                ))}
                {v.padBottom > 0 ? <tr aria-hidden="true" style={{ height: v.padBottom }} /> : null}
            </Table>
          </div>
        </div>
      </Section>
    );
  }
  return (
    <Section title={label}>
      <div className="space-y-3">
        <SizeBar manifest={manifest} />
        {history.mismatch ? <p className="text-sm text-amber-800 dark:text-amber-200">{t('manifest.historyMismatch')}</p> : null}
        <ScrollRegion label={label}>
          <Table label={label} columns={columns}>
            {history.layers.map((l) => (
              <Row key={`${l.descriptor.digest}-${l.position}`} top>
                <Cell className="tabular-nums">{l.position}</Cell>
                <Cell mono><span title={l.descriptor.digest}>{l.descriptor.digest.slice(0, 19)}</span></Cell>
                <Cell className="text-xs break-all">{l.descriptor.mediaType}</Cell>
                <Cell align="right" className="whitespace-nowrap">{formatBytes(l.descriptor.size, i18n.language)}</Cell>
                <Cell className="whitespace-nowrap"><Share share={l.share} /></Cell>
                <Cell className="text-xs">
                  {l.step ? <Text mono>{l.step.createdBy}</Text> : <span className="text-slate-500 dark:text-slate-400">—</span>}
                </Cell>
              </Row>
            ))}
          </Table>
        </ScrollRegion>
      </div>
    </Section>
  );
}

/** History steps shown before "show all": a config can list as many steps as the image has layers. */
const HISTORY_SHOWN = 500;

function HistorySection({ history }: { history: LayerHistory }) {
  const { t, i18n } = useTranslation();
  const label = t('manifest.history', { count: history.steps.length });
  const [all, setAll] = useState(false);
  const steps = all ? history.steps : history.steps.slice(0, HISTORY_SHOWN);
  return (
    <Section title={label}>
      <ScrollRegion label={label}>
        <Table
          label={label}
          columns={[
            { key: 'n', header: '#' },
            { key: 'created', header: t('manifest.created') },
            { key: 'step', header: t('manifest.step') },
            { key: 'layer', header: t('manifest.layer') },
          ]}
        >
          {steps.map((s) => {
            const layer = s.layer ? history.layers[s.layer - 1] : undefined;
            return (
              <Row key={s.position} top className={s.empty ? 'text-slate-500 dark:text-slate-400' : undefined}>
                <Cell className="tabular-nums">{s.position}</Cell>
                <Cell className="whitespace-nowrap text-xs">{s.created ? <time dateTime={s.created}>{formatDate(s.created, i18n.language)}</time> : '—'}</Cell>
                <Cell className="text-xs">
                  <Text mono>{s.createdBy}</Text>
                  {s.comment ? <span className="ml-2 text-slate-500 dark:text-slate-400"><Text>{s.comment}</Text></span> : null}
                </Cell>
                <Cell className="whitespace-nowrap text-xs">
                  {layer ? t('manifest.layerWithSize', { n: layer.position, size: formatBytes(layer.descriptor.size, i18n.language) }) : s.empty ? t('manifest.emptyLayer') : t('manifest.noLayer')}
                </Cell>
              </Row>
            );
          })}
        </Table>
      </ScrollRegion>
      {steps.length < history.steps.length ? (
        <button type="button" onClick={() => setAll(true)} className="mt-2 rounded text-sm text-teal-800 underline focus-visible:outline-2 focus-visible:outline-teal-600 dark:text-teal-300">
          {t('manifest.showAllSteps', { count: history.steps.length })}
        </button>
      ) : null}
    </Section>
  );
}

/** Blobs of an artifact, chart, signature or attestation: title, type, size and annotations. */
function BlobSection({ manifest, kind }: { manifest: SingleManifest; kind: ManifestKind }) {
  const { t, i18n } = useTranslation();
  const label = t('manifest.blobs', { count: manifest.layers.length });
  const total = manifest.config.size + manifest.layers.reduce((n, l) => n + l.size, 0);
  return (
    <Section title={label}>
      <dl className="mb-3 text-sm">
        {kind !== 'helm' ? <Field label={t('manifest.totalSize')}>{formatBytes(total, i18n.language)}</Field> : null}
        {kind !== 'helm' ? (
          <Field label={t('manifest.configBlob')}>
            <code className="break-all text-xs">{manifest.config.mediaType}</code>
            <span className="ml-2 text-xs text-slate-600 dark:text-slate-400">{formatBytes(manifest.config.size, i18n.language)}</span>
          </Field>
        ) : null}
      </dl>
      <ScrollRegion label={label}>
        <Table
          label={label}
          columns={[
            { key: 'n', header: '#' },
            { key: 'title', header: t('manifest.blobTitle') },
            { key: 'digest', header: t('manifest.digest') },
            { key: 'type', header: t('manifest.mediaType') },
            { key: 'size', header: t('manifest.size'), align: 'right' },
            { key: 'annotations', header: t('manifest.annotations') },
          ]}
        >
          {manifest.layers.map((l: Descriptor, i) => (
            <Row key={`${l.digest}-${i}`} top>
              <Cell className="tabular-nums">{i + 1}</Cell>
              <Cell><Text>{l.annotations?.['org.opencontainers.image.title']}</Text></Cell>
              <Cell mono><span title={l.digest}>{l.digest.slice(0, 19)}</span></Cell>
              <Cell className="text-xs break-all">{l.mediaType}</Cell>
              <Cell align="right" className="whitespace-nowrap">{formatBytes(l.size, i18n.language)}</Cell>
              <Cell><KeyValues entries={Object.entries(l.annotations ?? {})} label={t('manifest.annotations')} /></Cell>
            </Row>
          ))}
        </Table>
      </ScrollRegion>
    </Section>
  );
}

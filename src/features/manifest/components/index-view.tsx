import { useQueries } from '@tanstack/react-query';
import { useMemo, useRef, type KeyboardEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from '@/lib/i18n';
import { paths } from '@/config/paths';
import { ErrorPanel } from '@/components/ui/error-panel';
import { Spinner } from '@/components/ui/spinner';
import { formatBytes, formatDate } from '@/lib/format';
import { configQuery, manifestQuery } from '@/queries/manifests';
import { MediaType } from '@/registry/media-types';
import { imageSize, isSingle } from '@/registry/manifests';
import type { FetchedManifest, IndexManifest } from '@/registry/types';
import { configFacts, type ConfigFacts } from '../utils/config-facts';
import { entryLabel, indexEntries, selectEntry, type IndexEntry } from '../utils/index-entries';
import { DigestValue, RawJson, Section, prettyJson } from './fields';
import { ImageDetails } from './image-details';
import { ScrollRegion } from '@/components/ui/scroll-region';
import { Cell, Row, RowHeader, Table } from '@/components/ui/table';

const IMAGE_CONFIGS: ReadonlySet<string> = new Set([MediaType.OciConfig, MediaType.DockerConfig]);

/** BuildKit's `vnd.docker.reference.type` for attestations; other builders write their own (e.g. `builder`). */
const ATTESTATION_MANIFEST = 'attestation-manifest';

function entryName(e: IndexEntry, t: (k: string, o?: Record<string, string>) => string, config?: ConfigFacts): string {
  if (!e.attestation) return entryLabel(e, config);
  const type = e.referenceType;
  if (type && type !== ATTESTATION_MANIFEST) {
    return e.attests?.label ? t('manifest.referenceFor', { type, platform: e.attests.label }) : type;
  }
  return e.attests?.label ? t('manifest.attestationFor', { platform: e.attests.label }) : t('manifest.attestation');
}

/**
 * A multi-arch index: one row per child with that child's own digest, created date and size (never the
 * first child's figures for the whole index), attestations named as such; then one tab per child with its
 * full image view. The selected platform lives in the URL (`?platform=linux/arm64`).
 */
export function IndexView({ repo, index }: { repo: string; index: IndexManifest }) {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const entries = useMemo(() => indexEntries(index), [index]);
  const children = useQueries({ queries: entries.map((e) => manifestQuery(repo, e.descriptor.digest)) });
  const configs = useQueries({
    queries: entries.map((e, i) => {
      const m = children[i]?.data?.manifest;
      const single = m && isSingle(m) ? m : undefined;
      const enabled = !!single && !e.attestation && IMAGE_CONFIGS.has(single.config.mediaType) && single.config.size < 4_000_000;
      // artifacts share the empty config: an entry whose config is not read is keyed by its own digest
      return { ...configQuery(repo, enabled ? single.config.digest : e.descriptor.digest), enabled };
    }),
  });
  const selected = selectEntry(entries, params.get('platform'));
  const tabRefs = useRef<(HTMLButtonElement | null)[]>([]);
  const select = (e: IndexEntry) => {
    const next = new URLSearchParams(params);
    next.set('platform', e.key);
    setParams(next, { replace: true });
  };
  const onKey = (ev: KeyboardEvent, i: number) => {
    const step = ev.key === 'ArrowRight' ? 1 : ev.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    ev.preventDefault();
    const j = (i + step + entries.length) % entries.length;
    select(entries[j]!);
    tabRefs.current[j]?.focus();
  };
  const selectedIndex = selected ? entries.indexOf(selected) : -1;
  const selectedChild = selectedIndex >= 0 ? children[selectedIndex] : undefined;
  const facts = configs.map((c) => (c.data ? configFacts(c.data) : undefined));
  if (entries.length === 0) {
    return (
      <Section title={t('manifest.platforms')}>
        <p className="text-sm text-slate-600 dark:text-slate-300">{t('manifest.emptyIndex')}</p>
      </Section>
    );
  }
  return (
    <div className="space-y-6">
      <Section title={t('manifest.platforms')}>
        <ScrollRegion label={t('manifest.platforms')}>
          <Table
            label={t('manifest.platforms')}
            columns={[
              { key: 'platform', header: t('manifest.platform') },
              { key: 'digest', header: t('manifest.digest') },
              { key: 'created', header: t('manifest.created') },
              { key: 'size', header: t('manifest.imageSize'), align: 'right' },
              { key: 'layers', header: t('manifest.layerCount'), align: 'right' },
            ]}
          >
              {entries.map((e, i) => {
                const child = children[i];
                const m = child?.data?.manifest;
                const single = m && isSingle(m) ? m : undefined;
                const created = facts[i]?.created;
                return (
                  <Row key={`${e.descriptor.digest}-${i}`} className={e === selected ? 'bg-teal-50 dark:bg-slate-800' : undefined}>
                    <RowHeader className="py-2">
                      {e.attestation ? (
                        <span className="text-slate-600 dark:text-slate-400">{entryName(e, t)}</span>
                      ) : (
                        <span dir="auto" className={e.platformless && !facts[i]?.platform ? 'break-all font-mono text-xs' : undefined}>{entryName(e, t, facts[i])}</span>
                      )}
                    </RowHeader>
                    <Cell mono className="py-2">
                      <Link className="break-all text-teal-800 hover:underline dark:text-teal-300" to={paths.digest(repo, e.descriptor.digest)}>{e.descriptor.digest}</Link>
                    </Cell>
                    <Cell className="py-2 whitespace-nowrap">{created ? <time dateTime={created}>{formatDate(created, i18n.language)}</time> : e.attestation ? '—' : configs[i]?.isPending && configs[i]?.fetchStatus !== 'idle' ? '…' : '—'}</Cell>
                    <Cell align="right" className="py-2 whitespace-nowrap">
                      {child?.isError ? <span className="text-red-700 dark:text-red-300">{t('manifest.childMissing')}</span> : single ? formatBytes(imageSize(single), i18n.language) : m ? '—' : '…'}
                    </Cell>
                    <Cell align="right" className="py-2">{single ? single.layers.length : '…'}</Cell>
                  </Row>
                );
              })}
          </Table>
        </ScrollRegion>
        <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">{t('manifest.platformsHint')}</p>
      </Section>
      {entries.length > 0 ? (
        <div className="space-y-4">
          <div role="tablist" aria-label={t('manifest.platformDetails')} className="flex flex-wrap gap-1 border-b border-slate-200 dark:border-slate-700">
            {entries.map((e, i) => (
              <button
                key={`${e.descriptor.digest}-${i}`}
                ref={(el) => {
                  tabRefs.current[i] = el;
                }}
                type="button"
                role="tab"
                id={`platform-tab-${i}`}
                aria-selected={e === selected}
                aria-controls="platform-panel"
                tabIndex={e === selected ? 0 : -1}
                onClick={() => select(e)}
                onKeyDown={(ev) => onKey(ev, i)}
                className={`-mb-px rounded-t border-b-2 px-3 py-1.5 text-sm focus-visible:outline-2 focus-visible:outline-teal-600 ${e === selected ? 'border-teal-600 font-medium text-teal-800 dark:text-teal-300' : 'border-transparent text-slate-600 hover:text-slate-900 dark:text-slate-300'}`}
              >
                {entryName(e, t, facts[i])}
              </button>
            ))}
          </div>
          <div role="tabpanel" id="platform-panel" aria-labelledby={`platform-tab-${selectedIndex}`} className="space-y-4">
            {selected ? <ChildPanel repo={repo} entry={selected} name={entryName(selected, t, facts[selectedIndex])} child={selectedChild?.data} error={selectedChild?.error} onRetry={() => void selectedChild?.refetch()} /> : null}
          </div>
        </div>
      ) : null}
    </div>
  );
}

function ChildPanel({ repo, entry, name, child, error, onRetry }: { repo: string; entry: IndexEntry; name: string; child: FetchedManifest | undefined; error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <h2 className="text-lg font-semibold" dir="auto">{name}</h2>
        <DigestValue digest={entry.descriptor.digest} />
        <Link className="text-teal-800 hover:underline dark:text-teal-300" to={paths.digest(repo, entry.descriptor.digest)}>{t('manifest.openManifest')}</Link>
      </div>
      {entry.attestation ? (
        <p className="text-sm text-slate-600 dark:text-slate-300">
          {entry.referenceType && entry.referenceType !== ATTESTATION_MANIFEST ? t('manifest.referenceHint', { type: entry.referenceType }) : t('manifest.attestationHint')}
        </p>
      ) : null}
      {error ? <ErrorPanel error={error} onRetry={onRetry} context={entry.descriptor.digest} /> : null}
      {!child && !error ? <Spinner label={t('manifest.loading')} /> : null}
      {child && isSingle(child.manifest) ? <ImageDetails repo={repo} manifest={child.manifest} attestation={entry.attestation} /> : null}
      {child && !isSingle(child.manifest) ? <p className="text-sm">{t('manifest.nestedIndex')}</p> : null}
      {child ? <RawJson title={t('manifest.rawManifestOf', { name })} json={prettyJson(child.raw)} copyLabel={t('manifest.copyRaw')} /> : null}
    </>
  );
}

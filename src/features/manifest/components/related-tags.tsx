import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from '@/lib/i18n';
import { paths } from '@/config/paths';
import { Button } from '@/components/ui/button';
import { ErrorPanel } from '@/components/ui/error-panel';
import { ProgressBar } from '@/components/ui/progress-bar';
import { formatBytes, formatCount } from '@/lib/format';
import { tagsQuery } from '@/queries/tags';
import { shortDigest } from '@/registry/digest';
import type { FetchedManifest } from '@/registry/types';
import { useRelatedTags } from '../hooks/use-related-tags';
import { Section } from './fields';
import { ScrollRegion } from '@/components/ui/scroll-region';
import { Cell, Row, RowHeader, Table } from '@/components/ui/table';

/** Above this many tags the scan waits for a click: it costs one HEAD per tag. */
const AUTO_SCAN_LIMIT = 500;

/** Other tags pointing at the same digest, and tags whose images share layers with this one. */
export function RelatedTags({ repo, fetched, reference }: { repo: string; fetched: FetchedManifest; reference: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const tags = useQuery(tagsQuery(repo));
  const [asked, setAsked] = useState(false);
  const auto = (tags.data?.length ?? 0) <= AUTO_SCAN_LIMIT;
  const state = useRelatedTags(repo, fetched, tags.data, tags.isSuccess && (auto || asked));
  const same = state.sameDigest.filter((tag) => tag !== reference);
  return (
    <Section title={t('manifest.relatedTags')}>
      {tags.isError ? <ErrorPanel error={tags.error} onRetry={() => void tags.refetch()} /> : null}
      {tags.isSuccess && !auto && !asked ? (
        <div className="flex flex-wrap items-center gap-3 text-sm">
          <span>{t('manifest.relatedManyTags', { count: tags.data.length })}</span>
          <Button onClick={() => setAsked(true)}>{t('manifest.relatedScan')}</Button>
        </div>
      ) : null}
      {state.status === 'running' ? (
        <ProgressBar value={state.done} max={state.total} label={t('manifest.relatedProgress', { done: formatCount(state.done, lang), total: formatCount(state.total, lang) })} />
      ) : null}
      {state.status === 'error' ? <ErrorPanel error={state.error} /> : null}
      {state.status === 'done' ? (
        <div className="space-y-3 text-sm">
          <div>
            <h3 className="font-medium">{t('manifest.sameDigest')}</h3>
            {same.length ? (
              <ul aria-label={t('manifest.sameDigest')} className="mt-1 flex flex-wrap gap-2">
                {same.map((tag) => (
                  <li key={tag}>
                    <Link className="rounded bg-slate-100 px-1.5 py-0.5 text-teal-800 hover:underline dark:bg-slate-800 dark:text-teal-300" to={paths.tag(repo, tag)}>{tag}</Link>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="text-slate-600 dark:text-slate-300">{t('manifest.noSameDigest')}</p>
            )}
          </div>
          <div>
            <h3 className="font-medium">{t('manifest.sharedLayers')}</h3>
            {state.sharing.length ? (
              <ScrollRegion label={t('manifest.sharedLayers')} className="mt-1">
                <Table
                  label={t('manifest.sharedLayers')}
                  columns={[
                    { key: 'tag', header: t('manifest.tag') },
                    { key: 'digest', header: t('manifest.digest') },
                    { key: 'layers', header: t('manifest.sharedLayerCount'), align: 'right' },
                    { key: 'bytes', header: t('manifest.sharedBytes'), align: 'right' },
                    { key: 'compare', header: t('manifest.compare'), hidden: true },
                  ]}
                >
                  {state.sharing.map((s) => (
                    <Row key={s.tag}>
                      <RowHeader>
                        <Link className="text-teal-800 hover:underline dark:text-teal-300" to={paths.tag(repo, s.tag)}>{s.tag}</Link>
                      </RowHeader>
                      <Cell mono title={s.digest}>{shortDigest(s.digest)}</Cell>
                      <Cell align="right">{t('manifest.nOfM', { n: s.sharedLayers, m: s.layers })}</Cell>
                      <Cell align="right">{formatBytes(s.sharedBytes, lang)}</Cell>
                      <Cell className="text-right">
                        <Link className="text-xs text-teal-800 hover:underline dark:text-teal-300" to={paths.compare(repo, reference, s.tag)}>{t('manifest.compare')}</Link>
                      </Cell>
                    </Row>
                  ))}
                </Table>
              </ScrollRegion>
            ) : (
              <p className="text-slate-600 dark:text-slate-300">{t('manifest.noSharedLayers')}</p>
            )}
          </div>
          {state.failed > 0 ? <p className="text-red-700 dark:text-red-300">{t('manifest.relatedFailed', { count: state.failed })}</p> : null}
        </div>
      ) : null}
    </Section>
  );
}

import { useQueries, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { paths } from '@/config/paths';
import { getRuntimeConfig } from '@/config/runtime-config';
import { CopyButton } from '@/components/ui/copy-button';
import { ErrorPanel } from '@/components/ui/error-panel';
import { Spinner } from '@/components/ui/spinner';
import { formatBytes, formatDate } from '@/lib/format';
import { configQuery, manifestQuery } from '@/queries/manifests';
import { MediaType } from '@/registry/media-types';
import { artifactTypeOf, imageSize, isAttestation, isIndex, isSingle, platformLabel } from '@/registry/manifests';
import type { Descriptor, FetchedManifest, IndexManifest, Schema1Manifest, SingleManifest } from '@/registry/types';

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-[10rem_1fr] gap-2 py-1">
      <dt className="text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </div>
  );
}

function DigestValue({ digest }: { digest: string }) {
  return (
    <span className="inline-flex min-w-0 items-center gap-1">
      <code className="truncate font-mono text-xs">{digest}</code>
      <CopyButton text={digest} />
    </span>
  );
}

/** host[:port] for pull commands: PULL_URL, else the page's host. */
function pullHost(): string {
  return getRuntimeConfig().pullUrl || globalThis.location?.host || 'localhost';
}

/** The manifest page for a tag or a digest: media type, digest, config, layers, sizes, raw JSON. */
export function ManifestView({ repo, reference, fetched }: { repo: string; reference: string; fetched: FetchedManifest }) {
  const { t } = useTranslation();
  const m = fetched.manifest;
  const isTag = !reference.includes(':');
  const host = pullHost();
  let pretty = fetched.raw;
  try {
    pretty = JSON.stringify(JSON.parse(fetched.raw), null, 2);
  } catch {
    // shown as received
  }
  return (
    <div className="space-y-6">
      <section aria-labelledby="summary-heading" className="rounded-lg border border-slate-200 p-4 dark:border-slate-700">
        <h2 id="summary-heading" className="mb-2 text-lg font-semibold">{t('manifest.summary')}</h2>
        <dl className="text-sm">
          <Field label={t('manifest.mediaType')}><code className="text-xs">{m.mediaType}</code></Field>
          <Field label={t('manifest.digest')}><DigestValue digest={fetched.digest} /></Field>
          {fetched.digestComputed ? <Field label="">{t('manifest.digestComputed')}</Field> : null}
          <Field label={t('manifest.manifestSize')}>{formatBytes(fetched.size)}</Field>
          {artifactTypeOf(m) ? <Field label={t('manifest.artifactType')}><code className="text-xs">{artifactTypeOf(m)}</code></Field> : null}
          <Field label={t('manifest.pullByDigest')}>
            <span className="inline-flex min-w-0 items-center gap-1">
              <code className="truncate text-xs">{`docker pull ${host}/${repo}@${fetched.digest}`}</code>
              <CopyButton text={`docker pull ${host}/${repo}@${fetched.digest}`} />
            </span>
          </Field>
          {isTag ? (
            <Field label={t('manifest.pullByTag')}>
              <span className="inline-flex min-w-0 items-center gap-1">
                <code className="truncate text-xs">{`docker pull ${host}/${repo}:${reference}`}</code>
                <CopyButton text={`docker pull ${host}/${repo}:${reference}`} />
              </span>
            </Field>
          ) : null}
        </dl>
      </section>
      {isIndex(m) ? <IndexChildren repo={repo} index={m} /> : null}
      {isSingle(m) ? <ImageDetails repo={repo} manifest={m} /> : null}
      {m.mediaType === MediaType.DockerSchema1 || m.mediaType === MediaType.DockerSchema1Signed ? <Schema1Details manifest={m} /> : null}
      <section aria-labelledby="raw-heading">
        <div className="mb-2 flex items-center gap-2">
          <h2 id="raw-heading" className="text-lg font-semibold">{t('manifest.raw')}</h2>
          <CopyButton text={pretty} label={t('manifest.copyRaw')} />
        </div>
        <pre className="max-h-[32rem] overflow-auto rounded-lg bg-slate-100 p-3 text-xs dark:bg-slate-900" tabIndex={0} aria-label={t('manifest.raw')}>
          {pretty}
        </pre>
      </section>
    </div>
  );
}

function IndexChildren({ repo, index }: { repo: string; index: IndexManifest }) {
  const { t } = useTranslation();
  // the index's own figures are its children's: one fetch per child, only on this view
  const children = useQueries({ queries: index.manifests.map((d) => manifestQuery(repo, d.digest)) });
  return (
    <section aria-labelledby="platforms-heading">
      <h2 id="platforms-heading" className="mb-2 text-lg font-semibold">{t('manifest.platforms')}</h2>
      <table className="w-full text-sm" aria-label={t('manifest.platforms')}>
        <thead className="bg-slate-100 text-left dark:bg-slate-800">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">{t('manifest.platform')}</th>
            <th scope="col" className="px-3 py-2 font-medium">{t('manifest.digest')}</th>
            <th scope="col" className="px-3 py-2 text-right font-medium">{t('manifest.imageSize')}</th>
          </tr>
        </thead>
        <tbody>
          {index.manifests.map((d, i) => {
            const child = children[i];
            const size = child?.data && isSingle(child.data.manifest) ? imageSize(child.data.manifest) : undefined;
            return (
              <tr key={`${d.digest}-${i}`} className="border-t border-slate-100 dark:border-slate-800">
                <th scope="row" className="px-3 py-2 text-left font-normal">
                  {isAttestation(d) ? (
                    <span className="text-slate-500">{t('manifest.attestation')}{d.annotations?.['vnd.docker.reference.digest'] ? ` → ${d.annotations['vnd.docker.reference.digest'].slice(7, 19)}` : ''}</span>
                  ) : (
                    platformLabel(d.platform)
                  )}
                </th>
                <td className="px-3 py-2 font-mono text-xs">
                  <Link className="text-teal-800 hover:underline dark:text-teal-300" to={paths.digest(repo, d.digest)}>{d.digest}</Link>
                </td>
                <td className="px-3 py-2 text-right tabular-nums">
                  {child?.isError ? <span className="text-red-700 dark:text-red-300">{t('manifest.childMissing')}</span> : size === undefined ? '…' : formatBytes(size)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

function ImageDetails({ repo, manifest }: { repo: string; manifest: SingleManifest }) {
  const { t } = useTranslation();
  const total = imageSize(manifest);
  const cfgType = manifest.config.mediaType;
  const isJsonConfig = cfgType === MediaType.OciConfig || cfgType === MediaType.DockerConfig || cfgType === MediaType.HelmConfig;
  const config = useQuery({ ...configQuery(repo, manifest.config.digest), enabled: isJsonConfig && manifest.config.size < 4_000_000 });
  const c = config.data;
  return (
    <>
      <section aria-labelledby="config-heading" className="rounded-lg border border-slate-200 p-4 dark:border-slate-700">
        <h2 id="config-heading" className="mb-2 text-lg font-semibold">{t('manifest.config')}</h2>
        <dl className="text-sm">
          <Field label={t('manifest.configDigest')}><DigestValue digest={manifest.config.digest} /></Field>
          <Field label={t('manifest.configType')}><code className="text-xs">{cfgType}</code></Field>
          <Field label={t('manifest.totalSize')}>{formatBytes(total)}</Field>
          {config.isPending && isJsonConfig ? <Spinner label={t('common.loading')} /> : null}
          {config.isError ? <ErrorPanel error={config.error} onRetry={() => void config.refetch()} /> : null}
          {c && cfgType === MediaType.HelmConfig ? (
            <>
              <Field label={t('manifest.chartName')}>{c.name ?? '—'}</Field>
              <Field label={t('manifest.chartVersion')}>{c.version ?? '—'}</Field>
              <Field label={t('manifest.appVersion')}>{c.appVersion ?? '—'}</Field>
            </>
          ) : null}
          {c && cfgType !== MediaType.HelmConfig ? (
            <>
              <Field label={t('manifest.created')}>{formatDate(c.created)}</Field>
              <Field label={t('manifest.platform')}>{platformLabel(c.os && c.architecture ? { os: c.os, architecture: c.architecture, ...(c.variant ? { variant: c.variant } : {}) } : undefined)}</Field>
              {c.author ? <Field label={t('manifest.author')}>{c.author}</Field> : null}
              {c.config?.Entrypoint?.length ? <Field label={t('manifest.entrypoint')}><code className="text-xs">{JSON.stringify(c.config.Entrypoint)}</code></Field> : null}
              {c.config?.Cmd?.length ? <Field label={t('manifest.cmd')}><code className="text-xs">{JSON.stringify(c.config.Cmd)}</code></Field> : null}
              {c.config?.Env?.length ? (
                <Field label={t('manifest.env')}>
                  <ul className="font-mono text-xs">{c.config.Env.map((e, i) => <li key={i}>{e}</li>)}</ul>
                </Field>
              ) : null}
              {c.config?.Labels && Object.keys(c.config.Labels).length ? (
                <Field label={t('manifest.labels')}>
                  <ul className="text-xs">
                    {Object.entries(c.config.Labels).map(([k, val]) => (
                      <li key={k} className="break-all" data-label={k}><code>{k}</code> = <span>{val}</span></li>
                    ))}
                  </ul>
                </Field>
              ) : null}
            </>
          ) : null}
        </dl>
      </section>
      <LayerTable layers={manifest.layers} total={total} />
    </>
  );
}

function LayerTable({ layers, total }: { layers: Descriptor[]; total: number }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="layers-heading">
      <h2 id="layers-heading" className="mb-2 text-lg font-semibold">{t('manifest.layers', { count: layers.length })}</h2>
      <table className="w-full text-sm" aria-label={t('manifest.layers', { count: layers.length })}>
        <thead className="bg-slate-100 text-left dark:bg-slate-800">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">#</th>
            <th scope="col" className="px-3 py-2 font-medium">{t('manifest.digest')}</th>
            <th scope="col" className="px-3 py-2 font-medium">{t('manifest.mediaType')}</th>
            <th scope="col" className="px-3 py-2 text-right font-medium">{t('manifest.size')}</th>
          </tr>
        </thead>
        <tbody>
          {layers.map((l, i) => (
            <tr key={`${l.digest}-${i}`} className="border-t border-slate-100 dark:border-slate-800">
              <td className="px-3 py-1.5 tabular-nums">{i + 1}</td>
              <td className="px-3 py-1.5 font-mono text-xs"><span title={l.digest}>{l.digest.slice(0, 19)}</span></td>
              <td className="px-3 py-1.5 text-xs">{l.mediaType}</td>
              <td className="px-3 py-1.5 text-right tabular-nums">
                {formatBytes(l.size)} <span className="text-xs text-slate-500">({total > 0 ? ((l.size / total) * 100).toFixed(1) : '0'}%)</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Schema1Details({ manifest }: { manifest: Schema1Manifest }) {
  const { t } = useTranslation();
  return (
    <section className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm dark:border-amber-700 dark:bg-amber-950" aria-labelledby="schema1-heading">
      <h2 id="schema1-heading" className="font-semibold">{t('manifest.schema1Title')}</h2>
      <p className="mt-1">{t('manifest.schema1Hint')}</p>
      <p className="mt-2">{t('manifest.layers', { count: manifest.fsLayers.length })}</p>
    </section>
  );
}

import { useMemo } from 'react';
import { Link } from 'react-router';
import { useTranslation } from '@/lib/i18n';
import { paths } from '@/config/paths';
import { getRuntimeConfig } from '@/config/runtime-config';
import { CopyButton } from '@/components/ui/copy-button';
import { formatBytes } from '@/lib/format';
import { isDigestReference } from '@/registry/digest';
import { MediaType } from '@/registry/media-types';
import { assertNever } from '@/registry/assert-never';
import { artifactTypeOf, isSingle, ociFieldsOf } from '@/registry/manifests';
import { parseSupplyChainTag, referrerKind, referrersInIndex } from '@/registry/referrers';
import type { FetchedManifest, Manifest } from '@/registry/types';
import { DigestValue, Field, KeyValues, RawJson, Section, prettyJson } from './fields';
import { ImageDetails, manifestKind } from './image-details';
import { IndexView } from './index-view';
import { RelatedTags } from './related-tags';
import { Schema1View } from './schema1-view';
import { SupplyChain } from './supply-chain';

/** host[:port] for pull commands: PULL_URL, else the page's host. */
function pullHost(): string {
  return getRuntimeConfig().pullUrl || globalThis.location?.host || 'localhost';
}

/** The client that pulls this kind of manifest: Helm for charts, oras for other artifacts, else docker. */
function pullCommands(m: Manifest, host: string, repo: string, digest: string, tag: string | undefined): { byTag?: string; byDigest: string } {
  if (isSingle(m) && m.config.mediaType === MediaType.HelmConfig) {
    return { byDigest: `oras pull ${host}/${repo}@${digest}`, ...(tag ? { byTag: `helm pull oci://${host}/${repo} --version ${tag}` } : {}) };
  }
  if (artifactTypeOf(m) || (isSingle(m) && manifestKind(m) === 'supply-chain')) {
    return { byDigest: `oras pull ${host}/${repo}@${digest}`, ...(tag ? { byTag: `oras pull ${host}/${repo}:${tag}` } : {}) };
  }
  return { byDigest: `docker pull ${host}/${repo}@${digest}`, ...(tag ? { byTag: `docker pull ${host}/${repo}:${tag}` } : {}) };
}

function Command({ text }: { text: string }) {
  return (
    <span className="inline-flex min-w-0 max-w-full items-center gap-1">
      <code className="break-all text-xs">{text}</code>
      <CopyButton text={text} />
    </span>
  );
}

/** What the manifest holds: an image's config and layers, an index's platforms, or a schema1 manifest's layers. */
function ManifestBody({ repo, manifest: m }: { repo: string; manifest: Manifest }) {
  switch (m.mediaType) {
    case MediaType.OciManifest:
    case MediaType.DockerManifest:
      return <ImageDetails repo={repo} manifest={m} />;
    case MediaType.OciIndex:
    case MediaType.DockerManifestList:
      return <IndexView repo={repo} index={m} />;
    case MediaType.DockerSchema1:
    case MediaType.DockerSchema1Signed:
      return <Schema1View manifest={m} />;
    default:
      return assertNever(m, 'manifest');
  }
}

/**
 * The page of one manifest, by tag or digest: what it is and how to pull it; per platform for an index;
 * config, layers, history and sizes for an image; chart, artifact and signature metadata; what refers to it;
 * other tags with the same digest or shared layers; the raw JSON.
 */
export function ManifestView({ repo, reference, fetched }: { repo: string; reference: string; fetched: FetchedManifest }) {
  const { t, i18n } = useTranslation();
  const m = fetched.manifest;
  const tag = isDigestReference(reference) ? undefined : reference;
  const pull = pullCommands(m, pullHost(), repo, fetched.digest, tag);
  const artifactType = artifactTypeOf(m);
  const { subject, annotations: annotated } = ociFieldsOf(m);
  const annotations = Object.entries(annotated ?? {});
  const named = tag ? parseSupplyChainTag(tag) : undefined;
  // a bare sha256-<hex> tag describes <hex> only when it holds a referrers index; else it is an ordinary tag
  const describes = named?.kind === 'referrers' && !referrersInIndex(named.subject, fetched) ? undefined : named;
  // once per manifest, not per render: a 4 MB body takes tens of milliseconds to parse and indent
  const pretty = useMemo(() => prettyJson(fetched.raw), [fetched.raw]);
  return (
    <div className="space-y-6">
      <Section
        title={t('manifest.summary')}
        actions={
          <Link className="text-sm text-teal-800 hover:underline dark:text-teal-300" to={paths.compare(repo, reference)}>
            {t('manifest.compareWith')}
          </Link>
        }
      >
        <dl className="text-sm">
          <Field label={t('manifest.mediaType')}><code className="break-all text-xs">{m.mediaType}</code></Field>
          <Field label={t('manifest.digest')}><DigestValue digest={fetched.digest} /></Field>
          {fetched.digestComputed ? <Field label="">{t('manifest.digestComputed')}</Field> : null}
          <Field label={t('manifest.manifestSize')}>{formatBytes(fetched.size, i18n.language)}</Field>
          {artifactType ? <Field label={t('manifest.artifactType')}><code className="break-all text-xs">{artifactType}</code></Field> : null}
          {subject ? (
            // a Notation or cosign signature (attestation, SBOM) stored as a referrer says what it is, as cosign's tags do
            <Field label={referrerKind(artifactType) ? t(`manifest.describes.${referrerKind(artifactType)!}`) : t('manifest.subject')}>
              <Link className="break-all font-mono text-xs text-teal-800 hover:underline dark:text-teal-300" to={paths.digest(repo, subject.digest)}>{subject.digest}</Link>
            </Field>
          ) : null}
          {describes ? (
            <Field label={t(`manifest.describes.${describes.kind}`)}>
              <Link className="break-all font-mono text-xs text-teal-800 hover:underline dark:text-teal-300" to={paths.digest(repo, describes.subject)}>{describes.subject}</Link>
            </Field>
          ) : null}
          {annotations.length ? <Field label={t('manifest.annotations')}><KeyValues entries={annotations} label={t('manifest.annotations')} /></Field> : null}
          {pull.byTag ? <Field label={t('manifest.pullByTag')}><Command text={pull.byTag} /></Field> : null}
          <Field label={t('manifest.pullByDigest')}><Command text={pull.byDigest} /></Field>
        </dl>
      </Section>
      <ManifestBody repo={repo} manifest={m} />
      <SupplyChain repo={repo} digest={fetched.digest} />
      <RelatedTags repo={repo} fetched={fetched} reference={reference} />
      <RawJson title={t('manifest.raw')} json={pretty} copyLabel={t('manifest.copyRaw')} />
    </div>
  );
}


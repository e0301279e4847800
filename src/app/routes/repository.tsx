import { useQuery, type QueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from '@/lib/i18n';
import { Breadcrumbs } from '@/components/layout/breadcrumbs';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorPanel } from '@/components/ui/error-panel';
import { Spinner } from '@/components/ui/spinner';
import { paths, parseRepoSplat } from '@/config/paths';
import { TagTable } from '@/features/tags/components/tag-table';
import { preloadLastVisit, useLastVisit } from '@/features/tags/hooks/use-last-visit';
import type { SortDir, SortKey } from '@/features/tags/utils/tag-summary';
import { RepositorySize } from '@/features/insight/components/repository-size';
import { SupplyChainBadges, SupplyChainToggle } from '@/features/insight/components/supply-chain-tags';
import { useSupplyChainTags } from '@/features/insight/hooks/use-supply-chain-tags';
import { CleanupLink, DeleteTagButton, SelectionBar, useSelectionLabels } from '@/features/cleanup/components/cleanup-actions';
import { CLEANUP_PARAM, DEFAULT_RULES, rulesToParams } from '@/features/cleanup/utils/rules-url';
import { getRuntimeConfig } from '@/config/runtime-config';
import { DeletePermissionNote } from '@/features/auth/components/delete-permission-note';
import { useDeletePermission } from '@/features/auth/hooks/use-auth';
import { tagsQuery } from '@/queries/tags';
import { manifestQuery, tagManifestQuery } from '@/queries/manifests';
import { parseDigest, shortDigest } from '@/registry/digest';
import { isRegistryError } from '@/registry/errors';
import { isValidRepositoryName, isValidTag } from '@/registry/names';
import { NotFoundRoute } from './not-found';
import { useQueryParams } from '@/hooks/use-query-params';
import { SearchField } from '@/components/ui/search-field';

// The tag list is the page most visits open first: the manifest and compare views load only when shown
// (first-view budget, scripts/bundle-size.mjs).
const ManifestView = lazy(async () => ({ default: (await import('@/features/manifest/components/manifest-view')).ManifestView }));
const CompareView = lazy(async () => ({ default: (await import('@/features/manifest/components/compare-view')).CompareView }));
// The delete dialogs and the cleanup preview (with the inventory, the delete plan and the retention rules) load
// when one is opened: the tag list shows only what opens them (cleanup-actions.tsx).
const DeleteTagDialog = lazy(async () => ({ default: (await import('@/features/cleanup/components/delete-tag-dialog')).DeleteTagDialog }));
const DeleteSelectedDialog = lazy(async () => ({ default: (await import('@/features/cleanup/components/delete-selected-dialog')).DeleteSelectedDialog }));
const CleanupPanel = lazy(async () => ({ default: (await import('@/features/cleanup/components/cleanup-panel')).CleanupPanel }));

/**
 * Called by the boot (main.tsx, once the session is restored) when this module was loaded for the URL: a tag or
 * digest page's manifest request leaves before React has rendered anything, instead of from the page's first
 * commit (it is the query the page reads, so the page finds it answered or in flight); a tag list's last visit
 * starts being read from IndexedDB. `splat` is the path after `r/`.
 */
export function prefetchRepositoryRoute(client: QueryClient, splat: string): void {
  const route = parseRepoSplat(splat);
  if (!route || !isValidRepositoryName(route.name)) return;
  // a tag list's own request waits for the page: the last visit's index must be read before tags/list answers,
  // or the rows in view are asked without the digests it knows (a GET, not a conditional GET)
  if (route.view === 'repository') preloadLastVisit(route.name);
  else if (route.view === 'tag' && isValidTag(route.tag)) void client.prefetchQuery(tagManifestQuery(route.name, route.tag));
  else if (route.view === 'digest') {
    const digest = parseDigest(route.digest);
    if (digest) void client.prefetchQuery(manifestQuery(route.name, digest));
  }
}

/** `/r/<name…>`, `/r/<name…>/t/<tag>`, `/r/<name…>/d/<digest>` and `/r/<name…>/-/compare?a=&b=`. */
export function RepositoryRoute() {
  const splat = useParams()['*'] ?? '';
  const route = parseRepoSplat(splat);
  if (!route || !isValidRepositoryName(route.name)) return <NotFoundRoute />;
  if (route.view === 'tag') return isValidTag(route.tag) ? <TagPage name={route.name} tag={route.tag} /> : <NotFoundRoute />;
  if (route.view === 'digest') return parseDigest(route.digest) ? <DigestPage name={route.name} digest={route.digest} /> : <NotFoundRoute />;
  if (route.view === 'compare') return <ComparePage name={route.name} />;
  // keyed: a selection never carries over to another repository
  return <TagsPage key={route.name} name={route.name} />;
}

function TagsPage({ name }: { name: string }) {
  const { t } = useTranslation();
  const [params, update] = useQueryParams();
  const sortParam = params.get('sort');
  const sort: SortKey = sortParam === 'created' || sortParam === 'size' ? sortParam : 'name';
  const dir: SortDir = params.get('dir') === 'desc' ? 'desc' : params.get('dir') === 'asc' ? 'asc' : sort === 'name' ? 'asc' : 'desc';
  const filter = params.get('q') ?? '';
  const q = useQuery(tagsQuery(name));
  const permission = useDeletePermission(name, getRuntimeConfig().deleteImages);
  // delete actions only where this identity may delete (the registry or its token service says so)
  const deleteImages = getRuntimeConfig().deleteImages && permission !== 'denied';
  const [deleting, setDeleting] = useState<string>();
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set());
  const [deletingSelected, setDeletingSelected] = useState(false);
  const selectionLabels = useSelectionLabels();
  const cleanup = params.has(CLEANUP_PARAM);
  // cosign .sig/.att and referrers fallback tags are listed under the image they describe unless asked for
  const showSupplyChain = params.get('signatures') === 'show';
  // the last visit's tags and rows, shown while tags/list is on its way and re-checked once it answers
  const lastVisit = useLastVisit(name);
  const fromLastVisit = q.isPending && lastVisit ? lastVisit.tags : undefined;
  const listed = q.data ?? fromLastVisit;
  const split = useSupplyChainTags(name, listed);
  return (
    <div className="space-y-3">
      <Breadcrumbs items={[{ label: t('catalog.title'), to: paths.home() }, { label: name }]} />
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="break-all text-xl font-semibold">{name}</h1>
        <SearchField label={t('tags.filter')} value={filter} placeholder={t('tags.filterPlaceholder')} onChange={(v) => update({ q: v || undefined })} />
        {q.isSuccess && q.data.length > 0 && !cleanup ? <CleanupLink search={rulesToParams(params, DEFAULT_RULES).toString()} /> : null}
      </div>
      {q.isSuccess && q.data.length > 0 && !cleanup ? (
        <div className="flex flex-wrap items-center gap-3">
          <RepositorySize repo={name} />
          <SupplyChainToggle count={split.supplyChain.length} checked={showSupplyChain} onChange={(show) => update({ signatures: show ? 'show' : undefined })} />
        </div>
      ) : null}
      {q.isPending && !fromLastVisit ? <Spinner label={t('tags.loading')} /> : null}
      {q.isError ? (
        isRegistryError(q.error) && q.error.kind === 'not-found' ? (
          <EmptyState title={t('tags.nameUnknown')}>{t('tags.nameUnknownHint')}</EmptyState>
        ) : (
          <ErrorPanel error={q.error} onRetry={() => void q.refetch()} />
        )
      ) : null}
      {q.isSuccess && q.data.length === 0 ? <EmptyState title={t('tags.none')}>{t('tags.noneHint')}</EmptyState> : null}
      {q.isSuccess ? <DeletePermissionNote repo={name} permission={permission} /> : null}
      {q.isSuccess && q.data.length > 0 && cleanup ? (
        <Suspense fallback={<Spinner label={t('common.loading')} />}>
          <CleanupPanel repo={name} deleteEnabled={deleteImages} />
        </Suspense>
      ) : null}
      {q.isSuccess && q.data.length > 0 && !cleanup && deleteImages ? (
        <SelectionBar count={selected.size} onDelete={() => setDeletingSelected(true)} onClear={() => setSelected(new Set())} />
      ) : null}
      {((q.isSuccess && q.data.length > 0) || fromLastVisit) && listed && !cleanup ? (
        <TagTable
          repo={name}
          tags={showSupplyChain ? listed : split.images}
          lastVisit={lastVisit}
          listed={q.isSuccess}
          filter={filter}
          sort={sort}
          dir={dir}
          onSort={(s, d) => update({ sort: s === 'name' ? undefined : s, dir: d })}
          rowActions={deleteImages ? (tag) => <DeleteTagButton tag={tag} onOpen={setDeleting} compact /> : undefined}
          selection={deleteImages ? { selected, onChange: setSelected, labels: selectionLabels } : undefined}
          digestBadges={(digest) => <SupplyChainBadges repo={name} items={split.bySubject.get(digest)} />}
        />
      ) : null}
      <Suspense fallback={null}>
        {deletingSelected ? (
          <DeleteSelectedDialog
            repo={name}
            selected={selected}
            onClose={(ran) => {
              setDeletingSelected(false);
              if (ran) setSelected(new Set());
            }}
          />
        ) : null}
        {deleting ? <DeleteTagDialog repo={name} tag={deleting} open onClose={() => setDeleting(undefined)} /> : null}
      </Suspense>
    </div>
  );
}

function TagPage({ name, tag }: { name: string; tag: string }) {
  const { t } = useTranslation();
  const q = useQuery(tagManifestQuery(name, tag));
  const navigate = useNavigate();
  const [deleting, setDeleting] = useState(false);
  const permission = useDeletePermission(name, getRuntimeConfig().deleteImages);
  return (
    <div>
      <Breadcrumbs items={[{ label: t('catalog.title'), to: paths.home() }, { label: name, to: paths.repository(name) }, { label: tag }]} />
      <div className="mb-4 flex flex-wrap items-center gap-3">
        <h1 className="break-all text-xl font-semibold">{name}:{tag}</h1>
        <div className="ml-auto">
          {getRuntimeConfig().deleteImages && permission !== 'denied' && q.isSuccess ? <DeleteTagButton tag={tag} onOpen={() => setDeleting(true)} /> : null}
        </div>
      </div>
      {q.isPending ? <Spinner label={t('manifest.loading')} /> : null}
      {q.isError ? <ErrorPanel error={q.error} onRetry={() => void q.refetch()} context={`${name}:${tag}`} /> : null}
      {q.isSuccess ? (
        <Suspense fallback={<Spinner label={t('manifest.loading')} />}>
          <ManifestView repo={name} reference={tag} fetched={q.data} />
        </Suspense>
      ) : null}
      <Suspense fallback={null}>
        {deleting ? <DeleteTagDialog repo={name} tag={tag} open onClose={() => setDeleting(false)} onDeleted={() => navigate(paths.repository(name))} /> : null}
      </Suspense>
    </div>
  );
}

function DigestPage({ name, digest }: { name: string; digest: string }) {
  const { t } = useTranslation();
  const d = parseDigest(digest)!;
  const q = useQuery(manifestQuery(name, d));
  return (
    <div>
      <Breadcrumbs items={[{ label: t('catalog.title'), to: paths.home() }, { label: name, to: paths.repository(name) }, { label: shortDigest(d) }]} />
      <h1 className="mb-4 break-all text-xl font-semibold">{name}@{shortDigest(d)}</h1>
      {q.isPending ? <Spinner label={t('manifest.loading')} /> : null}
      {q.isError ? <ErrorPanel error={q.error} onRetry={() => void q.refetch()} context={`${name}@${d}`} /> : null}
      {q.isSuccess ? (
        <Suspense fallback={<Spinner label={t('manifest.loading')} />}>
          <ManifestView repo={name} reference={d} fetched={q.data} />
        </Suspense>
      ) : null}
    </div>
  );
}

function ComparePage({ name }: { name: string }) {
  const { t } = useTranslation();
  return (
    <div>
      <Breadcrumbs items={[{ label: t('catalog.title'), to: paths.home() }, { label: name, to: paths.repository(name) }, { label: t('manifest.compareTitle') }]} />
      <h1 className="mb-4 break-all text-xl font-semibold">{name}: {t('manifest.compareTitle')}</h1>
      <Suspense fallback={<Spinner label={t('common.loading')} />}>
        <CompareView repo={name} />
      </Suspense>
    </div>
  );
}

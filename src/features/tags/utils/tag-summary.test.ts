// @vitest-environment node
import { fixtures, fixture } from '@/testing/msw/handlers';
import type { Digest } from '@/registry/digest';
import { imageSize, isAttestation, isIndex, isSingle, parseManifest } from '@/registry/manifests';
import type { FetchedManifest, ImageConfig } from '@/registry/types';
import { sortTags } from './sort-tags';
import { summarize, type PlatformRead, type TagRowState } from './tag-summary';

const captured = (repo: string, ref: string) =>
  Object.values(fixtures).find((f) => f.request.method === 'GET' && f.request.path === `/v2/${repo}/${ref}` && f.response.status === 200);

function read(repo: string, digest: string): FetchedManifest {
  const f = captured(repo, `manifests/${digest}`)!;
  return { digest: digest as Digest, digestComputed: false, manifest: parseManifest(f.response.body, f.response.headers['content-type']), size: f.response.body.length, raw: f.response.body };
}

function configOf(repo: string, m: FetchedManifest): ImageConfig | undefined {
  if (!isSingle(m.manifest)) return undefined;
  const f = captured(repo, `blobs/${m.manifest.config.digest}`);
  return f ? (JSON.parse(f.response.body) as ImageConfig) : undefined;
}

/** A tag's row as the tag table builds it: the manifest, its config, and for an index every platform's. */
function rowOf(repo: string, tag: string): TagRowState {
  const fetched = read(repo, fixture(`manifest-head-${repo.split('/')[1]}-${tag}`).response.headers['docker-content-digest']!);
  const m = fetched.manifest;
  const children: PlatformRead[] = isIndex(m)
    ? m.manifests.filter((d) => !isAttestation(d)).map((d) => {
        const child = read(repo, d.digest);
        const config = configOf(repo, child);
        return config ? { fetched: child, config } : { fetched: child };
      })
    : [];
  return { status: 'done', summary: summarize(fetched, configOf(repo, fetched), children) };
}

describe('an index in the tag table', () => {
  it('takes its largest platform’s size and its newest platform’s date', () => {
    const index = read('demo/multiarch', fixture('manifest-head-multiarch-latest').response.headers['docker-content-digest']!);
    const platforms = (index.manifest as { manifests: { digest: string; platform?: { os: string } }[] }).manifests.filter((d) => d.platform?.os !== 'unknown');
    const sizes = platforms.map((d) => imageSize(read('demo/multiarch', d.digest).manifest as never));
    const dates = platforms.map((d) => configOf('demo/multiarch', read('demo/multiarch', d.digest))!.created!);
    const row = rowOf('demo/multiarch', 'latest');
    if (row.status !== 'done') throw new Error('not done');
    expect(row.summary.size).toBe(Math.max(...sizes));
    expect(row.summary.created).toBe([...dates].sort().at(-1));
    expect(row.summary.fromPlatforms).toBe(true);
    expect(row.summary.platforms).toEqual(['linux/amd64', 'linux/arm64', 'linux/arm/v7']);
  });

  it('without its platforms read, it has no size and only its own created annotation', () => {
    const index = read('demo/multiarch', fixture('manifest-head-multiarch-latest').response.headers['docker-content-digest']!);
    const s = summarize(index);
    expect(s.size).toBeUndefined();
    expect(s.fromPlatforms).toBeUndefined();
  });

  it('sorts among images by those figures, an empty index last', () => {
    const tags = ['mirror', 'notary', 'loop', 'builder', 'empty'];
    const rows = new Map(tags.map((t) => [t, rowOf('demo/layouts', t)]));
    const created = (t: string) => {
      const r = rows.get(t)!;
      return r.status === 'done' ? r.summary.created : undefined;
    };
    // every image has a date, every index one of its platforms' (the empty index its own annotation)
    expect(tags.filter((t) => created(t) === undefined)).toEqual([]);
    const byCreated = sortTags(tags, rows, 'created', 'desc');
    expect(byCreated).toEqual([...tags].sort((a, b) => Date.parse(created(b)!) - Date.parse(created(a)!)));
    expect(byCreated.slice(0, 2)).toContain('builder');
    const bySize = sortTags(tags, rows, 'size', 'desc');
    expect(bySize.at(-1)).toBe('empty');
    expect(bySize.slice(0, -1)).toEqual(expect.arrayContaining(['loop', 'builder']));
    // the platform-less image of loop is named by its config
    const loop = rows.get('loop')!;
    expect(loop.status === 'done' && loop.summary.platforms[0]).toBe('linux/amd64');
  });
});

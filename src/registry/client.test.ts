// @vitest-environment node
import { http, HttpResponse } from 'msw';
import { server } from '@/testing/msw/server';
import { REGISTRY, catalogHandler, fixture, replay } from '@/testing/msw/handlers';
import { MAX_MANIFEST_BYTES, createRegistryClient } from './client';
import { RegistryError } from './errors';
import { MediaType } from './media-types';
import { artifactTypeOf, imageSize, isAttestation, isIndex, parseManifest } from './manifests';
import { computeDigest, type Digest } from './digest';
import { thrown } from '@/testing/thrown';

const signal = new AbortController().signal;
const client = () => createRegistryClient({ baseUrl: REGISTRY, retries: 0 });

async function collect<T>(gen: AsyncGenerator<T[]>): Promise<T[][]> {
  const pages: T[][] = [];
  for await (const p of gen) pages.push(p);
  return pages;
}

describe('catalog', () => {
  it('follows the captured Link header to the next page', async () => {
    const gen = client().catalogPages({ signal, pageSize: 2 });
    const first = await gen.next();
    const second = await gen.next();
    expect(first.value).toEqual(['bulk/repo-00001', 'bulk/repo-00002']);
    expect(second.value).toEqual(JSON.parse(fixture('catalog-n2-next').response.body).repositories);
    await gen.return(undefined);
  });

  it('walks past 1,000 repositories to the end, never asking for more than 1000 per page', async () => {
    const names = Array.from({ length: 2345 }, (_, i) => `team${i % 7}/repo-${String(i).padStart(5, '0')}`);
    const requests: string[] = [];
    server.use(catalogHandler(names, requests));
    const pages = await collect(client().catalogPages({ signal, pageSize: 5000 }));
    expect(pages.map((p) => p.length)).toEqual([1000, 1000, 345]);
    expect(new Set(pages.flat())).toEqual(new Set(names));
    expect(requests.every((r) => /[?&]n=1000(&|$)/.test(r))).toBe(true);
  });

  it('yields the first page before asking for the second', async () => {
    const names = Array.from({ length: 1500 }, (_, i) => `r${i}`);
    const requests: string[] = [];
    server.use(catalogHandler(names, requests));
    const gen = client().catalogPages({ signal, pageSize: 1000 });
    const first = await gen.next();
    expect(first.value).toHaveLength(1000);
    expect(requests).toHaveLength(1);
    await gen.next();
    expect(requests).toHaveLength(2);
  });

  it('reads a captured single page with no Link as the whole catalog', async () => {
    const pages = await collect(client().catalogPages({ signal, pageSize: 1000 }));
    expect(pages).toHaveLength(1);
    expect(pages[0]).toEqual(JSON.parse(fixture('catalog-n1000').response.body).repositories);
  });

  it('explains 400 PAGINATION_NUMBER_INVALID as a bad request with its code', async () => {
    server.use(http.get(`${REGISTRY}/v2/_catalog`, () => replay(fixture('catalog-n1001'))));
    const e = await thrown(collect(client().catalogPages({ signal })));
    expect(e.kind).toBe('bad-request');
    expect(e.codes).toEqual(['PAGINATION_NUMBER_INVALID']);
  });

  it('stops on a Link that points back to a page already read', async () => {
    server.use(
      http.get(`${REGISTRY}/v2/_catalog`, () =>
        HttpResponse.json({ repositories: ['a'] }, { headers: { link: '</v2/_catalog?n=1000>; rel="next"' } }),
      ),
    );
    expect(await collect(client().catalogPages({ signal }))).toEqual([['a']]);
  });

  it('never follows a Link to another origin', async () => {
    const hits: string[] = [];
    server.use(
      http.get(`${REGISTRY}/v2/_catalog`, ({ request }) => {
        hits.push(request.url);
        if (hits.length > 1) return HttpResponse.json({ repositories: ['b'] });
        return HttpResponse.json({ repositories: ['a'] }, { headers: { link: '<http://evil.test/v2/_catalog?last=a&n=1000>; rel="next"' } });
      }),
    );
    await collect(client().catalogPages({ signal }));
    expect(hits.every((u) => u.startsWith(REGISTRY))).toBe(true);
  });
});

describe('tags', () => {
  it('returns the captured tags, in the registry’s order', async () => {
    expect(await client().listTags('demo/alpine', { signal })).toEqual(JSON.parse(fixture('tags-list-alpine').response.body).tags);
    expect(await client().listTags('demo/many-tags', { signal })).toHaveLength(150);
  });

  it('reads {"tags": null} of a repository whose tags were all deleted as no tags', async () => {
    expect(JSON.parse(fixture('tags-list-deleted').response.body).tags).toBeNull();
    expect(await client().listTags('demo/deleted', { signal })).toEqual([]);
  });

  it('reads [] as no tags', async () => {
    server.use(http.get(`${REGISTRY}/v2/demo/empty/tags/list`, () => HttpResponse.json({ name: 'demo/empty', tags: [] })));
    expect(await client().listTags('demo/empty', { signal })).toEqual([]);
  });

  it('turns 404 NAME_UNKNOWN (blobs but no manifest) into a not-found error', async () => {
    const e = await thrown(client().listTags('demo/blob-only', { signal }));
    expect(e.kind).toBe('not-found');
    expect(e.codes).toEqual(['NAME_UNKNOWN']);
  });

  it('follows Link pagination where a registry sends it', async () => {
    server.use(
      http.get(`${REGISTRY}/v2/paged/tags/list`, ({ request }) => {
        const last = new URL(request.url).searchParams.get('last');
        if (!last) return HttpResponse.json({ name: 'paged', tags: ['b', 'a'] }, { headers: { link: '</v2/paged/tags/list?last=a&n=2>; rel="next"' } });
        if (last === 'a') return HttpResponse.json({ name: 'paged', tags: ['c'] }, { headers: { link: '</v2/paged/tags/list?last=c&n=2>; rel="next"' } });
        return HttpResponse.json({ name: 'paged', tags: null });
      }),
    );
    expect(await client().listTags('paged', { signal })).toEqual(['b', 'a', 'c']);
  });

  it('refuses a name that is not a repository name without sending anything', async () => {
    const e = await thrown(client().listTags('../../etc', { signal }));
    expect(e.kind).toBe('bad-request');
  });
});

describe('conditional manifest GET', () => {
  const digest = fixture('manifest-head-alpine-3.18').response.headers['docker-content-digest'] as Digest;

  it('sends If-None-Match with the quoted digest and reads 304 as "not modified", with no body read', async () => {
    const seen: (string | null)[] = [];
    server.events.on('request:start', ({ request }) => void seen.push(request.headers.get('if-none-match')));
    expect(await client().getManifestIfChanged('demo/alpine', '3.18', digest, { signal })).toBe('not-modified');
    server.events.removeAllListeners();
    expect(seen).toEqual([`"${digest}"`]);
  });

  it('returns the new manifest, verified, when the tag moved', async () => {
    const other = fixture('manifest-head-alpine-latest').response.headers['docker-content-digest'] as Digest;
    const got = await client().getManifestIfChanged('demo/alpine', '3.18', other, { signal });
    expect(got).not.toBe('not-modified');
    expect(got !== 'not-modified' && got.digest).toBe(digest);
  });

  it('still treats other non-2xx answers as errors', async () => {
    const e = await thrown(client().getManifestIfChanged('demo/alpine', 'no-such-tag', digest, { signal }));
    expect(e).toBeInstanceOf(RegistryError);
    expect((e as RegistryError).kind).toBe('not-found');
  });
});

describe('manifests', () => {
  const digestOf = (name: string) => fixture(name).response.headers['docker-content-digest'] as Digest;

  it.each([
    ['demo/alpine', 'latest', 'manifest-get-alpine-latest', MediaType.DockerManifest],
    ['demo/oci-app', 'latest', 'manifest-get-oci-app-latest', MediaType.OciManifest],
    ['demo/multiarch', 'latest', 'manifest-get-multiarch-latest', MediaType.OciIndex],
    ['demo/docker-list', 'stable', 'manifest-get-docker-list-stable', MediaType.DockerManifestList],
  ])('GET %s:%s parses the captured %s as %s with its digest', async (repo, tag, name, mediaType) => {
    const m = await client().getManifest(repo, tag, { signal });
    expect(m.manifest.mediaType).toBe(mediaType);
    expect(m.digest).toBe(digestOf(name));
    expect(m.digestComputed).toBe(false);
    expect(m.raw).toBe(fixture(name).response.body);
  });

  it('reads a Helm chart whose body has no mediaType from Content-Type', async () => {
    const f = fixture('manifest-get-mychart');
    expect(JSON.parse(f.response.body).mediaType).toBeUndefined();
    const m = await client().getManifest('charts/mychart', '0.1.0', { signal });
    expect(m.manifest.mediaType).toBe(MediaType.OciManifest);
    expect(artifactTypeOf(m.manifest)).toBe(MediaType.HelmConfig);
  });

  it('reads an OCI artifact: artifactType, empty config, subject', async () => {
    const digest = digestOf('manifest-get-artifact-sbom');
    const m = await client().getManifest('demo/artifact', digest, { signal });
    expect(m.manifest.mediaType).toBe(MediaType.OciManifest);
    if (m.manifest.mediaType !== MediaType.OciManifest) throw new Error('unreachable');
    expect(m.manifest.artifactType).toBe('application/vnd.example.sbom.v1+json');
    expect(m.manifest.config.mediaType).toBe(MediaType.OciEmpty);
    expect(m.manifest.subject?.digest).toBe(digestOf('manifest-get-artifact-app'));
  });

  it('tells attestations from platforms in a BuildKit-style index', async () => {
    const m = await client().getManifest('demo/multiarch', 'latest', { signal });
    if (!isIndex(m.manifest)) throw new Error('expected an index');
    const platforms = m.manifest.manifests.filter((d) => !isAttestation(d)).map((d) => d.platform);
    expect(platforms.map((p) => `${p?.os}/${p?.architecture}${p?.variant ? `/${p.variant}` : ''}`)).toEqual(['linux/amd64', 'linux/arm64', 'linux/arm/v7']);
    expect(m.manifest.manifests.filter(isAttestation)).toHaveLength(1);
  });

  it('parses a schema1 manifest (what 2.8 sends without Accept) for read-only display', () => {
    const f = fixture('manifest-get-alpine-no-accept');
    const m = parseManifest(f.response.body, f.response.headers['content-type']);
    expect(m.schemaVersion).toBe(1);
    expect(m.mediaType).toBe(MediaType.DockerSchema1Signed);
  });

  it('computes the digest from the bytes when Docker-Content-Digest is missing', async () => {
    const f = fixture('manifest-get-oci-app-latest');
    server.use(
      http.get(`${REGISTRY}/v2/demo/oci-app/manifests/latest`, () => {
        const { 'docker-content-digest': _drop, ...headers } = f.response.headers;
        return replay({ ...f, response: { ...f.response, headers } });
      }),
    );
    const m = await client().getManifest('demo/oci-app', 'latest', { signal });
    expect(m.digestComputed).toBe(true);
    expect(m.digest).toBe(digestOf('manifest-get-oci-app-latest'));
  });

  it('refuses a body that does not match Docker-Content-Digest', async () => {
    const f = fixture('manifest-get-oci-app-latest');
    server.use(http.get(`${REGISTRY}/v2/demo/oci-app/manifests/latest`, () => replay(f, { body: f.response.body.replace('"size":', '"size": ') })));
    expect((await thrown(client().getManifest('demo/oci-app', 'latest', { signal }))).kind).toBe('digest-mismatch');
  });

  it('refuses a body that does not match the digest it was asked for', async () => {
    const f = fixture('manifest-get-multiarch-amd64');
    const digest = f.request.path.split('/').pop()!;
    server.use(
      http.get(`${REGISTRY}/v2/demo/multiarch/manifests/${digest}`, () => {
        const { 'docker-content-digest': _drop, ...headers } = f.response.headers;
        return replay({ ...f, response: { ...f.response, headers } }, { body: f.response.body + ' ' });
      }),
    );
    expect((await thrown(client().getManifest('demo/multiarch', digest, { signal }))).kind).toBe('digest-mismatch');
  });

  it('HEAD returns the digest, media type and size without a body', async () => {
    const h = await client().headManifest('demo/alpine', 'latest', { signal });
    expect(h).toEqual({ digest: digestOf('manifest-get-alpine-latest'), mediaType: MediaType.DockerManifest, size: 735 });
  });

  it('explains a missing tag, on GET (MANIFEST_UNKNOWN) and on HEAD (no body)', async () => {
    const get = await thrown(client().getManifest('demo/alpine', 'no-such-tag', { signal }));
    expect([get.kind, get.codes]).toEqual(['not-found', ['MANIFEST_UNKNOWN']]);
    const head = await thrown(client().headManifest('demo/alpine', 'no-such-tag', { signal }));
    expect([head.kind, head.status]).toEqual(['not-found', 404]);
  });

  it('shows why every Accept type matters: Docker types only make 2.8 answer 404 for an OCI index', () => {
    const f = fixture('manifest-get-multiarch-docker-accept');
    expect(f.response.status).toBe(404);
    expect(f.request.headers?.Accept).not.toContain(MediaType.OciIndex);
  });

  it('rejects an unknown media type as malformed', () => {
    expect(() => parseManifest('{"schemaVersion":2,"mediaType":"application/x-unknown"}')).toThrow(RegistryError);
  });
});

describe('manifest size limit', () => {
  // a captured manifest with its layers repeated past the limit: larger than anything distribution stores
  const f = fixture('manifest-get-oci-app-latest');
  const body = JSON.parse(f.response.body) as { layers: unknown[] };
  const big = JSON.stringify({ ...body, layers: Array.from({ length: 70_000 }, (_, i) => body.layers[i % body.layers.length]) });

  it('refuses a manifest above MAX_MANIFEST_BYTES with its own kind, before parsing it', async () => {
    expect(big.length).toBeGreaterThan(MAX_MANIFEST_BYTES);
    server.use(http.get(`${REGISTRY}/v2/demo/oci-app/manifests/latest`, () => replay(f, { body: big, headers: { 'docker-content-digest': '' } })));
    const e = await thrown(client().getManifest('demo/oci-app', 'latest', { signal }));
    expect(e).toBeInstanceOf(RegistryError);
    expect((e as RegistryError).kind).toBe('too-large');
  });

  it('reads the largest manifest distribution stores (just under 4 MiB)', async () => {
    const fits = JSON.stringify({ ...body, layers: Array.from({ length: 27_000 }, (_, i) => body.layers[i % body.layers.length]) });
    expect(fits.length).toBeLessThan(MAX_MANIFEST_BYTES);
    server.use(http.get(`${REGISTRY}/v2/demo/oci-app/manifests/latest`, () => replay(f, { body: fits, headers: { 'docker-content-digest': '' } })));
    const m = await client().getManifest('demo/oci-app', 'latest', { signal });
    expect(m.manifest.mediaType).toBe(MediaType.OciManifest);
    expect('layers' in m.manifest && m.manifest.layers).toHaveLength(27_000);
  });
});

describe('blobs', () => {
  it('reads the captured OCI config with its hostile and unicode labels as data', async () => {
    const m = await client().getManifest('demo/oci-app', 'latest', { signal });
    if (m.manifest.mediaType !== MediaType.OciManifest) throw new Error('expected an OCI manifest');
    const config = await client().getConfig('demo/oci-app', m.manifest.config.digest, { signal });
    expect(config.config?.Labels?.['org.example.note']).toContain('<script>');
    expect(config.history?.some((h) => h.empty_layer)).toBe(true);
    expect(imageSize(m.manifest)).toBe(m.manifest.config.size + m.manifest.layers.reduce((s, l) => s + l.size, 0));
  });

  it('refuses a blob whose bytes do not hash to its digest', async () => {
    const f = fixture('blob-get-config-alpine');
    const digest = f.request.path.split('/').pop() as Digest;
    server.use(http.get(`${REGISTRY}/v2/demo/alpine/blobs/${digest}`, () => replay(f, { body: f.response.body.replace('amd64', 'arm64') })));
    expect((await thrown(client().getConfig('demo/alpine', digest, { signal }))).kind).toBe('digest-mismatch');
  });

  it.each([
    ['is not JSON', '<html>proxy error</html>'],
    ['is JSON but not an object', '["amd64"]'],
  ])('reads a config blob that %s as malformed', async (_, body) => {
    const digest = (await computeDigest(new TextEncoder().encode(body))) as Digest;
    server.use(http.get(`${REGISTRY}/v2/demo/alpine/blobs/${digest}`, () => new HttpResponse(body, { status: 200 })));
    expect((await thrown(client().getConfig('demo/alpine', digest, { signal }))).kind).toBe('malformed');
  });

  it('drops the config fields of the wrong type as it reads the blob', async () => {
    const body = JSON.stringify({ architecture: 7, os: 'linux', config: { Cmd: 'sh', User: 'app' } });
    const digest = (await computeDigest(new TextEncoder().encode(body))) as Digest;
    server.use(http.get(`${REGISTRY}/v2/demo/alpine/blobs/${digest}`, () => new HttpResponse(body, { status: 200 })));
    expect(await client().getConfig('demo/alpine', digest, { signal })).toEqual({ os: 'linux', config: { User: 'app' } });
  });
});

describe('errors and retries', () => {
  it('explains a plain-text 404 (as 2.8 answers /referrers) as not-found with no codes', async () => {
    const f = fixture('referrers-artifact');
    expect(() => JSON.parse(f.response.body)).toThrow();
    server.use(http.get(`${REGISTRY}/v2/demo/artifact/tags/list`, () => replay(f)));
    const e = await thrown(client().listTags('demo/artifact', { signal }));
    expect([e.kind, e.status, e.codes]).toEqual(['not-found', 404, []]);
    expect(e.message).not.toContain('page not found');
  });

  it('reads a network failure as the network kind', async () => {
    server.use(http.get(`${REGISTRY}/v2/demo/alpine/tags/list`, () => HttpResponse.error()));
    expect((await thrown(client().listTags('demo/alpine', { signal }))).kind).toBe('network');
  });

  it('reads a body that is not JSON as malformed', async () => {
    server.use(http.get(`${REGISTRY}/v2/demo/alpine/tags/list`, () => new HttpResponse('<html>proxy error</html>', { status: 200, headers: { 'content-type': 'text/html' } })));
    expect((await thrown(client().listTags('demo/alpine', { signal }))).kind).toBe('malformed');
  });

  it('reads 5xx as a server error and 401 as unauthorized', async () => {
    server.use(http.get(`${REGISTRY}/v2/demo/alpine/tags/list`, () => new HttpResponse('oops', { status: 500 })));
    expect((await thrown(client().listTags('demo/alpine', { signal }))).kind).toBe('server');
    server.use(http.get(`${REGISTRY}/v2/_catalog`, () => replay(fixture('auth-catalog-unauthorized'))));
    expect((await thrown(collect(client().catalogPages({ signal })))).kind).toBe('unauthorized');
  });

  it('retries a GET after 429 with Retry-After, then succeeds', async () => {
    let calls = 0;
    server.use(
      http.get(`${REGISTRY}/v2/demo/alpine/tags/list`, () => {
        calls++;
        if (calls === 1) return HttpResponse.json({ errors: [{ code: 'TOOMANYREQUESTS', message: 'slow down' }] }, { status: 429, headers: { 'retry-after': '0' } });
        return replay(fixture('tags-list-alpine'));
      }),
    );
    const c = createRegistryClient({ baseUrl: REGISTRY, retries: 2 });
    expect(await c.listTags('demo/alpine', { signal })).toHaveLength(3);
    expect(calls).toBe(2);
  });

  it('reports rate limiting with the wait when retries run out', async () => {
    server.use(http.get(`${REGISTRY}/v2/demo/alpine/tags/list`, () => HttpResponse.json({ errors: [{ code: 'TOOMANYREQUESTS', message: 'x' }] }, { status: 429, headers: { 'retry-after': '120' } })));
    const e = await thrown(createRegistryClient({ baseUrl: REGISTRY, retries: 2, maxRetryDelayMs: 50 }).listTags('demo/alpine', { signal }));
    expect([e.kind, e.retryAfter]).toEqual(['rate-limited', 120]);
  });

  it('never retries a DELETE, and explains 405 UNSUPPORTED', async () => {
    let calls = 0;
    const f = fixture('delete-manifest-disabled');
    server.use(
      http.delete(`${REGISTRY}/v2/demo/alpine/manifests/:digest`, () => {
        calls++;
        return replay(f);
      }),
    );
    const c = createRegistryClient({ baseUrl: REGISTRY, retries: 3 });
    const e = await thrown(c.deleteManifest('demo/alpine', f.request.path.split('/').pop() as Digest, { signal }));
    expect([e.kind, e.codes, calls]).toEqual(['unsupported', ['UNSUPPORTED'], 1]);

    calls = 0;
    server.use(http.delete(`${REGISTRY}/v2/demo/alpine/manifests/:digest`, () => {
      calls++;
      return new HttpResponse(null, { status: 503 });
    }));
    expect((await thrown(c.deleteManifest('demo/alpine', f.request.path.split('/').pop() as Digest, { signal }))).kind).toBe('server');
    expect(calls).toBe(1);
  });

  it('refuses to DELETE anything that is not a digest', async () => {
    const e = await thrown(client().deleteManifest('demo/alpine', 'latest' as Digest, { signal }));
    expect(e.kind).toBe('bad-request');
  });
});

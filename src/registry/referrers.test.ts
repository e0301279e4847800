// @vitest-environment node
import { http, HttpResponse } from 'msw';
import { server } from '@/testing/msw/server';
import { REGISTRY, fixture, replay } from '@/testing/msw/handlers';
import { createRegistryClient } from './client';
import { parseDigest, type Digest } from './digest';
import { RegistryError } from './errors';
import { cosignTagsFor, listReferrers, parseSupplyChainTag, referrersInIndex, referrersTagFor } from './referrers';
import { parseManifest } from './manifests';
import type { FetchedManifest, IndexManifest } from './types';
import { schema1Payload } from './schema1';
import { MediaType } from './media-types';

const signal = new AbortController().signal;
const client = () => createRegistryClient({ baseUrl: REGISTRY, retries: 0 });
const digestOf = (name: string) => fixture(name).response.headers['docker-content-digest'] as Digest;
function parseManifestFixture(name: string): FetchedManifest {
  const f = fixture(name);
  const raw = f.response.body;
  return { digest: digestOf(name), digestComputed: false, manifest: parseManifest(raw, f.response.headers['content-type']), size: raw.length, raw };
}

describe('supply-chain tags', () => {
  const hex = 'a'.repeat(64);

  it('recognises cosign signature, attestation and SBOM tags and the referrers fallback tag', () => {
    expect(parseSupplyChainTag(`sha256-${hex}.sig`)).toEqual({ tag: `sha256-${hex}.sig`, subject: `sha256:${hex}`, kind: 'signature' });
    expect(parseSupplyChainTag(`sha256-${hex}.att`)?.kind).toBe('attestation');
    expect(parseSupplyChainTag(`sha256-${hex}.sbom`)?.kind).toBe('sbom');
    expect(parseSupplyChainTag(`sha256-${hex}`)?.kind).toBe('referrers');
  });

  it('leaves ordinary tags alone, including ones that only look similar', () => {
    for (const tag of ['latest', 'v1.0', `sha256-${hex}.sig2`, `sha256-${hex.slice(1)}.sig`, `sha256-${hex.toUpperCase()}.sig`, `md5-${hex}.sig`, `sha256-abc.sig`]) {
      expect(parseSupplyChainTag(tag), tag).toBeUndefined();
    }
  });

  it('names the tags of a digest the way cosign and the distribution-spec do', () => {
    const d = parseDigest(`sha256:${hex}`)!;
    expect(referrersTagFor(d)).toBe(`sha256-${hex}`);
    expect(cosignTagsFor(d)).toEqual({ signature: `sha256-${hex}.sig`, attestation: `sha256-${hex}.att`, sbom: `sha256-${hex}.sbom` });
  });

  it('matches the tags the seed pushed next to the signed image', () => {
    const v1 = digestOf('manifest-head-signed-v1');
    const tags = JSON.parse(fixture('tags-list-signed').response.body).tags as string[];
    const parsed = tags.map(parseSupplyChainTag).filter((t) => t !== undefined);
    expect(parsed.map((t) => [t.kind, t.subject]).sort()).toEqual([['attestation', v1], ['signature', v1]]);
  });
});

describe('referrers', () => {
  it('falls back to the sha256-<hex> tag when the registry answers the API with a plain-text 404 (2.8)', async () => {
    const app = digestOf('manifest-head-artifact-app');
    const seen: string[] = [];
    server.events.on('request:start', ({ request }) => void seen.push(new URL(request.url).pathname));
    const r = await listReferrers(client(), 'demo/artifact', app, { signal });
    server.events.removeAllListeners();
    expect(seen).toEqual([`/v2/demo/artifact/referrers/${app}`, `/v2/demo/artifact/manifests/${referrersTagFor(app)}`]);
    const index = JSON.parse(fixture('manifest-get-artifact-referrers-tag').response.body);
    expect(r).toEqual({ source: 'tag', tag: referrersTagFor(app), manifests: index.manifests });
    expect(r.manifests[0]!.artifactType).toBe('application/vnd.example.sbom.v1+json');
  });

  it('reads a digest tag (sha256-<hex> pointing at the manifest it names) as an ordinary tag, not as referrers', async () => {
    const mirror = digestOf('manifest-head-layouts-mirror');
    const digestTag = fixture(`manifest-get-layouts-${referrersTagFor(mirror)}`);
    expect(digestTag.response.headers['docker-content-digest']).toBe(mirror);
    const r = await listReferrers(client(), 'demo/layouts', mirror, { signal });
    expect(r).toEqual({ source: 'tag', tag: referrersTagFor(mirror), ordinaryTag: true, manifests: [] });
  });

  it('reads the fallback tag of a Notation-signed image as its referrers', async () => {
    const notary = digestOf('manifest-head-layouts-notary');
    const r = await listReferrers(client(), 'demo/layouts', notary, { signal });
    expect(r.ordinaryTag).toBeUndefined();
    expect(r.manifests.map((d) => d.artifactType)).toEqual(['application/vnd.cncf.notary.signature']);
  });

  it('takes only an OCI index of artifacts for a referrers index', async () => {
    const at = (name: string) => parseManifestFixture(name);
    const notary = digestOf('manifest-head-layouts-notary');
    const mirror = digestOf('manifest-head-layouts-mirror');
    const fallback = at(`manifest-get-layouts-${referrersTagFor(notary)}`);
    expect(referrersInIndex(notary, fallback)).toHaveLength(1);
    // the same index under another subject's name still lists artifacts: the name decides what they are about
    expect(referrersInIndex(mirror, at(`manifest-get-layouts-${referrersTagFor(mirror)}`))).toBeUndefined();
    // crane's Docker list gives each entry its config's media type as artifactType: only its own media type tells
    // it from a referrers index
    const list = at('manifest-get-docker-list-stable').manifest as IndexManifest;
    expect(list.manifests.map((d) => d.artifactType)).toEqual([MediaType.DockerConfig, MediaType.DockerConfig]);
    // a multi-arch index (platforms, no artifactType), an empty index, a Docker list, an image
    for (const name of ['manifest-get-multiarch-latest', 'manifest-get-layouts-empty', 'manifest-get-docker-list-stable', 'manifest-get-layouts-notary']) {
      expect(referrersInIndex(notary, at(name)), name).toBeUndefined();
    }
  });

  it('reports none when neither the API nor the fallback tag exists', async () => {
    const latest = digestOf('manifest-head-oci-app-latest');
    const r = await listReferrers(client(), 'demo/oci-app', latest, { signal });
    expect(r).toEqual({ source: 'tag', tag: referrersTagFor(latest), manifests: [] });
  });

  it('uses the referrers API where the registry has one, without reading the fallback tag', async () => {
    const app = digestOf('manifest-head-artifact-app');
    const index = fixture('manifest-get-artifact-referrers-tag').response.body;
    server.use(
      http.get(`${REGISTRY}/v2/demo/artifact/referrers/:digest`, () =>
        new HttpResponse(index, { headers: { 'content-type': MediaType.OciIndex } }),
      ),
      http.get(`${REGISTRY}/v2/demo/artifact/manifests/${referrersTagFor(app)}`, () => HttpResponse.error()),
    );
    const r = await listReferrers(client(), 'demo/artifact', app, { signal });
    expect(r.source).toBe('api');
    expect(r.manifests).toHaveLength(1);
  });

  it('takes each referrer\'s own artifactType where the API gave its empty config\'s (go-containerregistry)', async () => {
    const api = fixture('ggcr-referrers-clients');
    const subject = api.request.path.split('/').at(-1) as Digest;
    const listed = (JSON.parse(api.response.body) as { manifests: { digest: string; artifactType: string }[] }).manifests;
    // what the registry says: the config's media type for both, which names no type
    expect(listed.map((d) => d.artifactType)).toEqual([MediaType.OciEmpty, MediaType.OciEmpty]);
    server.use(
      http.get(`${REGISTRY}${api.request.path}`, () => replay(api)),
      http.get(`${REGISTRY}/v2/clients/crane/manifests/:digest`, ({ params }) => replay(fixture(`ggcr-manifest-get-clients-${String(params.digest).slice(7, 19)}`))),
    );
    const r = await listReferrers(client(), 'clients/crane', subject, { signal });
    expect(r.source).toBe('api');
    const own = (d: { digest: string }) => (JSON.parse(fixture(`ggcr-manifest-get-clients-${d.digest.slice(7, 19)}`).response.body) as { artifactType: string }).artifactType;
    expect(listed.map(own).sort()).toEqual(['application/spdx+json', 'application/vnd.example.scan-report+json']);
    expect(r.manifests.map((d) => [d.digest, d.artifactType])).toEqual(listed.map((d) => [d.digest, own(d)]));
  });

  it('keeps what the API said when a referrer cannot be read', async () => {
    const api = fixture('ggcr-referrers-clients');
    const subject = api.request.path.split('/').at(-1) as Digest;
    server.use(
      http.get(`${REGISTRY}${api.request.path}`, () => replay(api)),
      http.get(`${REGISTRY}/v2/clients/crane/manifests/:digest`, () => replay(fixture('manifest-get-missing-tag'))),
    );
    const r = await listReferrers(client(), 'clients/crane', subject, { signal });
    expect(r.manifests.map((d) => d.artifactType)).toEqual([MediaType.OciEmpty, MediaType.OciEmpty]);
  });

  it('does not hide a server error behind the fallback', async () => {
    const app = digestOf('manifest-head-artifact-app');
    server.use(http.get(`${REGISTRY}/v2/demo/artifact/referrers/:digest`, () => new HttpResponse('oops', { status: 500 })));
    await expect(listReferrers(client(), 'demo/artifact', app, { signal })).rejects.toBeInstanceOf(RegistryError);
  });

  it('refuses an API answer that is not an OCI index', async () => {
    server.use(
      http.get(`${REGISTRY}/v2/demo/artifact/referrers/:digest`, () =>
        replay(fixture('manifest-get-artifact-app')),
      ),
    );
    const e = await client().getReferrers('demo/artifact', digestOf('manifest-head-artifact-app'), { signal }).catch((x: unknown) => x);
    expect((e as RegistryError).kind).toBe('malformed');
  });
});

describe('signed schema1', () => {
  it('verifies the digest over the JWS payload, as distribution computes it', async () => {
    const f = fixture('manifest-get-alpine-no-accept');
    server.use(http.get(`${REGISTRY}/v2/demo/legacy/manifests/old`, () => replay(f)));
    const m = await client().getManifest('demo/legacy', 'old', { signal });
    expect(m.digest).toBe(f.response.headers['docker-content-digest']);
    expect(m.manifest.mediaType).toBe(MediaType.DockerSchema1Signed);
  });

  it('still refuses a signed schema1 body that was changed', async () => {
    const f = fixture('manifest-get-alpine-no-accept');
    const tampered = f.response.body.replace('"architecture": "amd64"', '"architecture": "arm64"');
    expect(tampered).not.toBe(f.response.body);
    server.use(http.get(`${REGISTRY}/v2/demo/legacy/manifests/old`, () => replay(f, { body: tampered })));
    const e = await client().getManifest('demo/legacy', 'old', { signal }).catch((x: unknown) => x);
    expect((e as RegistryError).kind).toBe('digest-mismatch');
  });

  it('has no payload for a body without signatures', () => {
    expect(schema1Payload(new TextEncoder().encode('{"schemaVersion":1}'))).toBeUndefined();
    expect(schema1Payload(new TextEncoder().encode('not json'))).toBeUndefined();
  });
});

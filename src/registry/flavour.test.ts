// @vitest-environment node
import { http, HttpResponse } from 'msw';
import { server } from '@/testing/msw/server';
import { REGISTRY, fixture, replay } from '@/testing/msw/handlers';
import { createRegistryClient } from './client';
import { detectDistribution } from './flavour';

const signal = new AbortController().signal;
const client = () => createRegistryClient({ baseUrl: REGISTRY, retries: 0 });

/** The registry as captured: its `/v2/` and its answer to `_catalog?n=-1`. */
function registryFrom(prefix: '' | 'dist3-' | 'ggcr-') {
  server.use(
    http.get(`${REGISTRY}/v2/`, () => replay(fixture(`${prefix}v2-base`))),
    http.get(`${REGISTRY}/v2/_catalog`, ({ request }) =>
      new URL(request.url).searchParams.get('n') === '-1' ? replay(fixture(`${prefix}catalog-n-negative`)) : HttpResponse.error(),
    ),
  );
}

describe('telling Distribution 2 from 3', () => {
  it('both send the same Docker-Distribution-Api-Version: the header alone cannot tell them apart', () => {
    expect(fixture('v2-base').response.headers['docker-distribution-api-version']).toBe('registry/2.0');
    expect(fixture('dist3-v2-base').response.headers['docker-distribution-api-version']).toBe('registry/2.0');
  });

  it('Distribution 3.1.2 refuses a negative page size on the catalog', async () => {
    registryFrom('dist3-');
    expect(await detectDistribution(client(), { signal })).toEqual({ apiVersion: 'registry/2.0', distribution: '3', evidence: 'catalog-n' });
  });

  it('Distribution 2.8.2 ignores it and lists repositories', async () => {
    registryFrom('');
    expect(await detectDistribution(client(), { signal })).toEqual({ apiVersion: 'registry/2.0', distribution: '2', evidence: 'catalog-n' });
  });

  it('go-containerregistry sends the header and ignores n too, but is not taken for Distribution 2', async () => {
    registryFrom('ggcr-');
    expect((await detectDistribution(client(), { signal })).distribution).toBe('unknown');
  });

  it('a registry without the header is not Distribution', async () => {
    server.use(http.get(`${REGISTRY}/v2/`, () => HttpResponse.json({})));
    expect(await detectDistribution(client(), { signal })).toEqual({ apiVersion: null, distribution: 'unknown', evidence: 'header' });
  });

  it('no catalog access tells nothing', async () => {
    server.use(
      http.get(`${REGISTRY}/v2/`, () => replay(fixture('v2-base'))),
      http.get(`${REGISTRY}/v2/_catalog`, () => replay(fixture('auth-catalog-unauthorized'))),
    );
    expect(await detectDistribution(client(), { signal })).toEqual({ apiVersion: 'registry/2.0', distribution: 'unknown', evidence: 'error' });
  });

  it('a 400 without the pagination code (a proxy, another product) tells nothing either', async () => {
    server.use(
      http.get(`${REGISTRY}/v2/`, () => replay(fixture('v2-base'))),
      http.get(`${REGISTRY}/v2/_catalog`, () => HttpResponse.json({ errors: [{ code: 'BAD_REQUEST', message: 'the N must be a positive int type' }] }, { status: 400 })),
    );
    expect((await detectDistribution(client(), { signal })).distribution).toBe('unknown');
  });
});

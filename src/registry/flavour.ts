import type { CallOptions, RegistryClient } from './client';
import { RegistryError } from './errors';

/**
 * Which CNCF Distribution major version a registry answers as, as far as the API shows it:
 * `3` (registry:3), `2` (registry:2, Debian's docker-registry), or `unknown` (not Distribution, or it cannot be told).
 */
export type DistributionVersion = '2' | '3' | 'unknown';

/** What the registry reveals about itself. */
export interface RegistryFlavour {
  /** `Docker-Distribution-Api-Version` on `GET /v2/`: `registry/2.0` on 2.x and 3.x alike; null when absent. */
  apiVersion: string | null;
  distribution: DistributionVersion;
  /** How `distribution` was found: `catalog-n` (the answer to a negative page size), `header` (no such header), `error`. */
  evidence: 'catalog-n' | 'header' | 'error';
}

/**
 * Tells Distribution 3 from 2.x. Both send `Docker-Distribution-Api-Version: registry/2.0` and the same error
 * bodies; what differs is the catalog's handling of `n`: 3.x refuses a negative one with 400
 * PAGINATION_NUMBER_INVALID, 2.x ignores it and lists repositories as JSON (observed on 2.8.2 and 3.1.2);
 * go-containerregistry's registry also ignores it but answers `{"repositories":null}` as text/plain, and stays
 * `unknown`. A registry without the header is not taken for Distribution at all. Anything that fails (no catalog access, a network error) gives `unknown`: the
 * caller then shows what holds for both. Aborts are passed on.
 */
export async function detectDistribution(client: RegistryClient, options: CallOptions): Promise<RegistryFlavour> {
  let apiVersion: string | null;
  try {
    apiVersion = (await client.ping(options)).apiVersion;
  } catch (e) {
    if (!(e instanceof RegistryError)) throw e;
    return { apiVersion: null, distribution: 'unknown', evidence: 'error' };
  }
  if (apiVersion?.trim().toLowerCase() !== 'registry/2.0') return { apiVersion, distribution: 'unknown', evidence: 'header' };
  try {
    const answer = await client.catalogNegativeN(options);
    return { apiVersion, distribution: answer === 'refused' ? '3' : answer === 'ignored' ? '2' : 'unknown', evidence: 'catalog-n' };
  } catch (e) {
    if (!(e instanceof RegistryError)) throw e;
    return { apiVersion, distribution: 'unknown', evidence: 'error' };
  }
}

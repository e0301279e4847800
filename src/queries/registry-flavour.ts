import { queryOptions } from '@tanstack/react-query';
import { detectDistribution } from '@/registry/flavour';
import { registryKeys } from './keys';
import { getRegistry } from './registry-client';

/**
 * Which Distribution version the registry answers as (for the garbage-collection guidance). Asked once per page
 * load: a registry does not change version under a running UI often enough to ask again.
 */
export function registryFlavourQuery() {
  return queryOptions({
    queryKey: registryKeys.flavour(),
    queryFn: ({ signal }) => detectDistribution(getRegistry(), { signal }),
    staleTime: Infinity,
    retry: false,
  });
}

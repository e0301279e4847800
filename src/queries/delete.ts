import { mutationOptions, type QueryClient } from '@tanstack/react-query';
import type { Digest } from '@/registry/digest';
import { RegistryError } from '@/registry/errors';
import { Priority } from '@/lib/request-queue';
import { registryKeys } from './keys';
import { getQueue, getRegistry } from './registry-client';

/** The tag no longer points at the digest the user confirmed: nothing was deleted. */
export class TagMovedError extends Error {
  override readonly name = 'TagMovedError';
  constructor(
    readonly tag: string,
    readonly expected: Digest,
    readonly actual: Digest | undefined,
  ) {
    super(`tag ${tag} moved from ${expected} to ${actual ?? 'nothing'}`);
  }
}

export interface DeleteTagInput {
  repo: string;
  tag: string;
  /** The digest the confirmation showed. */
  digest: Digest;
}

export type DeleteOutcome = 'deleted' | 'already-gone';

/**
 * Deletes the manifest a tag points at, safely: a fresh HEAD of the tag must still answer the digest the user
 * confirmed (which also proves the digest is a manifest of this repository), then DELETE by that digest.
 * Never by tag, never a digest that was not verified, never retried. A 404 on DELETE means someone else
 * deleted it first.
 */
export async function deleteTag({ repo, tag, digest }: DeleteTagInput, signal: AbortSignal): Promise<DeleteOutcome> {
  const registry = getRegistry();
  let head;
  try {
    head = await getQueue().add(() => registry.headManifest(repo, tag, { signal }), { priority: Priority.page, signal });
  } catch (e) {
    if (e instanceof RegistryError && e.kind === 'not-found') throw new TagMovedError(tag, digest, undefined);
    throw e;
  }
  if (head.digest !== digest) throw new TagMovedError(tag, digest, head.digest);
  try {
    await getQueue().add(() => registry.deleteManifest(repo, head.digest!, { signal }), { priority: Priority.page, signal });
    return 'deleted';
  } catch (e) {
    if (e instanceof RegistryError && e.kind === 'not-found') return 'already-gone';
    throw e;
  }
}

/** Refreshes what a delete changed: the repository's tags and pointers, and the catalog's tag counts. */
export async function invalidateAfterDelete(client: QueryClient, repo: string): Promise<void> {
  await client.invalidateQueries({ queryKey: registryKeys.repo(repo) });
}

export function deleteTagMutation(client: QueryClient) {
  return mutationOptions({
    mutationKey: ['delete-tag'],
    mutationFn: (input: DeleteTagInput) => deleteTag(input, new AbortController().signal),
    onSettled: (_data, _error, input) => invalidateAfterDelete(client, input.repo),
  });
}

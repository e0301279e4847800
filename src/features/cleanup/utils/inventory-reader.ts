import type { Digest } from '@/registry/digest';
import { isRegistryError, RegistryError } from '@/registry/errors';
import { MediaType } from '@/registry/media-types';
import { isIndex, isSingle } from '@/registry/manifests';
import { manifestNode, type Inventory, type ManifestNode, type TagFacts } from '@/registry/inventory';
import type { FetchedManifest, ImageConfig, ManifestHead } from '@/registry/types';
import { eachConcurrently } from '@/lib/concurrency';

const CREATED = 'org.opencontainers.image.created';

/**
 * The registry calls reading a repository takes, already scheduled by the caller: the UI passes React Query
 * fetches through its request queue (use-repository-inventory.ts), the command line the client itself.
 */
export interface InventoryCalls {
  listTags(signal: AbortSignal): Promise<string[]>;
  /** Where a tag points now: read afresh, never from a cache (a tag is a pointer). */
  head(tag: string, signal: AbortSignal): Promise<ManifestHead>;
  /** A manifest by digest (may be cached: a digest is an identity). */
  manifest(digest: Digest, signal: AbortSignal): Promise<FetchedManifest>;
  /** An image config blob by digest. */
  config(digest: Digest, signal: AbortSignal): Promise<ImageConfig>;
}

/** How far a read got. */
export interface InventoryRead {
  /** Every tag and every manifest they reach; set once all of it was read without a failure. */
  inventory: Inventory | undefined;
  /** tag → digest it points at now, for the tags read so far. */
  digests: ReadonlyMap<string, Digest>;
  checked: number;
  total: number;
  /** Tags whose pointer, manifest or config could not be read: nothing may be deleted until they are. */
  failed: { tag: string; error: unknown }[];
  done: boolean;
}

/** Reads manifests, configs and created dates once per digest, however many tags share them. */
class Reader {
  readonly manifests = new Map<Digest, ManifestNode>();
  private readonly nodes = new Map<Digest, Promise<ManifestNode>>();
  private readonly created = new Map<Digest, Promise<string | undefined>>();

  constructor(private readonly calls: InventoryCalls, private readonly signal: AbortSignal) {}

  node(digest: Digest): Promise<ManifestNode> {
    let p = this.nodes.get(digest);
    if (!p) {
      p = (async () => {
        const node = manifestNode(await this.calls.manifest(digest, this.signal));
        this.manifests.set(digest, node);
        // every child too: a kept index protects them, and they decide what garbage collection frees
        await Promise.all(node.children.map((c) => this.node(c.digest)));
        return node;
      })();
      this.nodes.set(digest, p);
    }
    return p;
  }

  /** The image config's `created`; for an index, its annotation, else the newest of its platforms. */
  createdOf(digest: Digest): Promise<string | undefined> {
    let p = this.created.get(digest);
    if (!p) {
      p = (async () => {
        const m = (await this.calls.manifest(digest, this.signal)).manifest;
        if (isSingle(m)) {
          const annotation = m.mediaType === MediaType.OciManifest ? m.annotations?.[CREATED] : undefined;
          if (m.config.mediaType !== MediaType.OciConfig && m.config.mediaType !== MediaType.DockerConfig) return annotation;
          const config = await this.calls.config(m.config.digest, this.signal);
          return config.created ?? annotation;
        }
        if (isIndex(m)) {
          const annotation = m.mediaType === MediaType.OciIndex ? m.annotations?.[CREATED] : undefined;
          if (annotation) return annotation;
          const node = await this.node(digest);
          const dates = await Promise.all(node.children.filter((c) => !c.attestation).map((c) => this.createdOf(c.digest)));
          return dates.filter((d): d is string => !!d && !Number.isNaN(Date.parse(d))).sort().at(-1);
        }
        return undefined;
      })();
      this.created.set(digest, p);
    }
    return p;
  }
}

/**
 * Reads a repository for a cleanup: the tag list and every tag's pointer afresh (tags are pointers), then
 * each distinct manifest, its index children and its created date (once per digest). Framework-free: the UI
 * and the command line read a repository the same way. The tag list failing rejects; a tag failing is
 * recorded in `failed` (and leaves `inventory` unset).
 */
export async function readInventory(
  calls: InventoryCalls,
  options: { signal: AbortSignal; concurrency?: number; onProgress?: (read: InventoryRead) => void },
): Promise<InventoryRead> {
  const { signal, concurrency = 6, onProgress } = options;
  const tags = await calls.listTags(signal);
  const reader = new Reader(calls, signal);
  const digests = new Map<string, Digest>();
  const facts: TagFacts[] = [];
  const failed: InventoryRead['failed'] = [];
  let checked = 0;
  const snapshot = (done: boolean): InventoryRead => ({
    inventory: done && failed.length === 0 ? { tags: [...facts], manifests: new Map(reader.manifests) } : undefined,
    digests: new Map(digests),
    checked,
    total: tags.length,
    failed: [...failed],
    done,
  });
  onProgress?.(snapshot(tags.length === 0));
  const read = async (tag: string) => {
    try {
      const head = await calls.head(tag, signal);
      if (!head.digest) throw new RegistryError({ kind: 'malformed', message: 'the registry sent no Docker-Content-Digest' });
      digests.set(tag, head.digest);
      await reader.node(head.digest);
      facts.push({ tag, digest: head.digest, created: await reader.createdOf(head.digest) });
    } catch (error) {
      if (signal.aborted) return;
      // a tag deleted since the list was read is simply not part of the repository any more
      if (!(isRegistryError(error) && error.kind === 'not-found' && !digests.has(tag))) failed.push({ tag, error });
    }
    checked++;
    if (checked % 25 === 0) onProgress?.(snapshot(false));
  };
  await eachConcurrently(tags, concurrency, read, () => signal.aborted);
  const final = snapshot(true);
  onProgress?.(final);
  return final;
}

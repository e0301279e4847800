import { useEffect, useState } from 'react';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { configQuery, manifestQuery, tagHeadQuery } from '@/queries/manifests';
import { tagsQuery } from '@/queries/tags';
import { Priority } from '@/lib/request-queue';
import { isRegistryError, RegistryError } from '@/registry/errors';
import { MediaType } from '@/registry/media-types';
import { isIndex, isSingle } from '@/registry/manifests';
import type { Digest } from '@/registry/digest';
import { manifestNode, type Inventory, type ManifestNode, type TagFacts } from '@/registry/inventory';
import { eachConcurrently } from '@/lib/concurrency';

const WORKERS = 6;
const CREATED = 'org.opencontainers.image.created';

export interface InventoryState {
  /** Every tag and every manifest they reach; set once all of it was read without a failure. */
  inventory: Inventory | undefined;
  /** tag → digest it points at now, for the tags read so far. */
  digests: ReadonlyMap<string, Digest>;
  checked: number;
  total: number;
  /** Tags whose pointer, manifest or config could not be read: nothing may be deleted until they are. */
  failed: { tag: string; error: unknown }[];
  done: boolean;
  /** The tag list itself could not be read. */
  error: unknown;
}

const EMPTY: InventoryState = { inventory: undefined, digests: new Map(), checked: 0, total: 0, failed: [], done: false, error: undefined };

/** Reads manifests, configs and created dates once per digest, however many tags share them. */
class Reader {
  readonly manifests = new Map<Digest, ManifestNode>();
  private readonly nodes = new Map<Digest, Promise<ManifestNode>>();
  private readonly created = new Map<Digest, Promise<string | undefined>>();

  constructor(private readonly client: QueryClient, private readonly repo: string) {}

  node(digest: Digest): Promise<ManifestNode> {
    let p = this.nodes.get(digest);
    if (!p) {
      p = (async () => {
        const fetched = await this.client.fetchQuery(manifestQuery(this.repo, digest, Priority.page));
        const node = manifestNode(fetched);
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
        const fetched = await this.client.fetchQuery(manifestQuery(this.repo, digest, Priority.page));
        const m = fetched.manifest;
        if (isSingle(m)) {
          const annotation = m.mediaType === MediaType.OciManifest ? m.annotations?.[CREATED] : undefined;
          if (m.config.mediaType !== MediaType.OciConfig && m.config.mediaType !== MediaType.DockerConfig) return annotation;
          const config = await this.client.fetchQuery(configQuery(this.repo, m.config.digest, Priority.page));
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
 * each distinct manifest, its index children and its created date (cached: a digest is an identity).
 * Everything goes through the shared request queue.
 */
export function useRepositoryInventory(repo: string, enabled: boolean, attempt = 0): InventoryState {
  const client = useQueryClient();
  const [state, setState] = useState<InventoryState>(EMPTY);
  useEffect(() => {
    if (!enabled) return;
    let cancelled = false;
    setState(EMPTY);
    (async () => {
      const tags = await client.fetchQuery({ ...tagsQuery(repo), staleTime: 0 });
      const reader = new Reader(client, repo);
      const digests = new Map<string, Digest>();
      const facts: TagFacts[] = [];
      const failed: InventoryState['failed'] = [];
      let checked = 0;
      const publish = (done: boolean) => {
        if (cancelled) return;
        const complete = done && failed.length === 0;
        setState({
          inventory: complete ? { tags: [...facts], manifests: new Map(reader.manifests) } : undefined,
          digests: new Map(digests),
          checked,
          total: tags.length,
          failed: [...failed],
          done,
          error: undefined,
        });
      };
      publish(tags.length === 0);
      const read = async (tag: string) => {
        try {
          const head = await client.fetchQuery({ ...tagHeadQuery(repo, tag, Priority.page), staleTime: 0 });
          if (!head.digest) throw new RegistryError({ kind: 'malformed', message: 'the registry sent no Docker-Content-Digest' });
          digests.set(tag, head.digest);
          await reader.node(head.digest);
          facts.push({ tag, digest: head.digest, created: await reader.createdOf(head.digest) });
        } catch (error) {
          // a tag deleted since the list was read is simply not part of the repository any more
          if (!(isRegistryError(error) && error.kind === 'not-found' && !digests.has(tag))) failed.push({ tag, error });
        }
        checked++;
        if (checked % 25 === 0) publish(false);
      };
      await eachConcurrently(tags, WORKERS, read, () => cancelled);
      publish(true);
    })().catch((error: unknown) => {
      if (!cancelled) setState({ ...EMPTY, done: true, error });
    });
    return () => {
      cancelled = true;
    };
  }, [client, repo, enabled, attempt]);
  return state;
}

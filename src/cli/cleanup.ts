import { RegistryClient } from '@/registry/client';
import { RegistryAuth, type Credentials } from '@/registry/auth';
import { isRegistryError } from '@/registry/errors';
import { isIndex } from '@/registry/manifests';
import { MediaType } from '@/registry/media-types';
import type { Digest } from '@/registry/digest';
import type { FetchedManifest, ImageConfig } from '@/registry/types';
import { compilePattern } from '@/features/cleanup/utils/patterns';
import { planRetention, type RetentionPlan, type RetentionRules, type TagDecision } from '@/features/cleanup/utils/retention';
import { estimateReclaimable, type ReclaimEstimate } from '@/features/cleanup/utils/reclaimable';
import { readInventory, type InventoryCalls } from '@/features/cleanup/utils/inventory-reader';
import { executeDelete, type DeleteDeps, type DeleteProgress, type TagOutcome } from '@/features/cleanup/utils/delete-plan';
import { EXIT, type CleanupOptions, type ExitCode } from './args';

/**
 * The headless cleanup: the same reading (readInventory), rules (planRetention), space estimate
 * (estimateReclaimable) and delete run (executeDelete) as the UI's preview and its Run button, wired to the
 * framework-free client instead of React Query.
 */

/** What the command touches outside itself; the entry passes the process's, tests their own. */
export interface CleanupIo {
  fetch: typeof fetch;
  /** A progress line (a terminal only; absent under --json or when stderr is not a TTY). */
  progress?: (line: string) => void;
  now: () => number;
  signal: AbortSignal;
}

export interface RepositoryReport {
  name: string;
  /** planned: the plan is complete; error: nothing is deleted here. */
  status: 'planned' | 'error';
  error?: string;
  tags: number;
  plan?: RetentionPlan;
  estimate?: ReclaimEstimate;
  /** --apply: the outcome of each tag of the run. */
  results?: { tag: string; digest: Digest; outcome: TagOutcome }[];
  /** --apply: why the run stopped early (405 delete disabled, 401, 403). */
  stoppedBy?: string;
}

export interface CleanupReport {
  registry: string;
  rules: string;
  parsedRules: RetentionRules;
  mode: 'dry-run' | 'apply';
  maxDeletes: number | undefined;
  repositories: RepositoryReport[];
  /** Repository patterns that matched no repository of the catalog. */
  unmatched: string[];
  /** Set when the run could not start or was stopped before any DELETE (the cap, the catalog). */
  stopped?: string;
  exitCode: ExitCode;
}

const INDEX_TYPES: ReadonlySet<string> = new Set([MediaType.OciIndex, MediaType.DockerManifestList]);
const RETRY_DELETE: ReadonlySet<string> = new Set(['rate-limited', 'server']);
/** Longest Retry-After honoured, in ms: a scheduled run can wait longer than a page would. */
const MAX_RETRY_DELAY_MS = 60_000;

/** One sentence per registry error, with what to do about it. Never the response body. */
export function describeError(e: unknown, registry = 'the registry'): string {
  if (!isRegistryError(e)) return e instanceof Error ? e.message : String(e);
  const at = e.request ? ` (${e.request})` : '';
  const codes = e.codes.length > 0 ? ` ${e.codes.join(', ')}` : '';
  switch (e.kind) {
    case 'unsupported':
      return `${registry} refuses deletes (HTTP ${e.status || 405}${codes}): start it with storage.delete.enabled: true (REGISTRY_STORAGE_DELETE_ENABLED=true)${at}`;
    case 'unauthorized':
      return `${registry} refused the request without valid credentials (HTTP ${e.status || 401}${codes}): set REGISTRY_USERNAME and REGISTRY_PASSWORD, or --credentials-file${at}`;
    case 'forbidden':
      return `this account may not do this (HTTP ${e.status || 403}${codes}): it needs pull and delete on the repository, and catalog access for patterns${at}`;
    case 'rate-limited':
      return `${registry} kept answering 429 Too Many Requests${e.retryAfter !== undefined ? ` (Retry-After ${e.retryAfter} s${e.retryAfter * 1000 > MAX_RETRY_DELAY_MS ? `, longer than the ${MAX_RETRY_DELAY_MS / 1000} s this command waits` : ''})` : ''}: run it later or with a lower --concurrency${at}`;
    case 'server':
      return `${registry} failed with HTTP ${e.status} after retries: check its log${at}`;
    case 'network':
      return `${registry} could not be reached${causeOf(e)}${at}`;
    case 'timeout':
      return `${registry} did not answer in time${at}`;
    case 'not-found':
      return `not found (HTTP 404${codes})${at}`;
    case 'digest-mismatch':
      return `the registry sent bytes that do not match their digest (${e.message}): nothing is deleted on a mismatch${at}`;
    case 'malformed':
      return `the registry sent an answer that is not what the V2 API specifies (${e.message})${at}`;
    case 'bad-request':
      return `the registry refused the request as invalid (HTTP ${e.status}${codes})${at}`;
    case 'too-large':
      return `the registry sent a manifest larger than this command reads (${e.message})${at}`;
    case 'aborted':
      return `cancelled${at}`;
  }
}

/** The system's reason for a network failure (ECONNREFUSED, ENOTFOUND, a TLS error), when it gave one. */
function causeOf(e: Error): string {
  let c: unknown = e.cause;
  let text = '';
  for (let depth = 0; c instanceof Error && depth < 3; depth++, c = c.cause) {
    const code = (c as { code?: unknown }).code;
    text = typeof code === 'string' ? code : c.message;
  }
  return text ? `: ${text}` : '';
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
  });
}

/** The inventory calls: pointers afresh, manifests and configs once per digest. */
function inventoryCalls(client: RegistryClient, repo: string, manifests: Map<Digest, Promise<FetchedManifest>>): InventoryCalls {
  const configs = new Map<Digest, Promise<ImageConfig>>();
  const once = <T>(cache: Map<Digest, Promise<T>>, digest: Digest, load: () => Promise<T>) => {
    let p = cache.get(digest);
    if (!p) {
      p = load();
      cache.set(digest, p);
      p.catch(() => cache.delete(digest));
    }
    return p;
  };
  return {
    listTags: (signal) => client.listTags(repo, { signal }),
    head: (tag, signal) => client.headManifest(repo, tag, { signal }),
    manifest: (digest, signal) => once(manifests, digest, () => client.getManifest(repo, digest, { signal })),
    config: (digest, signal) => once(configs, digest, () => client.getConfig(repo, digest, { signal })),
  };
}

/** The delete calls, as src/queries/delete.ts wires them for the UI (without its queue). */
export function deleteDeps(client: RegistryClient, repo: string, manifests: Map<Digest, Promise<FetchedManifest>>, signal: AbortSignal): DeleteDeps {
  return {
    listTags: (s) => client.listTags(repo, { signal: s }),
    head: (tag, s) => client.headManifest(repo, tag, { signal: s }),
    // a GET, not a HEAD: its bytes are hashed against Docker-Content-Digest before the DELETE is sent
    verify: (tag, s) => client.getManifest(repo, tag, { signal: s }),
    children: async (digest, s) => {
      let p = manifests.get(digest);
      if (!p) {
        p = client.getManifest(repo, digest, { signal: s });
        manifests.set(digest, p);
      }
      const m = (await p).manifest;
      return isIndex(m) ? m.manifests.map((c) => ({ digest: c.digest, index: INDEX_TYPES.has(c.mediaType) })) : [];
    },
    // no run signal: once sent, a DELETE is waited for. A 429 or 5xx was not acted on (or, after a 5xx, a
    // second DELETE answers 404 and is reported as already gone): tried again, honouring Retry-After
    deleteManifest: async (digest) => {
      for (let attempt = 0; ; attempt++) {
        try {
          return await client.deleteManifest(repo, digest, { signal: new AbortController().signal });
        } catch (e) {
          if (!isRegistryError(e) || !RETRY_DELETE.has(e.kind) || attempt >= 3 || signal.aborted) throw e;
          const wait = e.retryAfter !== undefined ? e.retryAfter * 1000 : 500 * 2 ** attempt;
          if (wait > MAX_RETRY_DELAY_MS) throw e;
          await sleep(wait, signal);
        }
      }
    },
    isIndex: (mediaType) => INDEX_TYPES.has(mediaType),
  };
}

/** The repositories to clean: the names as given, and every catalog name a pattern matches. */
async function resolveRepositories(client: RegistryClient, options: CleanupOptions, signal: AbortSignal): Promise<{ names: string[]; unmatched: string[] }> {
  const names = [...options.repositories];
  const unmatched: string[] = [];
  if (options.patterns.length === 0) return { names, unmatched };
  const matchers = options.patterns.map((p) => ({ pattern: p, match: compilePattern(p, 'glob'), hits: 0 }));
  for await (const page of client.catalogPages({ signal })) {
    for (const name of page) {
      for (const m of matchers) {
        if (m.match.ok && m.match.matcher?.(name)) {
          m.hits++;
          if (!names.includes(name)) names.push(name);
        }
      }
    }
  }
  for (const m of matchers) if (m.hits === 0) unmatched.push(m.pattern);
  return { names: names.sort(), unmatched };
}

const goingOf = (plan: RetentionPlan): TagDecision[] => plan.decisions.filter((d) => d.action === 'delete');

export function exitCodeOf(report: Omit<CleanupReport, 'exitCode'>): ExitCode {
  if (report.repositories.some((r) => r.status === 'error')) return EXIT.error;
  if (report.stopped) return EXIT.refused;
  if (report.repositories.some((r) => r.stoppedBy || r.results?.some((x) => x.outcome.status !== 'deleted' && x.outcome.status !== 'already-gone'))) return EXIT.refused;
  const going = report.repositories.some((r) => (r.plan ? goingOf(r.plan).length > 0 : false));
  return going ? EXIT.deleted : EXIT.nothing;
}

/** Runs the cleanup: reads and plans every repository, then (with --apply, under the cap) deletes. */
export async function runCleanup(options: CleanupOptions, credentials: Credentials | undefined, io: CleanupIo): Promise<CleanupReport> {
  const auth = new RegistryAuth({ fetch: io.fetch, origin: new URL(options.registry).origin, realmAnywhere: true });
  if (credentials) auth.setCredentials(credentials);
  const client = new RegistryClient({ baseUrl: options.registry, fetch: io.fetch, auth, retries: 3, maxRetryDelayMs: MAX_RETRY_DELAY_MS });
  const base = { registry: options.registry, rules: options.rulesQuery, parsedRules: options.rules, mode: options.apply ? 'apply' as const : 'dry-run' as const, maxDeletes: options.maxDeletes };
  const repositories: RepositoryReport[] = [];
  const finish = (extra: Partial<CleanupReport> & { unmatched: string[] }): CleanupReport => {
    const report = { ...base, repositories, ...extra };
    return { ...report, exitCode: exitCodeOf(report) };
  };

  let names: string[];
  let unmatched: string[];
  try {
    ({ names, unmatched } = await resolveRepositories(client, options, io.signal));
  } catch (e) {
    repositories.push({ name: '_catalog', status: 'error', error: `the catalog could not be read: ${describeError(e)}`, tags: 0 });
    return finish({ unmatched: [] });
  }

  const caches = new Map<string, Map<Digest, Promise<FetchedManifest>>>();
  for (const name of names) {
    if (io.signal.aborted) break;
    const manifests = new Map<Digest, Promise<FetchedManifest>>();
    caches.set(name, manifests);
    try {
      const read = await readInventory(inventoryCalls(client, name, manifests), {
        signal: io.signal,
        concurrency: options.concurrency,
        onProgress: (r) => io.progress?.(`${name}: reading tags and manifests ${r.checked}/${r.total}`),
      });
      if (!read.inventory) {
        const first = read.failed[0];
        repositories.push({
          name,
          status: 'error',
          tags: read.total,
          error: `${read.failed.length} of ${read.total} tags could not be read (${read.failed.slice(0, 10).map((f) => f.tag).join(', ')}): nothing is deleted here, a tag not read could share a digest with one that goes. First error: ${describeError(first?.error)}`,
        });
        continue;
      }
      // "older than D days" is measured from when the repository was read, as in the preview
      const plan = planRetention(read.inventory, options.rules, io.now());
      const estimate = estimateReclaimable(read.inventory.manifests, read.inventory.tags.map((f) => f.digest), plan.deleteDigests);
      repositories.push({ name, status: 'planned', tags: read.total, plan, estimate });
    } catch (e) {
      repositories.push({ name, status: 'error', tags: 0, error: describeError(e) });
    }
  }
  if (io.signal.aborted) return finish({ unmatched, stopped: 'interrupted before any delete' });

  const total = repositories.reduce((s, r) => s + (r.plan ? goingOf(r.plan).length : 0), 0);
  if (options.maxDeletes !== undefined && total > options.maxDeletes) {
    return finish({ unmatched, stopped: `${total} tags would be deleted, more than --max-deletes ${options.maxDeletes}: nothing was deleted` });
  }
  if (!options.apply) return finish({ unmatched });

  for (const r of repositories) {
    if (!r.plan || r.plan.groups.length === 0) continue;
    if (io.signal.aborted) break;
    const targets = r.plan.groups.map((g) => ({ digest: g.digest, tags: g.tags, subject: g.subject }));
    const final: DeleteProgress = await executeDelete(targets, deleteDeps(client, r.name, caches.get(r.name)!, io.signal), {
      signal: io.signal,
      concurrency: options.concurrency,
      onProgress: (p) => io.progress?.(p.phase === 'checking' ? `${r.name}: re-reading the other tags ${p.checked}/${p.checkTotal}` : `${r.name}: deleting ${p.finished}/${p.total} manifests`),
    });
    r.results = [...final.results].map(([tag, x]) => ({ tag, digest: x.digest, outcome: x.outcome ?? { status: 'not-run' } }));
    if (final.stoppedBy) r.stoppedBy = describeError(final.stoppedBy);
    else if (final.cancelled) r.stoppedBy = 'interrupted: DELETEs already sent finished, the rest was not run';
  }
  return finish({ unmatched });
}


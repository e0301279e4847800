// @vitest-environment node
import { RegistryClient } from '@/registry/client';
import { RegistryError } from '@/registry/errors';
import type { Digest } from '@/registry/digest';
import type { RetentionPlan } from '@/features/cleanup/utils/retention';
import { EMPTY_RULES } from '@/features/cleanup/utils/retention';
import { EXIT } from './args';
import { deleteDeps, describeError, exitCodeOf, type CleanupReport, type RepositoryReport } from './cleanup';

const D = `sha256:${'a'.repeat(64)}` as Digest;
const plan = (going: number): RetentionPlan => ({
  decisions: Array.from({ length: going }, (_, i) => ({ tag: `t${i}`, digest: D, created: undefined, action: 'delete' as const, reasons: [{ kind: 'matched' as const }] })),
  deleteDigests: new Set([D]),
  groups: [],
  errors: [],
});
const report = (repositories: RepositoryReport[], extra: Partial<CleanupReport> = {}): Omit<CleanupReport, 'exitCode'> => ({
  registry: 'https://r',
  rules: 'keepNewest=1',
  parsedRules: EMPTY_RULES,
  mode: 'apply',
  maxDeletes: undefined,
  unmatched: [],
  repositories,
  ...extra,
});

describe('exitCodeOf', () => {
  it('0 with nothing to delete, 2 when something goes (or would), 3 when anything was refused, skipped or capped, 1 on an error', () => {
    expect(exitCodeOf(report([{ name: 'a', status: 'planned', tags: 2, plan: plan(0) }]))).toBe(EXIT.nothing);
    expect(exitCodeOf(report([{ name: 'a', status: 'planned', tags: 2, plan: plan(1) }], { mode: 'dry-run' }))).toBe(EXIT.deleted);
    expect(exitCodeOf(report([{ name: 'a', status: 'planned', tags: 2, plan: plan(1), results: [{ tag: 't0', digest: D, outcome: { status: 'deleted' } }] }]))).toBe(EXIT.deleted);
    expect(exitCodeOf(report([{ name: 'a', status: 'planned', tags: 2, plan: plan(2), results: [{ tag: 't0', digest: D, outcome: { status: 'deleted' } }, { tag: 't1', digest: D, outcome: { status: 'moved', now: undefined } }] }]))).toBe(EXIT.refused);
    expect(exitCodeOf(report([{ name: 'a', status: 'planned', tags: 2, plan: plan(1), results: [], stoppedBy: '405' }]))).toBe(EXIT.refused);
    expect(exitCodeOf(report([{ name: 'a', status: 'planned', tags: 2, plan: plan(9) }], { stopped: 'cap' }))).toBe(EXIT.refused);
    expect(exitCodeOf(report([{ name: 'a', status: 'planned', tags: 2, plan: plan(1) }, { name: 'b', status: 'error', tags: 0, error: 'x' }]))).toBe(EXIT.error);
  });
});

describe('describeError', () => {
  it('says what to change for every registry refusal, never the body', () => {
    expect(describeError(new RegistryError({ kind: 'unsupported', status: 405, errors: [{ code: 'UNSUPPORTED', message: '<b>x</b>' }] }))).toMatch(/refuses deletes \(HTTP 405 UNSUPPORTED\): start it with storage\.delete\.enabled: true/);
    expect(describeError(new RegistryError({ kind: 'unauthorized', status: 401 }))).toMatch(/REGISTRY_USERNAME and REGISTRY_PASSWORD/);
    expect(describeError(new RegistryError({ kind: 'forbidden', status: 403 }))).toMatch(/needs pull and delete/);
    expect(describeError(new RegistryError({ kind: 'rate-limited', status: 429, retryAfter: 120 }))).toMatch(/Retry-After 120 s, longer than the 60 s this command waits/);
    expect(describeError(new RegistryError({ kind: 'server', status: 503 }))).toMatch(/HTTP 503 after retries/);
    expect(describeError(new RegistryError({ kind: 'unsupported', status: 405, errors: [{ code: 'UNSUPPORTED', message: '<b>x</b>' }] }))).not.toMatch(/<b>/);
  });
});

describe('deleteDeps.deleteManifest', () => {
  const answers = (statuses: { status: number; retryAfter?: string }[]) => {
    const sent: string[] = [];
    const fetch = (async (url: RequestInfo | URL, init?: RequestInit) => {
      sent.push(`${init?.method} ${String(url)}`);
      const next = statuses.shift() ?? { status: 202 };
      return new Response(next.status === 202 ? null : JSON.stringify({ errors: [{ code: next.status === 429 ? 'TOOMANYREQUESTS' : 'UNSUPPORTED', message: 'no' }] }), {
        status: next.status,
        headers: next.retryAfter ? { 'retry-after': next.retryAfter } : {},
      });
    }) as typeof globalThis.fetch;
    const client = new RegistryClient({ baseUrl: 'https://r.example', fetch, retries: 0 });
    return { sent, deps: deleteDeps(client, 'app', new Map(), new AbortController().signal) };
  };

  it('sends a DELETE again after a 429, honouring Retry-After', async () => {
    const { sent, deps } = answers([{ status: 429, retryAfter: '0' }, { status: 202 }]);
    await deps.deleteManifest(D);
    expect(sent).toEqual([`DELETE https://r.example/v2/app/manifests/${D}`, `DELETE https://r.example/v2/app/manifests/${D}`]);
  });

  it('gives up on a Retry-After longer than it waits, and never retries a 405', async () => {
    const long = answers([{ status: 429, retryAfter: '3600' }]);
    await expect(long.deps.deleteManifest(D)).rejects.toMatchObject({ kind: 'rate-limited', retryAfter: 3600 });
    expect(long.sent).toHaveLength(1);
    const refused = answers([{ status: 405 }]);
    await expect(refused.deps.deleteManifest(D)).rejects.toMatchObject({ kind: 'unsupported', status: 405 });
    expect(refused.sent).toHaveLength(1);
  });
});

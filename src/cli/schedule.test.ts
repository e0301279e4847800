// @vitest-environment node
import { parseAllDocuments } from 'yaml';
import { createRequire } from 'node:module';
import { scheduleCommands, shellQuote } from '@/features/cleanup/utils/schedule-commands';
import { EMPTY_RULES, type RetentionRules } from '@/features/cleanup/utils/retention';
import { parseArgs } from './args';

const require = createRequire(import.meta.url);
const rules: RetentionRules = { ...EMPTY_RULES, keepNewest: 5, olderThanDays: 30, exclude: "release-* it's", keep: ['latest', 'stable'] };
const commands = scheduleCommands({ registry: 'https://registry.example/sub', repo: 'team/app', rules, maxDeletes: 40 });

/** Splits a shell line as sh would, for the quoting shellQuote produces. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  const re = /'((?:[^']|'\\'')*)'|(\S+)/g;
  let current = '';
  let last = 0;
  for (const m of line.matchAll(re)) {
    if (m.index !== last && current) {
      words.push(current);
      current = '';
    }
    current += m[1] !== undefined ? m[1].replace(/'\\''/g, "'") : m[2]!;
    last = m.index + m[0].length;
  }
  if (current) words.push(current);
  return words;
}

describe('the schedule the preview offers runs exactly its rules', () => {
  it('the command line parses back to the same rules and repository', () => {
    const words = shellWords(commands.cli.replace(/^REGISTRY_USERNAME=… REGISTRY_PASSWORD=… npx registry-ui-cleanup /, ''));
    const parsed = parseArgs(words);
    expect(parsed.kind).toBe('run');
    if (parsed.kind !== 'run') return;
    expect(parsed.options).toMatchObject({ registry: 'https://registry.example/sub', repositories: ['team/app'], apply: true, maxDeletes: 40 });
    expect(parsed.options.rules).toEqual(rules);
    const dry = parseArgs(shellWords(commands.dryRun.replace(/^npx registry-ui-cleanup /, '')));
    expect(dry.kind === 'run' && dry.options.apply).toBe(false);
  });

  it('the CronJob validates against the Kubernetes schema, non-root with a read-only root filesystem, and its args parse to the rules', () => {
    const docs = parseAllDocuments(commands.cronJob);
    expect(docs).toHaveLength(1);
    expect(docs[0]!.errors).toEqual([]);
    const job = docs[0]!.toJS() as { spec: { jobTemplate: { spec: { template: { spec: { securityContext: { runAsNonRoot: boolean }; containers: { args: string[]; securityContext: { readOnlyRootFilesystem: boolean } }[] } } } } } };
    const { CronJob } = require('kubernetes-models/batch/v1/CronJob') as { CronJob: new (o: unknown) => { validate(): void } };
    expect(() => new CronJob(job).validate()).not.toThrow();
    const pod = job.spec.jobTemplate.spec.template.spec;
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(pod.containers[0]!.securityContext.readOnlyRootFilesystem).toBe(true);
    const parsed = parseArgs(pod.containers[0]!.args);
    expect(parsed.kind === 'run' && parsed.options.rules).toEqual(rules);
  });

  it('quotes for the shell only when needed', () => {
    expect(shellQuote('team/app')).toBe('team/app');
    expect(shellQuote('a&b')).toBe("'a&b'");
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  });
});

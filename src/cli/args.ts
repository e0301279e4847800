import { ruleErrors, type RetentionRules } from '@/features/cleanup/utils/retention';
import { rulesFromParams, rulesToParams, CLEANUP_PARAM } from '@/features/cleanup/utils/rules-url';
import { parseRepoSplat } from '@/config/paths';
import { isValidRepositoryName } from '@/registry/names';

/**
 * The command line of `registry-ui-cleanup`, parsed without touching the process: the entry (main.ts) hands in
 * argv and the environment. Credentials never come from here: a password on the command line ends up in shell
 * history and in every `ps` listing.
 */

/** Exit codes, documented in the README ("Cleanup on a schedule") and in --help. */
export const EXIT = {
  /** Nothing to delete (or nothing deleted, with nothing refused). */
  nothing: 0,
  /** Bad arguments, the registry could not be read, or a repository could not be read completely. */
  error: 1,
  /** Tags were deleted (--apply), or would be (dry run). */
  deleted: 2,
  /** Some deletes were refused or skipped: moved or kept tags, a registry refusal, the --max-deletes cap. */
  refused: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export interface CleanupOptions {
  /** Prefix before `/v2/`, without a trailing slash. */
  registry: string;
  /** Exact repository names. */
  repositories: string[];
  /** Glob patterns (`team/*`, `app-?`), matched against the whole catalog. */
  patterns: string[];
  rules: RetentionRules;
  /** The rules as the UI's URL spells them (`keepNewest=10&keep=latest`). */
  rulesQuery: string;
  apply: boolean;
  maxDeletes: number | undefined;
  json: boolean;
  /** Exit 0 instead of 2 when tags were deleted: for schedulers that count any other code as a failure. */
  zeroOnDelete: boolean;
  credentialsFile: string | undefined;
  concurrency: number;
}

export type ParsedArgs =
  | { kind: 'run'; options: CleanupOptions }
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'error'; message: string };

export const USAGE = `Usage: registry-ui-cleanup --registry URL --repo NAME|PATTERN [--repo …] --rules RULES [options]

Runs the cleanup rules of registry-ui's preview, headless. A dry run unless --apply is given.

  --registry URL          the registry (as the UI's REGISTRY_URL); env REGISTRY_URL
  --repo NAME|PATTERN     a repository, or a glob over the catalog (* any run, ? one character);
                          repeat it or separate with commas. Optional when --rules is a preview URL.
  --rules RULES           the rules as the preview's address spells them, e.g.
                          'keepNewest=10&olderThan=30&exclude=release-*&keep=latest', or the whole
                          preview URL pasted (its repository is used when no --repo is given)
  --dry-run               print the plan, delete nothing (the default)
  --apply                 delete what the plan says, with the same checks as the UI
  --max-deletes N         when more than N tags would go in all: stop and delete nothing
  --json                  the plan (and the results) as JSON on stdout; no progress
  --zero-on-delete        exit 0 instead of 2 when tags were deleted (a Kubernetes Job counts any
                          other code as a failure); the JSON report's exitCode still says 2
  --credentials-file PATH a file holding "username:password" or {"username":…,"password":…}
  --concurrency N         requests in flight (default 4)
  --help, --version

Credentials: REGISTRY_USERNAME and REGISTRY_PASSWORD, or --credentials-file; never on the command line.

Exit codes: 0 nothing to delete · 2 deleted (with --apply) or would delete (dry run)
            3 some deletes refused or skipped (moved or kept tags, registry refusal, --max-deletes)
            1 error (arguments, registry unreachable or refusing to be read)`;

const RULE_KEYS = new Set(['keepNewest', 'olderThan', 'include', 'exclude', 'syntax', 'keep', CLEANUP_PARAM]);
const FLAGS = new Set(['--dry-run', '--apply', '--json', '--zero-on-delete', '--help', '-h', '--version']);
const VALUES = new Set(['--registry', '--repo', '--rules', '--max-deletes', '--credentials-file', '--concurrency']);
const SECRET = /^--?(p|u|password|username|user|pass|token|credentials)$/;

/** The rules, and the repository of a pasted preview URL. */
export function parseRules(text: string): { rules: RetentionRules; query: string; repository?: string } | { error: string } {
  const trimmed = text.trim();
  let params: URLSearchParams;
  let repository: string | undefined;
  if (/^https?:\/\//i.test(trimmed)) {
    let url: URL;
    try {
      url = new URL(trimmed);
    } catch {
      return { error: `--rules: not a URL: ${trimmed}` };
    }
    params = url.searchParams;
    // /r/<name> after any BASE_PATH; a tag or digest view of it names the same repository
    const at = url.pathname.indexOf('/r/');
    if (at >= 0) {
      const route = parseRepoSplat(decodeURIComponent(url.pathname.slice(at + 3)));
      if (route) repository = route.name;
    }
  } else {
    params = new URLSearchParams(trimmed.replace(/^\?/, ''));
    const unknown = [...params.keys()].filter((k) => !RULE_KEYS.has(k));
    if (unknown.length > 0) return { error: `--rules: unknown ${unknown.length === 1 ? 'key' : 'keys'} ${unknown.join(', ')} (known: keepNewest, olderThan, include, exclude, syntax, keep)` };
  }
  const syntax = params.get('syntax');
  if (syntax !== null && syntax !== 'glob' && syntax !== 'regex') return { error: `--rules: syntax must be glob or regex, not ${syntax}` };
  const parsed = rulesFromParams(params);
  if (parsed.invalid.length > 0) return { error: `--rules: ${parsed.invalid.join(' and ')} must be a whole number of at most 6 digits` };
  const errors = ruleErrors(parsed.rules);
  if (errors.includes('no-criterion')) return { error: '--rules: set keepNewest, olderThan or include: without one of them the rules would delete every tag not excluded' };
  if (errors.includes('include')) return { error: `--rules: include is not a valid ${parsed.rules.syntax === 'regex' ? 'regular expression' : 'pattern'}` };
  if (errors.includes('exclude')) return { error: `--rules: exclude is not a valid ${parsed.rules.syntax === 'regex' ? 'regular expression' : 'pattern'}` };
  const query = rulesToParams(new URLSearchParams(), parsed.rules);
  query.delete(CLEANUP_PARAM);
  return { rules: parsed.rules, query: query.toString(), ...(repository ? { repository } : {}) };
}

/** The registry URL as the client wants it: no trailing slash, no `/v2`. */
export function registryBase(text: string): string | { error: string } {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return { error: `--registry: not a URL: ${text}` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { error: '--registry: use an http:// or https:// URL' };
  if (url.username || url.password) return { error: '--registry: no credentials in the URL; use REGISTRY_USERNAME and REGISTRY_PASSWORD, or --credentials-file' };
  if (url.search || url.hash) return { error: '--registry: the URL takes no query or fragment' };
  return `${url.origin}${url.pathname.replace(/\/+$/, '').replace(/\/v2$/, '')}`;
}

function count(flag: string, value: string, min: number): number | { error: string } {
  if (!/^\d{1,9}$/.test(value) || Number(value) < min) return { error: `${flag} must be a whole number of at least ${min}, not ${value}` };
  return Number(value);
}

/** Parses argv (without node and the script) against the environment. Pure. */
export function parseArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): ParsedArgs {
  const values = new Map<string, string[]>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (SECRET.test(name)) return { kind: 'error', message: `${name}: credentials are never taken from the command line (shell history, ps); set REGISTRY_USERNAME and REGISTRY_PASSWORD, or use --credentials-file` };
    if (FLAGS.has(name)) {
      if (eq > 0) return { kind: 'error', message: `${name} takes no value` };
      flags.add(name);
    } else if (VALUES.has(name)) {
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) return { kind: 'error', message: `${name} needs a value` };
      values.set(name, [...(values.get(name) ?? []), value]);
    } else {
      return { kind: 'error', message: `unknown argument: ${arg} (see --help)` };
    }
  }
  if (flags.has('--help') || flags.has('-h')) return { kind: 'help' };
  if (flags.has('--version')) return { kind: 'version' };
  for (const single of ['--registry', '--rules', '--max-deletes', '--credentials-file', '--concurrency']) {
    if ((values.get(single)?.length ?? 0) > 1) return { kind: 'error', message: `${single} given more than once` };
  }
  if (flags.has('--apply') && flags.has('--dry-run')) return { kind: 'error', message: '--apply and --dry-run exclude each other' };

  const registryText = values.get('--registry')?.[0] ?? env.REGISTRY_URL;
  if (!registryText) return { kind: 'error', message: '--registry is required (or REGISTRY_URL)' };
  const registry = registryBase(registryText);
  if (typeof registry !== 'string') return { kind: 'error', message: registry.error };

  const rulesText = values.get('--rules')?.[0];
  if (rulesText === undefined) return { kind: 'error', message: "--rules is required, e.g. --rules 'keepNewest=10&keep=latest'" };
  const rules = parseRules(rulesText);
  if ('error' in rules) return { kind: 'error', message: rules.error };

  const repositories: string[] = [];
  const patterns: string[] = [];
  const repoArgs = (values.get('--repo') ?? []).flatMap((v) => v.split(/[\s,]+/)).filter(Boolean);
  if (repoArgs.length === 0 && rules.repository) repoArgs.push(rules.repository);
  if (repoArgs.length === 0) return { kind: 'error', message: '--repo is required (a name or a pattern), unless --rules is a preview URL' };
  for (const r of repoArgs) {
    if (/[*?]/.test(r)) patterns.push(r);
    else if (!isValidRepositoryName(r)) return { kind: 'error', message: `--repo: not a repository name: ${r}` };
    else if (!repositories.includes(r)) repositories.push(r);
  }

  let maxDeletes: number | undefined;
  const maxText = values.get('--max-deletes')?.[0];
  if (maxText !== undefined) {
    const n = count('--max-deletes', maxText, 0);
    if (typeof n !== 'number') return { kind: 'error', message: n.error };
    maxDeletes = n;
  }
  let concurrency = 4;
  const concurrencyText = values.get('--concurrency')?.[0];
  if (concurrencyText !== undefined) {
    const n = count('--concurrency', concurrencyText, 1);
    if (typeof n !== 'number') return { kind: 'error', message: n.error };
    concurrency = Math.min(n, 32);
  }
  return {
    kind: 'run',
    options: {
      registry,
      repositories,
      patterns,
      rules: rules.rules,
      rulesQuery: rules.query,
      apply: flags.has('--apply'),
      maxDeletes,
      json: flags.has('--json'),
      zeroOnDelete: flags.has('--zero-on-delete'),
      credentialsFile: values.get('--credentials-file')?.[0],
      concurrency,
    },
  };
}

/** Credentials: the file when given, else REGISTRY_USERNAME / REGISTRY_PASSWORD, else none (anonymous). */
export function credentialsFrom(
  env: Readonly<Record<string, string | undefined>>,
  fileText: string | undefined,
): { username: string; password: string } | undefined | { error: string } {
  if (fileText !== undefined) {
    const text = fileText.trim();
    if (text.startsWith('{')) {
      try {
        const body = JSON.parse(text) as { username?: unknown; password?: unknown };
        if (typeof body.username === 'string' && typeof body.password === 'string' && body.username) return { username: body.username, password: body.password };
      } catch {
        // reported below
      }
      return { error: '--credentials-file: a JSON file needs "username" and "password" strings' };
    }
    const line = text.split(/\r?\n/)[0] ?? '';
    const colon = line.indexOf(':');
    if (colon <= 0) return { error: '--credentials-file: expected one line "username:password"' };
    return { username: line.slice(0, colon), password: line.slice(colon + 1) };
  }
  const username = env.REGISTRY_USERNAME;
  const password = env.REGISTRY_PASSWORD;
  if (!username && !password) return undefined;
  if (!username || password === undefined) return { error: 'set both REGISTRY_USERNAME and REGISTRY_PASSWORD, or neither' };
  return { username, password };
}

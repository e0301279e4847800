// @vitest-environment node
import { EXIT, credentialsFrom, parseArgs, parseRules, registryBase } from './args';

const base = ['--registry', 'https://registry.example', '--repo', 'team/app', '--rules', 'keepNewest=10&keep=latest'];

function run(argv: string[], env = {}) {
  const parsed = parseArgs(argv, env);
  if (parsed.kind !== 'run') throw new Error(`expected a run, got ${JSON.stringify(parsed)}`);
  return parsed.options;
}
const error = (argv: string[], env = {}) => {
  const parsed = parseArgs(argv, env);
  return parsed.kind === 'error' ? parsed.message : undefined;
};

describe('parseArgs', () => {
  it('is a dry run by default, with the rules as the preview URL spells them', () => {
    const o = run(base);
    expect(o).toMatchObject({ registry: 'https://registry.example', repositories: ['team/app'], patterns: [], apply: false, json: false, maxDeletes: undefined, concurrency: 4 });
    expect(o.rules).toMatchObject({ keepNewest: 10, keep: ['latest'], olderThanDays: undefined, syntax: 'glob' });
    expect(o.rulesQuery).toBe('keepNewest=10&keep=latest');
  });

  it('takes --apply, --json, --max-deletes, --opt=value and repeated or comma-separated repositories', () => {
    const o = run(['--registry=http://r:5000/', '--repo', 'a,b', '--repo=team/*', '--rules', '?olderThan=30&exclude=release-*', '--apply', '--json', '--max-deletes', '0']);
    expect(o).toMatchObject({ registry: 'http://r:5000', repositories: ['a', 'b'], patterns: ['team/*'], apply: true, json: true, maxDeletes: 0 });
    expect(o.rules).toMatchObject({ olderThanDays: 30, exclude: 'release-*' });
  });

  it('reads the registry from REGISTRY_URL when not given', () => {
    expect(run(base.slice(2), { REGISTRY_URL: 'https://env.example/v2/' }).registry).toBe('https://env.example');
  });

  it('takes a pasted preview URL: its rules, and its repository when no --repo is given (after a BASE_PATH too)', () => {
    const o = run(['--registry', 'https://r.example', '--rules', 'https://ui.example/registry-ui/r/team/app?cleanup=1&keepNewest=3&syntax=regex&include=v%5Cd%2B&sort=created']);
    expect(o.repositories).toEqual(['team/app']);
    expect(o.rules).toMatchObject({ keepNewest: 3, syntax: 'regex', include: 'v\\d+' });
    expect(run(['--registry', 'https://r.example', '--repo', 'other', '--rules', 'https://ui.example/r/team/app/t/v1?keepNewest=3']).repositories).toEqual(['other']);
  });

  it('refuses rules that cannot run or would delete everything, unknown keys and bad numbers', () => {
    const rules = (r: string) => error(['--registry', 'https://r', '--repo', 'a', '--rules', r]);
    expect(rules('exclude=release-*')).toMatch(/without one of them the rules would delete every tag/);
    expect(rules('keepNewst=10')).toMatch(/unknown key keepNewst/);
    expect(rules('keepNewest=ten')).toMatch(/keepNewest must be a whole number/);
    expect(rules('keepNewest=1&syntax=regex&include=(')).toMatch(/include is not a valid regular expression/);
    expect(rules('keepNewest=1&syntax=perl')).toMatch(/syntax must be glob or regex/);
  });

  it('never takes credentials from the command line, nor from the registry URL', () => {
    for (const flag of ['--password', '-p', '--username=admin', '--token']) expect(error([...base, flag, 'secret'])).toMatch(/never taken from the command line/);
    expect(error(['--registry', 'https://admin:secret@r.example', '--repo', 'a', '--rules', 'keepNewest=1'])).toMatch(/no credentials in the URL/);
  });

  it('names what is missing or wrong', () => {
    expect(error(['--repo', 'a', '--rules', 'keepNewest=1'])).toMatch(/--registry is required/);
    expect(error(['--registry', 'https://r', '--repo', 'a'])).toMatch(/--rules is required/);
    expect(error(['--registry', 'https://r', '--rules', 'keepNewest=1'])).toMatch(/--repo is required/);
    expect(error([...base, '--repo', 'Bad_Name'])).toMatch(/not a repository name: Bad_Name/);
    expect(error([...base, '--max-deletes', '-1'])).toMatch(/--max-deletes must be a whole number/);
    expect(error([...base, '--apply', '--dry-run'])).toMatch(/exclude each other/);
    expect(error([...base, '--rules', 'keepNewest=2'])).toMatch(/--rules given more than once/);
    expect(error([...base, '--force'])).toMatch(/unknown argument: --force/);
    expect(error([...base, '--max-deletes'])).toMatch(/--max-deletes needs a value/);
    expect(error(['--registry', 'ftp://r', '--repo', 'a', '--rules', 'keepNewest=1'])).toMatch(/http:\/\/ or https:\/\//);
    expect(parseArgs(['--help']).kind).toBe('help');
    expect(parseArgs(['--version']).kind).toBe('version');
  });
});

describe('parseRules and registryBase', () => {
  it('writes the rules back in the UI URL order, glob not spelled out', () => {
    const r = parseRules('keep=latest,stable&olderThan=7&keepNewest=5&syntax=glob');
    expect('query' in r && r.query).toBe('keepNewest=5&olderThan=7&keep=latest%2Cstable');
  });
  it('strips /v2 and trailing slashes', () => {
    expect(registryBase('https://r.example/sub/v2/')).toBe('https://r.example/sub');
  });
});

describe('credentialsFrom', () => {
  it('reads a file as username:password or JSON, before the environment', () => {
    expect(credentialsFrom({ REGISTRY_USERNAME: 'env' , REGISTRY_PASSWORD: 'x' }, 'admin:pa:ss\n')).toEqual({ username: 'admin', password: 'pa:ss' });
    expect(credentialsFrom({}, '{"username":"a","password":"b"}')).toEqual({ username: 'a', password: 'b' });
    expect(credentialsFrom({}, 'nocolon')).toMatchObject({ error: expect.stringMatching(/username:password/) });
  });
  it('reads REGISTRY_USERNAME and REGISTRY_PASSWORD, both or neither', () => {
    expect(credentialsFrom({ REGISTRY_USERNAME: 'u', REGISTRY_PASSWORD: 'p' }, undefined)).toEqual({ username: 'u', password: 'p' });
    expect(credentialsFrom({}, undefined)).toBeUndefined();
    expect(credentialsFrom({ REGISTRY_USERNAME: 'u' }, undefined)).toMatchObject({ error: expect.stringMatching(/both/) });
  });
});

it('documents four exit codes', () => {
  expect(EXIT).toEqual({ nothing: 0, error: 1, deleted: 2, refused: 3 });
});

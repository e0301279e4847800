/// <reference types="node" />
import { setMaxListeners } from 'node:events';
import { readFileSync } from 'node:fs';
import { EXIT, USAGE, credentialsFrom, parseArgs } from './args';
import { runCleanup } from './cleanup';
import { reportJson, reportText } from './output';

declare const __CLEANUP_VERSION__: string;

/**
 * `registry-ui-cleanup`: the process around runCleanup. Progress goes to stderr on a terminal only; the plan
 * and the results go to stdout (text, or JSON with --json). SIGINT/SIGTERM stop before the next DELETE.
 */
async function main(): Promise<number> {
  const parsed = parseArgs(process.argv.slice(2), process.env);
  if (parsed.kind === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.nothing;
  }
  if (parsed.kind === 'version') {
    process.stdout.write(`registry-ui-cleanup ${__CLEANUP_VERSION__}\n`);
    return EXIT.nothing;
  }
  if (parsed.kind === 'error') {
    process.stderr.write(`registry-ui-cleanup: ${parsed.message}\n`);
    return EXIT.error;
  }
  const options = parsed.options;
  let fileText: string | undefined;
  if (options.credentialsFile !== undefined) {
    try {
      fileText = readFileSync(options.credentialsFile, 'utf8');
    } catch (e) {
      process.stderr.write(`registry-ui-cleanup: --credentials-file: ${(e as NodeJS.ErrnoException).code ?? String(e)}: ${options.credentialsFile}\n`);
      return EXIT.error;
    }
  }
  const credentials = credentialsFrom(process.env, fileText);
  if (credentials && 'error' in credentials) {
    process.stderr.write(`registry-ui-cleanup: ${credentials.error}\n`);
    return EXIT.error;
  }

  const controller = new AbortController();
  // every request of the run listens to this one signal (the client ties each request and its body to it)
  setMaxListeners(0, controller.signal);
  const stop = () => {
    if (controller.signal.aborted) process.exit(EXIT.error);
    process.stderr.write('\nregistry-ui-cleanup: stopping after the DELETEs in flight (again to quit now)\n');
    controller.abort();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  const tty = !options.json && process.stderr.isTTY === true;
  let shown = '';
  const progress = tty
    ? (line: string) => {
        if (line === shown) return;
        shown = line;
        const width = Math.max(20, (process.stderr.columns ?? 80) - 1);
        process.stderr.write(`\r\x1b[2K${line.slice(0, width)}`);
      }
    : undefined;
  const report = await runCleanup(options, credentials, { fetch: globalThis.fetch, progress, now: Date.now, signal: controller.signal });
  if (tty && shown) process.stderr.write('\r\x1b[2K');
  process.stdout.write(options.json ? reportJson(report) : reportText(report));
  return options.zeroOnDelete && report.exitCode === EXIT.deleted ? EXIT.nothing : report.exitCode;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`registry-ui-cleanup: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = EXIT.error;
  },
);

#!/usr/bin/env node
// node bench/ab.mjs --baseline-dist DIR [--reps 3] [--tags 2500] [--distinct 300] [--registry URL] [--lists demo/many-tags,demo/distinct]
// node bench/ab.mjs --h2 [--reps 3] …   this build over HTTPS with HTTP/2 (TLS_CERT, TLS_KEY; "new") against
//                                      the same build over plain HTTP/1.1 ("baseline")
//
// The tag-list scenarios of `npm run bench` for two builds, alternated (new, baseline, new, baseline, …) on one
// seeded registry, so a machine whose load changes during the run weighs on both alike. Prints and writes JSON
// with every sample and the medians: cold visible rows complete, warm visible rows complete (a new tab, and
// back to the list in the same tab), and
// every tag known and sorted by created, cold and warm; and, each repetition, the browser floor (the minimal
// requests from a bare page of the same Chromium through the new side's nginx, bench/lib/browser-floor.mjs).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, build, ensureDependencies, log, machine, runBench, selfSignedCert, startRegistry, startUi } from './lib/stack.mjs';
import { uiTags } from './lib/ui.mjs';
import { browserFloorTags, installBrowserFloor } from './lib/browser-floor.mjs';

const { values: flags } = parseArgs({
  options: {
    'baseline-dist': { type: 'string' },
    h2: { type: 'boolean', default: false },
    reps: { type: 'string', default: '3' },
    tags: { type: 'string', default: '2500' },
    distinct: { type: 'string', default: '300' },
    registry: { type: 'string' },
    lists: { type: 'string', default: 'demo/many-tags,demo/distinct' },
    out: { type: 'string' },
  },
  strict: true,
});
if (!flags['baseline-dist'] === !flags.h2) {
  process.stderr.write('one of --baseline-dist DIR (a build of the older commit) and --h2 is required\n');
  process.exit(2);
}
const WORK = join(ROOT, '.tmp/bench');
// rows on screen in the bench's 1280×800 viewport (as npm run bench's floor uses)
const VISIBLE_ROWS = 13;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const pick = (t) => ({
  coldVisible: t.cold.visibleComplete,
  warmVisible: t.warm.visibleComplete,
  warmSameTabVisible: t.warmSameTab.visibleComplete,
  coldAll: t.cold.allComplete,
  sortedColdAll: t.sorted.cold.allSorted,
  sortedWarmFirst: t.sorted.warm.firstRowsShown,
  sortedWarmAll: t.sorted.warm.allSorted,
  coldRequests: t.cold.registry.requests,
  warmRequests: t.warm.registry.requests,
});

async function main() {
  ensureDependencies();
  mkdirSync(WORK, { recursive: true });
  const appDir = join(WORK, 'dist');
  build(appDir);
  installBrowserFloor(appDir);
  const registry = flags.registry ? { url: flags.registry } : await startRegistry(WORK, { repos: 0, tags: Number(flags.tags), distinct: Number(flags.distinct) });
  const now = await startUi(WORK, appDir, registry.url, flags.h2 ? { tls: selfSignedCert(join(WORK, 'tls')) } : {});
  const before = await startUi(WORK, flags.h2 ? appDir : flags['baseline-dist'], registry.url);
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    // --ignore-certificate-errors: the HTTP/2 side's certificate is the bench's own, self-signed
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run', ...(flags.h2 ? ['--ignore-certificate-errors'] : [])],
  });
  const result = { date: new Date().toISOString(), machine: await machine(), compared: flags.h2 ? { new: 'HTTPS, HTTP/2', baseline: 'HTTP/1.1' } : { new: 'this build', baseline: flags['baseline-dist'] }, samples: {} };
  try {
    for (const repo of flags.lists.split(',')) {
      const samples = { new: [], baseline: [], browserFloor: [] };
      for (let i = 0; i < Number(flags.reps); i++) {
        for (const [name, ui] of [['new', now], ['baseline', before]]) {
          log(`${repo}: ${name}, run ${i + 1}`);
          samples[name].push(pick(await uiTags(browser, ui.url, repo)));
        }
        // the minimal requests from a bare page of the same browser, through the new side's nginx
        log(`${repo}: browser floor, run ${i + 1}`);
        samples.browserFloor.push(await browserFloorTags(browser, now.url, repo, { visibleRows: VISIBLE_ROWS }));
      }
      const med = (name) => Object.fromEntries(Object.keys(samples[name][0]).filter((k) => typeof samples[name][0][k] === 'number' && !k.endsWith('Requests')).map((k) => [k, median(samples[name].map((s) => s[k]))]));
      result.samples[repo] = { ...samples, median: { new: med('new'), baseline: med('baseline'), browserFloor: med('browserFloor') } };
    }
  } finally {
    await browser.close();
  }
  result.machine.loadAverageAfter = (await import('node:os')).loadavg().map((l) => Math.round(l * 100) / 100);
  const text = JSON.stringify(result, null, 2) + '\n';
  const out = flags.out ?? join(ROOT, 'bench/results', `ab-${result.date.replace(/[:.]/g, '-')}.json`);
  mkdirSync(join(out, '..'), { recursive: true });
  writeFileSync(out, text);
  process.stdout.write(text);
}

await runBench(main);

#!/usr/bin/env node
// node bench/boot.mjs --dist DIR [--dist DIR …] [--reps 7] [--path /r/demo/alpine]
//
// Before the first request: for each build, served the way the image serves it (scripts/serve.sh), the times
// from navigation to the request of the entry script, of the route's chunk, and of the first registry request
// (/v2/…), read from the DevTools protocol in a fresh profile each time; the builds alternate so a machine
// whose load changes weighs on all alike. No registry is needed: the times are those of the requests' start.
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { ROOT, freePort, log, machine, runBench, startUi } from './lib/stack.mjs';

const { values: flags } = parseArgs({
  options: { dist: { type: 'string', multiple: true }, reps: { type: 'string', default: '7' }, path: { type: 'string', default: '/r/demo/alpine' } },
  strict: true,
});
if (!flags.dist?.length) {
  process.stderr.write('--dist DIR is required (one per build)\n');
  process.exit(2);
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function once(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const starts = [];
  cdp.on('Network.requestWillBeSent', (e) => starts.push({ url: e.request.url, at: e.timestamp * 1000 }));
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((r) => r.name.includes('/v2/')), undefined, { timeout: 30_000 });
  await context.close();
  const t0 = starts[0].at;
  const at = (test) => {
    const r = starts.find((s) => test(new URL(s.url).pathname));
    return r ? Math.round((r.at - t0) * 10) / 10 : null;
  };
  return {
    entry: at((p) => /\/assets\/index-[\w-]+\.js$/.test(p)),
    route: at((p) => /\/assets\/repository-[\w-]+\.js$/.test(p)),
    firstRegistryRequest: at((p) => p.includes('/v2/')),
  };
}

async function main() {
  const work = join(ROOT, '.tmp/bench');
  // nothing listens there: a registry request is timed by its start, not its answer
  const registry = `http://127.0.0.1:${await freePort()}`;
  const uis = [];
  for (const dist of flags.dist) uis.push({ dist, url: (await startUi(work, dist, registry)).url });
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  const samples = new Map(uis.map((u) => [u.dist, []]));
  try {
    for (let i = 0; i < Number(flags.reps); i++) {
      for (const u of uis) {
        log(`${u.dist}: run ${i + 1}`);
        samples.get(u.dist).push(await once(browser, `${u.url}${flags.path}`));
      }
    }
  } finally {
    await browser.close();
  }
  const result = { date: new Date().toISOString(), machine: await machine(), path: flags.path, builds: {} };
  for (const [dist, s] of samples) {
    result.builds[dist] = { median: Object.fromEntries(Object.keys(s[0]).map((k) => [k, median(s.map((x) => x[k] ?? NaN))])), samples: s };
  }
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
}

await runBench(main);

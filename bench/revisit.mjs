#!/usr/bin/env node
// node bench/revisit.mjs --registry URL --dist DIR [--dist DIR …] [--reps 4] [--repo demo/many-tags]
//
// The three visits of a tag list whose "visible rows complete" (every row on screen shows its digest, size and
// date) the issue of the tag list's speed sets goals for, for each build, alternated so a machine whose load
// changes weighs on all alike: cold (a fresh profile), back to the list in the same tab (to the catalog and
// back), and a new tab of the same profile. Needs a registry seeded as for `npm run bench` (--registry); each
// build is served through scripts/serve.sh. Prints every sample and the medians as JSON.
/* global document, window */
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { ROOT, log, machine, runBench, startUi } from './lib/stack.mjs';

const { values: flags } = parseArgs({
  options: {
    registry: { type: 'string' },
    dist: { type: 'string', multiple: true },
    reps: { type: 'string', default: '4' },
    repo: { type: 'string', default: 'demo/many-tags' },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
});
const usage = 'usage: node bench/revisit.mjs --registry URL --dist DIR [--dist DIR …] [--reps 4] [--repo NAME]\n';
if (flags.help) {
  process.stdout.write(usage);
  process.exit(0);
}
if (!flags.registry || !flags.dist?.length) {
  process.stderr.write(usage);
  process.exit(2);
}
const TAGS = 'table[aria-label^="Tags of"]';
const TIMEOUT = 120_000;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Runs in the page: performance.now() once every row in the table's visible area is complete, else false. */
function visibleComplete(selector) {
  const table = document.querySelector(selector);
  if (!table) return false;
  const box = table.parentElement.getBoundingClientRect();
  const top = box.top + (table.querySelector('thead')?.getBoundingClientRect().height ?? 0);
  const bottom = Math.min(box.bottom, window.innerHeight);
  const rows = [...table.querySelectorAll('tbody tr[aria-rowindex]')].filter((r) => {
    const b = r.getBoundingClientRect();
    return b.bottom > top && b.top < bottom;
  });
  if (rows.length === 0) return false;
  return rows.every((r) => !/^Loading…$/.test(r.querySelector('td[colspan]')?.textContent ?? '')) ? performance.now() : false;
}

const complete = async (page) => Math.round(await (await page.waitForFunction(visibleComplete, TAGS, { polling: 'raf', timeout: TIMEOUT })).jsonValue());

async function once(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  try {
    let page = await context.newPage();
    await page.goto(url, { waitUntil: 'commit' });
    const cold = await complete(page);
    await page.waitForFunction(() => !document.querySelector('[role=progressbar]'), undefined, { timeout: TIMEOUT });
    await page.waitForTimeout(1500); // the index written, the page idle
    await page.locator('nav[aria-label="Breadcrumbs"] a').first().click();
    await page.waitForSelector('table[aria-label="Repositories"]');
    await page.waitForTimeout(1000);
    const t0 = await page.evaluate(() => {
      const t = performance.now();
      window.history.back();
      return t;
    });
    const sameTab = (await complete(page)) - Math.round(t0);
    await page.waitForTimeout(1500);
    await page.close();
    page = await context.newPage();
    await page.goto(url, { waitUntil: 'commit' });
    const newTab = await complete(page);
    return { cold, sameTab, newTab };
  } finally {
    await context.close();
  }
}

async function main() {
  const work = join(ROOT, '.tmp/bench');
  const uis = [];
  for (const dist of flags.dist) uis.push({ dist, url: (await startUi(work, dist, flags.registry.replace(/\/+$/, ''))).url });
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
  });
  const samples = new Map(uis.map((u) => [u.dist, []]));
  try {
    for (let i = 0; i < Number(flags.reps); i++) {
      for (const u of uis) {
        log(`${u.dist}: run ${i + 1}`);
        samples.get(u.dist).push(await once(browser, `${u.url}/r/${flags.repo}`));
      }
    }
  } finally {
    await browser.close();
  }
  const result = { date: new Date().toISOString(), machine: await machine(), repo: flags.repo, builds: {} };
  for (const [dist, s] of samples) {
    result.builds[dist] = { median: Object.fromEntries(Object.keys(s[0]).map((k) => [k, median(s.map((x) => x[k]))])), samples: s };
  }
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
}

await runBench(main);

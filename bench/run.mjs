#!/usr/bin/env node
// npm run bench [-- --mode both|ui|floor] [--repos 10000] [--tags 2500] [--out FILE] [--registry URL]
//
// Seeds a real registry (a repository with 2,500 tags, a catalog of 10,000 repositories), serves a fresh build
// through the project's nginx config (scripts/serve.sh), and measures, for a cold and a warm visit of the tag
// list (the warm one both in a new tab and back in the same tab) and of the catalog, for the 2,500-tag
// repository and for demo/distinct (300 tags, each its own image): time to the first row, time until every
// visible row is complete, requests by
// method and bytes transferred; plus the initial bundle size, filtering the catalog per keystroke and frame
// times while scrolling; and the long tasks while the largest manifests distribution stores render (demo/huge).
// The floor mode runs the same scenarios straight against the registry with the
// minimal requests; with both (the default), the UI's figures are divided by the floor's. The browser floor sends
// the floor's requests from a bare page of the same Chromium through the same nginx (bench/browser-floor/): the
// UI ÷ it is the app's own cost, it ÷ the floor what any page pays in this browser behind this proxy.
//
// Writes bench/results/<date>.json and prints the same JSON on stdout; progress goes to stderr. Ports are
// picked free at run time; everything started is stopped on exit. --registry reuses a registry already seeded
// with the same --repos and --tags (while iterating on the UI) instead of starting and seeding one.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, build, ensureDependencies, log, machine, runBench, startRegistry, startUi } from './lib/stack.mjs';
import { floorCatalog, floorTags } from './lib/floor.mjs';
import { browserFloorTags, installBrowserFloor } from './lib/browser-floor.mjs';

const { values: flags } = parseArgs({
  options: {
    mode: { type: 'string', default: 'both' },
    repos: { type: 'string', default: '10000' },
    tags: { type: 'string', default: '2500' },
    // demo/distinct: this many tags, each its own image
    distinct: { type: 'string', default: '300' },
    out: { type: 'string' },
    registry: { type: 'string' },
    // a build made earlier (e.g. of the commit before a change), measured in the same run on the same registry
    'baseline-dist': { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
});
if (flags.help) {
  process.stdout.write('usage: npm run bench [-- --mode both|ui|floor] [--repos N] [--tags N] [--distinct N] [--out FILE] [--registry URL] [--baseline-dist DIR]\n');
  process.exit(0);
}
if (!['both', 'ui', 'floor'].includes(flags.mode)) {
  process.stderr.write(`--mode must be both, ui or floor, got "${flags.mode}"\n`);
  process.exit(2);
}
const repos = Number(flags.repos);
const tags = Number(flags.tags);
const distinct = Number(flags.distinct);
const REPO = 'demo/many-tags';
const DISTINCT_REPO = 'demo/distinct';
const WORK = join(ROOT, '.tmp/bench');
// rows on screen in the UI's 1280×800 viewport; the floor uses the UI's own count when it ran
const DEFAULT_VISIBLE = { tags: 13, catalog: 15 };

const round = (n) => Math.round(n * 100) / 100;
const total = (requests) => Object.values(requests).reduce((a, b) => a + b, 0);

/** UI figure ÷ floor figure, for each time, the request count and the bytes. */
function ratios(ui, floor, times) {
  const out = {};
  for (const t of times) out[t] = floor[t] > 0 ? round(ui[t] / floor[t]) : null;
  out.requests = round(total(ui.registry.requests) / total(floor.requests));
  out.bytes = round(ui.registry.bytes / floor.bytes);
  return out;
}

async function main() {
  const started = Date.now();
  ensureDependencies();
  mkdirSync(WORK, { recursive: true });
  const result = { date: new Date().toISOString(), machine: await machine(), setup: { repositories: repos, tags, tagRepository: REPO, distinct, distinctRepository: DISTINCT_REPO } };

  let bundle;
  let appDir;
  if (flags.mode !== 'floor') {
    appDir = join(WORK, 'dist');
    bundle = build(appDir);
    installBrowserFloor(appDir);
    result.bundle = {
      initialGzipKiB: round(bundle.initial.gzip / 1024),
      initialFiles: bundle.initial.files.map((f) => f.file),
      ...(bundle.routes ? { routesGzipKiB: Object.fromEntries(Object.entries(bundle.routes).map(([k, v]) => [k, round(v.gzip / 1024)])) } : {}),
      allChunksGzipKiB: round(bundle.total.gzip / 1024),
    };
  }

  const registry = flags.registry ? { url: flags.registry.replace(/\/+$/, '') } : await startRegistry(WORK, { repos, tags, distinct });
  if (registry.seedSeconds !== undefined) result.setup.seedSeconds = round(registry.seedSeconds);

  if (flags.mode !== 'floor') {
    const ui = await startUi(WORK, appDir, registry.url);
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
    });
    try {
      log(`tag list of ${REPO}: cold, then warm`);
      const tagsUi = await (await import('./lib/ui.mjs')).uiTags(browser, ui.url, REPO);
      log('catalog: cold, then warm, filtering and scrolling');
      const catalogUi = await (await import('./lib/ui.mjs')).uiCatalog(browser, ui.url);
      log('huge manifests: 27,000 layers and a 4 MB annotation, long tasks while they render');
      const hugeUi = await (await import('./lib/ui.mjs')).uiHugeManifest(browser, ui.url);
      result.ui = { tags: tagsUi, catalog: catalogUi, hugeManifest: hugeUi };
      if (distinct > 0) {
        log(`tag list of ${DISTINCT_REPO}: cold, then warm`);
        result.ui.distinct = await (await import('./lib/ui.mjs')).uiTags(browser, ui.url, DISTINCT_REPO);
      }
      // the same minimal requests as the floor, from a bare page of this browser through this nginx
      log('browser floor: the minimal requests from a bare page, cold');
      const visibleRows = tagsUi.cold.visibleRows || DEFAULT_VISIBLE.tags;
      result.browserFloor = { tags: { cold: await browserFloorTags(browser, ui.url, REPO, { visibleRows }) } };
      if (distinct > 0) result.browserFloor.distinct = { cold: await browserFloorTags(browser, ui.url, DISTINCT_REPO, { visibleRows }) };
      if (flags['baseline-dist']) {
        // the same tag-list scenarios against the older build, served the same way, after the new one
        const before = await startUi(WORK, flags['baseline-dist'], registry.url);
        log(`tag lists on the baseline build (${flags['baseline-dist']})`);
        const { uiTags } = await import('./lib/ui.mjs');
        result.baseline = { dist: flags['baseline-dist'], tags: await uiTags(browser, before.url, REPO) };
        if (distinct > 0) result.baseline.distinct = await uiTags(browser, before.url, DISTINCT_REPO);
      }
    } finally {
      await browser.close();
    }
  }

  if (flags.mode !== 'ui') {
    log('floor: the same scenarios straight against the registry');
    const visibleTags = result.ui?.tags.cold.visibleRows || DEFAULT_VISIBLE.tags;
    const visibleRepos = result.ui?.catalog.cold.visibleRows || DEFAULT_VISIBLE.catalog;
    const cold = await floorTags(registry.url, REPO, { visibleRows: visibleTags });
    const warm = await floorTags(registry.url, REPO, { visibleRows: visibleTags, known: cold.known });
    delete cold.known;
    delete warm.known;
    const catalog = await floorCatalog(registry.url, { visibleRows: visibleRepos });
    result.floor = { tags: { cold, warm }, catalog: { cold: catalog } };
    if (distinct > 0) {
      const dCold = await floorTags(registry.url, DISTINCT_REPO, { visibleRows: visibleTags });
      const dWarm = await floorTags(registry.url, DISTINCT_REPO, { visibleRows: visibleTags, known: dCold.known });
      delete dCold.known;
      delete dWarm.known;
      result.floor.distinct = { cold: dCold, warm: dWarm };
    }
    result.setup.catalogSize = catalog.repositories;
  }

  if (result.ui && result.floor) {
    const t = ['firstRow', 'visibleComplete', 'allComplete'];
    const c = ['firstRow', 'visibleComplete', 'allPages'];
    // warm: a new tab of the same profile; warmSameTab: back to the list in the same tab (both against the
    // floor's warm walk, one HEAD per tag)
    const tagRatios = (ui, floor) => ({ cold: ratios(ui.cold, floor.cold, t), warm: ratios(ui.warm, floor.warm, t), warmSameTab: ratios(ui.warmSameTab, floor.warm, t) });
    result.ratio = {
      tags: tagRatios(result.ui.tags, result.floor.tags),
      ...(result.ui.distinct && result.floor.distinct ? { distinct: tagRatios(result.ui.distinct, result.floor.distinct) } : {}),
      catalog: { cold: ratios(result.ui.catalog.cold, result.floor.catalog.cold, c), warm: ratios(result.ui.catalog.warm, result.floor.catalog.cold, c) },
    };
  }
  const r = (a, b) => (b > 0 ? round(a / b) : null);
  const lists = { tags: REPO, ...(distinct > 0 ? { distinct: DISTINCT_REPO } : {}) };
  if (result.ui && result.baseline) {
    result.ratio ??= {};
    result.ratio.vsBaseline = {};
    for (const key of Object.keys(lists)) {
      const now = result.ui[key];
      const was = result.baseline[key];
      result.ratio.vsBaseline[key] = {
        coldVisibleComplete: r(now.cold.visibleComplete, was.cold.visibleComplete),
        warmVisibleComplete: r(now.warm.visibleComplete, was.warm.visibleComplete),
        ...(now.warmSameTab && was.warmSameTab ? { warmSameTabVisibleComplete: r(now.warmSameTab.visibleComplete, was.warmSameTab.visibleComplete) } : {}),
        coldAllComplete: r(now.cold.allComplete, was.cold.allComplete),
        sortedColdAll: r(now.sorted.cold.allSorted, was.sorted.cold.allSorted),
        sortedWarmFirstRows: r(now.sorted.warm.firstRowsShown, was.sorted.warm.firstRowsShown),
      };
    }
  }
  if (result.ui && result.floor) {
    // every tag known and sorted by created, divided by the floor's "all rows complete"
    result.ratio.sortedVsFloor = {};
    for (const key of Object.keys(lists)) {
      const floorAll = result.floor[key].cold.allComplete;
      result.ratio.sortedVsFloor[key] = {
        cold: r(result.ui[key].sorted.cold.allSorted, floorAll),
        warm: r(result.ui[key].sorted.warm.allSorted, result.floor[key].warm.allComplete),
        ...(result.baseline ? { baselineCold: r(result.baseline[key].sorted.cold.allSorted, floorAll) } : {}),
      };
    }
  }
  if (result.ui && result.browserFloor) {
    // the app's own cost: the UI against the same requests from a bare page of the same browser
    result.ratio ??= {};
    result.ratio.vsBrowserFloor = {};
    for (const key of Object.keys(lists)) {
      const bf = result.browserFloor[key]?.cold;
      if (!bf) continue;
      result.ratio.vsBrowserFloor[key] = {
        visibleComplete: r(result.ui[key].cold.visibleComplete, bf.visibleComplete),
        allComplete: r(result.ui[key].cold.allComplete, bf.allComplete),
        sortedCold: r(result.ui[key].sorted.cold.allSorted, bf.allComplete),
        ...(result.floor ? { browserFloorVsFloor: r(bf.allComplete, result.floor[key].cold.allComplete) } : {}),
      };
    }
  }
  result.seconds = round((Date.now() - started) / 1000);

  const text = JSON.stringify(result, null, 2) + '\n';
  const out = flags.out ?? join(ROOT, 'bench/results', `${result.date.replace(/[:.]/g, '-')}.json`);
  mkdirSync(join(out, '..'), { recursive: true });
  writeFileSync(out, text);
  process.stdout.write(text);
  log(`written to ${out}`);
  if (result.ratio) {
    const r = result.ratio;
    log(
      `UI ÷ floor — tags cold: first row ×${r.tags.cold.firstRow}, visible rows ×${r.tags.cold.visibleComplete}, all ×${r.tags.cold.allComplete}, ` +
        `requests ×${r.tags.cold.requests}; warm (new tab): visible rows ×${r.tags.warm.visibleComplete}, requests ×${r.tags.warm.requests}; ` +
        `warm (same tab): visible rows ×${r.tags.warmSameTab.visibleComplete}, requests ×${r.tags.warmSameTab.requests}; ` +
        `catalog: first row ×${r.catalog.cold.firstRow}, all pages ×${r.catalog.cold.allPages}`,
    );
  }
  if (result.ui) {
    const w = result.ui.tags.warm.registry;
    log(`warm revisit of ${REPO}: ${w.manifestGets} manifest GETs, ${w.blobGets} blob GETs, ${w.requests.HEAD ?? 0} HEADs`);
  }
}

await runBench(main);

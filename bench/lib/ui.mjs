// The UI side: Debian's Chromium driven by playwright-core through the real nginx. Times are read in the page
// (performance.now(), from the start of navigation) at the first animation frame where a condition holds;
// requests and bytes come from the DevTools protocol (bytes on the wire, headers included).
// Functions passed to page.evaluate and waitForFunction run in the page, hence its globals here:
/* global document, window, requestAnimationFrame, HTMLInputElement, MutationObserver */

const TAGS_TABLE = 'table[aria-label^="Tags of"]';
const CATALOG_TABLE = 'table[aria-label="Repositories"]';
const TIMEOUT = 300_000;

/**
 * Runs in the page: the rows of `selector` inside its scroll box's visible area. `want` is 'first' (any row),
 * 'complete' (every visible row has its details: no "Loading…", nothing matching `pending`) or 'count'.
 * Self-contained: the page's CSP allows no eval, so nothing is rebuilt from text there.
 */
function probeRows({ selector, pending, want }) {
  const table = document.querySelector(selector);
  if (!table) return want === 'count' ? 0 : false;
  const box = table.parentElement.getBoundingClientRect();
  const head = table.querySelector('thead')?.getBoundingClientRect().height ?? 0;
  const top = box.top + head;
  const bottom = Math.min(box.bottom, window.innerHeight);
  const rows = [...table.querySelectorAll('tbody tr[aria-rowindex]')].filter((r) => {
    const b = r.getBoundingClientRect();
    return b.bottom > top && b.top < bottom;
  });
  if (want === 'count') return rows.length;
  if (rows.length === 0) return false;
  if (want === 'first') return performance.now();
  const complete = rows.every((r) => !(pending && r.querySelector(pending)) && !/^Loading…$/.test(r.querySelector('td[colspan]')?.textContent ?? ''));
  return complete ? performance.now() : false;
}

/** Registry and app traffic of one page, from Network.* events. */
async function watchNetwork(context, page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  // keep the browser's cache as it is: a warm visit may use what the cold one left
  const requests = new Map();
  cdp.on('Network.requestWillBeSent', (e) => {
    if (e.redirectResponse) return;
    requests.set(e.requestId, { method: e.request.method, url: e.request.url, bytes: 0, cached: false, canceled: false, status: 0 });
  });
  cdp.on('Network.requestServedFromCache', (e) => {
    const r = requests.get(e.requestId);
    if (r) r.cached = true;
  });
  cdp.on('Network.responseReceived', (e) => {
    const r = requests.get(e.requestId);
    if (r) {
      r.status = e.response.status;
      // the headers' bytes; a HEAD whose empty body is never read ends as "canceled" after this
      r.bytes = e.response.encodedDataLength ?? 0;
      if (e.response.fromDiskCache || e.response.fromMemoryCache) r.cached = true;
    }
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = requests.get(e.requestId);
    if (r) r.bytes = e.encodedDataLength;
  });
  cdp.on('Network.loadingFailed', (e) => {
    const r = requests.get(e.requestId);
    // cancelled before an answer came: work the page dropped (a row scrolled away, a page closed)
    if (r) r.canceled = Boolean(e.canceled) && r.status === 0;
  });
  return {
    summary() {
      const registry = { requests: {}, bytes: 0, canceled: 0, manifestGets: 0, blobGets: 0 };
      const app = { requests: 0, fromCache: 0, bytes: 0 };
      for (const r of requests.values()) {
        const path = new URL(r.url).pathname;
        if (path.includes('/v2/')) {
          registry.requests[r.method] = (registry.requests[r.method] ?? 0) + 1;
          registry.bytes += r.bytes;
          if (r.canceled) registry.canceled++;
          if (r.method === 'GET' && /\/manifests\/sha256:/.test(path)) registry.manifestGets++;
          if (r.method === 'GET' && /\/blobs\/sha256:/.test(path)) registry.blobGets++;
        } else if (!r.url.startsWith('data:')) {
          app.requests++;
          if (r.cached) app.fromCache++;
          app.bytes += r.bytes;
        }
      }
      return { registry, app };
    },
    detach: () => cdp.detach().catch(() => undefined),
  };
}

const waitTime = (page, fn, arg) =>
  page.waitForFunction(fn, arg, { polling: 'raf', timeout: TIMEOUT }).then((h) => h.jsonValue()).then((t) => Math.round(t * 10) / 10);

/** Frame times while the list's scroll box moves by `px` each frame. */
async function scrollFrames(page, selector, { px = 120, frames = 120 } = {}) {
  const deltas = await page.evaluate(
    async ({ selector, px, frames }) => {
      const box = document.querySelector(selector).parentElement;
      box.scrollTop = 0;
      await new Promise((r) => requestAnimationFrame(r));
      const out = [];
      let last = performance.now();
      for (let i = 0; i < frames; i++) {
        box.scrollTop += px;
        await new Promise((r) => requestAnimationFrame(r));
        const t = performance.now();
        out.push(t - last);
        last = t;
      }
      return out;
    },
    { selector, px, frames },
  );
  return frameStats(deltas);
}

function frameStats(deltas) {
  const sorted = [...deltas].sort((a, b) => a - b);
  const pct = (p) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] * 10) / 10;
  return { frames: deltas.length, p50Ms: pct(0.5), p95Ms: pct(0.95), maxMs: pct(1), over25Ms: deltas.filter((d) => d > 25).length };
}

/**
 * A warm revisit in the same tab: from the tag list (every tag complete) to the catalog by its breadcrumb, a
 * client-side navigation, then back with history.back(); the query cache of the tab is kept. Times run from
 * the back() call: first row, every visible row complete, every tag complete.
 */
async function revisitSameTab(context, page) {
  await page.locator('nav[aria-label="Breadcrumbs"] a').first().click();
  await page.waitForFunction((sel) => Boolean(document.querySelector(sel)) && !document.querySelector('table[aria-label^="Tags of"]'), CATALOG_TABLE, { timeout: TIMEOUT });
  // the catalog's pages streamed in and its visible rows counted, so that none of its work overlaps the revisit
  await page
    .waitForFunction(() => [...document.querySelectorAll('span[aria-live]')].some((s) => /^[\d,]+ repositories?$/.test(s.textContent ?? '')), undefined, { timeout: 60_000 })
    .catch(() => undefined);
  await page.waitForTimeout(1000);
  const net = await watchNetwork(context, page);
  const t0 = await page.evaluate(() => {
    const t = performance.now();
    window.history.back();
    return t;
  });
  const since = (t) => Math.round((t - t0) * 10) / 10;
  const firstRow = since(await waitTime(page, probeRows, { selector: TAGS_TABLE, want: 'first' }));
  const visibleComplete = since(await waitTime(page, probeRows, { selector: TAGS_TABLE, want: 'complete' }));
  const allComplete = since(await waitTime(page, (sel) => (document.querySelector(sel) && !document.querySelector('[role=progressbar]') ? performance.now() : false), TAGS_TABLE));
  await page.waitForTimeout(500);
  const network = net.summary();
  await net.detach();
  return { firstRow, visibleComplete, allComplete, ...network };
}

/**
 * The tag list of `repo`: a cold visit in a fresh browser profile; a warm revisit in the same tab (to the
 * catalog and back, see revisitSameTab); then a warm one in a new tab of the same profile (IndexedDB and the
 * HTTP cache kept, the in-memory query cache gone).
 */
export async function uiTags(browser, base, repo) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  const url = `${base}/r/${repo}`;
  const once = async () => {
    const page = await context.newPage();
    const net = await watchNetwork(context, page);
    await page.goto(url, { waitUntil: 'commit' });
    const firstRow = await waitTime(page, probeRows, { selector: TAGS_TABLE, want: 'first' });
    const visibleComplete = await waitTime(page, probeRows, { selector: TAGS_TABLE, want: 'complete' });
    const rows = await page.evaluate(probeRows, { selector: TAGS_TABLE, want: 'count' });
    const allComplete = await waitTime(page, (sel) => (document.querySelector(sel) && !document.querySelector('[role=progressbar]') ? performance.now() : false), TAGS_TABLE);
    // let the last writes to IndexedDB land before the tab closes
    await page.waitForTimeout(1500);
    const network = net.summary();
    await net.detach();
    return { page, figures: { firstRow, visibleComplete, allComplete, visibleRows: rows, ...network } };
  };
  const cold = await once();
  const warmSameTab = await revisitSameTab(context, cold.page);
  await cold.page.close();
  const warm = await once();
  const scroll = await scrollFrames(warm.page, TAGS_TABLE);
  await warm.page.close();
  await context.close();
  const sorted = await uiTagsSorted(browser, base, repo);
  return { cold: cold.figures, warm: warm.figures, warmSameTab, scroll, sorted };
}

/**
 * Every tag known and sorted by created, newest on top (`?sort=created&dir=desc`), the way stale tags are
 * found: a cold visit in a fresh profile, then a warm one (a new tab of the same profile). `allSorted` is the
 * time until no progress bar is left, i.e. every tag's created date is known and the order is final;
 * `firstRowsShown` when the first screen of rows shows details (from the last visit or fresh).
 */
export async function uiTagsSorted(browser, base, repo) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  const url = `${base}/r/${repo}?sort=created&dir=desc`;
  const once = async () => {
    const page = await context.newPage();
    const net = await watchNetwork(context, page);
    await page.goto(url, { waitUntil: 'commit' });
    const firstRowsShown = await waitTime(page, probeRows, { selector: TAGS_TABLE, want: 'complete' });
    const allSorted = await waitTime(page, (sel) => (document.querySelector(sel) && !document.querySelector('[role=progressbar]') ? performance.now() : false), TAGS_TABLE);
    await page.waitForTimeout(1500);
    const network = net.summary();
    await net.detach();
    await page.close();
    return { firstRowsShown, allSorted, ...network };
  };
  const cold = await once();
  const warm = await once();
  await context.close();
  return { cold, warm };
}

/** The catalog: first row, every page streamed, visible tag counts; then filtering and scrolling it. */
export async function uiCatalog(browser, base, { filterText = 'repo-01234', extraFilter = 'team/back' } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  const once = async () => {
    const page = await context.newPage();
    const net = await watchNetwork(context, page);
    await page.goto(`${base}/`, { waitUntil: 'commit' });
    const pending = '[aria-label="Counting tags"]';
    const firstRow = await waitTime(page, probeRows, { selector: CATALOG_TABLE, want: 'first' });
    const visibleComplete = await waitTime(page, probeRows, { selector: CATALOG_TABLE, pending, want: 'complete' });
    const allPages = await waitTime(page, () => ([...document.querySelectorAll('span[aria-live]')].some((s) => /^[\d,]+ repositories$/.test(s.textContent ?? '')) ? performance.now() : false));
    const rows = await page.evaluate(probeRows, { selector: CATALOG_TABLE, want: 'count' });
    await page.waitForTimeout(500);
    const network = net.summary();
    await net.detach();
    return { page, figures: { firstRow, visibleComplete, allPages, visibleRows: rows, ...network } };
  };
  const cold = await once();
  await cold.page.close();
  const warm = await once();
  const filter = await filterKeystrokes(warm.page, [...prefixes(filterText), ...prefixes(filterText).reverse().slice(1), '', ...prefixes(extraFilter), '']);
  const scroll = await scrollFrames(warm.page, CATALOG_TABLE, { px: 400 });
  await warm.page.close();
  await context.close();
  return { cold: cold.figures, warm: warm.figures, filter, scroll };
}

function prefixes(text) {
  return Array.from({ length: text.length }, (_, i) => text.slice(0, i + 1));
}

/**
 * Types into the catalog filter one keystroke at a time, each an input event as the browser sends it, and
 * times how long until the list for that text is committed to the page (the table's data-filter says which
 * text it shows) and until the next frame after it.
 */
async function filterKeystrokes(page, values) {
  const samples = await page.evaluate(
    async ({ values, selector }) => {
      const input = document.querySelector('input[type=search]');
      const table = document.querySelector(selector);
      const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
      const out = [];
      for (const value of values) {
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        const committed = new Promise((resolve) => {
          const done = () => {
            observer.disconnect();
            resolve(performance.now());
          };
          const observer = new MutationObserver(() => {
            if ((table.getAttribute('data-filter') ?? '') === value) done();
          });
          observer.observe(table, { attributes: true, attributeFilter: ['data-filter'] });
        });
        const t0 = performance.now();
        setValue.call(input, value);
        input.dispatchEvent(new Event('input', { bubbles: true }));
        const t1 = (table.getAttribute('data-filter') ?? '') === value ? performance.now() : await Promise.race([committed, new Promise((r) => setTimeout(() => r(NaN), 5000))]);
        await new Promise((r) => requestAnimationFrame(r));
        const t2 = performance.now();
        out.push({ value, commitMs: t1 - t0, frameMs: t2 - t0, rows: Number(table.getAttribute('aria-rowcount')) });
      }
      return out;
    },
    { values, selector: CATALOG_TABLE },
  );
  const stats = (key) => {
    const v = samples.map((s) => s[key]).filter(Number.isFinite).sort((a, b) => a - b);
    const at = (p) => Math.round(v[Math.min(v.length - 1, Math.floor(p * v.length))] * 10) / 10;
    return { p50: at(0.5), p95: at(0.95), max: at(1) };
  };
  return {
    keystrokes: samples.length,
    missed: samples.filter((s) => !Number.isFinite(s.commitMs)).length,
    commitMs: stats('commitMs'),
    nextFrameMs: stats('frameMs'),
    overOneFrame: samples.filter((s) => s.commitMs > 1000 / 60).length,
  };
}

/**
 * The largest manifests distribution stores (demo/huge, seeded by the full profile): `layers` (27,000 layers)
 * and `annotation` (one 4 MB value). For each, in a fresh profile: time until the page shows the manifest,
 * the long tasks (over 50 ms, from the Long Tasks API) until it settles, and, for the layers, frame times
 * while its layer table scrolls. The goal the issue sets: no task over 200 ms.
 */
export async function uiHugeManifest(browser, base) {
  const out = {};
  for (const tag of ['layers', 'annotation']) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    await context.addInitScript(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longTasks.push(e.duration);
      }).observe({ type: 'longtask', buffered: true });
    });
    const page = await context.newPage();
    await page.goto(`${base}/r/demo/huge/t/${tag}`, { waitUntil: 'commit' });
    const shown = await waitTime(page, () => (document.querySelector('section pre') ? performance.now() : false));
    await page.waitForTimeout(2000);
    const tasks = await page.evaluate(() => window.__longTasks);
    const figures = {
      shownMs: shown,
      longTasks: tasks.length,
      longestTaskMs: Math.round(Math.max(0, ...tasks)),
      longTasksTotalMs: Math.round(tasks.reduce((a, b) => a + b, 0)),
      domNodes: await page.evaluate(() => document.getElementsByTagName('*').length),
    };
    if (tag === 'layers') {
      const region = 'div[role=region] > table[aria-rowcount]';
      if (await page.$(region)) figures.scroll = await scrollFrames(page, region, { px: 600, frames: 60 });
    }
    out[tag] = figures;
    await context.close();
  }
  return out;
}

// The floor in the browser (bench/browser-floor/): the registry floor's minimal requests sent by a bare page of
// the same Chromium through the same nginx. The UI ÷ this is the app's own cost; this ÷ the registry floor is
// what any page in this browser behind this proxy pays.
/* global document */
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './stack.mjs';

const DIR = 'bench-floor';

/** Copies the page beside a build the bench serves (the bench's own build directory, never ./dist). */
export function installBrowserFloor(appDir) {
  cpSync(join(ROOT, 'bench/browser-floor'), join(appDir, DIR), { recursive: true });
}

/** Every tag of `repo` in a fresh profile: times (ms from the start of navigation, as the UI's) and requests. */
export async function browserFloorTags(browser, base, repo, { visibleRows }) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await page.goto(`${base}/${DIR}/index.html?repo=${encodeURIComponent(repo)}&visible=${visibleRows}`);
    await page.waitForFunction(() => document.title === 'done' || document.title === 'failed', undefined, { timeout: 600_000, polling: 100 });
    const result = JSON.parse(await page.evaluate(() => document.documentElement.dataset.result));
    if (result.error) throw new Error(`browser floor of ${repo}: ${result.error}`);
    const round = (n) => Math.round(n * 10) / 10;
    return { ...result, walkStart: round(result.walkStart), firstRow: round(result.firstRow), visibleComplete: round(result.visibleComplete), allComplete: round(result.allComplete) };
  } finally {
    await context.close();
  }
}

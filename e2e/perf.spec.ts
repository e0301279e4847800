import { expect, test, type Page } from '@playwright/test';
import { seedSummary, tags, watchPage } from './support';

const REPO = 'demo/many-tags';

/** Every registry request a page sends, as `METHOD /v2/…`, with ` (if-none-match)` when it was conditional. */
function recordRegistryRequests(page: Page): string[] {
  const log: string[] = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.includes('/v2/')) log.push(`${r.method()} ${path.slice(path.indexOf('/v2/'))}${r.headers()['if-none-match'] ? ' (if-none-match)' : ''}`);
  });
  return log;
}

/** The status of every registry answer, as `METHOD /v2/… status`. */
function recordRegistryAnswers(page: Page): string[] {
  const log: string[] = [];
  page.on('response', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.includes('/v2/')) log.push(`${r.request().method()} ${path.slice(path.indexOf('/v2/'))} ${r.status()}`);
  });
  return log;
}

async function visitUntilComplete(page: Page, total: number): Promise<void> {
  await page.goto(`/r/${REPO}`);
  await expect(page.getByText(`${total.toLocaleString('en')} of ${total.toLocaleString('en')} tags`)).toBeVisible();
  await expect(page.getByRole('progressbar')).toHaveCount(0, { timeout: 150_000 });
  await expect(page.getByRole('table', { name: `Tags of ${REPO}` }).getByText('Loading…')).toHaveCount(0);
}

test.describe('request economy against a real registry', () => {
  test.setTimeout(360_000);

  test('the 2,500-tag repository costs one request per tag cold (a GET by tag) and warm (a conditional GET answered 304), and no manifest or config twice', async ({ page, context }) => {
    const all = await tags(REPO);
    expect(all).toHaveLength(2500);
    const summary = seedSummary();
    const digests = new Set(Object.values(summary.repositories[REPO]!.tags).map((t) => t.digest));

    // cold: one GET by tag each (digest and body in one answer), no HEAD, no manifest GET by digest; one config
    // GET per image (at most one per distinct manifest)
    const watch = watchPage(page);
    const cold = recordRegistryRequests(page);
    await visitUntilComplete(page, all.length);
    expect(cold.filter((r) => r.startsWith('HEAD '))).toEqual([]);
    expect(cold.filter((r) => /^GET \/v2\/.+\/manifests\/sha256:/.test(r))).toEqual([]);
    expect(cold.filter((r) => /^GET \/v2\/.+\/manifests\//.test(r)).sort()).toEqual(all.map((t) => `GET /v2/${REPO}/manifests/${t}`).sort());
    const coldConfigs = cold.filter((r) => /^GET \/v2\/.+\/blobs\//.test(r));
    expect(new Set(coldConfigs).size).toBe(coldConfigs.length);
    expect(coldConfigs.length).toBeGreaterThan(0);
    expect(coldConfigs.length).toBeLessThanOrEqual(digests.size);
    // the writes to IndexedDB are batched; let the last batch land before the tab closes
    await page.waitForTimeout(1500);
    await page.close();
    expect(watch.problems).toEqual([]);

    // warm: a new tab of the same browser profile, its memory cache gone, IndexedDB kept
    const again = await context.newPage();
    const watchAgain = watchPage(again);
    const warm = recordRegistryRequests(again);
    const answers = recordRegistryAnswers(again);
    await visitUntilComplete(again, all.length);
    expect(warm.filter((r) => /^GET \/v2\/.+\/(manifests\/sha256:|blobs\/)/.test(r))).toEqual([]);
    expect(warm.filter((r) => r.startsWith('HEAD '))).toEqual([]);
    // each tag re-checked once with If-None-Match, through nginx to the registry, and answered 304
    expect(warm.filter((r) => /\/manifests\//.test(r)).sort()).toEqual(all.map((t) => `GET /v2/${REPO}/manifests/${t} (if-none-match)`).sort());
    expect(answers.filter((r) => /\/manifests\//.test(r) && !r.endsWith(' 304'))).toEqual([]);
    // besides those: the tag list, and whatever the shell asks of /v2/ itself (a credentials check)
    expect(warm.filter((r) => r.startsWith('GET ') && r !== 'GET /v2/' && !/\/manifests\//.test(r))).toEqual([`GET /v2/${REPO}/tags/list`]);
    // and the rows show what the registry holds, no longer marked as being re-checked
    const first = [...all].sort(new Intl.Collator('en', { numeric: true }).compare)[0]!;
    // the tag's name, then a space: not the rows of longer tags that start with it (1.0 and 1.0.1)
    const row = again.getByRole('row', { name: new RegExp(`^${first.replace(/\./g, '\\.')} `) });
    await expect(row.getByRole('link', { name: summary.repositories[REPO]!.tags[first]!.digest.slice(7, 19) })).toBeVisible();
    await expect(row).not.toHaveAttribute('aria-busy');
    expect(watchAgain.problems).toEqual([]);
  });
});

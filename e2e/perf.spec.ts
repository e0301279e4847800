import { expect, test, type Page } from '@playwright/test';
import { seedSummary, tags, watchPage } from './support';

const REPO = 'demo/many-tags';

/** Every registry request a page sends, as `METHOD /v2/…`. */
function recordRegistryRequests(page: Page): string[] {
  const log: string[] = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.includes('/v2/')) log.push(`${r.method()} ${path.slice(path.indexOf('/v2/'))}`);
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

  test('a warm revisit of the 2,500-tag repository sends only HEADs for its tags, no GET for a manifest or config already seen', async ({ page, context }) => {
    const all = await tags(REPO);
    expect(all).toHaveLength(2500);
    const summary = seedSummary();
    const digests = new Set(Object.values(summary.repositories[REPO]!.tags).map((t) => t.digest));

    // cold: one manifest GET per distinct digest (tags sharing a digest share it), one config GET per image
    const watch = watchPage(page);
    const cold = recordRegistryRequests(page);
    await visitUntilComplete(page, all.length);
    const coldManifests = cold.filter((r) => /^GET \/v2\/.+\/manifests\/sha256:/.test(r));
    expect(coldManifests).toHaveLength(digests.size);
    expect(new Set(coldManifests).size).toBe(coldManifests.length);
    expect(cold.filter((r) => r.startsWith('HEAD '))).toHaveLength(all.length);
    // the writes to IndexedDB are batched; let the last batch land before the tab closes
    await page.waitForTimeout(1500);
    await page.close();
    expect(watch.problems).toEqual([]);

    // warm: a new tab of the same browser profile, its memory cache gone, IndexedDB kept
    const again = await context.newPage();
    const watchAgain = watchPage(again);
    const warm = recordRegistryRequests(again);
    await visitUntilComplete(again, all.length);
    expect(warm.filter((r) => /^GET \/v2\/.+\/(manifests|blobs)\//.test(r))).toEqual([]);
    expect(warm.filter((r) => r.startsWith('HEAD '))).toHaveLength(all.length);
    // besides the HEADs: the tag list, and whatever the shell asks of /v2/ itself (a credentials check)
    expect(warm.filter((r) => r.startsWith('GET ') && r !== 'GET /v2/')).toEqual([`GET /v2/${REPO}/tags/list`]);
    // and the rows show what the registry holds
    const first = [...all].sort(new Intl.Collator('en', { numeric: true }).compare)[0]!;
    const row = again.getByRole('row', { name: new RegExp(`^${first.replace(/\./g, '\\.')}\\b`) });
    await expect(row.getByRole('link', { name: summary.repositories[REPO]!.tags[first]!.digest.slice(7, 19) })).toBeVisible();
    expect(watchAgain.problems).toEqual([]);
  });
});

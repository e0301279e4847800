import { expect, test, type Page } from '@playwright/test';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { REGISTRY } from './support';

// registry-ui-cleanup prints the plan the preview shows: the same tags go and stay, in the same order, for the
// same reasons, with the same reclaimable bytes, on the seeded repositories (read-only: dry runs only).
const CLI = process.env.CLEANUP_CLI ?? join(import.meta.dirname, '../bin/registry-ui-cleanup.mjs');

interface CliDecision { tag: string; reasons: { text: string }[] }
interface CliReport { repositories: { name: string; going: CliDecision[]; staying: CliDecision[]; reclaimable: { bytes: number } }[]; exitCode: number }

function cli(args: string[]): Promise<{ code: number; report: CliReport }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [CLI, ...args, '--json'], { env: { PATH: process.env.PATH }, maxBuffer: 16 << 20 }, (error, stdout) => {
      try {
        resolve({ code: typeof error?.code === 'number' ? error.code : 0, report: JSON.parse(stdout) as CliReport });
      } catch (e) {
        reject(new Error(`${String(e)}: ${stdout}`));
      }
    });
  });
}

/** Every row of a preview table: the tag and its "Why" cell. */
async function rows(page: Page, name: string): Promise<[string, string][]> {
  const table = page.getByRole('table', { name });
  if ((await table.count()) === 0) return [];
  return table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.querySelector('th')!.textContent ?? '', tr.querySelectorAll('td')[2]!.textContent ?? ''] as [string, string]));
}

const fromCli = (list: CliDecision[]) => list.map((d) => [d.tag, d.reasons.map((r) => r.text).join('; ')]);

for (const [repo, rules] of [
  ['demo/dated', 'keepNewest=10&olderThan=30&exclude=2024.03.*&keep=latest,stable'],
  ['demo/multiarch', 'include=*'],
  ['demo/signed', 'keepNewest=1'],
] as const) {
  test(`a dry run of registry-ui-cleanup prints the preview's plan: ${repo} with ${rules}`, async ({ page }) => {
    test.setTimeout(90_000);
    await page.goto(`/r/${repo}?cleanup=1&${rules}`);
    await expect(page.getByTestId('cleanup-summary')).toBeVisible({ timeout: 30_000 });
    const going = await rows(page, 'Tags that would be deleted');
    const staying = await rows(page, 'Tags that stay');
    expect(going.length + staying.length).toBeGreaterThan(1);
    const bytes = going.length > 0 ? Number(await page.getByTestId('reclaimable-bytes').getAttribute('data-bytes')) : 0;

    // the address of the preview, pasted as it is
    const { code, report } = await cli(['--registry', REGISTRY, '--rules', page.url()]);
    expect(report.repositories.map((r) => r.name)).toEqual([repo]);
    const plan = report.repositories[0]!;
    expect(fromCli(plan.going)).toEqual(going);
    expect(fromCli(plan.staying)).toEqual(staying);
    expect(plan.reclaimable?.bytes ?? 0).toBe(bytes);
    expect(code).toBe(going.length > 0 ? 2 : 0);
  });
}

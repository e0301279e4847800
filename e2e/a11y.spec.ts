import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect, test, type Locator, type Page } from '@playwright/test';
import type { FaultProxy, FaultRule } from '../tests/fault-proxy/fault-proxy.mjs';
import { Stack, pushImage } from '../tests/fault-proxy/stack.mjs';
import { getManifest, watchPage } from './support';

// Every page in both languages and both themes, switched through the header's own controls, checked by
// axe-core; the keyboard (Tab, Escape, focus ring, dialogs that hold and give back focus); phone and narrow
// laptop widths. Screenshots of the main pages go to docs/screenshots/ (linked from both READMEs).
//
// axe is injected with page.evaluate (DevTools evaluation): the app's CSP allows no inline script, and it
// stays on here, as in production.

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const SCREENSHOTS = 'docs/screenshots';

type Lang = 'en' | 'zh-CN';
type Theme = 'light' | 'dark';
const COMBINATIONS: { lang: Lang; theme: Theme }[] = [
  { lang: 'en', theme: 'light' },
  { lang: 'en', theme: 'dark' },
  { lang: 'zh-CN', theme: 'light' },
  { lang: 'zh-CN', theme: 'dark' },
];

interface PageCase {
  name: string;
  /** The path, or a function of the registry's state. */
  path: string | (() => Promise<string>);
  /** Waits until the page shows what it is for (language-independent). */
  ready: (page: Page) => Promise<void>;
  /** After each switch: opens what is checked (a dialog); `close` undoes it before the next switch. */
  open?: (page: Page) => Promise<void>;
  close?: (page: Page) => Promise<void>;
  /** Written to docs/screenshots/<screenshot>-<lang>-<theme>.png. */
  screenshot?: string;
}

const settled = async (page: Page) => {
  await expect(page.locator('main')).not.toBeEmpty();
  await expect(page.getByRole('progressbar')).toHaveCount(0, { timeout: 30_000 });
  await page.waitForLoadState('networkidle');
};
const heading = (page: Page) => expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
const table = (page: Page) => expect(page.getByRole('table').first()).toBeVisible();
const alertShown = (page: Page) => expect(page.getByRole('alert').first()).toBeVisible();
const deleteButton = (page: Page, tag: string) => page.getByRole('button', { name: new RegExp(`^(Delete tag|删除标签) ${tag.replace(/\./g, '\\.')}$`) });

const PAGES: PageCase[] = [
  { name: 'catalog', path: '/', ready: async (p) => { await table(p); await settled(p); }, screenshot: 'catalog' },
  { name: 'repository tags', path: '/r/demo/alpine', ready: async (p) => { await table(p); await settled(p); }, screenshot: 'tags' },
  { name: 'tag view', path: '/r/demo/oci-app/t/1.0.0', ready: async (p) => { await heading(p); await table(p); await settled(p); }, screenshot: 'image' },
  {
    name: 'digest view',
    path: async () => `/r/demo/alpine/d/${(await getManifest('demo/alpine', '3.18')).digest}`,
    ready: async (p) => { await heading(p); await table(p); await settled(p); },
  },
  { name: 'multi-arch index', path: '/r/demo/multiarch/t/latest', ready: async (p) => { await heading(p); await table(p); await settled(p); }, screenshot: 'index' },
  { name: 'compare', path: '/r/demo/oci-app/-/compare?a=1.0.0&b=2.0.0', ready: async (p) => { await heading(p); await table(p); await settled(p); } },
  {
    name: 'cleanup preview',
    path: '/r/demo/dated?cleanup=1&keepNewest=10&olderThan=30&keep=latest,stable',
    ready: async (p) => { await expect(p.getByTestId('cleanup-summary')).toBeVisible({ timeout: 30_000 }); await settled(p); },
    screenshot: 'cleanup',
  },
  {
    name: 'delete confirmation',
    path: '/r/demo/alpine',
    ready: async (p) => { await table(p); await settled(p); },
    open: async (p) => {
      await deleteButton(p, '3.18').click();
      await expect(p.getByRole('dialog').getByTestId('delete-digest')).toBeVisible();
    },
    close: async (p) => {
      await p.keyboard.press('Escape');
      await expect(p.getByRole('dialog')).toHaveCount(0);
    },
    screenshot: 'delete',
  },
  { name: 'page not found', path: '/no/such/page', ready: async (p) => { await heading(p); await expect(p.getByRole('link', { name: /Back to the repository list|返回仓库列表/ })).toBeVisible(); } },
  { name: 'unknown repository', path: '/r/no/such/repository', ready: async (p) => { await heading(p); await settled(p); await expect(p.getByRole('table')).toHaveCount(0); } },
  {
    name: 'registry error: unknown manifest',
    path: `/r/demo/alpine/d/sha256:${'0'.repeat(64)}`,
    ready: async (p) => { await alertShown(p); await settled(p); },
  },
  { name: 'sign-in', path: '/login', ready: async (p) => { await expect(p.getByRole('button', { name: /^(Sign in|登录)$/ })).toBeVisible(); } },
];

const languageSelect = (page: Page) => page.getByRole('combobox', { name: /^(Language|语言)$/ });
const themeSelect = (page: Page) => page.getByRole('combobox', { name: /^(Theme|主题)$/ });

/** Switches with the header's controls, as a visitor does, and waits until the page shows it. */
async function switchTo(page: Page, { lang, theme }: { lang: Lang; theme: Theme }): Promise<void> {
  await languageSelect(page).selectOption(lang);
  await themeSelect(page).selectOption(theme);
  await expectShown(page, { lang, theme });
}

async function expectShown(page: Page, { lang, theme }: { lang: Lang; theme: Theme }): Promise<void> {
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
  if (theme === 'dark') await expect(page.locator('html')).toHaveClass(/\bdark\b/);
  else await expect(page.locator('html')).not.toHaveClass(/\bdark\b/);
  await expect(languageSelect(page)).toHaveValue(lang);
  await expect(themeSelect(page)).toHaveValue(theme);
  await expect(themeSelect(page).locator('option:checked')).toHaveText(theme === 'dark' ? (lang === 'en' ? 'Dark' : '深色') : (lang === 'en' ? 'Light' : '浅色'));
}

interface Violation { id: string; impact: string; help: string; helpUrl: string; nodes: { target: string; summary: string }[] }

/** axe-core's serious and critical violations on the page as it is now. */
async function axe(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const { axe } = window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: { id: string; impact: string | null; help: string; helpUrl: string; nodes: { target: unknown[]; failureSummary?: string }[] }[] }> } };
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id,
        impact: v.impact!,
        help: v.help,
        helpUrl: v.helpUrl,
        nodes: v.nodes.map((n) => ({ target: n.target.map(String).join(' '), summary: (n.failureSummary ?? '').replace(/\s+/g, ' ').trim() })),
      }));
  });
}

function describeViolations(where: string, violations: Violation[]): string[] {
  return violations.map((v) =>
    [`${where}: [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})`, ...v.nodes.slice(0, 8).map((n) => `    ${n.target}\n      ${n.summary}`), ...(v.nodes.length > 8 ? [`    … and ${v.nodes.length - 8} more`] : [])].join('\n'),
  );
}

/** Opens the page, then in each language and theme (switched in the header) runs axe; fails listing every violation. */
async function checkEveryCombination(page: Page, c: PageCase, base = ''): Promise<void> {
  const watch = watchPage(page);
  const path = typeof c.path === 'string' ? c.path : await c.path();
  await page.goto(base + path);
  await c.ready(page);
  const report: string[] = [];
  for (const combination of COMBINATIONS) {
    await switchTo(page, combination);
    await c.ready(page);
    await c.open?.(page);
    const where = `${c.name} (${path}) in ${combination.lang}, ${combination.theme}`;
    report.push(...describeViolations(where, await axe(page)));
    if (c.screenshot) {
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: `${SCREENSHOTS}/${c.screenshot}-${combination.lang}-${combination.theme}.png`, animations: 'disabled', caret: 'hide' });
    }
    await c.close?.(page);
  }
  expect(report.join('\n\n'), 'axe-core: serious and critical violations').toBe('');
  expect(watch.problems).toEqual([]);
}

test.describe('accessibility: every page, both languages, both themes', () => {
  for (const c of PAGES) {
    test(`${c.name}: no serious or critical axe violation`, async ({ page }) => {
      test.setTimeout(120_000);
      await checkEveryCombination(page, c);
    });
  }

  test('the language and the theme chosen in the header are remembered after a reload, on a new page too', async ({ page }) => {
    await page.goto('/r/demo/alpine');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(themeSelect(page)).toHaveValue('auto');
    // "System theme" follows the system setting, also when it changes while the page is open
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect(page.locator('html')).toHaveClass(/\bdark\b/);
    await page.emulateMedia({ colorScheme: 'light' });
    await expect(page.locator('html')).not.toHaveClass(/\bdark\b/);
    await switchTo(page, { lang: 'zh-CN', theme: 'dark' });
    await expect(page.getByRole('link', { name: '跳到正文' })).toBeAttached();
    await page.reload();
    await expectShown(page, { lang: 'zh-CN', theme: 'dark' });
    await page.goto('/r/demo/oci-app/t/1.0.0');
    await expectShown(page, { lang: 'zh-CN', theme: 'dark' });
    await switchTo(page, { lang: 'en', theme: 'light' });
    await page.reload();
    await expectShown(page, { lang: 'en', theme: 'light' });
  });
});

// The registry's error pages need a registry that fails: this block starts its own docker-registry, the fault
// proxy in front of it, and the UI (as e2e/faults.spec.ts does).
test.describe('accessibility: the pages of a failing registry', () => {
  let stack: Stack;
  let proxy: FaultProxy;
  let ui: string;
  test.beforeAll(async () => {
    test.setTimeout(120_000);
    stack = new Stack('e2e-a11y-faults');
    const registry = await stack.registry();
    await pushImage(registry, 'team/app', ['v1']);
    proxy = await stack.faultProxy(registry);
    ui = (await stack.ui({ REGISTRY_URL: proxy.url, DELETE_IMAGES: 'true' })).url.replace(/\/$/, '');
  });
  test.afterAll(async () => {
    await stack?.stop();
  });

  const failing: { case: PageCase; rules: FaultRule[] }[] = [
    { case: { name: 'catalog, registry answers 500', path: '/', ready: alertShown }, rules: [{ path: '/v2/_catalog', fault: 'status', status: 500 }] },
    { case: { name: 'tags, registry unreachable', path: '/r/team/app', ready: alertShown }, rules: [{ pathRegex: '^/v2/team/app/tags/list', fault: 'reset' }] },
    { case: { name: 'tag view, registry answers 503', path: '/r/team/app/t/v1', ready: alertShown }, rules: [{ pathRegex: '^/v2/team/app/manifests/', fault: 'status', status: 503 }] },
  ];
  for (const f of failing) {
    test(`${f.case.name}: no serious or critical axe violation`, async ({ page }) => {
      test.setTimeout(120_000);
      proxy.setRules(f.rules);
      await checkEveryCombination(page, f.case, ui);
    });
  }
});

/** Whether the focused element is inside `container`. */
const focusInside = (container: Locator) => container.evaluate((el) => el.contains(document.activeElement));

/** The focused element shows a ring: a solid outline at least 2px wide, or a box-shadow ring. */
async function focusRing(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return 'nothing focused';
    const s = getComputedStyle(el);
    const outline = s.outlineStyle !== 'none' && s.outlineStyle !== 'auto' && parseFloat(s.outlineWidth) >= 2;
    const shadow = s.boxShadow !== 'none' && s.boxShadow !== '';
    return outline || shadow ? 'ring' : `${el.tagName.toLowerCase()} "${el.textContent?.trim().slice(0, 40)}": outline ${s.outlineStyle} ${s.outlineWidth}, box-shadow ${s.boxShadow}`;
  });
}

test.describe('keyboard', () => {
  test('Tab reaches the header, the table and the delete action, each with a visible focus ring', async ({ page }) => {
    await page.goto('/r/demo/alpine');
    await table(page);
    await settled(page);
    const seen: string[] = [];
    const noRing: string[] = [];
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press('Tab');
      const name = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        return `${el.tagName.toLowerCase()}:${el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 40) ?? ''}`;
      });
      seen.push(name);
      const ring = await focusRing(page);
      if (ring !== 'ring') noRing.push(ring);
      if (name === 'button:Delete tag 3.18') break;
    }
    expect(seen[0]).toBe('a:Skip to content');
    expect(seen).toContain('select:English简体中文');
    expect(seen.at(-1)).toBe('button:Delete tag 3.18');
    expect(noRing).toEqual([]);
  });

  test('a confirmation dialog keeps focus inside, closes on Escape and gives focus back to its opener', async ({ page }) => {
    await page.goto('/r/demo/alpine');
    await table(page);
    await settled(page);
    for (const theme of ['light', 'dark'] as const) {
      await switchTo(page, { lang: 'en', theme });
      const opener = deleteButton(page, '3.18');
      await opener.focus();
      await page.keyboard.press('Enter');
      const dialog = page.getByRole('dialog', { name: 'Delete demo/alpine:3.18?' });
      await expect(dialog).toBeVisible();
      await expect(dialog.getByTestId('delete-digest')).toBeVisible();
      expect(await focusInside(dialog), 'focus moves into the dialog').toBe(true);
      for (const key of ['Tab', 'Shift+Tab']) {
        for (let i = 0; i < 12; i++) {
          await page.keyboard.press(key);
          expect(await focusInside(dialog), `${key} #${i + 1} stays inside the dialog`).toBe(true);
          expect(await focusRing(page), `${key} #${i + 1}`).toBe('ring');
        }
      }
      await page.keyboard.press('Escape');
      await expect(dialog).toHaveCount(0);
      await expect(opener).toBeFocused();
      // and again, closed with its own Cancel button
      await page.keyboard.press('Enter');
      await expect(dialog).toBeVisible();
      await dialog.getByRole('button', { name: 'Cancel' }).press('Enter');
      await expect(dialog).toHaveCount(0);
      await expect(opener).toBeFocused();
    }
  });

  test('tables are tables: named, with column headers, rows with row headers', async ({ page }) => {
    for (const [path, name] of [['/', 'Repositories'], ['/r/demo/alpine', 'Tags of demo/alpine'], ['/r/demo/multiarch/t/latest', 'Platforms']] as const) {
      await page.goto(path);
      const t = page.getByRole('table', { name });
      await expect(t).toBeVisible();
      await expect(t.getByRole('columnheader').first()).toBeVisible();
      await expect(t.getByRole('row').nth(1)).toBeVisible();
      await expect(t.getByRole('rowheader').first()).toBeVisible();
    }
  });
});

test.describe('responsive', () => {
  const MAIN = ['/', '/r/demo/alpine', '/r/demo/many-tags', '/r/demo/oci-app/t/1.0.0', '/r/demo/multiarch/t/latest', '/r/demo/oci-app/-/compare?a=1.0.0&b=2.0.0', '/r/demo/dated?cleanup=1&keepNewest=10&olderThan=30', '/login', '/no/such/page'];
  for (const viewport of [{ width: 390, height: 844 }, { width: 1024, height: 768 }]) {
    test(`at ${viewport.width}×${viewport.height}: no sideways page scroll, header controls in reach`, async ({ page }) => {
      test.setTimeout(120_000);
      await page.setViewportSize(viewport);
      const problems: string[] = [];
      for (const path of MAIN) {
        await page.goto(path);
        await expect(page.locator('main')).not.toBeEmpty();
        await expect(page.getByRole('heading').first()).toBeVisible();
        await page.waitForLoadState('networkidle');
        for (const lang of ['en', 'zh-CN'] as const) {
          await languageSelect(page).selectOption(lang);
          await expect(page.locator('html')).toHaveAttribute('lang', lang);
          const overflow = await page.evaluate(() => {
            const root = document.documentElement;
            if (root.scrollWidth <= root.clientWidth + 1) return '';
            // for the message: the outermost elements sticking out that no scrolling container clips
            const clipped = (el: HTMLElement) => {
              for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) if (getComputedStyle(p).overflowX !== 'visible') return true;
              return false;
            };
            const out = (el: Element | null) => !!el && el.getBoundingClientRect().right > root.clientWidth + 1;
            const wide = [...document.querySelectorAll<HTMLElement>('body *')]
              .filter((el) => out(el) && !clipped(el))
              .filter((el) => [...el.children].every((c) => !out(c)) || getComputedStyle(el).overflowX !== 'visible')
              .slice(0, 5)
              .map((el) => `<${el.tagName.toLowerCase()} class="${el.className}"> ${Math.round(el.getBoundingClientRect().width)}px: ${(el.textContent ?? '').slice(0, 50)}`);
            return `page is ${root.scrollWidth}px wide: ${wide.join('; ')}`;
          });
          if (overflow) problems.push(`${path} (${lang}): ${overflow}`);
          // what only a narrow screen shows: tables scrolling in their own box must be reachable by keyboard
          problems.push(...describeViolations(`${path} (${lang})`, await axe(page)));
          for (const control of [languageSelect(page), themeSelect(page)]) {
            const box = await control.boundingBox();
            if (!box || box.x < 0 || box.x + box.width > viewport.width) problems.push(`${path} (${lang}): a header control is out of reach: ${JSON.stringify(box)}`);
          }
        }
        await languageSelect(page).selectOption('en');
      }
      expect(problems).toEqual([]);
    });
  }
});

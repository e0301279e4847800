import { defineConfig } from '@playwright/test';

// The stack (a real docker-registry, the project's nginx config via scripts/serve.sh, the built app) is
// started by scripts/test.sh, which passes its addresses in these variables. No mocks here.
const ui = process.env.E2E_UI ?? 'http://127.0.0.1:15050';
const uiNoDelete = process.env.E2E_UI_NODELETE ?? 'http://127.0.0.1:15051';
const uiBasePath = process.env.E2E_UI_BASEPATH ?? 'http://127.0.0.1:15052/registry-ui/';
const out = process.env.E2E_OUT ?? '.tmp/test-15000';

export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 2,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: `${out}/playwright.json` }]],
  outputDir: `${out}/playwright-output`,
  use: {
    headless: true,
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      // Debian's Chromium; Playwright never downloads a browser here
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
    },
    trace: 'retain-on-failure',
  },
  projects: [
    { name: 'main', use: { baseURL: ui }, testIgnore: [/delete-off\.spec/, /base-path\.spec/, /perf\.spec/] },
    // after main: two full loads of the 2,500-tag repository would otherwise slow the tests that load it too
    { name: 'perf', use: { baseURL: ui }, testMatch: /perf\.spec/, dependencies: ['main'] },
    { name: 'delete-off', use: { baseURL: uiNoDelete }, testMatch: /delete-off\.spec/ },
    { name: 'base-path', use: { baseURL: uiBasePath }, testMatch: /base-path\.spec/ },
  ],
});

/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';
import { fileURLToPath } from 'node:url';

// Assets are referenced relative to <base href>, which the entrypoint sets to BASE_PATH at container start,
// so one build serves any sub-path (docs/runtime-contract.md).
const devRegistry = process.env.DEV_REGISTRY_URL ?? 'http://127.0.0.1:5000';

export default defineConfig({
  base: './',
  plugins: [react(), tailwindcss()],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  build: { target: 'es2022', sourcemap: false, assetsInlineLimit: 0 },
  server: {
    port: 5173,
    proxy: {
      '/v2/': {
        target: devRegistry,
        changeOrigin: true,
        // as nginx does (docs/runtime-contract.md "Authentication"): the app's requests get the registry's
        // challenge as X-Registry-Authenticate, so an htpasswd registry opens no browser password prompt
        configure: (proxy) => {
          proxy.on('proxyRes', (res, req) => {
            const challenge = res.headers['www-authenticate'];
            if (!req.headers['x-registry-ui'] || !challenge) return;
            res.headers['x-registry-authenticate'] = challenge;
            delete res.headers['www-authenticate'];
          });
        },
      },
    },
  },
  test: {
    globals: true,
    environment: 'jsdom',
    setupFiles: ['src/testing/setup-tests.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    restoreMocks: true,
    // the first test of a file also loads its lazy page; a shared CI machine can be slow at it (speed is measured
    // by npm run bench, never by a test)
    testTimeout: 15_000,
  },
});

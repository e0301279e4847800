import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';

// `registry-ui-cleanup`: src/cli/main.ts bundled for Node (the same TypeScript as the UI, no React), one file
// with no runtime dependency, so the image copies just it. `npm run build:cli`; bin/registry-ui-cleanup.mjs
// builds it on first use.
const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  define: { __CLEANUP_VERSION__: JSON.stringify(pkg.version) },
  // no public/ copy, no .env of the UI
  publicDir: false,
  envDir: false,
  ssr: { noExternal: true, target: 'node' },
  build: {
    ssr: 'src/cli/main.ts',
    outDir: process.env.CLEANUP_OUT_DIR ?? 'dist-cli',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: false,
    rollupOptions: { output: { entryFileNames: 'registry-ui-cleanup.mjs', format: 'es' } },
  },
});

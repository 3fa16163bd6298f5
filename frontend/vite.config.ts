import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, URL } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

const srcDir = fileURLToPath(new URL('./src', import.meta.url));
const contractsDir = fileURLToPath(new URL('../contracts/src', import.meta.url));
const apiTarget = process.env.VITE_API_TARGET ?? 'http://127.0.0.1:8080';
const ISOLATED = 'src/**/*.isolated.test.{ts,tsx}';

/**
 * Writes `.br` and `.gz` beside every compressible file of the build (at most once per build, at
 * the highest levels), so the API serves them with no per-request CPU (backend/src/http/spa.ts).
 * Files under 1 KB, siblings that would not be smaller and files already compressed are skipped.
 */
function precompress(): Plugin {
  let outDir = '';
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
    );
  return {
    name: 'multpanel-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      for (const file of walk(outDir)) {
        if (!/\.(js|mjs|css|html|svg|json|txt|map)$/.test(file) || statSync(file).size < 1024)
          continue;
        // The phone build writes into the console's dist: files compressed by then are skipped.
        if (existsSync(`${file}.gz`) && statSync(`${file}.gz`).mtimeMs >= statSync(file).mtimeMs)
          continue;
        const data = readFileSync(file);
        const br = brotliCompressSync(data, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
            [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
          },
        });
        const gz = gzipSync(data, { level: 9 });
        if (br.length < data.length) writeFileSync(`${file}.br`, br);
        if (gz.length < data.length) writeFileSync(`${file}.gz`, gz);
      }
    },
  };
}

/**
 * The phone build (`vite build --mode phone`, run after the console's by `npm run build`) renders
 * with preact/compat instead of React: react-dom alone is ≈ 63 KB gzip of the phone's first load
 * (issue 16: /mobile ≤ 150 KB). The console, the dev server and vitest keep React.
 */
const preactAliases = [
  { find: /^react$/, replacement: 'preact/compat' },
  { find: /^react-dom$/, replacement: 'preact/compat' },
  { find: /^react-dom\/client$/, replacement: 'preact/compat/client' },
  { find: /^react\/jsx-runtime$/, replacement: 'preact/jsx-runtime' },
  { find: /^react\/jsx-dev-runtime$/, replacement: 'preact/jsx-dev-runtime' },
];

export default defineConfig(({ mode }) => {
  const phone = mode === 'phone';
  const entry = phone ? 'mobile' : 'index';
  const page = (name: string) => fileURLToPath(new URL(`./${name}.html`, import.meta.url));
  return {
    plugins: [react(), precompress()],
    resolve: {
      // The SPA compiles the shared contracts from source so one change needs no contracts build.
      // Sub-paths (`@multpanel/contracts/permissions`) keep zod schemas out of the entry chunk.
      alias: [
        { find: /^@multpanel\/contracts$/, replacement: `${contractsDir}/index.ts` },
        { find: /^@multpanel\/contracts\/(.+)$/, replacement: `${contractsDir}/$1` },
        { find: /^@\//, replacement: `${srcDir}/` },
        ...(phone ? preactAliases : []),
      ],
    },
    server: {
      proxy: { '/api': { target: apiTarget, changeOrigin: false, ws: true } },
    },
    preview: {
      proxy: { '/api': { target: apiTarget, changeOrigin: false, ws: true } },
    },
    build: {
      outDir: 'dist',
      // The phone build adds its files to the console's dist (same /assets/, same serving rules).
      emptyOutDir: !phone,
      sourcemap: false,
      // The chunk graphs the first-load budget check reads (scripts/bundle/first-load.mjs), one per build.
      manifest: phone ? '.vite/manifest-phone.json' : true,
      // MUI + DataGrid land in lazily loaded chunks; the entry stays well below this.
      chunkSizeWarningLimit: 900,
      // Two entries, one per build: index.html (the whole SPA) and mobile.html (the phone view only,
      // served for /mobile and below by backend/src/http/spa.ts and nginx): a phone loads no console code.
      rollupOptions: { input: { [entry]: page(entry) } },
    },
    test: {
      environment: 'jsdom',
      setupFiles: ['./src/testing/setup-tests.ts'],
      css: false,
      // Generous: the first lazy import of MUI/DataGrid is slow when other suites load the machine.
      testTimeout: 30000,
      // A worker keeps its jsdom and module graph from file to file (setup-tests.ts resets the
      // app's stores after each test): a third less CPU than a fresh environment per file. A file
      // that replaces a module (vi.mock) needs a graph of its own: name it *.isolated.test.tsx.
      projects: [
        {
          extends: true,
          test: {
            name: 'shared',
            include: ['src/**/*.test.{ts,tsx}'],
            exclude: [ISOLATED],
            isolate: false,
          },
        },
        { extends: true, test: { name: 'isolated', include: [ISOLATED] } },
      ],
    },
  };
});

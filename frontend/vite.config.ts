import { fileURLToPath, URL } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const srcDir = fileURLToPath(new URL('./src', import.meta.url));
const contractsDir = fileURLToPath(new URL('../contracts/src', import.meta.url));
const apiTarget = process.env.VITE_API_TARGET ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  resolve: {
    // The SPA compiles the shared contracts from source so one change needs no contracts build.
    // Sub-paths (`@multpanel/contracts/permissions`) keep zod schemas out of the entry chunk.
    alias: [
      { find: /^@multpanel\/contracts$/, replacement: `${contractsDir}/index.ts` },
      { find: /^@multpanel\/contracts\/(.+)$/, replacement: `${contractsDir}/$1` },
      { find: /^@\//, replacement: `${srcDir}/` },
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
    sourcemap: false,
    // MUI + DataGrid land in lazily loaded chunks; the entry stays well below this.
    chunkSizeWarningLimit: 900,
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/testing/setup-tests.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
    // Generous: the first lazy import of MUI/DataGrid is slow when other suites load the machine.
    testTimeout: 30000,
  },
});

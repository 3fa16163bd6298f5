// First-load JS of the SPA's pages, from the chunk graph Vite writes (frontend/dist/.vite/manifest.json):
// the entry chunk, the lazy chunks a page needs before it is usable (its shell, its index route and the
// cards that route shows) and every chunk those import statically, each counted once, gzipped at level 9
// as the API serves the `.gz` siblings (frontend/vite.config.ts, precompress). Brotli, when the browser
// asks for it, is smaller still.
// Targets from issue 16: /mobile ≤ 150 KB, / ≤ 350 KB. `ceilingKb` is what first-load.test.mjs enforces:
// the target where it is met, otherwise the figure measured when the ceiling was last lowered, so a
// regression fails. Lower it as a page shrinks. Raised once, 220 → 224 KB for /mobile: the phone entry
// loads the whole label set of each phone feature (i18n/phone-resources.ts), and labels of console pages
// of those features (DR fail-back, SLA editor, device sign-in) added 1.8 KB; loading labels per screen is
// the fix, not a higher ceiling. Lowered 224 → 215 KB (212.1 measured): each feature's phone part in
// its own mobile-routes.tsx (no console route tables or menu icons on the phone), and the phone boots
// with the home screen's labels only (i18n/phone-resources.ts), the rest loading with the next screen.
// What remained was mostly the framework (react-dom ≈ 63 KB gzip): lowered 215 → 151 KB (148.1
// measured) with the phone entry built on preact/compat instead of React (frontend/vite.config.ts).
// Usage (after `npm run build -w frontend`): node scripts/bundle/first-load.mjs [distDir]  (VERBOSE=1
// lists the files).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const KB = 1024;

/** The pages measured: the HTML entry the server answers with, and the modules loaded before use. */
export const PAGES = [
  {
    page: '/login',
    entry: 'index.html',
    modules: ['src/features/auth/components/login-page.tsx'],
    targetKb: null,
    ceilingKb: null,
  },
  {
    page: '/',
    entry: 'index.html',
    modules: [
      'src/app/layouts/console-layout.tsx',
      'src/features/dashboard/components/dashboard-page.tsx',
    ],
    targetKb: 350,
    ceilingKb: 350,
  },
  {
    page: '/mobile',
    // The server answers /mobile and below with the phone entry (backend/src/http/spa.ts), built on
    // its own with preact/compat for React (frontend/vite.config.ts, mode phone), its own manifest.
    entry: 'mobile.html',
    manifest: 'manifest-phone.json',
    // The home page's summary card (the `mobile.home` slot) is its content.
    modules: [
      'src/app/layouts/mobile-layout.tsx',
      'src/features/mobile/components/mobile-home-page.tsx',
      'src/features/vms/mobile/home-summary-card.tsx',
    ],
    targetKb: 150,
    ceilingKb: 151,
  },
];

/**
 * The JS files `entry` (an HTML entry's manifest key) and `roots` (source paths) load, following static
 * imports only: a dynamic import is loaded later, when it is used. A key missing from the manifest is an
 * error, so a renamed file cannot silently shrink a page.
 */
export function firstLoadFiles(manifest, entry, roots) {
  const seen = new Set();
  const files = [];
  const visit = (key) => {
    if (seen.has(key)) return;
    const chunk = manifest[key];
    if (!chunk) throw new Error(`${key} is not in the Vite manifest`);
    seen.add(key);
    if (chunk.file.endsWith('.js')) files.push(chunk.file);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  if (!manifest[entry]?.isEntry) throw new Error(`${entry} is not an entry of the Vite manifest`);
  for (const key of [entry, ...roots]) visit(key);
  return files;
}

/** `page`'s JS files with their gzip (level 9) and raw sizes summed. */
export function measurePage(distDir, manifest, { page, entry, modules, targetKb, ceilingKb }) {
  let gzip = 0;
  let raw = 0;
  const files = firstLoadFiles(manifest, entry, modules);
  for (const file of files) {
    const data = fs.readFileSync(path.join(distDir, file));
    raw += data.length;
    gzip += gzipSync(data, { level: 9 }).length;
  }
  return { page, files, gzip, raw, targetKb, ceilingKb };
}

export const defaultDist = fileURLToPath(new URL('../../frontend/dist', import.meta.url));

/** A build's chunk graph: `name` is the phone build's manifest for its page (PAGES[].manifest). */
export function readManifest(distDir = defaultDist, name = 'manifest.json') {
  const file = path.join(distDir, '.vite', name);
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: build the frontend first`);
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

export function formatLine(r) {
  const kb = r.gzip / KB;
  const target =
    r.targetKb === null
      ? ''
      : kb <= r.targetKb
        ? `, target ≤ ${r.targetKb} KB met`
        : `, target ≤ ${r.targetKb} KB NOT met`;
  return (
    `${r.page.padEnd(8)} ${String(r.files.length).padStart(3)} JS files, ` +
    `${kb.toFixed(1)} KB gzip (${(r.raw / KB).toFixed(1)} KB raw)${target}`
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const distDir = process.argv[2] ? path.resolve(process.argv[2]) : defaultDist;
  for (const p of PAGES) {
    const r = measurePage(distDir, readManifest(distDir, p.manifest), p);
    console.log(formatLine(r));
    if (process.env.VERBOSE)
      console.log(`         ${r.files.map((f) => path.basename(f)).join(' ')}`);
  }
}

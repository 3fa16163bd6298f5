// The SPA's first-load JS budgets (issue 16), read from the build the browser suite has just made
// (scripts/test.mjs runs this file right after building the frontend). Cheap: no browser, no build.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { firstLoadFiles, formatLine, KB, measurePage, PAGES, readManifest } from './first-load.mjs';

const manifest = {
  'index.html': {
    file: 'assets/index.js',
    isEntry: true,
    imports: ['_react.js'],
    dynamicImports: ['src/console.tsx', 'src/mobile.tsx'],
    css: ['assets/index.css'],
  },
  '_react.js': { file: 'assets/react.js' },
  '_card.js': { file: 'assets/card.js', imports: ['_react.js'] },
  '_charts.js': { file: 'assets/charts.js' },
  'src/console.tsx': {
    file: 'assets/console.js',
    isDynamicEntry: true,
    imports: ['index.html', '_card.js', '_charts.js'],
  },
  'src/mobile.tsx': {
    file: 'assets/mobile.js',
    isDynamicEntry: true,
    imports: ['index.html', '_card.js'],
    dynamicImports: ['src/console.tsx'],
  },
};

test('a page loads the entry, its roots and their static imports once, not dynamic imports', () => {
  assert.deepEqual(firstLoadFiles(manifest, 'index.html', ['src/mobile.tsx']), [
    'assets/index.js',
    'assets/react.js',
    'assets/mobile.js',
    'assets/card.js',
  ]);
  assert.ok(
    firstLoadFiles(manifest, 'index.html', ['src/console.tsx']).includes('assets/charts.js'),
  );
});

test('a root missing from the manifest is an error, not a smaller page', () => {
  assert.throws(
    () => firstLoadFiles(manifest, 'index.html', ['src/renamed.tsx']),
    /src\/renamed\.tsx/,
  );
  assert.throws(() => firstLoadFiles(manifest, '_react.js', []), /not an entry/);
});

test('sizes are the gzipped files summed, and a page over its target says so', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'first-load-'));
  fs.mkdirSync(path.join(dir, 'assets'));
  for (const chunk of Object.values(manifest)) {
    // Incompressible bytes: gzip cannot bring 200 KB under a 150 KB target.
    const size = chunk.file === 'assets/react.js' ? 200 * KB : 100;
    fs.writeFileSync(path.join(dir, chunk.file), randomBytes(size));
  }
  const r = measurePage(dir, manifest, {
    page: '/mobile',
    entry: 'index.html',
    modules: ['src/mobile.tsx'],
    targetKb: 150,
    ceilingKb: 150,
  });
  assert.equal(r.raw, 200 * KB + 300);
  assert.ok(r.gzip > 150 * KB, `gzip ${r.gzip}`);
  assert.match(formatLine(r), /target ≤ 150 KB NOT met/);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the built SPA keeps every page within its ceiling', () => {
  const dist = path.join(import.meta.dirname, '../../frontend/dist');
  for (const p of PAGES) {
    const r = measurePage(dist, readManifest(dist, p.manifest), p);
    console.log(formatLine(r));
    if (p.ceilingKb !== null)
      assert.ok(
        r.gzip <= p.ceilingKb * KB,
        `${p.page}: ${(r.gzip / KB).toFixed(1)} KB gzip is over its ceiling of ${p.ceilingKb} KB ` +
          `(files: ${r.files.join(' ')})`,
      );
  }
});

// Builds what is out of date: Prisma client, contracts, simulator, backend, frontend. A package is rebuilt
// when any of its inputs is newer than the stamp written after its last successful build.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './deps.mjs';
import { log } from './log.mjs';
import { run } from './proc.mjs';

const TARGETS = [
  {
    name: 'Prisma client',
    inputs: ['prisma/schema.prisma', 'prisma.config.ts'],
    stamp: 'backend/src/generated/.stamp',
    cmd: ['node', ['scripts/prisma-generate.mjs']],
  },
  {
    name: 'contracts',
    inputs: ['contracts/src', 'contracts/tsconfig.json', 'contracts/tsconfig.build.json'],
    stamp: 'contracts/dist/.stamp',
    cmd: ['npm', ['run', 'build', '-w', 'contracts', '--silent']],
  },
  {
    name: 'simulator',
    inputs: ['simulator/src', 'simulator/tsconfig.json', 'simulator/tsconfig.build.json'],
    stamp: 'simulator/dist/.stamp',
    cmd: ['npm', ['run', 'build', '-w', 'simulator', '--silent']],
  },
  {
    name: 'backend',
    inputs: [
      'backend/src',
      'contracts/src',
      'backend/tsconfig.json',
      'backend/tsconfig.build.json',
      'backend/package.json',
    ],
    stamp: 'backend/dist/.stamp',
    cmd: ['npm', ['run', 'build', '-w', 'backend', '--silent']],
  },
  {
    name: 'frontend',
    inputs: [
      'frontend/src',
      'frontend/index.html',
      'frontend/mobile.html',
      'frontend/vite.config.ts',
      // its build script runs the console's and the phone's builds
      'frontend/package.json',
      'frontend/public',
      'contracts/src',
    ],
    stamp: 'frontend/dist/.stamp',
    cmd: ['npm', ['run', 'build', '-w', 'frontend', '--silent']],
  },
];

function newestMtime(p) {
  const abs = path.join(ROOT, p);
  if (!fs.existsSync(abs)) return 0;
  const st = fs.statSync(abs);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of fs.readdirSync(abs)) {
    if (entry === 'node_modules' || entry === 'generated') continue;
    newest = Math.max(newest, newestMtime(path.join(p, entry)));
  }
  return newest;
}

/** @param {{ only?: string[], force?: boolean }} opts */
export function buildAll(opts = {}) {
  for (const t of TARGETS) {
    if (opts.only && !opts.only.includes(t.name)) continue;
    const stampPath = path.join(ROOT, t.stamp);
    const built = fs.existsSync(stampPath) ? fs.statSync(stampPath).mtimeMs : 0;
    const newest = Math.max(...t.inputs.map(newestMtime));
    if (!opts.force && built && built >= newest) continue;
    log.step(`Building ${t.name}…`);
    const started = Date.now();
    run(t.cmd[0], t.cmd[1], { cwd: ROOT });
    fs.mkdirSync(path.dirname(stampPath), { recursive: true });
    fs.writeFileSync(stampPath, new Date().toISOString() + '\n');
    log.ok(`Built ${t.name} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

// Node version check and npm dependency installation, run before anything imports a package.
import fs from 'node:fs';
import path from 'node:path';
import { log, SetupError } from './log.mjs';
import { run } from './proc.mjs';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

export function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    throw new SetupError(
      `Node.js ${process.versions.node} is too old`,
      'Multpanel needs Node.js 20.19 or newer (https://nodejs.org or your distribution’s nodejs package).',
    );
  }
}

/**
 * Installs dependencies when node_modules is missing or older than package-lock.json. `npm install` rather
 * than `npm ci`: npm 11 records only this platform's optional binaries (swc, esbuild, …) in the lockfile, and
 * `npm ci` then refuses the lockfile as out of sync on any machine.
 */
export function ensureDependencies() {
  const lock = path.join(ROOT, 'package-lock.json');
  const marker = path.join(ROOT, 'node_modules', '.package-lock.json');
  const stale =
    !fs.existsSync(marker) ||
    (fs.existsSync(lock) && fs.statSync(lock).mtimeMs > fs.statSync(marker).mtimeMs + 1000);
  if (!stale) return;
  log.step('Installing npm dependencies (first run takes a few minutes)…');
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: ROOT });
  // npm may rewrite the lockfile after its marker; mark the install as newer so the next run skips it.
  const now = new Date();
  fs.utimesSync(marker, now, now);
  log.ok('Dependencies installed');
}

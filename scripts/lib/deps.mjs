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
 * Installs dependencies when node_modules is missing or older than package-lock.json, without ever
 * rewriting the lockfile: `npm ci` on a fresh machine, `npm install --no-save` to catch up after a pull.
 * The committed lockfile lists every platform's optional binaries (swc, esbuild, rollup …), so npm has
 * nothing to add on any machine; `npm test`'s standalone check fails if that stops being true.
 */
export function ensureDependencies() {
  const lock = path.join(ROOT, 'package-lock.json');
  const marker = path.join(ROOT, 'node_modules', '.package-lock.json');
  const fresh = !fs.existsSync(marker);
  const stale =
    fresh ||
    (fs.existsSync(lock) && fs.statSync(lock).mtimeMs > fs.statSync(marker).mtimeMs + 1000);
  if (!stale) return;
  log.step('Installing npm dependencies (first run takes a few minutes)…');
  const flags = ['--no-audit', '--no-fund', '--loglevel=error'];
  run('npm', fresh ? ['ci', ...flags] : ['install', '--no-save', ...flags], { cwd: ROOT });
  // A checkout may leave the lockfile newer than the install; mark the install as newer so the next run skips it.
  const now = new Date();
  fs.utimesSync(marker, now, now);
  log.ok('Dependencies installed');
}

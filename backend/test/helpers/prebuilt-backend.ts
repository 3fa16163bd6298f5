import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { transform } from '@swc/core';

/**
 * The backend compiled once for the real processes a suite starts (the fault suites' workers): every
 * TypeScript file of backend/src, contracts/src and simulator/src goes through SWC into a cache that
 * swc-register.js reads, keyed by the options, the path and the source. Two workers then no longer
 * compile the whole backend each on boot, and a later run reuses what did not change. Nothing depends
 * on backend/dist or simulator/dist (which `npm test` may be rebuilding at that moment).
 */

const ROOT = resolve(__dirname, '..', '..', '..');
const REGISTER = join(__dirname, 'swc-register.js');
const OPTIONS = join(__dirname, 'swc-options.js');
const SOURCES = ['backend/src', 'contracts/src', 'simulator/src'];
export const SWC_CACHE_DIR = join(tmpdir(), 'multpanel-swc-cache');

// eslint-disable-next-line @typescript-eslint/no-require-imports
const register = require(OPTIONS) as {
  options: Parameters<typeof transform>[1];
  cacheKey: (filename: string, source: string) => string;
};

const tsFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return tsFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') && !e.name.endsWith('.d.ts')
      ? [p]
      : [];
  });

/** Fills the cache for every source file not in it yet; returns how many were compiled. */
export async function prebuildBackend(): Promise<{ files: number; compiled: number; ms: number }> {
  const started = Date.now();
  mkdirSync(SWC_CACHE_DIR, { recursive: true });
  const todo: Array<{ filename: string; source: string; out: string }> = [];
  const files = SOURCES.flatMap((d) => tsFiles(join(ROOT, d)));
  for (const filename of files) {
    const source = readFileSync(filename, 'utf8');
    const out = join(SWC_CACHE_DIR, `${register.cacheKey(filename, source)}.js`);
    if (!existsSync(out)) todo.push({ filename, source, out });
  }
  // SWC's async transform runs on libuv's threads: a few at a time keep both cores busy.
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < todo.length; i = next++) {
      const { filename, source, out } = todo[i];
      const { code } = await transform(source, { ...register.options, filename });
      const tmp = `${out}.${process.pid}.${createHash('sha1').update(filename).digest('hex').slice(0, 8)}.tmp`;
      writeFileSync(tmp, code);
      renameSync(tmp, out);
    }
  };
  await Promise.all(Array.from({ length: 4 }, lane));
  return { files: files.length, compiled: todo.length, ms: Date.now() - started };
}

/** Starts `node backend/src/<entry>.ts` on the prebuilt cache (call prebuildBackend first). */
export function spawnBackend(
  entry: 'worker' | 'main',
  opts: SpawnOptions & { env: NodeJS.ProcessEnv },
): ChildProcess {
  return spawn(process.execPath, ['-r', REGISTER, join(ROOT, 'backend', 'src', `${entry}.ts`)], {
    ...opts,
    env: { ...opts.env, SWC_CACHE_DIR },
  });
}

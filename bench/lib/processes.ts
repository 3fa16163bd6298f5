import { openSync, readdirSync, readFileSync } from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import * as mariadb from 'mariadb';
import YAML from 'yaml';
import { migrate, parseDatabaseUrl } from '../../backend/src/database/migrator';
import { apiNodeArgs } from '../../scripts/lib/node-args.cjs';

// Runs the real API / worker entry points as child processes for the benches.

export const ROOT = resolve(__dirname, '..', '..');

export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

/** The node flags production gives this process (instances.yml, applied by ecosystem.config.js). */
function productionNodeArgs(entry: 'main' | 'worker'): string[] {
  // node-args.cjs knows the settings; the bench only hands it instances.yml's `api` section.
  const layout = YAML.parse(readFileSync(resolve(ROOT, 'instances.yml'), 'utf8')) as {
    api?: Record<string, unknown>;
  };
  return entry === 'main' ? apiNodeArgs(layout.api) : [];
}

/**
 * Starts the API or the worker. With `instances` > 1 the API runs as that many processes sharing
 * one port through node:cluster, as PM2 runs it; the returned child is then the cluster primary.
 */
export function startBackend(
  entry: 'main' | 'worker',
  env: Record<string, string>,
  instances = 1,
): ChildProcess {
  // BENCH_DIST=1 runs the built backend (npm run build), as production does: no compiler in memory.
  // BENCH_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the API/worker.
  const nodeArgs = [
    ...productionNodeArgs(entry),
    ...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean),
  ];
  const dist = process.env.BENCH_DIST === '1';
  const script = resolve(ROOT, dist ? `backend/dist/${entry}.js` : `backend/src/${entry}.ts`);
  const loader = dist ? [] : ['-r', resolve(ROOT, 'bench/lib/swc-register.cjs')];
  const args =
    instances > 1
      ? [
          resolve(ROOT, 'bench/lib/api-cluster.cjs'),
          String(instances),
          script,
          ...nodeArgs,
          ...loader,
        ]
      : [...nodeArgs, ...loader, script];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    // BENCH_API_LOG=<file> keeps the process's stdout (its log, or --trace-gc lines) for a closer look.
    stdio: [
      'ignore',
      process.env.BENCH_API_LOG ? openSync(process.env.BENCH_API_LOG, 'a') : 'ignore',
      'pipe',
    ],
  });
  child.stderr?.on('data', (d: Buffer) => {
    const s = d.toString();
    if (/error/i.test(s) && !/LegacyRouteConverter/.test(s))
      process.stderr.write(`[${entry}] ${s}`);
  });
  return child;
}

/** A process and its direct children (the workers of an API cluster primary). */
export function processTree(pid: number): number[] {
  const children = readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
    readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8')
      .split(' ')
      .filter(Boolean)
      .map(Number),
  );
  return [pid, ...children];
}

/**
 * User + system CPU time of a process so far, in ms (Linux; clock ticks of 10 ms). Per request it
 * depends far less on the machine's load than latency does (a busy machine delays, it does not add
 * work).
 */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Resident and peak resident memory of a process in MiB, from /proc (Linux). */
export function memoryMiB(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (key: string) =>
    Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
}

export async function waitFor(
  fn: () => Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await fn().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export function stop(child: ChildProcess | undefined): Promise<void> {
  return new Promise((ok) => {
    if (!child || child.exitCode !== null) return ok();
    child.once('exit', () => ok());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Environment for the API/worker child processes of a bench run. */
export function backendEnv(databaseUrl: string, port: number): Record<string, string> {
  return {
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_PREFIX: `mp-bench-${Date.now().toString(36)}`,
    LOG_LEVEL: 'info', // production's default, so request logging costs what it costs there
    JWT_SECRET: 'bench-jwt-secret-bench-jwt-secret-0123456789',
    ENCRYPTION_KEY: `v1:${Buffer.alloc(32, 3).toString('base64')}`,
    FRONTEND_DIST: '/nonexistent',
    DEMO_MODE: 'false',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    // The rate limiter stays on (its Redis round trips are part of the figures), with budgets the
    // load generator's one token and one address never exhaust.
    RATE_LIMIT_IP_PER_SEC: '100000',
    RATE_LIMIT_IP_BURST: '1000000',
    RATE_LIMIT_PRINCIPAL_PER_SEC: '100000',
    RATE_LIMIT_PRINCIPAL_BURST: '1000000',
  };
}

/** A migrated throwaway database; `drop` removes it. */
export async function benchDatabase(
  label: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const u = new URL(process.env.DATABASE_SERVER ?? 'mysql://root@127.0.0.1:3306');
  u.pathname = `/mp_bench_${label}_${Date.now().toString(36)}`;
  const url = u.toString();
  await migrate({ databaseUrl: url });
  return {
    url,
    async drop() {
      // BENCH_KEEP_DB=1 leaves the database for a closer look (its name is printed).
      if (process.env.BENCH_KEEP_DB === '1') return console.log(`kept database ${url}`);
      const { database, ...server } = parseDatabaseUrl(url);
      const conn = await mariadb.createConnection(server);
      await conn.query(`DROP DATABASE IF EXISTS \`${database}\``);
      await conn.end();
    },
  };
}

export function runBench(main: () => Promise<void>): void {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}

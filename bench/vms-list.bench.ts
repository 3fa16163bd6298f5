/**
 * VM list benchmark (issue 7): GET /api/vms, page of 50 for one company among 100,000 guests, at 50
 * concurrent clients; p99 target ≤ 60 ms. Throughput is compared with GET /api/health measured by
 * the same clients against the same API process in the same run.
 *
 * Run: npx tsx --tsconfig backend/tsconfig.json bench/vms-list.bench.ts
 * Env: BENCH_GUESTS (100000), BENCH_COMPANY_GUESTS (1000), BENCH_CLIENTS (50), BENCH_SECONDS (10),
 *      BENCH_ROUNDS (3: the list is measured that many times; each round's p99 is printed and the
 *      median of them is judged, because this machine's speed drifts from one minute to the next),
 *      BENCH_API_INSTANCES (1; 2 = instances.yml's cluster layout, which on a 2-core host shared with
 *      MariaDB and the load generator measured slower: the processes fight over the same two cores),
 *      DATABASE_SERVER (mysql://root@127.0.0.1:3306), REDIS_URL. Needs MariaDB + Redis; uses a
 *      throwaway database (dropped at the end). The API runs as its own process (real HTTP stack).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as mariadb from 'mariadb';
import { createPrismaClient } from '../backend/src/common/prisma/prisma.service';
import { parseDatabaseUrl } from '../backend/src/database/migrator';
import {
  backendEnv,
  benchDatabase,
  freePort,
  memoryMiB,
  percentile,
  processTree,
  runBench,
  startBackend,
  stop,
  waitFor,
} from './lib/processes';
import { load } from './lib/http-load';
import { seedFleet, signedIn } from './lib/seed-fleet';

const GUESTS = Number(process.env.BENCH_GUESTS ?? 100_000);
const COMPANY_GUESTS = Number(process.env.BENCH_COMPANY_GUESTS ?? 1000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const COMPANIES = 200;
const API_INSTANCES = Number(process.env.BENCH_API_INSTANCES ?? 1);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

/** CPU time (user + system) a process has used, from /proc (Linux), in ms. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * (1000 / 100);
}

function mariadbCpuMs(): number | null {
  try {
    return cpuMs(Number(execFileSync('pgrep', ['-xo', 'mariadbd']).toString().trim()));
  } catch {
    return null; // a remote or differently named server: not measured
  }
}

async function main(): Promise<void> {
  const db = await benchDatabase('vms');
  const url = db.url;
  const prisma = createPrismaClient(url);
  let api: ReturnType<typeof startBackend> | undefined;
  try {
    const t0 = performance.now();
    // The measured company holds the first COMPANY_GUESTS guests; the others share the rest.
    const { companies } = await seedFleet(prisma, url, {
      guests: GUESTS,
      clusters: 1,
      companies: COMPANIES,
      companyOf: (i, all) => (i < COMPANY_GUESTS ? all[0]! : all[1 + (i % (COMPANIES - 1))]!).id,
      tags: (i) => (i % 5 === 0 ? '["prod"]' : '[]'),
    });
    const target = companies[0]!;
    const conn = await mariadb.createConnection(parseDatabaseUrl(url));
    // The plan the list query gets: it must walk (companyId, goneAt, name), not sort 1,000 rows.
    const plan = (await conn.query(
      'EXPLAIN SELECT id FROM Guest WHERE goneAt IS NULL AND companyId = ? ORDER BY name, id LIMIT 50',
      [target.id],
    )) as Array<{ key: string | null; rows: number; Extra: string }>;
    console.log(`list query plan: key=${plan[0].key} rows=${plan[0].rows} extra=${plan[0].Extra}`);
    await conn.end();
    console.log(
      `seeded ${GUESTS} guests (${COMPANY_GUESTS} for the measured company) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );

    const port = await freePort();
    api = startBackend('main', backendEnv(url, port), API_INSTANCES);
    const base = `http://127.0.0.1:${port}`;
    await waitFor(async () => (await fetch(`${base}/api/health`)).status > 0, 60_000, 'the API');
    const auth = await signedIn(prisma, base, { role: 'company_admin', companyId: target.id });
    const listUrl = `${base}/api/vms?page=1&pageSize=50&sort=name`;
    const first = (await fetch(listUrl, { headers: auth }).then((r) => r.json())) as {
      total: number;
      items: unknown[];
    };
    if (first.total !== COMPANY_GUESTS || first.items.length !== 50)
      throw new Error(`unexpected list answer: ${JSON.stringify(first).slice(0, 200)}`);

    await load(listUrl, auth, CLIENTS, 2000); // warm-up
    await load(`${base}/api/health`, {}, CLIENTS, 2000);
    const single = await load(listUrl, auth, 1, 3000);
    const health = await load(`${base}/api/health`, {}, CLIENTS, SECONDS * 1000);
    // The stack's floor: a route that does nothing (no auth, no database, no Redis).
    const live = await load(`${base}/api/health/live`, {}, CLIENTS, SECONDS * 1000);
    // The API's CPU: the process, or the cluster primary and its API processes.
    const apiCpuMs = () => processTree(api!.pid!).reduce((sum, pid) => sum + cpuMs(pid), 0);
    const cpuBefore = { api: apiCpuMs(), db: mariadbCpuMs(), bench: process.cpuUsage() };
    const rounds = [];
    for (let i = 0; i < ROUNDS; i++)
      rounds.push(await load(listUrl, auth, CLIENTS, SECONDS * 1000));
    const n = rounds.reduce((sum, r) => sum + r.latencies.length + r.errors, 0);
    const benchCpu = process.cpuUsage(cpuBefore.bench);
    const perRequest = {
      api: (apiCpuMs() - cpuBefore.api) / n,
      db: cpuBefore.db === null ? NaN : (mariadbCpuMs()! - cpuBefore.db) / n,
      client: (benchCpu.user + benchCpu.system) / 1000 / n,
    };
    const deep = await load(
      `${base}/api/vms?page=15&pageSize=50&sort=-name&status=running`,
      auth,
      CLIENTS,
      SECONDS * 1000,
    );
    const fmt = (name: string, r: (typeof rounds)[number]) =>
      `${name.padEnd(34)} ${String(r.latencies.length).padStart(7)} ok ${String(r.errors).padStart(4)} err  ` +
      `${(r.latencies.length / r.seconds).toFixed(0).padStart(6)} req/s  p50 ${percentile(r.latencies, 50).toFixed(1)} ms  ` +
      `p99 ${percentile(r.latencies, 99).toFixed(1)} ms`;
    console.log(
      `\n${CLIENTS} concurrent clients, ${SECONDS} s each, ${GUESTS} guests in the table, ` +
        `${API_INSTANCES} API process${API_INSTANCES > 1 ? 'es (cluster mode, as PM2 runs them)' : ''}`,
    );
    console.log(fmt('GET /api/vms, one client', single));
    console.log(fmt('GET /api/health/live (floor)', live));
    console.log(fmt('GET /api/health', health));
    rounds.forEach((r, i) => console.log(fmt(`GET /api/vms (page 1 of 50, name) #${i + 1}`, r)));
    console.log(fmt('GET /api/vms (page 15, -name, status)', deep));
    console.log(
      `CPU per list request: API ${perRequest.api.toFixed(2)} ms, MariaDB ${perRequest.db.toFixed(2)} ms, ` +
        `load generator ${perRequest.client.toFixed(2)} ms`,
    );
    // Issue 5's budget: API memory with 100,000 guests in inventory ≤ 400 MB RSS. Without BENCH_DIST=1
    // the API also carries the swc loader that compiles it on the fly, which inflates this figure.
    // Per API process (a cluster primary only hands out connections and is not counted).
    const apiPids = processTree(api.pid!);
    for (const pid of API_INSTANCES > 1 ? apiPids.slice(1) : apiPids) {
      const mem = memoryMiB(pid);
      console.log(
        `API process ${pid} memory after the runs: RSS ${mem.rss.toFixed(0)} MiB, peak ${mem.peak.toFixed(0)} MiB ` +
          `(${mem.peak * 1.048576 <= 400 ? 'PASS' : 'FAIL'} ≤ 400 MB with ${GUESTS} guests)`,
      );
    }
    const listRate =
      rounds.reduce((sum, r) => sum + r.latencies.length, 0) /
      rounds.reduce((sum, r) => sum + r.seconds, 0);
    const ratio = listRate / (health.latencies.length / health.seconds);
    console.log(`throughput ratio /api/vms : /api/health = ${ratio.toFixed(2)}`);
    const p99s = rounds.map((r) => percentile(r.latencies, 99)).sort((a, b) => a - b);
    const p99 = p99s[Math.floor(p99s.length / 2)];
    const spread = p99s.map((v) => v.toFixed(1)).join(', ');
    console.log(
      `${p99 <= 60 ? 'PASS' : 'FAIL'} median p99 ${p99.toFixed(1)} ms ${p99 <= 60 ? '≤' : '>'} 60 ms ` +
        `(rounds: ${spread} ms)`,
    );
  } finally {
    await stop(api);
    await prisma.$disconnect();
    await db.drop();
  }
}

runBench(main);

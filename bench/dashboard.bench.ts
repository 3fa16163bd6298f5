/**
 * Staff dashboard benchmark (issue 20): GET /api/dashboard/fleet with 100,000 guests on 10 clusters
 * for 200 companies at 20 concurrent clients, target p99 ≤ 100 ms; GET /api/metrics (one Prometheus
 * scraper, as in production) target ≤ 50 ms; a company admin's GET /api/dashboard/company for
 * comparison. Prints the API's CPU per dashboard request (does not depend on the machine's load).
 *
 * Run: npx tsx --tsconfig backend/tsconfig.json bench/dashboard.bench.ts
 * Env: BENCH_GUESTS (100000), BENCH_CLIENTS (20), BENCH_SECONDS (10), DATABASE_SERVER, REDIS_URL.
 */
import { readFileSync } from 'node:fs';
import { createPrismaClient } from '../backend/src/common/prisma/prisma.service';
import {
  backendEnv,
  benchDatabase,
  freePort,
  percentile,
  processTree,
  runBench,
  startBackend,
  stop,
  waitFor,
} from './lib/processes';
import { load, type LoadResult } from './lib/http-load';
import { seedFleet, signedIn } from './lib/seed-fleet';

const GUESTS = Number(process.env.BENCH_GUESTS ?? 100_000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 20);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const TOKEN = 'bench-metrics-token-0123456789';

/** CPU time (user + system) a process has used, from /proc (Linux), in ms. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * (1000 / 100);
}

async function main(): Promise<void> {
  const db = await benchDatabase('dashboard');
  const prisma = createPrismaClient(db.url);
  let api: ReturnType<typeof startBackend> | undefined;
  try {
    const t0 = performance.now();
    const fleet = await seedFleet(prisma, db.url, { guests: GUESTS, clusters: 10, companies: 200 });
    console.log(`seeded ${GUESTS} guests in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const port = await freePort();
    api = startBackend('main', { ...backendEnv(db.url, port), METRICS_TOKEN: TOKEN }, 1);
    const base = `http://127.0.0.1:${port}`;
    // Generous: the API compiles from source on start, minutes on a loaded 2-core host.
    await waitFor(async () => (await fetch(`${base}/api/health`)).status > 0, 300_000, 'the API');
    const staff = await signedIn(prisma, base, { role: 'super_admin' });
    const admin = await signedIn(prisma, base, {
      role: 'company_admin',
      companyId: fleet.companies[0]!.id,
    });
    const fleetUrl = `${base}/api/dashboard/fleet`;
    const first = (await fetch(fleetUrl, { headers: staff }).then((r) => r.json())) as {
      guests?: { total: number };
    };
    if (first.guests?.total !== GUESTS)
      throw new Error(`unexpected fleet answer: ${JSON.stringify(first).slice(0, 200)}`);
    const companyUrl = `${base}/api/dashboard/company?companyId=${fleet.companies[0]!.id}`;
    const metricsUrl = `${base}/api/metrics`;
    const bearer = { Authorization: `Bearer ${TOKEN}` };

    await load(fleetUrl, staff, CLIENTS, 2000); // warm-up
    await load(metricsUrl, bearer, 1, 2000);
    const apiCpu = () => processTree(api!.pid!).reduce((sum, pid) => sum + cpuMs(pid), 0);
    const c0 = apiCpu();
    const fleetRun = await load(fleetUrl, staff, CLIENTS, SECONDS * 1000);
    const perFleet = (apiCpu() - c0) / (fleetRun.latencies.length + fleetRun.errors);
    const single = await load(fleetUrl, staff, 1, 3000);
    const company = await load(companyUrl, admin, CLIENTS, SECONDS * 1000);
    const metrics = await load(metricsUrl, bearer, 1, SECONDS * 1000);
    const metrics5 = await load(metricsUrl, bearer, 5, SECONDS * 1000);

    const fmt = (name: string, r: LoadResult) =>
      `${name.padEnd(40)} ${String(r.latencies.length).padStart(6)} ok ${String(r.errors).padStart(3)} err  ` +
      `${(r.latencies.length / r.seconds).toFixed(0).padStart(5)} req/s  p50 ${percentile(r.latencies, 50).toFixed(1)} ms  ` +
      `p99 ${percentile(r.latencies, 99).toFixed(1)} ms`;
    console.log(
      `\n${GUESTS} guests, ${SECONDS} s per run, load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`,
    );
    console.log(fmt(`GET /api/dashboard/fleet, ${CLIENTS} clients`, fleetRun));
    console.log(fmt('GET /api/dashboard/fleet, 1 client', single));
    console.log(fmt(`GET /api/dashboard/company, ${CLIENTS} clients`, company));
    console.log(fmt('GET /api/metrics, 1 scraper', metrics));
    console.log(fmt('GET /api/metrics, 5 scrapers', metrics5));
    console.log(`API CPU per fleet dashboard request: ${perFleet.toFixed(2)} ms`);
    const p99 = percentile(fleetRun.latencies, 99);
    const m99 = percentile(metrics.latencies, 99);
    console.log(
      `${p99 <= 100 ? 'PASS' : 'FAIL'} fleet dashboard p99 ${p99.toFixed(1)} ms (target ≤ 100 ms)`,
    );
    console.log(
      `${m99 <= 50 ? 'PASS' : 'FAIL'} /api/metrics p99 ${m99.toFixed(1)} ms (target ≤ 50 ms)`,
    );
  } finally {
    await stop(api);
    await prisma.$disconnect();
    await db.drop();
  }
}

runBench(main);

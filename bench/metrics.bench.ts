/**
 * Prometheus /api/metrics benchmark (issue 20): 100,000 guests on 10 clusters for 200 companies; target
 * p99 ≤ 50 ms per scrape. Prints the fleet read (the grouped queries behind the gauges, done in the
 * background at most every 15 s), the scrape latency at BENCH_CLIENTS concurrent scrapers and the
 * number of series.
 *
 * Run: npx tsx --tsconfig backend/tsconfig.json bench/metrics.bench.ts
 * Env: BENCH_GUESTS (100000), BENCH_CLIENTS (5), BENCH_SECONDS (10), DATABASE_SERVER, REDIS_URL.
 */
import { createPrismaClient } from '../backend/src/common/prisma/prisma.service';
import {
  backendEnv,
  benchDatabase,
  freePort,
  percentile,
  runBench,
  startBackend,
  stop,
  waitFor,
} from './lib/processes';
import { load } from './lib/http-load';
import { seedFleet } from './lib/seed-fleet';

const GUESTS = Number(process.env.BENCH_GUESTS ?? 100_000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CLUSTERS = 10;
const COMPANIES = 200;
const TOKEN = 'bench-metrics-token-0123456789';

async function main(): Promise<void> {
  const db = await benchDatabase('metrics');
  const prisma = createPrismaClient(db.url);
  let api: ReturnType<typeof startBackend> | undefined;
  try {
    await seedFleet(prisma, db.url, { guests: GUESTS, clusters: CLUSTERS, companies: COMPANIES });
    console.log(`seeded ${GUESTS} guests on ${CLUSTERS} clusters for ${COMPANIES} companies`);

    const port = await freePort();
    api = startBackend('main', { ...backendEnv(db.url, port), METRICS_TOKEN: TOKEN }, 1);
    const base = `http://127.0.0.1:${port}`;
    await waitFor(async () => (await fetch(`${base}/api/health`)).status > 0, 60_000, 'the API');
    const auth = { Authorization: `Bearer ${TOKEN}` };
    const url = `${base}/api/metrics`;
    const t0 = performance.now();
    const first = await fetch(url, { headers: auth }).then((r) => r.text());
    const cold = performance.now() - t0;
    const series = first.split('\n').filter((l) => l && !l.startsWith('#')).length;
    await load(url, auth, CLIENTS, 2000); // warm-up
    const r = await load(url, auth, CLIENTS, SECONDS * 1000);
    console.log(`first scrape (waits for the fleet read): ${cold.toFixed(0)} ms, ${series} series`);
    console.log(
      `GET /api/metrics, ${CLIENTS} clients, ${SECONDS} s: ${r.latencies.length} ok ${r.errors} err, ` +
        `p50 ${percentile(r.latencies, 50).toFixed(1)} ms, p99 ${percentile(r.latencies, 99).toFixed(1)} ms (target ≤ 50 ms)`,
    );
  } finally {
    await stop(api);
    await prisma.$disconnect();
    await db.drop();
  }
}

runBench(main);

/**
 * Collection cost benchmark (issue 20): what a 10,000-guest cluster costs Proxmox at steady state.
 * One simulated cluster (BENCH_GUESTS guests, 3 nodes, a Ceph storage); every HTTPS request the
 * platform sends to it is counted (node's `http.client.request.start` diagnostics channel) while
 * the worker's periodic work runs: metrics collection (every 60 s), inventory resync (every 60 s,
 * syncIntervalSec) and the health check (every 30 s, healthIntervalSec). Browsers add nothing: the
 * SPA reads the stored aggregates, never Proxmox, for dashboards and charts.
 * Target: ≤ 60 requests per cluster per minute (≤ 1 request/s).
 *
 * Run: npx tsx --tsconfig backend/tsconfig.json bench/collection-requests.bench.ts
 * Env: BENCH_GUESTS (10000), BENCH_CYCLES (5), DATABASE_SERVER (mysql://root@127.0.0.1:3306),
 * REDIS_URL (redis://127.0.0.1:6379). Uses a throwaway database, dropped at the end.
 */
import { subscribe } from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import { startSimulator } from '@multpanel/simulator';
import type { QueueService } from '../backend/src/common/queue/queue.service';
import type { EventsPublisher } from '../backend/src/common/events/events.publisher';
import { ClusterHealthService } from '../backend/src/modules/clusters/cluster-health.service';
import { MetricsCollectService } from '../backend/src/modules/monitoring/metrics-collect.service';
import { MonitoringRepository } from '../backend/src/modules/monitoring/monitoring.repository';
import { createInventoryStack, noop } from './lib/inventory-stack';

const GUESTS = Number(process.env.BENCH_GUESTS ?? 10_000);
const CYCLES = Number(process.env.BENCH_CYCLES ?? 5);

/** Requests sent, by "METHOD path-without-query". */
const sent = new Map<string, number>();
subscribe('http.client.request.start', (msg) => {
  const req = (msg as { request: ClientRequest }).request;
  const key = `${req.method} ${req.path.split('?')[0]!.replace(/\/\d+(?=\/|$)/g, '/{id}')}`;
  sent.set(key, (sent.get(key) ?? 0) + 1);
});
const total = () => [...sent.values()].reduce((a, b) => a + b, 0);

async function main(): Promise<void> {
  const { prisma, redis, clusterRepo, connections, clusters, guests, sync, addClusters, close } =
    await createInventoryStack();
  const collect = new MetricsCollectService(
    clusters,
    connections,
    guests,
    new MonitoringRepository(prisma),
    redis,
    noop as unknown as QueueService,
  );
  const health = new ClusterHealthService(
    clusterRepo,
    connections,
    noop as unknown as EventsPublisher,
  );

  let t = performance.now();
  const sim = await startSimulator({
    port: 0,
    clusters: 1,
    nodes: 3,
    guests: GUESTS,
    quiet: true,
  });
  console.log(`simulator: 1 cluster × ${GUESTS} guests started in ${ms(t)}`);
  try {
    const ids = await addClusters(sim);
    const id = ids[0]!;
    // The first sync fills the inventory (guest owners); steady state starts after it.
    const first = await sync.sync(id);
    if (!first?.ok) throw new Error(`first sync failed: ${first?.error}`);
    await health.check(id);
    await collect.collect(id);
    sent.clear();

    // Steady state: per simulated minute one collection, one resync and two health checks.
    t = performance.now();
    const perPart = { collect: 0, sync: 0, health: 0 };
    for (let i = 0; i < CYCLES; i++) {
      let before = total();
      const c = await collect.collect(id);
      if (!c?.ok) throw new Error(`collection failed: ${c && !c.ok ? c.error : 'gone'}`);
      perPart.collect += total() - before;
      before = total();
      const s = await sync.sync(id);
      if (!s?.ok) throw new Error(`resync failed: ${s?.error}`);
      perPart.sync += total() - before;
      before = total();
      await health.check(id);
      await health.check(id);
      perPart.health += total() - before;
    }
    const perMinute = total() / CYCLES;
    console.log(`${CYCLES} simulated minutes in ${ms(t)} (wall time, not the figure)`);
    for (const [k, n] of [...sent.entries()].sort((x, y) => y[1] - x[1])) {
      console.log(`  ${k}: ${(n / CYCLES).toFixed(1)}/min`);
    }
    console.log(
      `requests per cluster per minute: ${perMinute.toFixed(1)} ` +
        `(collection ${(perPart.collect / CYCLES).toFixed(1)}, inventory resync ` +
        `${(perPart.sync / CYCLES).toFixed(1)}, health ${(perPart.health / CYCLES).toFixed(1)}) ` +
        `= ${(perMinute / 60).toFixed(2)} req/s for ${GUESTS} guests`,
    );
    const ok = perMinute <= 60;
    console.log(`target: ≤ 1 request/s at steady state ${ok ? 'PASS' : 'FAIL'}`);
    if (!ok) process.exitCode = 1;
  } finally {
    await sim.close();
    await close();
  }
}

function ms(t0: number): string {
  return `${Math.round(performance.now() - t0)} ms`;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

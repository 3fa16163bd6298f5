/**
 * Inventory sync benchmark (issue 5): 10 simulated clusters × 10,000 guests.
 *   - first full sync of all clusters ≤ 60 s
 *   - resync of one 10,000-guest cluster with 1 % changed ≤ 2 s, writing only the changed rows
 *
 * Run: npx tsx --tsconfig backend/tsconfig.json bench/inventory-sync.bench.ts
 * Env: BENCH_CLUSTERS (10), BENCH_GUESTS (10000), DATABASE_SERVER (mysql://root@127.0.0.1:3306),
 * REDIS_URL (redis://127.0.0.1:6379; the clusters' request budget lives there).
 * Uses a throwaway database, dropped at the end. Services are wired by hand (no Nest container), the
 * same classes the worker runs.
 */
import { startSimulator } from '@multpanel/simulator';
import type { SyncResult } from '../backend/src/modules/inventory/inventory-sync.service';
import { createInventoryStack } from './lib/inventory-stack';

const CLUSTERS = Number(process.env.BENCH_CLUSTERS ?? 10);
const GUESTS = Number(process.env.BENCH_GUESTS ?? 10_000);
const WORKER_CONCURRENCY = 4; // same as the worker's BullMQ concurrency

async function main(): Promise<void> {
  const { prisma, sync, addClusters, close } = await createInventoryStack();

  let t = performance.now();
  const sim = await startSimulator({
    port: 0,
    clusters: CLUSTERS,
    nodes: 5,
    guests: GUESTS,
    quiet: true,
  });
  console.log(`simulator: ${CLUSTERS} clusters × ${GUESTS} guests started in ${ms(t)}`);
  try {
    const ids = await addClusters(sim);

    // 1. First full sync, WORKER_CONCURRENCY clusters at a time like the worker.
    t = performance.now();
    const results: SyncResult[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: WORKER_CONCURRENCY }, async () => {
        while (next < ids.length) results.push((await sync.sync(ids[next++]))!);
      }),
    );
    const firstMs = performance.now() - t;
    const created = results.reduce((a, r) => a + r.guests.created, 0);
    const failed = results.filter((r) => !r.ok);
    console.log(
      `first full sync: ${created} guests in ${(firstMs / 1000).toFixed(1)} s ` +
        `(per cluster ${results.map((r) => `${r.durationMs}/${r.fetchMs}`).join(', ')} ms total/fetch)`,
    );
    if (failed.length) throw new Error(`sync failed: ${failed.map((f) => f.error).join('; ')}`);

    // 2. Unchanged resync of one cluster.
    const rt = sim.runtimes[0];
    const steady = (await sync.sync(ids[0]))!;
    console.log(
      `unchanged resync: ${steady.durationMs} ms (fetch ${steady.fetchMs} ms), updated ${steady.guests.updated}`,
    );

    // 3. 1 % of the guests change on Proxmox (renamed / stopped), then resync.
    const changeCount = Math.round(rt.state.guests.size / 100);
    const changed = [...rt.state.guests.values()].slice(0, changeCount);
    for (const [i, g] of changed.entries()) {
      if (i % 2 === 0) g.status = g.status === 'running' ? 'stopped' : 'running';
      else if (g.type === 'qemu') g.config.name = `renamed-${g.vmid}`;
      else g.config.hostname = `renamed-${g.vmid}`;
    }
    rt.changed();
    await new Promise((r) => setTimeout(r, 5)); // updatedAt has ms resolution
    const mark = new Date();
    const resync = (await sync.sync(ids[0]))!;
    const written = await prisma.guest.count({
      where: { clusterId: ids[0], updatedAt: { gte: mark } },
    });
    console.log(
      `1 % resync: ${resync.durationMs} ms (fetch ${resync.fetchMs} ms), updated ${resync.guests.updated}, created ${resync.guests.created}, ` +
        `gone ${resync.guests.gone}; rows written ${written} of ${rt.state.guests.size}`,
    );

    const okFirst = firstMs <= 60_000;
    const okResync =
      resync.durationMs <= 2000 && written === resync.guests.updated && written <= changeCount;
    console.log(
      `targets: first sync ≤ 60 s ${okFirst ? 'PASS' : 'FAIL'}; 1 % resync ≤ 2 s, only changed rows ${okResync ? 'PASS' : 'FAIL'}`,
    );
    if (!okFirst || !okResync) process.exitCode = 1;
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

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
import Redis from 'ioredis';
import * as mariadb from 'mariadb';
import type { AccessService } from '../backend/src/common/access/access.service';
import { SecretsCipherCore, type SecretsCipher } from '../backend/src/common/crypto/secrets-cipher';
import type { EventsPublisher } from '../backend/src/common/events/events.publisher';
import {
  createPrismaClient,
  type PrismaService,
} from '../backend/src/common/prisma/prisma.service';
import { redisOptions, type RedisService } from '../backend/src/common/redis/redis.service';
import { migrate, parseDatabaseUrl } from '../backend/src/database/migrator';
import { ClusterConnectionService } from '../backend/src/modules/clusters/cluster-connection.service';
import type { ClusterJobsService } from '../backend/src/modules/clusters/cluster-jobs.service';
import { ClustersRepository } from '../backend/src/modules/clusters/clusters.repository';
import { ClustersService } from '../backend/src/modules/clusters/clusters.service';
import { InventorySyncService } from '../backend/src/modules/inventory/inventory-sync.service';
import { GuestsRepository } from '../backend/src/modules/guests/guests.repository';
import { GuestsService } from '../backend/src/modules/guests/guests.service';
import { InventoryRepository } from '../backend/src/modules/inventory/inventory.repository';
import type { ActivityService } from '../backend/src/common/audit/activity.service';
import type { QueueService } from '../backend/src/common/queue/queue.service';
import { ClusterHealthService } from '../backend/src/modules/clusters/cluster-health.service';
import { MetricsCollectService } from '../backend/src/modules/monitoring/metrics-collect.service';
import { MonitoringRepository } from '../backend/src/modules/monitoring/monitoring.repository';

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
  const server = process.env.DATABASE_SERVER ?? 'mysql://root@127.0.0.1:3306';
  const dbName = `mp_bench_${Date.now().toString(36)}`;
  const u = new URL(server);
  u.pathname = `/${dbName}`;
  const url = u.toString();
  await migrate({ databaseUrl: url });
  const prisma = createPrismaClient(url) as unknown as PrismaService;
  const cipher = new SecretsCipherCore(new Map([[1, Buffer.alloc(32, 9)]])) as SecretsCipher;
  const redisClient = new Redis(redisOptions(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'));
  const redis = { client: redisClient, key: (...p: string[]) => [dbName, ...p].join(':') };
  const clusterRepo = new ClustersRepository(prisma);
  const connections = new ClusterConnectionService(
    cipher,
    clusterRepo,
    redis as unknown as RedisService,
  );
  const noop = {
    kick: async () => undefined,
    record: async () => undefined,
    publish: async () => undefined,
  };
  const clusters = new ClustersService(
    clusterRepo,
    connections,
    noop as unknown as ClusterJobsService,
    noop as unknown as ActivityService,
    noop as unknown as AccessService,
  );
  const sync = new InventorySyncService(
    clusters,
    connections,
    new GuestsService(new GuestsRepository(prisma)),
    new InventoryRepository(prisma),
    noop as unknown as EventsPublisher,
  );
  const guests = new GuestsService(new GuestsRepository(prisma));
  const collect = new MetricsCollectService(
    clusters,
    connections,
    guests,
    new MonitoringRepository(prisma),
    redis as unknown as RedisService,
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
    const ids: string[] = [];
    for (const c of sim.clusters) {
      const row = await clusterRepo.create(
        {
          name: c.name,
          endpoints: [{ url: c.url, fingerprint: c.fingerprint }],
          fingerprint: null,
          caPem: null,
          authType: 'password',
          authUser: 'root@pam',
          secret: connections.encryptSecret('sim-password'),
          location: null,
          tags: [],
          healthIntervalSec: 30,
          syncIntervalSec: 60,
          requestRatePerSec: 10,
          requestBurst: 20,
        },
        [],
      );
      ids.push(row.id);
    }

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
    connections.dropAll();
    redisClient.disconnect();
    await sim.close();
    await prisma.$disconnect();
    const { database, ...srv } = parseDatabaseUrl(url);
    const conn = await mariadb.createConnection(srv);
    await conn.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await conn.end();
  }
}

function ms(t0: number): string {
  return `${Math.round(performance.now() - t0)} ms`;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

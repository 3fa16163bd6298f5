/**
 * The worker's inventory services wired by hand (no Nest container) on a throwaway database, for
 * benches that drive sync, health and collection against the simulator: the same classes the worker runs.
 */
import type { RunningSimulator } from '@multpanel/simulator';
import Redis from 'ioredis';
import * as mariadb from 'mariadb';
import type { AccessService } from '../../backend/src/common/access/access.service';
import type { ActivityService } from '../../backend/src/common/audit/activity.service';
import {
  SecretsCipherCore,
  type SecretsCipher,
} from '../../backend/src/common/crypto/secrets-cipher';
import type { EventsPublisher } from '../../backend/src/common/events/events.publisher';
import {
  createPrismaClient,
  type PrismaService,
} from '../../backend/src/common/prisma/prisma.service';
import { redisOptions, type RedisService } from '../../backend/src/common/redis/redis.service';
import { migrate, parseDatabaseUrl } from '../../backend/src/database/migrator';
import { ClusterConnectionService } from '../../backend/src/modules/clusters/cluster-connection.service';
import type { ClusterJobsService } from '../../backend/src/modules/clusters/cluster-jobs.service';
import { ClustersRepository } from '../../backend/src/modules/clusters/clusters.repository';
import { ClustersService } from '../../backend/src/modules/clusters/clusters.service';
import { GuestsRepository } from '../../backend/src/modules/guests/guests.repository';
import { GuestsService } from '../../backend/src/modules/guests/guests.service';
import { InventorySyncService } from '../../backend/src/modules/inventory/inventory-sync.service';
import { InventoryRepository } from '../../backend/src/modules/inventory/inventory.repository';

/** Stands in for the job, activity, access and event services: these benches measure none of them. */
export const noop = {
  kick: async () => undefined,
  record: async () => undefined,
  publish: async () => undefined,
};

export async function createInventoryStack() {
  const server = process.env.DATABASE_SERVER ?? 'mysql://root@127.0.0.1:3306';
  const dbName = `mp_bench_${Date.now().toString(36)}`;
  const u = new URL(server);
  u.pathname = `/${dbName}`;
  const url = u.toString();
  await migrate({ databaseUrl: url });
  const prisma = createPrismaClient(url) as unknown as PrismaService;
  const cipher = new SecretsCipherCore(new Map([[1, Buffer.alloc(32, 9)]])) as SecretsCipher;
  const redisClient = new Redis(redisOptions(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'));
  const redis = {
    client: redisClient,
    key: (...p: string[]) => [dbName, ...p].join(':'),
  } as unknown as RedisService;
  const clusterRepo = new ClustersRepository(prisma);
  const connections = new ClusterConnectionService(cipher, clusterRepo, redis);
  const clusters = new ClustersService(
    clusterRepo,
    connections,
    noop as unknown as ClusterJobsService,
    noop as unknown as ActivityService,
    noop as unknown as AccessService,
  );
  const guests = new GuestsService(new GuestsRepository(prisma));
  const sync = new InventorySyncService(
    clusters,
    connections,
    guests,
    new InventoryRepository(prisma),
    noop as unknown as EventsPublisher,
  );

  /** Registers each simulated cluster as the API's "add cluster" would; returns their ids. */
  async function addClusters(sim: Pick<RunningSimulator, 'clusters'>): Promise<string[]> {
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
    return ids;
  }

  /** Closes connections and drops the throwaway database. */
  async function close(): Promise<void> {
    connections.dropAll();
    redisClient.disconnect();
    await prisma.$disconnect();
    const { database, ...srv } = parseDatabaseUrl(url);
    const conn = await mariadb.createConnection(srv);
    await conn.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await conn.end();
  }

  return { prisma, redis, clusterRepo, connections, clusters, guests, sync, addClusters, close };
}

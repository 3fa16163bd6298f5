import { setTimeout as delay } from 'node:timers/promises';
import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { PrismaMariaDb } from '@prisma/adapter-mariadb';
import { AppConfig } from '../../config/app-config';
import { PrismaClient } from '../../generated/prisma/client';
import { isDriverConnectionLost } from './db-connection-lost';

// Pool settings from DATABASE_URL (mysql:// as Prisma documents it); short timeouts so a dead database
// shows up in /api/health quickly instead of hanging requests.
// The adapter bundles its own mariadb driver version, so take the config type from it.
type PoolConfig = Extract<
  ConstructorParameters<typeof PrismaMariaDb>[0],
  { connectionLimit?: number }
>;

export function poolConfig(databaseUrl: string): PoolConfig {
  const u = new URL(databaseUrl.replace(/^mysql:/, 'mariadb:'));
  const limit = Number(u.searchParams.get('connection_limit') ?? 10);
  return {
    host: u.hostname,
    port: Number(u.port || 3306),
    user: decodeURIComponent(u.username || 'root'),
    password: decodeURIComponent(u.password),
    database: decodeURIComponent(u.pathname.replace(/^\//, '')),
    connectionLimit: limit,
    connectTimeout: 2000,
    acquireTimeout: 4000,
  };
}

type Adapter = Awaited<ReturnType<PrismaMariaDb['connect']>>;
/** One of the pool's connections, used directly (text protocol, statements pipelined). */
export interface DriverConnection {
  query<T = unknown>(
    sql: string | { sql: string; dateStrings?: boolean; bigIntAsNumber?: boolean },
    values?: unknown[],
  ): Promise<T>;
  release(): Promise<void>;
  destroy(): void;
  isValid(): boolean;
}

/** What the mariadb pool tells about itself, and its connections. */
export interface DriverPool {
  activeConnections(): number;
  idleConnections(): number;
  totalConnections(): number;
  taskQueueSize(): number;
  getConnection(): Promise<DriverConnection>;
}
type Query = Parameters<Adapter['queryRaw']>[0];

/** Waits before each rerun of a read whose connection was lost (three reruns at most). */
export const READ_RETRY_DELAYS_MS = [50, 250, 1000];

/** A statement that only reads: a SELECT (or WITH … SELECT) and nothing that locks or writes. */
export function isPlainRead(sql: string): boolean {
  return (
    /^\s*\(?\s*(select|with)\b/i.test(sql) &&
    !/\bfor\s+update\b|\block\s+in\s+share\s+mode\b|\bget_lock\s*\(|\binto\s+@/i.test(sql)
  );
}

/**
 * The MariaDB driver adapter, with reads that survive a lost connection: a SELECT sent outside a
 * transaction whose connection was killed or broke is sent again (on a fresh pooled connection) up to
 * three times. Statements inside a transaction (`startTransaction`'s own connection) and writes are
 * never repeated here: a write may have been applied before the connection went, so its error goes up
 * (the API answers 503 DEPENDENCY_UNAVAILABLE, a job is retried from its checkpoints).
 */
export class ResilientMariaDb extends PrismaMariaDb {
  private static readonly logger = new Logger('Database');
  /** Reads sent again after a lost connection, for tests and figures. */
  static readsRetried = 0;
  /** The driver's pool once connected (its connection counts go to GET /api/metrics). */
  pool?: DriverPool;

  override async connect(): Promise<Adapter> {
    const adapter = await super.connect();
    this.pool = adapter.underlyingDriver() as DriverPool;
    const queryRaw = adapter.queryRaw.bind(adapter);
    adapter.queryRaw = async (query: Query) => {
      if (!isPlainRead(query.sql)) return queryRaw(query);
      for (let attempt = 0; ; attempt++) {
        try {
          return await queryRaw(query);
        } catch (err) {
          if (attempt >= READ_RETRY_DELAYS_MS.length || !isDriverConnectionLost(err)) throw err;
          ResilientMariaDb.readsRetried++;
          if (attempt === 0) {
            ResilientMariaDb.logger.warn(
              `database connection lost during a read; sending it again (${(err as Error).message})`,
            );
          }
          await delay(READ_RETRY_DELAYS_MS[attempt]);
        }
      }
    };
    return adapter;
  }
}

/** A client on its own pool (tests, benches, scripts), carrying its adapter like PrismaService. */
export function createPrismaClient(
  databaseUrl: string,
): PrismaClient & { driverAdapter: ResilientMariaDb } {
  const adapter = new ResilientMariaDb(poolConfig(databaseUrl));
  return Object.assign(new PrismaClient({ adapter }), { driverAdapter: adapter });
}

/**
 * A connection of Prisma's own pool, for the few hot paths that talk to the driver directly (no
 * query compilation, no prepare/close per statement, statements pipelined): release it when done.
 * No extra connections: it counts against the same `connection_limit`.
 */
export async function driverConnection(prisma: {
  driverAdapter: ResilientMariaDb;
  $connect(): Promise<void>;
}): Promise<DriverConnection> {
  if (!prisma.driverAdapter.pool) await prisma.$connect();
  const pool = prisma.driverAdapter.pool;
  if (!pool) throw new Error('the database pool is not open');
  return pool.getConnection();
}

@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  readonly driverAdapter: ResilientMariaDb;

  constructor(config: AppConfig) {
    const adapter = new ResilientMariaDb(poolConfig(config.env.DATABASE_URL));
    super({ adapter });
    this.driverAdapter = adapter;
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}

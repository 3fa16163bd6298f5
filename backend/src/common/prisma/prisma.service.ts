import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { PrismaMariaDb } from '@prisma/adapter-mariadb';
import { AppConfig } from '../../config/app-config';
import { PrismaClient } from '../../generated/prisma/client';

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

export function createPrismaClient(databaseUrl: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaMariaDb(poolConfig(databaseUrl)) });
}

@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  constructor(config: AppConfig) {
    super({ adapter: new PrismaMariaDb(poolConfig(config.env.DATABASE_URL)) });
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}

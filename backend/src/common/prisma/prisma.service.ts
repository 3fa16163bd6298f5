import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { PrismaMariaDb } from '@prisma/adapter-mariadb';
import { AppConfig } from '../../config/app-config';
import { PrismaClient } from '../../generated/prisma/client';

// mariadb's driver speaks "mariadb://"; MySQL-style URLs are accepted for compatibility with Prisma.
export function toMariadbUrl(url: string): string {
  return url.replace(/^mysql:\/\//, 'mariadb://');
}

export function createPrismaClient(databaseUrl: string): PrismaClient {
  const adapter = new PrismaMariaDb(toMariadbUrl(databaseUrl));
  return new PrismaClient({ adapter });
}

@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  constructor(config: AppConfig) {
    super({ adapter: new PrismaMariaDb(toMariadbUrl(config.env.DATABASE_URL)) });
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}

import { Injectable, OnModuleDestroy } from '@nestjs/common';
import * as mariadb from 'mariadb';
import { AppConfig } from '../../config/app-config';
import { poolConfig } from './prisma.service';

export type SqlValue = string | number | bigint | boolean | Date | null;

/**
 * Prepared-statement reads for the few queries every request makes (the guard's principal lookup,
 * the guest list). Prisma's query compiler spends ~1–3 ms of CPU per query; the driver's binary
 * protocol answers the same SELECT in a tenth of that. Writes and everything else stay on Prisma.
 * Callers build their WHERE from the request scope exactly as the Prisma paths do (see vms-list.sql.ts).
 */
@Injectable()
export class SqlReader implements OnModuleDestroy {
  private pool?: mariadb.Pool;

  constructor(private readonly config: AppConfig) {}

  async rows<T>(sql: string, params: SqlValue[]): Promise<T[]> {
    const result = (await this.getPool().execute(sql, params)) as T[];
    return Array.from(result);
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool?.end();
  }

  // Created on first use: processes that never read through it (the worker) open no connections.
  private getPool(): mariadb.Pool {
    if (!this.pool) {
      const {
        host,
        port,
        user,
        password,
        database,
        connectionLimit,
        connectTimeout,
        acquireTimeout,
      } = poolConfig(this.config.env.DATABASE_URL);
      this.pool = mariadb.createPool({
        host,
        port,
        user,
        password,
        database,
        connectTimeout,
        acquireTimeout,
        connectionLimit: Math.max(2, Math.min(connectionLimit ?? 10, 8)),
        // Prisma writes DateTime in UTC; read it back as UTC whatever the server's zone.
        timezone: 'Z',
        bigIntAsNumber: false,
        checkDuplicate: false,
      });
    }
    return this.pool;
  }
}

/** JSON columns arrive as text from MariaDB (JSON is LONGTEXT there) unless the driver mapped them. */
export function jsonColumn<T>(value: unknown, fallback: T): T {
  if (value === null || value === undefined) return fallback;
  if (typeof value !== 'string') return value as T;
  try {
    return JSON.parse(value) as T;
  } catch {
    return fallback;
  }
}

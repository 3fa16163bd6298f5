import { Injectable, OnModuleDestroy } from '@nestjs/common';
import * as mariadb from 'mariadb';
import { AppConfig } from '../../config/app-config';
import { DbConnectionLostError, isDriverConnectionLost } from './db-connection-lost';
import { poolConfig } from './prisma.service';

export type SqlValue = string | number | bigint | boolean | Date | null;

/** One long-lived connection and the statements written to it that have not been answered yet. */
interface Lane {
  ready?: mariadb.Connection;
  opening?: Promise<mariadb.Connection>;
  inFlight: number;
}

const MAX_LANES = 4;

/** The driver's own word that a connection is unusable (`fatal`), or a known connection-lost error. */
const connectionBroke = (err: unknown): boolean =>
  Boolean((err as { fatal?: boolean } | null)?.fatal) || isDriverConnectionLost(err);

/**
 * Prepared-statement reads for the few queries every request makes (the guard's principal lookup,
 * the guest list). Prisma's query compiler spends ~1–3 ms of CPU per query; the driver's binary
 * protocol answers the same SELECT in a tenth of that. Writes and everything else stay on Prisma.
 * Callers build their WHERE from the request scope exactly as the Prisma paths do (see vms-list.sql.ts).
 *
 * The reads share a few connections with pipelining instead of taking one pooled connection each: a
 * statement is written at once, behind any still running on its connection, so under load MariaDB's
 * thread finds the next command waiting instead of sleeping and being woken for every one (a quarter
 * less CPU per list request, in the API and in MariaDB). Each goes to the connection with the fewest
 * unanswered statements, so one slow read holds up little.
 */
@Injectable()
export class SqlReader implements OnModuleDestroy {
  private lanes?: Lane[];

  constructor(private readonly config: AppConfig) {}

  async rows<T>(sql: string, params: SqlValue[]): Promise<T[]> {
    try {
      return await this.execute<T>(sql, params);
    } catch (err) {
      // A connection the server dropped (idle, killed, restarted) fails the statements written to it;
      // reads are safe to repeat, and the repeat goes out on a fresh connection.
      if (!connectionBroke(err)) throw err;
      try {
        return await this.execute<T>(sql, params);
      } catch (again) {
        // Broken twice: the database is going away. The driver may hand over a bare socket error
        // (`write EPIPE`); the caller must still see "connection lost" (a 503), not an unknown error.
        throw connectionBroke(again) ? new DbConnectionLostError(again) : again;
      }
    }
  }

  async onModuleDestroy(): Promise<void> {
    const lanes = this.lanes ?? [];
    this.lanes = undefined;
    await Promise.all(
      lanes.map((lane) =>
        Promise.resolve(lane.ready ?? lane.opening)
          .then((conn) => conn?.end())
          .catch(() => undefined),
      ),
    );
  }

  private async execute<T>(sql: string, params: SqlValue[]): Promise<T[]> {
    const lane = this.pickLane();
    lane.inFlight++;
    let conn: mariadb.Connection | undefined;
    try {
      conn = lane.ready?.isValid() ? lane.ready : await this.open(lane);
      return Array.from((await conn.execute(sql, params)) as T[]);
    } catch (err) {
      // The driver may still call a killed connection valid: put it out of use, or the rerun (and
      // every read after it) would be written to the same dead socket.
      if (conn && lane.ready === conn && connectionBroke(err)) {
        lane.ready = undefined;
        conn.destroy();
      }
      throw err;
    } finally {
      lane.inFlight--;
    }
  }

  // Lanes are created on first use: processes that never read through this (the worker) open none.
  private pickLane(): Lane {
    if (!this.lanes) {
      const { connectionLimit } = poolConfig(this.config.env.DATABASE_URL);
      const count = Math.max(1, Math.min(connectionLimit ?? MAX_LANES, MAX_LANES));
      this.lanes = Array.from({ length: count }, () => ({ inFlight: 0 }));
    }
    let best = this.lanes[0];
    for (const lane of this.lanes) if (lane.inFlight < best.inFlight) best = lane;
    return best;
  }

  /** (Re)opens a lane's connection; reads that arrive meanwhile wait for the same one. */
  private open(lane: Lane): Promise<mariadb.Connection> {
    lane.ready = undefined;
    if (lane.opening) return lane.opening;
    const { host, port, user, password, database, connectTimeout } = poolConfig(
      this.config.env.DATABASE_URL,
    );
    const opening = mariadb
      .createConnection({
        host,
        port,
        user,
        password,
        database,
        connectTimeout,
        // Prisma writes DateTime in UTC; read it back as UTC whatever the server's zone.
        timezone: 'Z',
        bigIntAsNumber: false,
        checkDuplicate: false,
      })
      .then((conn) => {
        // A lost connection is also reported as an 'error' event, which must have a listener;
        // isValid() then turns false and the next read opens a new one.
        conn.on('error', () => undefined);
        lane.ready = conn;
        return conn;
      })
      .finally(() => {
        if (lane.opening === opening) lane.opening = undefined;
      });
    lane.opening = opening;
    return opening;
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

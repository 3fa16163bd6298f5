import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as mariadb from 'mariadb';

// Applies prisma/migrations/*/migration.sql without Prisma's schema engine, bookkeeping exactly like
// `prisma migrate deploy` (same _prisma_migrations table and checksums) so both can take turns.

export const DEFAULT_MIGRATIONS_DIR = resolve(__dirname, '..', '..', '..', 'prisma', 'migrations');

const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS \`_prisma_migrations\` (
    \`id\`                    VARCHAR(36) PRIMARY KEY NOT NULL,
    \`checksum\`              VARCHAR(64) NOT NULL,
    \`finished_at\`           DATETIME(3),
    \`migration_name\`        VARCHAR(255) NOT NULL,
    \`logs\`                  TEXT,
    \`rolled_back_at\`        DATETIME(3),
    \`started_at\`            DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    \`applied_steps_count\`   INTEGER UNSIGNED NOT NULL DEFAULT 0
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`;

export class MigrationError extends Error {
  override name = 'MigrationError';
}

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
  /** Earlier checksums of this migration that count as applied (its `amends.txt`). */
  amends?: string[];
}

export interface MigrateOptions {
  databaseUrl: string;
  migrationsDir?: string;
  log?: (line: string) => void;
  lockTimeoutSeconds?: number;
}

export function checksumOf(sql: string): string {
  return createHash('sha256').update(sql, 'utf8').digest('hex');
}

/**
 * `amends.txt` beside a migration: checksums of earlier texts of it that databases may have applied (a fix
 * that must reach databases where the first text failed). Only for a fix that changes no applied result.
 */
function readAmends(folder: string): string[] {
  const file = join(folder, 'amends.txt');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^[0-9a-f]{64}$/.test(l));
}

export function readMigrations(dir = DEFAULT_MIGRATIONS_DIR): MigrationFile[] {
  if (!existsSync(dir)) throw new MigrationError(`migrations folder not found: ${dir}`);
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: checksumOf(sql), amends: readAmends(join(dir, name)) };
    });
}

export function parseDatabaseUrl(url: string) {
  const u = new URL(url.replace(/^mysql:/, 'mariadb:'));
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (!/^[\w$-]+$/.test(database))
    throw new MigrationError(`bad database name in URL: "${database}"`);
  return {
    host: u.hostname,
    port: Number(u.port || 3306),
    user: decodeURIComponent(u.username || 'root'),
    password: decodeURIComponent(u.password),
    database,
  };
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
}

export async function migrate(opts: MigrateOptions): Promise<{ applied: string[] }> {
  const log = opts.log ?? (() => undefined);
  const files = readMigrations(opts.migrationsDir);
  const { database, ...server } = parseDatabaseUrl(opts.databaseUrl);

  const admin = await mariadb.createConnection({ ...server });
  try {
    await admin.query(
      `CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
  } finally {
    await admin.end();
  }

  const conn = await mariadb.createConnection({ ...server, database, multipleStatements: true });
  const lockName = `multpanel_migrate_${database}`.slice(0, 64);
  try {
    const [{ got }] = await conn.query<{ got: number | bigint | null }[]>(
      'SELECT GET_LOCK(?, ?) AS got',
      [lockName, opts.lockTimeoutSeconds ?? 60],
    );
    if (Number(got) !== 1) throw new MigrationError('another process is migrating this database');
    await conn.query(MIGRATIONS_TABLE);
    const rows = await conn.query<AppliedRow[]>(
      'SELECT migration_name, checksum, finished_at FROM `_prisma_migrations` WHERE rolled_back_at IS NULL',
    );
    const byName = new Map(rows.map((r) => [r.migration_name, r]));
    const known = new Set(files.map((f) => f.name));
    for (const r of rows) {
      if (!r.finished_at) {
        throw new MigrationError(
          `migration ${r.migration_name} failed earlier; fix the database and mark it rolled back first`,
        );
      }
      if (!known.has(r.migration_name)) {
        log(`warning: applied migration ${r.migration_name} is missing locally`);
      }
    }
    for (const f of files) {
      const row = byName.get(f.name);
      if (row && row.checksum !== f.checksum && !f.amends?.includes(row.checksum)) {
        throw new MigrationError(
          `migration ${f.name} was modified after it was applied (checksum mismatch); ` +
            'never edit an applied migration, add a new one',
        );
      }
    }

    const applied: string[] = [];
    for (const f of files) {
      if (byName.has(f.name)) continue;
      const id = randomUUID();
      await conn.query(
        'INSERT INTO `_prisma_migrations` (id, checksum, migration_name, started_at, applied_steps_count) VALUES (?, ?, ?, NOW(3), 0)',
        [id, f.checksum, f.name],
      );
      try {
        await conn.query(f.sql);
      } catch (err) {
        const msg = err instanceof Error ? err.message : String(err);
        await conn.query('UPDATE `_prisma_migrations` SET logs = ? WHERE id = ?', [msg, id]);
        throw new MigrationError(`migration ${f.name} failed: ${msg}`);
      }
      await conn.query(
        'UPDATE `_prisma_migrations` SET finished_at = NOW(3), applied_steps_count = 1 WHERE id = ?',
        [id],
      );
      applied.push(f.name);
      log(`applied ${f.name}`);
    }
    if (applied.length === 0) log('database is up to date');
    return { applied };
  } finally {
    await conn.query('SELECT RELEASE_LOCK(?)', [lockName]).catch(() => undefined);
    await conn.end();
  }
}

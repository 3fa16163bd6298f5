import { cpSync, mkdtempSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as mariadb from 'mariadb';
import {
  checksumOf,
  DEFAULT_MIGRATIONS_DIR,
  migrate,
  parseDatabaseUrl,
  readMigrations,
} from '../../src/database/migrator';
import { copyDatabase, dropDatabase, templateUrl } from '../helpers/template-db';
import { randomSuffix, serverUrl, withDatabase } from '../helpers/test-env';

describe('offline migrator', () => {
  const url = withDatabase(serverUrl(), `mp_test_mig_${randomSuffix()}`);
  const { database, ...server } = parseDatabaseUrl(url);
  let dir: string;
  let conn: mariadb.Connection;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mp-migrations-'));
    cpSync(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true });
    conn = await mariadb.createConnection(server);
  });
  afterAll(async () => {
    await conn.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await conn.end();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates the database, applies every migration once and records them like Prisma', async () => {
    const names = readMigrations(dir).map((m) => m.name);
    // Two processes at once: the lock makes one wait, and nothing is applied twice.
    const [a, b] = await Promise.all([
      migrate({ databaseUrl: url, migrationsDir: dir }),
      migrate({ databaseUrl: url, migrationsDir: dir }),
    ]);
    expect([...a.applied, ...b.applied].sort()).toEqual(names);
    expect((await migrate({ databaseUrl: url, migrationsDir: dir })).applied).toEqual([]);

    const rows = await conn.query(
      `SELECT migration_name, checksum, finished_at, applied_steps_count, rolled_back_at, logs
         FROM \`${database}\`.\`_prisma_migrations\` ORDER BY migration_name`,
    );
    expect(rows).toHaveLength(names.length);
    for (const [i, r] of rows.entries()) {
      expect(r.migration_name).toBe(names[i]);
      expect(r.checksum).toBe(readMigrations(dir)[i].checksum);
      expect(r.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(r.finished_at).toBeInstanceOf(Date);
      expect(Number(r.applied_steps_count)).toBe(1);
      expect(r.rolled_back_at).toBeNull();
    }
  });

  // The suites' databases are copies of the run's migrated template (template-db.ts), not migrated.
  it('a copy of the run template is the migrated database: same tables, keys, routines and bookkeeping', async () => {
    const copy = withDatabase(serverUrl(), `mp_test_copy_${randomSuffix()}`);
    await copyDatabase(templateUrl(), copy);
    try {
      const dump = async (db: string) => {
        const tables = await conn.query<{ name: string }[]>(
          'SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME',
          [db],
        );
        const ddl = [];
        for (const { name } of tables) {
          const [row] = await conn.query(`SHOW CREATE TABLE \`${db}\`.\`${name}\``);
          ddl.push(row['Create Table']);
        }
        const applied = await conn.query(
          `SELECT migration_name, checksum, applied_steps_count, finished_at IS NOT NULL AS done
             FROM \`${db}\`.\`_prisma_migrations\` ORDER BY migration_name`,
        );
        const routines = await conn.query(
          `SELECT ROUTINE_NAME, ROUTINE_TYPE, ROUTINE_DEFINITION FROM information_schema.ROUTINES
            WHERE ROUTINE_SCHEMA = ? ORDER BY ROUTINE_NAME`,
          [db],
        );
        return { ddl, applied, routines };
      };
      const migrated = await dump(database);
      expect(migrated.ddl.join('\n')).toMatch(/FOREIGN KEY/);
      expect(await dump(parseDatabaseUrl(copy).database)).toEqual(migrated);
    } finally {
      await dropDatabase(copy);
    }
  });

  it('refuses to run when an applied migration was edited', async () => {
    const first = readMigrations(dir)[0];
    appendFileSync(join(dir, first.name, 'migration.sql'), '\n-- sneaky edit\n');
    await expect(migrate({ databaseUrl: url, migrationsDir: dir })).rejects.toThrow(
      /modified after it was applied/,
    );
    writeFileSync(join(dir, first.name, 'migration.sql'), first.sql);
    expect(checksumOf(first.sql)).toBe(first.checksum);
    await expect(migrate({ databaseUrl: url, migrationsDir: dir })).resolves.toEqual({
      applied: [],
    });
  });

  it('accepts an amended migration whose amends.txt names the applied text', async () => {
    const first = readMigrations(dir)[0];
    const fixed = `${first.sql}\n-- amended\n`;
    writeFileSync(join(dir, first.name, 'migration.sql'), fixed);
    await expect(migrate({ databaseUrl: url, migrationsDir: dir })).rejects.toThrow(
      /modified after it was applied/,
    );
    writeFileSync(join(dir, first.name, 'amends.txt'), `# earlier text\n${first.checksum}\n`);
    await expect(migrate({ databaseUrl: url, migrationsDir: dir })).resolves.toEqual({
      applied: [],
    });
    writeFileSync(join(dir, first.name, 'migration.sql'), first.sql);
    rmSync(join(dir, first.name, 'amends.txt'));
  });

  it('records a failing migration and stops until it is resolved', async () => {
    const bad = join(dir, '29991231000000_broken');
    cpSync(join(dir, readMigrations(dir)[0].name), bad, { recursive: true });
    writeFileSync(
      join(bad, 'migration.sql'),
      'CREATE TABLE `Broken` (`id` INTEGER NOT NULL, PRIMARY KEY (`nope`));',
    );
    await expect(migrate({ databaseUrl: url, migrationsDir: dir })).rejects.toThrow(
      /29991231000000_broken failed/,
    );
    const [row] = await conn.query(
      `SELECT finished_at, logs FROM \`${database}\`.\`_prisma_migrations\` WHERE migration_name = '29991231000000_broken'`,
    );
    expect(row.finished_at).toBeNull();
    expect(row.logs).toMatch(/nope/);
    await expect(migrate({ databaseUrl: url, migrationsDir: dir })).rejects.toThrow(
      /failed earlier/,
    );
    rmSync(bad, { recursive: true });
  });
});

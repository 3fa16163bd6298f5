import * as mariadb from 'mariadb';
import { parseDatabaseUrl } from '../../src/database/migrator';

/**
 * The run's database migrated once (global-setup.ts): suites and jest workers that need a database of
 * their own copy it instead of migrating one. The 61 migrations take 3–6 s on an idle 2-core host and
 * over 30 s in the full run; a copy of the resulting tables takes ~0.3 s.
 */
export const TEMPLATE_DB_ENV = 'MP_TEST_TEMPLATE_DATABASE_URL';

export function templateUrl(): string {
  const url = process.env[TEMPLATE_DB_ENV];
  if (!url) throw new Error('integration globalSetup did not run (no template database)');
  return url;
}

const quote = (name: string) => `\`${name.replace(/`/g, '``')}\``;

/** A new database `url` with the template's tables (their exact DDL, keys included) and rows. */
export async function copyDatabase(template: string, url: string): Promise<void> {
  const from = parseDatabaseUrl(template).database;
  const { database, ...server } = parseDatabaseUrl(url);
  const conn = await mariadb.createConnection({ ...server, multipleStatements: true });
  try {
    // Tables and routines are copied: a view or trigger would be silently missing from the copy.
    const [{ others }] = await conn.query<{ others: number | bigint }[]>(
      `SELECT (SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE <> 'BASE TABLE')
            + (SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?) AS others`,
      [from, from],
    );
    if (Number(others) > 0) throw new Error(`template ${from} has views or triggers`);
    const routines = await conn.query<{ name: string; type: string }[]>(
      `SELECT ROUTINE_NAME AS name, ROUTINE_TYPE AS type FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?`,
      [from],
    );
    const tables = await conn.query<{ name: string; columns: string }[]>(
      `SELECT t.TABLE_NAME AS name,
              GROUP_CONCAT(IF(c.IS_GENERATED = 'NEVER', CONCAT('\`', c.COLUMN_NAME, '\`'), NULL)) AS columns
         FROM information_schema.TABLES t JOIN information_schema.COLUMNS c
           ON c.TABLE_SCHEMA = t.TABLE_SCHEMA AND c.TABLE_NAME = t.TABLE_NAME
        WHERE t.TABLE_SCHEMA = ? AND t.TABLE_TYPE = 'BASE TABLE' GROUP BY t.TABLE_NAME`,
      [from],
    );
    const statements = [
      `CREATE DATABASE ${quote(database)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
      `USE ${quote(database)}`,
      'SET FOREIGN_KEY_CHECKS = 0',
    ];
    for (const { name, columns } of tables) {
      const [row] = await conn.query<Record<string, string>[]>(
        `SHOW CREATE TABLE ${quote(from)}.${quote(name)}`,
      );
      statements.push(
        row['Create Table'],
        `INSERT INTO ${quote(name)} (${columns}) SELECT ${columns} FROM ${quote(from)}.${quote(name)}`,
      );
    }
    statements.push('SET FOREIGN_KEY_CHECKS = 1');
    await conn.query(statements.join(';\n'));
    // A routine's body holds semicolons: each CREATE goes alone, in the copy (USE above).
    for (const { name, type } of routines) {
      const [row] = await conn.query<Record<string, string>[]>(
        `SHOW CREATE ${type} ${quote(from)}.${quote(name)}`,
      );
      await conn.query(row[type === 'PROCEDURE' ? 'Create Procedure' : 'Create Function']);
    }
  } finally {
    await conn.end();
  }
}

export async function dropDatabase(url: string): Promise<void> {
  const { database, ...server } = parseDatabaseUrl(url);
  const conn = await mariadb.createConnection(server);
  try {
    await conn.query(`DROP DATABASE IF EXISTS ${quote(database)}`);
  } finally {
    await conn.end();
  }
}

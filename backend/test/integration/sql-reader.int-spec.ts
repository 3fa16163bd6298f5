import * as mariadb from 'mariadb';
import { SqlReader } from '../../src/common/prisma/sql-reader.service';
import type { AppConfig } from '../../src/config/app-config';
import { parseDatabaseUrl } from '../../src/database/migrator';
import { TEST_DB_ENV } from '../helpers/test-env';

// The per-request reads share a few pipelined connections (see SqlReader); these run them on MariaDB.
const url = () => process.env[TEST_DB_ENV]!;
const readerFor = (databaseUrl: string) =>
  new SqlReader({ env: { DATABASE_URL: databaseUrl } } as unknown as AppConfig);

describe('SqlReader', () => {
  let reader: SqlReader;
  beforeEach(() => {
    reader = readerFor(url());
  });
  afterEach(() => reader.onModuleDestroy());

  it('answers many concurrent reads, each with its own rows, over at most four connections', async () => {
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        reader.rows<{ n: number; conn: number | bigint }>(
          'SELECT ? + 0 AS n, CONNECTION_ID() AS conn',
          [i],
        ),
      ),
    );
    expect(answers.map(([row]) => Number(row.n))).toEqual(Array.from({ length: 200 }, (_, i) => i));
    const connections = new Set(answers.map(([row]) => Number(row.conn)));
    expect(connections.size).toBeGreaterThan(1);
    expect(connections.size).toBeLessThanOrEqual(4);
  });

  it('fails only the statement in error; reads in flight beside it are answered', async () => {
    const results = await Promise.allSettled([
      reader.rows('SELECT 1 AS ok', []),
      reader.rows('SELECT * FROM NoSuchTable', []),
      reader.rows('SELECT 2 AS ok', []),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason.message).toMatch(/NoSuchTable/);
    expect(await reader.rows('SELECT 3 AS ok', [])).toEqual([{ ok: 3 }]);
  });

  it('replaces a connection the server killed, without failing the next read', async () => {
    const ids = async () => {
      const rows = await Promise.all(
        Array.from({ length: 20 }, () =>
          reader.rows<{ id: number | bigint }>('SELECT CONNECTION_ID() AS id', []),
        ),
      );
      return new Set(rows.map(([r]) => Number(r.id)));
    };
    const before = await ids();
    const admin = await mariadb.createConnection(parseDatabaseUrl(url()));
    try {
      for (const id of before) await admin.query(`KILL CONNECTION ${id}`);
    } finally {
      await admin.end();
    }
    const after = await ids();
    for (const id of after) expect(before.has(id)).toBe(false);
  });

  it('reads on after its connection is killed again and again, then keeps the new one', async () => {
    const connectionId = async () =>
      Number((await reader.rows<{ id: bigint }>('SELECT CONNECTION_ID() AS id', []))[0].id);
    const admin = await mariadb.createConnection(parseDatabaseUrl(url()));
    try {
      let id = await connectionId();
      for (let round = 0; round < 3; round++) {
        await admin.query(`KILL CONNECTION ${id}`);
        const next = await connectionId();
        expect(next).not.toBe(id);
        id = next;
      }
      expect(await connectionId()).toBe(id);
    } finally {
      await admin.end();
    }
  });

  it('rejects promptly while the database is unreachable', async () => {
    const down = readerFor('mysql://root@127.0.0.1:1/nowhere');
    try {
      const started = Date.now();
      await expect(down.rows('SELECT 1', [])).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await down.onModuleDestroy();
    }
  });
});

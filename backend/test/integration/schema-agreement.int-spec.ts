import * as mariadb from 'mariadb';
import { parseDatabaseUrl } from '../../src/database/migrator';
import { Prisma } from '../../src/generated/prisma/client';
import { readExpectedSchema, type ExpectedTable } from '../helpers/prisma-schema';
import { TEST_DB_ENV } from '../helpers/test-env';

// The migrations under prisma/migrations (applied by globalSetup) must build exactly what schema.prisma
// describes; otherwise the Prisma client and the database disagree at run time.

interface Col {
  COLUMN_NAME: string;
  DATA_TYPE: string;
  COLUMN_TYPE: string;
  CHARACTER_MAXIMUM_LENGTH: number | bigint | null;
  IS_NULLABLE: string;
  COLUMN_DEFAULT: string | null;
  CHECK_JSON: number | bigint;
}

function normDefault(v: string | null): string | null {
  if (v === null || v === 'NULL') return null;
  return v.replace(/^'(.*)'$/, '$1').toLowerCase();
}

describe('schema.prisma and the migrated database agree', () => {
  let conn: mariadb.Connection;
  let db: string;
  const expected = readExpectedSchema();

  beforeAll(async () => {
    const { database, ...server } = parseDatabaseUrl(process.env[TEST_DB_ENV]!);
    db = database;
    conn = await mariadb.createConnection({ ...server, database });
  });
  afterAll(() => conn.end());

  it('the schema reader sees the same models and fields as the generated client', () => {
    const names = expected.map((t) => t.name).sort();
    expect(names).toEqual(Object.values(Prisma.ModelName).sort());
    const ns = Prisma as unknown as Record<string, Record<string, string>>;
    for (const t of expected) {
      const fields = Object.values(ns[`${t.name}ScalarFieldEnum`]).sort();
      expect({ table: t.name, fields: t.columns.map((c) => c.name).sort() }).toEqual({
        table: t.name,
        fields,
      });
    }
  });

  it('has exactly the tables of the schema', async () => {
    const rows = await conn.query<{ TABLE_NAME: string }[]>(
      "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME <> '_prisma_migrations'",
      [db],
    );
    expect(rows.map((r) => r.TABLE_NAME).sort()).toEqual(expected.map((t) => t.name).sort());
  });

  describe.each(expected.map((t) => [t.name, t] as [string, ExpectedTable]))(
    '%s',
    (_name, table) => {
      it('columns: types, lengths, nullability, defaults', async () => {
        const rows = await conn.query<Col[]>(
          `SELECT c.COLUMN_NAME, c.DATA_TYPE, c.COLUMN_TYPE, c.CHARACTER_MAXIMUM_LENGTH, c.IS_NULLABLE,
                c.COLUMN_DEFAULT,
                (SELECT COUNT(*) FROM information_schema.CHECK_CONSTRAINTS k
                  WHERE k.CONSTRAINT_SCHEMA = c.TABLE_SCHEMA AND k.TABLE_NAME = c.TABLE_NAME
                    AND k.CHECK_CLAUSE LIKE CONCAT('%json_valid(', CHAR(96), c.COLUMN_NAME, CHAR(96), ')%')) AS CHECK_JSON
           FROM information_schema.COLUMNS c WHERE c.TABLE_SCHEMA = ? AND c.TABLE_NAME = ?
           ORDER BY c.ORDINAL_POSITION`,
          [db, table.name],
        );
        const actual = rows.map((r) => {
          // MariaDB stores JSON as LONGTEXT + json_valid() check.
          const isJson =
            r.DATA_TYPE === 'json' || (r.DATA_TYPE === 'longtext' && Number(r.CHECK_JSON) > 0);
          return {
            name: r.COLUMN_NAME,
            dataType: isJson ? 'json' : r.DATA_TYPE,
            length:
              r.DATA_TYPE === 'char' || r.DATA_TYPE === 'varchar'
                ? Number(r.CHARACTER_MAXIMUM_LENGTH)
                : null,
            enumValues:
              r.DATA_TYPE === 'enum'
                ? [...r.COLUMN_TYPE.matchAll(/'([^']*)'/g)].map((m) => m[1])
                : null,
            nullable: r.IS_NULLABLE === 'YES',
            default: normDefault(r.COLUMN_DEFAULT),
          };
        });
        const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
        expect(actual.sort(byName)).toEqual([...table.columns].sort(byName));
      });

      it('primary key, unique and plain indexes', async () => {
        const rows = await conn.query<
          { INDEX_NAME: string; NON_UNIQUE: number | bigint; COLUMN_NAME: string }[]
        >(
          `SELECT INDEX_NAME, NON_UNIQUE, COLUMN_NAME FROM information_schema.STATISTICS
          WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY INDEX_NAME, SEQ_IN_INDEX`,
          [db, table.name],
        );
        const indexes = new Map<string, { name: string; unique: boolean; columns: string[] }>();
        for (const r of rows) {
          const i = indexes.get(r.INDEX_NAME) ?? {
            name: r.INDEX_NAME,
            unique: Number(r.NON_UNIQUE) === 0,
            columns: [],
          };
          i.columns.push(r.COLUMN_NAME);
          indexes.set(r.INDEX_NAME, i);
        }
        expect(indexes.get('PRIMARY')?.columns).toEqual(table.primaryKey);
        indexes.delete('PRIMARY');
        const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
        expect([...indexes.values()].sort(byName)).toEqual([...table.indexes].sort(byName));
      });

      it('foreign keys with their referential actions', async () => {
        const rows = await conn.query<
          {
            CONSTRAINT_NAME: string;
            COLUMN_NAME: string;
            REFERENCED_TABLE_NAME: string;
            REFERENCED_COLUMN_NAME: string;
            UPDATE_RULE: string;
            DELETE_RULE: string;
          }[]
        >(
          `SELECT k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME,
                r.UPDATE_RULE, r.DELETE_RULE
           FROM information_schema.KEY_COLUMN_USAGE k
           JOIN information_schema.REFERENTIAL_CONSTRAINTS r
             ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME
          WHERE k.TABLE_SCHEMA = ? AND k.TABLE_NAME = ? AND k.REFERENCED_TABLE_NAME IS NOT NULL
          ORDER BY k.CONSTRAINT_NAME, k.ORDINAL_POSITION`,
          [db, table.name],
        );
        const fks = new Map<string, ExpectedTable['foreignKeys'][number]>();
        for (const r of rows) {
          const fk = fks.get(r.CONSTRAINT_NAME) ?? {
            name: r.CONSTRAINT_NAME,
            columns: [],
            refTable: r.REFERENCED_TABLE_NAME,
            refColumns: [],
            onDelete: r.DELETE_RULE,
            onUpdate: r.UPDATE_RULE,
          };
          fk.columns.push(r.COLUMN_NAME);
          fk.refColumns.push(r.REFERENCED_COLUMN_NAME);
          fks.set(r.CONSTRAINT_NAME, fk);
        }
        const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
        expect([...fks.values()].sort(byName)).toEqual([...table.foreignKeys].sort(byName));
      });
    },
  );
});

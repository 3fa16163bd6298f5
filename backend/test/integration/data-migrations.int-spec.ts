import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as mariadb from 'mariadb';
import {
  DEFAULT_MIGRATIONS_DIR,
  migrate,
  parseDatabaseUrl,
  readMigrations,
} from '../../src/database/migrator';
import { randomSuffix, serverUrl, withDatabase } from '../helpers/test-env';

const MOVE = '20261206100000_move_template_companies';

// Migrations that move data, run through the project's own migrator as an upgrade would: template
// allow-lists leave a JSON column for the VmTemplateCompany join table, and API keys keep the rights
// that moved into permissions of their own.
describe('data migrations', () => {
  const url = withDatabase(serverUrl(), `mp_test_tplmig_${randomSuffix()}`);
  const { database, ...server } = parseDatabaseUrl(url);
  let conn: mariadb.Connection;
  let before: string;
  let all: string;

  beforeAll(async () => {
    before = mkdtempSync(join(tmpdir(), 'mp-mig-before-'));
    all = mkdtempSync(join(tmpdir(), 'mp-mig-all-'));
    cpSync(DEFAULT_MIGRATIONS_DIR, all, { recursive: true });
    for (const m of readMigrations(all).filter((m) => m.name < MOVE)) {
      cpSync(join(all, m.name), join(before, m.name), { recursive: true });
    }
    conn = await mariadb.createConnection(server);
  });
  afterAll(async () => {
    await conn.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await conn.end();
    rmSync(before, { recursive: true, force: true });
    rmSync(all, { recursive: true, force: true });
  });

  it('keeps every allowed company that still exists, once, and API keys their rights', async () => {
    await migrate({ databaseUrl: url, migrationsDir: before });
    await conn.query(`USE \`${database}\``);
    await conn.query(
      "INSERT INTO Company (id, name, slug, updatedAt) VALUES ('c-1', 'One', 'one', NOW(3)), ('c-2', 'Two', 'two', NOW(3))",
    );
    const tpl = (id: string, vmid: number, allowed: string) =>
      conn.query(
        `INSERT INTO VmTemplate (id, clusterId, node, vmid, kind, name, allowedCompanyIds, updatedAt)
         VALUES (?, 'cl-1', 'pve1', ?, 'qemu', ?, ?, NOW(3))`,
        [id, vmid, `tpl-${vmid}`, allowed],
      );
    await tpl('t-1', 9000, '["c-1","c-2","deleted-company"]');
    await tpl('t-2', 9001, '[]');
    await tpl('t-3', 9002, '["c-2","c-2"]');
    await conn.query(
      "INSERT INTO User (id, email, name, role, companyId, updatedAt) VALUES ('u-1', 'a@x.test', 'A', 'company_admin', 'c-1', NOW(3))",
    );
    const key = (id: string, perms: string[]) =>
      conn.query(
        "INSERT INTO ApiKey (id, userId, name, prefix, keyHash, permissions) VALUES (?, 'u-1', ?, ?, REPEAT('0', 64), ?)",
        [id, id, `mpk_${id}`, JSON.stringify(perms)],
      );
    await key('k-1', ['vm.read', 'vm.update', 'vm.create']);
    await key('k-2', ['vm.read']);

    const { applied } = await migrate({ databaseUrl: url, migrationsDir: all });
    expect(applied).toContain(MOVE);
    const rows = await conn.query<Array<{ templateId: string; companyId: string }>>(
      'SELECT templateId, companyId FROM VmTemplateCompany ORDER BY templateId, companyId',
    );
    expect(rows.map((r) => ({ ...r }))).toEqual([
      { templateId: 't-1', companyId: 'c-1' },
      { templateId: 't-1', companyId: 'c-2' },
      { templateId: 't-3', companyId: 'c-2' },
    ]);
    const cols = await conn.query<Array<{ c: string }>>(
      "SELECT COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'VmTemplate' AND COLUMN_NAME = 'allowedCompanyIds'",
      [database],
    );
    expect(cols).toHaveLength(0);
    const keys = await conn.query<Array<{ id: string; permissions: string | string[] }>>(
      'SELECT id, permissions FROM ApiKey ORDER BY id',
    );
    const list = (v: string | string[]) =>
      typeof v === 'string' ? (JSON.parse(v) as string[]) : v;
    const perms = Object.fromEntries(keys.map((k) => [k.id, [...list(k.permissions)].sort()]));
    expect(perms).toEqual({
      'k-1': ['quota.request', 'vm.create', 'vm.migrate', 'vm.read', 'vm.template', 'vm.update'],
      'k-2': ['vm.read'],
    });
    // A deleted company takes its template links with it.
    await conn.query("DELETE FROM User WHERE id = 'u-1'");
    await conn.query("DELETE FROM Company WHERE id = 'c-1'");
    const [{ n }] = await conn.query<Array<{ n: bigint }>>(
      "SELECT COUNT(*) AS n FROM VmTemplateCompany WHERE companyId = 'c-1'",
    );
    expect(Number(n)).toBe(0);
  });
});

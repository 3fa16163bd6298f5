import * as mariadb from 'mariadb';
import { SqlReader } from '../../src/common/prisma/sql-reader.service';
import { parseDatabaseUrl } from '../../src/database/migrator';
import { testConfig } from '../helpers/test-context';

/**
 * SqlReader's own connections (prepared reads outside Prisma) after MariaDB killed them: the next
 * read answers from a fresh connection instead of being written to the dead socket again.
 */
describe('SqlReader after its connection was killed (integration)', () => {
  const config = testConfig();
  const reader = new SqlReader(config);
  let admin: mariadb.Connection;

  beforeAll(async () => {
    const { database: _db, ...server } = parseDatabaseUrl(config.env.DATABASE_URL);
    admin = await mariadb.createConnection(server);
  });
  afterAll(async () => {
    await reader.onModuleDestroy();
    await admin?.end();
  });

  const connectionId = async () =>
    Number((await reader.rows<{ id: bigint }>('SELECT CONNECTION_ID() AS id', []))[0].id);

  it('reads again on a new connection, every time it is killed', async () => {
    let id = await connectionId();
    for (let round = 0; round < 3; round++) {
      await admin.query(`KILL ${id}`);
      const next = await connectionId();
      expect(next).not.toBe(id);
      id = next;
    }
    // and keeps that connection for the reads after it
    expect(await connectionId()).toBe(id);
  });
});

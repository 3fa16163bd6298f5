import Redis from 'ioredis';
import * as mariadb from 'mariadb';
import { parseDatabaseUrl } from '../../src/database/migrator';
import { redisOptions } from '../../src/common/redis/redis.service';
import { runRedisPrefix, serverUrl, TEST_RUN_ENV, withDatabase } from './test-env';

/** Drops the run's template and every worker's database, and deletes the workers' Redis keys. */
export default async function globalTeardown(): Promise<void> {
  const run = process.env[TEST_RUN_ENV];
  if (!run) return;
  const { database: _none, ...server } = parseDatabaseUrl(withDatabase(serverUrl(), run));
  const conn = await mariadb.createConnection(server);
  const workersLike = `${run.replace(/_/g, '\\_')}\\_w%`;
  const databases = await conn.query<{ name: string }[]>(
    'SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ? OR SCHEMA_NAME LIKE ?',
    [run, workersLike],
  );
  for (const { name } of databases) {
    // A connection some suite left open (or mid-transaction) would make DROP wait on its metadata lock.
    const stale = await conn.query<{ ID: number | bigint }[]>(
      'SELECT ID FROM information_schema.PROCESSLIST WHERE DB = ? AND ID <> CONNECTION_ID()',
      [name],
    );
    for (const { ID } of stale) await conn.query(`KILL ${Number(ID)}`).catch(() => undefined);
    await conn.query('SET SESSION lock_wait_timeout = 30');
    await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
  }
  await conn.end();
  const redis = new Redis(redisOptions(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'));
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${runRedisPrefix(run)}*`, 'COUNT', 500);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  redis.disconnect();
}

import Redis from 'ioredis';
import * as mariadb from 'mariadb';
import { parseDatabaseUrl } from '../../src/database/migrator';
import { redisOptions } from '../../src/common/redis/redis.service';
import { TEST_DB_ENV, TEST_PREFIX_ENV } from './test-env';

export default async function globalTeardown(): Promise<void> {
  const url = process.env[TEST_DB_ENV];
  if (url) {
    const { database, ...server } = parseDatabaseUrl(url);
    const conn = await mariadb.createConnection(server);
    // A connection some suite left open (or mid-transaction) would make DROP wait on its metadata lock.
    const stale = await conn.query<{ ID: number | bigint }[]>(
      'SELECT ID FROM information_schema.PROCESSLIST WHERE DB = ? AND ID <> CONNECTION_ID()',
      [database],
    );
    for (const { ID } of stale) await conn.query(`KILL ${Number(ID)}`).catch(() => undefined);
    await conn.query('SET SESSION lock_wait_timeout = 30');
    await conn.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await conn.end();
  }
  const prefix = process.env[TEST_PREFIX_ENV];
  if (prefix) {
    const redis = new Redis(redisOptions(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'));
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    redis.disconnect();
  }
}

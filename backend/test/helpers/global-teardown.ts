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

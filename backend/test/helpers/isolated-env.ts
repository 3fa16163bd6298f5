import Redis from 'ioredis';
import { redisOptions } from '../../src/common/redis/redis.service';
import { copyDatabase, dropDatabase, templateUrl } from './template-db';
import { randomSuffix, serverUrl, withDatabase } from './test-env';

/** Deletes every Redis key under `prefix`, as a Redis restart without persistence would. */
export async function deleteRedisKeys(prefix: string): Promise<number> {
  const redis = new Redis(redisOptions(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'));
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length) deleted += await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}

/**
 * An own database and Redis prefix for a suite whose workers must not see (or be seen by) the
 * other suites of the run: schedulers, recovery and background syncs act on everything they find.
 * The database is a copy of the run's migrated template.
 */
export async function isolatedEnv(label: string) {
  const suffix = randomSuffix();
  const url = withDatabase(serverUrl(), `mp_test_${label}_${suffix}`);
  await copyDatabase(templateUrl(), url);
  const prefix = `mp-test-${label}-${suffix}`;
  return {
    env: { DATABASE_URL: url, REDIS_PREFIX: prefix },
    prefix,
    async drop() {
      await dropDatabase(url);
      await deleteRedisKeys(prefix);
    },
  };
}

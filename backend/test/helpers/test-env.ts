import { randomBytes } from 'node:crypto';

// Shared between globalSetup (parent process) and the test workers via environment variables.
export const TEST_DB_ENV = 'MP_TEST_DATABASE_URL';
export const TEST_PREFIX_ENV = 'MP_TEST_REDIS_PREFIX';
/** The run's name (`mp_test_<suffix>`): its template database, and the prefix of every worker's. */
export const TEST_RUN_ENV = 'MP_TEST_RUN';

export function serverUrl(): string {
  // Any database named in TEST_DATABASE_URL is ignored: each run gets its own.
  return process.env.TEST_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306';
}

export function withDatabase(server: string, db: string): string {
  const u = new URL(server);
  u.pathname = `/${db}`;
  return u.toString();
}

export function randomSuffix(): string {
  return `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

/** The start of every Redis key of `run`'s workers. */
export const runRedisPrefix = (run: string) => `${run.replace(/_/g, '-')}-w`;

/** The database and Redis prefix of jest worker `worker` (JEST_WORKER_ID, 1 when in band) in `run`. */
export function workerDatabase(run: string, worker: string): { url: string; prefix: string } {
  return {
    url: withDatabase(serverUrl(), `${run}_w${worker}`),
    prefix: `${runRedisPrefix(run)}${worker}`,
  };
}

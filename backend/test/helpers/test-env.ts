import { randomBytes } from 'node:crypto';

// Shared between globalSetup (parent process) and the test workers via environment variables.
export const TEST_DB_ENV = 'MP_TEST_DATABASE_URL';
export const TEST_PREFIX_ENV = 'MP_TEST_REDIS_PREFIX';

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

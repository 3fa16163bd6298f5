import { migrate } from '../../src/database/migrator';
import { randomSuffix, serverUrl, TEST_DB_ENV, TEST_PREFIX_ENV, withDatabase } from './test-env';

// One throwaway database and Redis prefix per `jest` run, so parallel runs never collide.
export default async function globalSetup(): Promise<void> {
  const suffix = randomSuffix();
  const url = withDatabase(serverUrl(), `mp_test_${suffix}`);
  await migrate({ databaseUrl: url });
  process.env[TEST_DB_ENV] = url;
  process.env[TEST_PREFIX_ENV] = `mp-test-${suffix}`;
}

import { migrate } from '../../src/database/migrator';
import { copyDatabase, TEMPLATE_DB_ENV } from './template-db';
import { randomSuffix, serverUrl, TEST_RUN_ENV, withDatabase, workerDatabase } from './test-env';

// One throwaway template database and Redis prefix per `jest` run, so parallel runs never collide; each
// jest worker gets a copy of the template (jest-setup.ts picks it), so that files running at once never
// share rows, jobs or schedulers, as when every file ran in one process.
export default async function globalSetup(globalConfig: { maxWorkers: number }): Promise<void> {
  const run = `mp_test_${randomSuffix()}`;
  const template = withDatabase(serverUrl(), run);
  await migrate({ databaseUrl: template });
  for (let worker = 1; worker <= Math.max(1, globalConfig.maxWorkers); worker++)
    await copyDatabase(template, workerDatabase(run, String(worker)).url);
  process.env[TEMPLATE_DB_ENV] = template;
  process.env[TEST_RUN_ENV] = run;
}

import { TEST_DB_ENV, TEST_PREFIX_ENV, TEST_RUN_ENV, workerDatabase } from './test-env';

// Integration tests talk to real MariaDB/Redis; allow for a slow CI machine.
jest.setTimeout(30000);

// This worker's own database and Redis prefix (global-setup.ts made one per worker).
const run = process.env[TEST_RUN_ENV];
if (!run) throw new Error('integration globalSetup did not run');
const own = workerDatabase(run, process.env.JEST_WORKER_ID ?? '1');
process.env[TEST_DB_ENV] = own.url;
process.env[TEST_PREFIX_ENV] = own.prefix;

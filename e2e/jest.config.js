// Browser tests: playwright-core driving Debian's Chromium against a running platform.
// `npm test` boots the platform and passes E2E_BASE_URL; run alone with E2E_BASE_URL=http://127.0.0.1:8080.
/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.e2e.ts'],
  transform: { '^.+\\.tsx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  testTimeout: 90000,
  maxWorkers: 1,
};

// Browser tests: playwright-core driving Debian's Chromium against a running platform.
// `npm test` boots the platform and passes E2E_BASE_URL; run alone with E2E_BASE_URL=http://127.0.0.1:8080.
/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.e2e.ts'],
  transform: { '^.+\\.tsx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  // One Chromium for the run; each file connects to it (e2e/support/browser.ts launchBrowser).
  globalSetup: '<rootDir>/support/global-setup.ts',
  globalTeardown: '<rootDir>/support/global-teardown.ts',
  // generous: CI's 2 cores also run the backend and SPA suites meanwhile
  testTimeout: 180000,
  maxWorkers: 1,
};

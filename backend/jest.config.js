// Two projects: unit specs beside the code (src/**/*.spec.ts) and the integration tier on real MariaDB +
// Redis (test/**/*.int-spec.ts) with a throwaway database per run. `jest --selectProjects unit` runs one.
const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
    },
    module: { type: 'commonjs' },
  },
];

const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)s$': swc },
  // ESM-only packages (Node 20.19+ loads them via require(esm); jest needs them compiled).
  transformIgnorePatterns: ['/node_modules/(?!(jose|openid-client|oauth4webapi)/)'],
  moduleNameMapper: {
    '^@multpanel/contracts$': '<rootDir>/../contracts/src',
    '^@multpanel/simulator$': '<rootDir>/../simulator/src',
  },
};

module.exports = {
  // A full parallel run of every suite was seen to leave a handle open after the summary (not
  // reproducible per suite); never let `npm test` hang on it.
  forceExit: true,
  // A worker whose heap is still this large after a file is replaced: a process that ran ~90 files grew
  // past Node's heap limit. Only with workers (in band, one process runs every file).
  workerIdleMemoryLimit: '1GB',
  // CPU per test file beside the wall time (JEST_CPU_REPORT=file.json; npm test prints the costliest).
  reporters: ['default', '<rootDir>/test/helpers/cpu-reporter.js'],
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/test/helpers/global-setup.ts',
      globalTeardown: '<rootDir>/test/helpers/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/helpers/jest-setup.ts'],
      slowTestThreshold: 10,
    },
  ],
};

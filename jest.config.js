// Three projects by file suffix: unit (pure), int (real PostgreSQL), e2e (HTTP).
const moduleNameMapper = {
  '^@journey/event-store/testing$': '<rootDir>/libs/event-store/test',
  '^@journey/(contracts|events|domain|event-store|read-models|metrics|postgres|records)$':
    '<rootDir>/libs/$1/src',
};
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
};
const base = {
  rootDir: __dirname,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform,
  moduleNameMapper,
  setupFiles: ['<rootDir>/test/setup-logging.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.data/'],
};

/**
 * End-to-end tests that measure latency or memory while under abuse (the chaos suite's /health
 * within 100 ms, ingestion latency beside 500 stuck streams): a test in the other worker would
 * skew what they measure, so they run by themselves.
 */
const ALONE = ['friction-stream-limits.e2e-spec.ts', 'chaos.e2e-spec.ts'];

/** @type {import('jest').Config} */
module.exports = {
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
  // Two workers on the 2-core host: most tests wait on PostgreSQL, HTTP or a projector, so the
  // second worker fills those waits. Each worker has a PostgreSQL server of its own (global-setup).
  maxWorkers: 2,
  // A global option (projects ignore it): int and e2e tests start servers and processes.
  testTimeout: 120000,
  // PostgreSQL is started once for the whole run (or DATABASE_URL is used).
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  transform,
  moduleNameMapper,
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/**/*.spec.ts'] },
    { ...base, displayName: 'int', testMatch: ['<rootDir>/**/*.int-spec.ts'] },
    {
      ...base,
      displayName: 'e2e',
      testMatch: ['<rootDir>/**/*.e2e-spec.ts'],
      testPathIgnorePatterns: [...base.testPathIgnorePatterns, ...ALONE],
    },
    // npm test runs these after the others, one at a time (scripts/run-tests.js).
    { ...base, displayName: 'alone', testMatch: ALONE.map((f) => `<rootDir>/**/${f}`) },
  ],
};

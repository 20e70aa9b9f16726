/** Jest runs TypeScript through SWC; times are pinned to UTC so nothing depends on the machine's zone. */
process.env.TZ = 'UTC'
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic' } }, target: 'es2021' } }]
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)sx?$': swc },
  moduleNameMapper: { '^@/(.*)$': '<rootDir>/src/$1' },
  testMatch: ['<rootDir>/tests/**/*.test.ts'],
  // tests/e2e (browser flows) and tests/weapp (the built mini-program) need builds: their own configs.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/tests/e2e/', '<rootDir>/tests/weapp/'],
  // The CloudBase contract runs go through the real SDK over HTTP; under a full parallel run they are slow.
  testTimeout: 120000,
  // One throwaway PostgreSQL server for the run (the PostgreSQL contract adapter), stopped at its end.
  globalSetup: '<rootDir>/tests/support/pg-global-setup.ts',
  globalTeardown: '<rootDir>/tests/support/pg-global-teardown.ts',
}

/** The weapp runtime harness: jest loads the built mini-program (dist/weapp) and drives it in Node. Needs the build. */
const base = require('./jest.config')
module.exports = {
  ...base,
  testMatch: ['<rootDir>/tests/weapp/**/*.weapp.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  // One seeded database for the run; each test's cloud copies it.
  globalSetup: '<rootDir>/tests/weapp/harness/global-setup.ts',
  testTimeout: 60000,
}

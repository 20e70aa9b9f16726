/** Browser flows: Playwright (playwright-core) driving Debian's Chromium against the real local server. */
const base = require('./jest.config')
module.exports = {
  ...base,
  testMatch: ['<rootDir>/tests/e2e/**/*.e2e.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 120000,
  maxWorkers: 1,
}

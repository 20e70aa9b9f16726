// `npm test`: unit, contract and handler tests (jest; the contract suite also on a throwaway PostgreSQL
// server that jest's globalSetup starts), the weapp build with its size check and the weapp
// runtime harness (jest driving the built mini-program in Node), then the browser flows (Playwright in
// Debian's Chromium) against the H5 build served by the real local server.
// First installs what is missing (node modules; Chromium and CJK fonts; Debian's PostgreSQL server), so it
// works on a fresh clone.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import { ensureBrowser, ensureNodeModules, ensurePostgres, ROOT } from './ensure.mjs'

process.chdir(ROOT)
ensureNodeModules()
ensureBrowser()
ensurePostgres()
fs.mkdirSync('.tmp', { recursive: true })
const reports = ['.tmp/jest-unit.json', '.tmp/jest-weapp.json', '.tmp/jest-e2e.json']
reports.forEach((f) => fs.rmSync(f, { force: true }))

const steps = [
  ['jest: domain, contract (SQLite, CloudBase through wx-server-sdk on a local server, PostgreSQL 15 on a throwaway server), cloud functions, HTTP gateway', 'npx', ['jest', '--json', `--outputFile=${reports[0]}`]],
  ['typecheck', 'npx', ['tsc', '-p', '.', '--noEmit']],
  ['weapp production build', 'npx', ['taro', 'build', '--type', 'weapp'], { NODE_ENV: 'production' }],
  ['weapp main-package size check', 'node', ['scripts/check-weapp-size.mjs']],
  ['weapp runtime harness (jest)', 'npx', ['jest', '-c', 'jest.weapp.config.js', '--json', `--outputFile=${reports[1]}`]],
  ['H5 production build', 'npx', ['taro', 'build', '--type', 'h5'], { NODE_ENV: 'production' }],
  ['local server bundle', 'node', ['scripts/build-server.mjs']],
  // Every benchmark at a small size, so one that breaks (a refused request, a broken invariant) fails CI;
  // figures short of their goals are printed as BENCH … short, not fatal. The full run is `npm run bench`.
  ['benchmarks (npm run bench -- --quick)', 'node', ['scripts/bench.mjs', '--quick']],
  ['browser flows (Playwright + Chromium)', 'npx', ['jest', '-c', 'jest.e2e.config.js', '--json', `--outputFile=${reports[2]}`]],
]

for (const [name, cmd, args, env] of steps) {
  console.log(`\n=== ${name}`)
  const t0 = Date.now()
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...(env ?? {}) } })
  if (r.status !== 0) {
    console.error(`\n✗ ${name} failed (exit ${r.status})`)
    process.exit(r.status ?? 1)
  }
  console.log(`✓ ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`)
}

// One closing line over the jest runs, in the plain form CI reads.
let passed = 0
let failed = 0
for (const f of reports) {
  const r = JSON.parse(fs.readFileSync(f, 'utf8'))
  passed += r.numPassedTests
  failed += r.numFailedTests
}
console.log(`\ntests: ${passed} passed, ${failed} failed`)
process.exit(failed === 0 ? 0 : 1)

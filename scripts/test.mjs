// `npm test`: unit, contract and handler tests (jest), the weapp build with its size check, then the
// browser flows (Playwright in Debian's Chromium) against the H5 build served by the real local server.
import { spawnSync } from 'node:child_process'

const steps = [
  ['jest: domain, contract (SQLite + CloudBase stand-in), cloud functions, HTTP gateway', 'npx', ['jest']],
  ['typecheck', 'npx', ['tsc', '-p', '.', '--noEmit']],
  ['weapp production build', 'npx', ['taro', 'build', '--type', 'weapp'], { NODE_ENV: 'production' }],
  ['weapp main-package size check', 'node', ['scripts/check-weapp-size.mjs']],
  ['H5 production build', 'npx', ['taro', 'build', '--type', 'h5'], { NODE_ENV: 'production' }],
  ['local server bundle', 'node', ['scripts/build-server.mjs']],
  ['browser flows (Playwright + Chromium)', 'npx', ['jest', '-c', 'jest.e2e.config.js']],
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

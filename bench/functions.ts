// Cloud-function bundles: each function's index.js as deployed (scripts/build-functions.mjs into a
// temporary folder) and its cold `require` in a fresh Node process, wx-server-sdk included, which is
// what a cold start of the function pays before it answers. Goals: ≤ 500 KB and ≤ 150 ms each.
import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { bench, requireInvariants, size } from './lib/report'

const ROOT = process.cwd()
const RUNS = size(5, 2)
const GOAL_KB = 500
const GOAL_MS = 150

/** Milliseconds to require `file` in a fresh Node, the best of RUNS (the first pays the disk cache). */
function coldRequireMs(file: string): number {
  let best = Infinity
  for (let i = 0; i < RUNS; i++) {
    const r = spawnSync(process.execPath, ['-e', `const t=process.hrtime.bigint();require(${JSON.stringify(file)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`], {
      encoding: 'utf8',
      env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules'), TENCENTCLOUD: 'true' },
    })
    if (r.status !== 0) throw new Error(`require(${file}) failed: ${r.stderr}`)
    best = Math.min(best, Number(r.stdout))
  }
  return best
}

function main() {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'kepu-fn-bench-'))
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/build-functions.mjs'), '--out', out], { stdio: 'ignore' })
  const names = fs.readdirSync(out).filter((n) => fs.existsSync(path.join(out, n, 'index.js'))).sort()
  const rows = names.map((name) => {
    const file = path.join(out, name, 'index.js')
    return { name, kb: +(fs.statSync(file).size / 1024).toFixed(1), requireMs: +coldRequireMs(file).toFixed(1) }
  })
  const bare = coldRequireMs(createRequire(path.join(ROOT, 'package.json')).resolve('wx-server-sdk'))
  console.log(JSON.stringify({ functions: rows, wxServerSdkAloneRequireMs: +bare.toFixed(1) }, null, 2))
  // The bundle's own share: the platform's wx-server-sdk is loaded by every function whatever it bundles.
  for (const r of rows) {
    const own = +Math.max(0, r.requireMs - bare).toFixed(1)
    bench(`function_${r.name}_bundle`, r.kb, 'KB', `<=${GOAL_KB}`, r.kb <= GOAL_KB)
    bench(`function_${r.name}_cold_require`, r.requireMs, 'ms', `<=${GOAL_MS}`, r.requireMs <= GOAL_MS)
    bench(`function_${r.name}_cold_require_beyond_sdk`, own, 'ms', `<=${GOAL_MS}`, own <= GOAL_MS)
  }
  fs.rmSync(out, { recursive: true, force: true })
  requireInvariants('function bundle benchmark', { 'no function was built': rows.length === 0 })
}

main()

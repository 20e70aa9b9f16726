// A stand-in for the Node runtime of a WeChat cloud function (SCF), for tests/cloudfunctions/deployed.test.ts.
// Started as `node scf-runtime.cjs <function folder>` (child_process.fork) with the function's
// environment (TENCENTCLOUD_RUNENV=SCF, TCB_ENV, credentials, TCB_CONTEXT_CNFG, its own variables).
// Like SCF it loads the folder's index.js once (cold start), then runs one invocation at a time: the
// caller's identity goes into the environment (WX_CONTEXT_KEYS, WX_OPENID, …), where wx-server-sdk's
// getWXContext() reads it, and into context.environment; main(event, context) runs and its result goes
// back as JSON. Messages: { id, event, wxContext } in, { id, ok, result | error } out.

'use strict'
const path = require('node:path')
const { randomBytes } = require('node:crypto')

const folder = path.resolve(process.argv[2])
const functionName = process.env.SCF_FUNCTIONNAME || path.basename(folder)
let main
try {
  main = require(path.join(folder, 'index.js')).main
  if (typeof main !== 'function') throw new Error(`${functionName}/index.js exports no main`)
} catch (err) {
  process.send({ ready: false, error: String(err && err.stack) })
  process.exit(1)
}

let previousKeys = []
let queue = Promise.resolve()

async function invoke({ id, event, wxContext }) {
  for (const k of previousKeys) delete process.env[k]
  previousKeys = Object.keys(wxContext)
  Object.assign(process.env, wxContext)
  const context = {
    callbackWaitsForEmptyEventLoop: false,
    memory_limit_in_mb: 256,
    time_limit_in_ms: 3000,
    request_id: randomBytes(16).toString('hex'),
    function_name: functionName,
    function_version: '$LATEST',
    namespace: process.env.SCF_NAMESPACE,
    environment: JSON.stringify({ ...wxContext, TCB_ENV: process.env.TCB_ENV, SCF_NAMESPACE: process.env.SCF_NAMESPACE }),
  }
  try {
    const result = await main(event, context)
    // What the platform returns is the JSON of the result.
    process.send({ id, ok: true, result: result === undefined ? null : JSON.parse(JSON.stringify(result)) })
  } catch (err) {
    process.send({ id, ok: false, error: String(err && err.stack) })
  }
}

process.on('message', (message) => {
  queue = queue.then(() => invoke(message))
})
process.on('disconnect', () => process.exit(0))
process.send({ ready: true })

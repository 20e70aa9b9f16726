// Cloud functions as WeChat deploys them, for tests: scripts/build-functions.mjs builds every folder
// (index.js, package.json, config.json) into a temporary directory; each folder gets a node_modules
// holding only what its package.json lists (links to this repository's installed packages, the real
// wx-server-sdk among them, as 云端安装依赖 would install); and each runs in a Node process of its own
// under tests/support/scf-runtime.cjs, with a cloud function's environment. The SDK reaches the local
// CloudBase server the way the platform points it at its service: TCB_CONTEXT_CNFG's URL, which
// @cloudbase/node-sdk's getServerInjectUrl() reads when no serviceUrl is configured.

import { execFileSync, fork, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Reply } from '../../src/handlers'
import { TEST_SECRET } from './cloudbase-sdk'

const ROOT = path.resolve(__dirname, '../..')
const RUNTIME = path.join(__dirname, 'scf-runtime.cjs')
const COLD_START_MS_MAX = 60_000

/** A built and installed copy of every function. */
export interface Deployment {
  readonly dir: string
  /** The folder of one function. */
  folder(name: string): string
  remove(): void
}

/** Builds all functions into a temporary directory and installs each folder's dependencies. */
export function deployFunctions(): Deployment {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kepu-deployed-'))
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build-functions.mjs'), '--out', dir], { cwd: ROOT, stdio: 'pipe' })
  for (const name of fs.readdirSync(dir)) {
    const folder = path.join(dir, name)
    const pkg = JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> }
    for (const dep of Object.keys(pkg.dependencies ?? {})) {
      const link = path.join(folder, 'node_modules', dep)
      fs.mkdirSync(path.dirname(link), { recursive: true })
      fs.symlinkSync(path.join(ROOT, 'node_modules', dep), link, 'dir')
    }
  }
  return { dir, folder: (name) => path.join(dir, name), remove: () => fs.rmSync(dir, { recursive: true, force: true }) }
}

/** Who calls: a mini-program user (their OPENID), or nobody (a timer trigger). */
export interface Caller {
  readonly openid?: string
  readonly appid?: string
}

/** One warm instance of a function. */
export interface FunctionInstance {
  readonly name: string
  readonly pid: number
  /** Invokes main(event, context) as the platform would for `caller`. */
  call(event: unknown, caller?: Caller): Promise<Reply>
  /** What the instance wrote to stderr (console.error of failed requests). */
  stderr(): string
  stop(): void
}

export interface FunctionEnvironment {
  /** The CloudBase environment id (TCB_ENV, SCF_NAMESPACE). */
  readonly envId: string
  /** The local server's serviceUrl (…/admin). */
  readonly serviceUrl: string
  /** The function's own environment variables (云函数配置 → 环境变量). */
  readonly variables?: Readonly<Record<string, string>>
}

/** The keys WeChat puts in WX_CONTEXT_KEYS for a call from the mini-program. */
const WX_CONTEXT_KEYS = ['WX_OPENID', 'WX_APPID', 'WX_UNIONID', 'WX_CLIENTIP', 'WX_CLIENTIPV6']
const APPID = 'wx0000000000000000'

function wxContextOf(caller: Caller): Record<string, string> {
  if (!caller.openid) return {}
  return { WX_CONTEXT_KEYS: WX_CONTEXT_KEYS.join(','), WX_OPENID: caller.openid, WX_APPID: caller.appid ?? APPID, WX_CLIENTIP: '127.0.0.1' }
}

/** Starts a function's instance (its cold start) in a fresh Node process. */
export function startFunction(deployment: Deployment, name: string, env: FunctionEnvironment): Promise<FunctionInstance> {
  const folder = deployment.folder(name)
  const child: ChildProcess = fork(RUNTIME, [folder], {
    cwd: folder,
    silent: true,
    // A cloud function's environment, not this process's.
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: folder,
      TENCENTCLOUD_RUNENV: 'SCF',
      TENCENTCLOUD_REGION: 'ap-shanghai',
      SCF_NAMESPACE: env.envId,
      SCF_FUNCTIONNAME: name,
      TCB_ENV: env.envId,
      TENCENTCLOUD_SECRETID: TEST_SECRET.secretId,
      TENCENTCLOUD_SECRETKEY: TEST_SECRET.secretKey,
      TENCENTCLOUD_SESSIONTOKEN: 'local-session-token',
      TCB_CONTEXT_CNFG: JSON.stringify({ URL: env.serviceUrl }),
      ...env.variables,
    },
  })
  let errors = ''
  child.stderr?.on('data', (d: Buffer) => (errors += d.toString('utf8')))
  child.stdout?.resume()
  const pending = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>()
  let next = 0
  child.on('message', (m: { id?: number; ok?: boolean; result?: Reply; error?: string }) => {
    if (m.id === undefined) return
    const p = pending.get(m.id)
    pending.delete(m.id)
    if (m.ok) p?.resolve(m.result as Reply)
    else p?.reject(new Error(`${name}: main threw: ${m.error}`))
  })
  child.on('exit', (code) => {
    for (const p of pending.values()) p.reject(new Error(`${name}: the instance exited (${code}) ${errors}`))
    pending.clear()
  })
  const instance: FunctionInstance = {
    name,
    pid: child.pid!,
    call: (event, caller = {}) =>
      new Promise<Reply>((resolve, reject) => {
        const id = next++
        pending.set(id, { resolve, reject })
        child.send({ id, event, wxContext: wxContextOf(caller) })
      }),
    stderr: () => errors,
    stop: () => {
      if (child.exitCode === null) child.kill()
    },
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name}: no cold start within ${COLD_START_MS_MAX} ms ${errors}`)), COLD_START_MS_MAX)
    child.once('message', (m: { ready?: boolean; error?: string }) => {
      clearTimeout(timer)
      if (m.ready) resolve(instance)
      else reject(new Error(`${name}: cold start failed: ${m.error}`))
    })
    child.once('error', reject)
  })
}

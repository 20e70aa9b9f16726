// One JavaScript realm per simulated device, standing in for WeChat's logic layer: a fresh `vm`
// context with the globals WeChat provides (wx, App, Page, Component, getApp, getCurrentPages,
// __wxConfig, timers), a CommonJS `require` over the build's files, and a record of what went wrong
// (errors thrown from timers and promises, console.error).

import fs from 'node:fs'
import path from 'node:path'
import vm from 'node:vm'

/** setTimeouts up to this long are waited for by `settle()`; longer ones (polls, code refresh) are not. */
export const SETTLE_TIMER_MAX_MS = 1000

const scripts = new Map<string, vm.Script>()

/**
 * Compiled once per file and process, run in every realm (compiling taro.js per test would dominate).
 * Named `weapp:///<path in the build>` in stack traces (and so jest prints no frame of minified code).
 */
function scriptFor(root: string, file: string): vm.Script {
  let s = scripts.get(file)
  if (!s) {
    const source = fs.readFileSync(file, 'utf8')
    s = new vm.Script(`(function (module, exports, require) {${source}\n})`, { filename: `weapp:///${path.relative(root, file).split(path.sep).join('/')}` })
    scripts.set(file, s)
  }
  return s
}

interface Timer {
  readonly handle: ReturnType<typeof setTimeout>
  readonly ms: number
  readonly repeat: boolean
}

export interface RealmGlobals {
  readonly wx: Record<string, unknown>
  App(config: Record<string, unknown>): void
  Page(config: Record<string, unknown>): void
  Component(config: Record<string, unknown>): void
  getApp(): unknown
  getCurrentPages(): unknown[]
  readonly __wxConfig: Record<string, unknown>
}

export class Realm {
  readonly context: vm.Context
  readonly errors: unknown[] = []
  readonly consoleErrors: string[] = []
  private readonly modules = new Map<string, { exports: unknown }>()
  private readonly timers = new Map<number, Timer>()
  private nextTimerId = 1
  private disposed = false
  private readonly json: JSON
  private readonly onRejection = (reason: unknown) => this.errors.push(reason)

  constructor(
    readonly root: string,
    globals: RealmGlobals,
    private readonly debug = !!process.env.WEAPP_HARNESS_DEBUG,
  ) {
    const realmConsole = {
      log: (...a: unknown[]) => this.debug && console.log('[weapp]', ...a),
      info: (...a: unknown[]) => this.debug && console.info('[weapp]', ...a),
      debug: () => {},
      warn: (...a: unknown[]) => this.debug && console.warn('[weapp]', ...a),
      error: (...a: unknown[]) => {
        this.consoleErrors.push(a.map((x) => (typeof x === 'object' && x !== null && 'stack' in x ? String((x as Error).stack) : String(x))).join(' '))
        if (this.debug) console.error('[weapp]', ...a)
      },
    }
    this.context = vm.createContext({
      ...globals,
      console: realmConsole,
      setTimeout: (fn: () => void, ms = 0, ...args: unknown[]) => this.addTimer(fn, ms, false, args),
      setInterval: (fn: () => void, ms = 0, ...args: unknown[]) => this.addTimer(fn, ms, true, args),
      clearTimeout: (id: number) => this.clearTimer(id),
      clearInterval: (id: number) => this.clearTimer(id),
      requirePlugin: (name: string) => {
        throw new Error(`requirePlugin: plugin ${name} is not declared`)
      },
    })
    this.json = vm.runInContext('JSON', this.context) as JSON
    // A rejection nobody handles is what WeChat reports as an unhandled promise rejection.
    process.on('unhandledRejection', this.onRejection)
  }

  /** Plain data copied into this realm, so the app sees its own Arrays and Objects. */
  toRealm<T>(value: T): T {
    return value === undefined ? value : (this.json.parse(JSON.stringify(value)) as T)
  }

  /** CommonJS require of a build file, relative to `from` (a file in the build) or to the build root. */
  require(request: string, from: string = path.join(this.root, 'app.js')): unknown {
    let file = path.resolve(path.dirname(from), request)
    if (!file.endsWith('.js')) file += '.js'
    if (!file.startsWith(this.root + path.sep)) throw new Error(`require of ${request} from ${from} leaves the build`)
    const cached = this.modules.get(file)
    if (cached) return cached.exports
    if (!fs.existsSync(file)) throw new Error(`module "${path.relative(this.root, file)}" is not defined (required from ${path.relative(this.root, from)})`)
    const module = { exports: {} as unknown }
    this.modules.set(file, module)
    const fn = scriptFor(this.root, file).runInContext(this.context) as (m: unknown, e: unknown, r: (req: string) => unknown) => void
    fn(module, module.exports, (req: string) => this.require(req, file))
    return module.exports
  }

  /** The realm's setTimeout, for the harness's own asynchronous answers (tracked like the app's). */
  setTimeout(fn: () => void, ms: number): number {
    return this.addTimer(fn, ms, false, [])
  }

  /** Timeouts `settle()` waits for: pending, short, not repeating. */
  pendingShortTimers(): number {
    let n = 0
    for (const t of this.timers.values()) if (!t.repeat && t.ms <= SETTLE_TIMER_MAX_MS) n++
    return n
  }

  private addTimer(fn: () => void, ms: number, repeat: boolean, args: unknown[]): number {
    const id = this.nextTimerId++
    if (this.disposed) return id
    const run = () => {
      if (!repeat) this.timers.delete(id)
      try {
        fn(...(args as []))
      } catch (err) {
        this.errors.push(err)
      }
    }
    const delay = Math.max(0, Number(ms) || 0)
    const handle = repeat ? setInterval(run, delay) : setTimeout(run, delay)
    this.timers.set(id, { handle, ms: delay, repeat })
    return id
  }

  private clearTimer(id: number): void {
    const t = this.timers.get(id)
    if (!t) return
    if (t.repeat) clearInterval(t.handle)
    else clearTimeout(t.handle)
    this.timers.delete(id)
  }

  dispose(): void {
    this.disposed = true
    for (const id of [...this.timers.keys()]) this.clearTimer(id)
    process.off('unhandledRejection', this.onRejection)
  }
}

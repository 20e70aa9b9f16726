// The cloud side of the harness: the real handler tables (FUNCTIONS, as the cloud functions dispatch
// them) on a real SQLite file, seeded with the local server's seed. Identity is the OPENID of the
// device making the call, as cloud.getWXContext() gives it to a cloud function; nothing in the
// request can change it. Every call is recorded.

import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openSqliteStore, type SqliteStore } from '../../../server/sqlite/store'
import { isId, type UserId } from '../../../src/domain/ids'
import type { Deps, Notifier, OutgoingMessage } from '../../../src/domain/ports'
import type { User } from '../../../src/domain/types'
import { dispatch, FUNCTIONS, type Reply } from '../../../src/handlers'
import type { ReminderKind } from '../../../src/domain/reminders/schedule'
import { seededFile } from './seed-file'
import { viaJson } from './set-data'

/** A fixed check-in master key (production keys come from the function's environment). */
export const HARNESS_SIGNING_KEY = new Uint8Array(32).map((_, i) => 255 - i)

/** Template ids the stand-in notifier offers, as the cloud does when KEPU_TMPL_* are configured. */
export const HARNESS_TEMPLATES: Readonly<Record<ReminderKind, string>> = {
  day_before: 'tmpl-day-before',
  hour_before: 'tmpl-hour-before',
  promoted: 'tmpl-promoted',
  notice: 'tmpl-notice',
}

/** What cloud/entry.ts names an account first seen by its OPENID. */
const NEW_USER_DISPLAY_NAME = '微信用户'

export interface CloudCall {
  readonly name: string
  readonly action: unknown
  readonly data: unknown
  readonly openid: string
  readonly reply: Reply
}

export interface Cloud {
  readonly store: SqliteStore
  readonly deps: Deps
  /** Every call a device made (test setup through `call` is not recorded). */
  readonly calls: CloudCall[]
  /** Handler failures dispatch answered with SYSTEM.ERROR (bugs or broken infrastructure), with their stacks. */
  readonly crashes: string[]
  /** Subscribe messages the functions sent (the stand-in for openapi.subscribeMessage.send). */
  readonly sent: OutgoingMessage[]
  /** One function call as a cloud function receives it: `{ action, data }` from the caller with this OPENID. */
  invoke(name: string, event: unknown, openid: string): Promise<Reply>
  /** Shorthand for setting up a test: the reply's data, or a throw with the failure code. */
  call<T = any>(openid: string, name: string, action: string, data?: unknown): Promise<T>
  close(): void
}

/** The account behind an OPENID, created as a resident on first sight (cloud/entry.ts resolveUser). */
async function resolveUser(store: SqliteStore, openid: string, now: string): Promise<User | null> {
  if (!isId(openid)) return null
  const existing = await store.getUser(openid as UserId)
  if (existing) return existing
  const user: User = { id: openid as UserId, role: 'resident', displayName: NEW_USER_DISPLAY_NAME, createdAt: now }
  await store.putUser(user)
  return user
}

export async function createCloud(opts: { seeded?: boolean } = {}): Promise<Cloud> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kepu-weapp-'))
  const file = path.join(dir, 'cloud.sqlite')
  if (opts.seeded !== false) fs.copyFileSync(await seededFile(), file)
  const store = openSqliteStore(file)
  const sent: OutgoingMessage[] = []
  const notifier: Notifier = {
    channel: 'wechat',
    templates: HARNESS_TEMPLATES,
    send: async (m) => {
      sent.push(m)
      return { ok: true }
    },
  }
  let seq = 7
  const random = () => ((seq = (seq * 9301 + 49297) % 233280), seq / 233280)
  const deps: Deps = {
    store,
    drafts: store.drafts,
    staff: store.staff,
    feedback: store.feedback,
    wishes: store.wishes,
    posters: store.postersIn(path.join(dir, 'uploads')),
    clock: { now: () => new Date().toISOString() },
    random,
    signingKey: HARNESS_SIGNING_KEY,
    notifier,
  }
  const calls: CloudCall[] = []
  const crashes: string[] = []

  async function run(name: string, rawEvent: unknown, openid: string): Promise<Reply> {
    // The event crosses the network as JSON.
    const event = (viaJson(rawEvent) ?? {}) as { action?: unknown; data?: unknown }
    const table = (FUNCTIONS as Record<string, (typeof FUNCTIONS)[keyof typeof FUNCTIONS]>)[name]
    // WeChat fails the call itself for a function that is not deployed (errCode -501000).
    if (!table) throw new Error(`errCode: -501000 | errMsg: FunctionName parameter could not be found (${name})`)
    const user = await resolveUser(store, openid, deps.clock.now())
    const reply = await dispatch(table, event.action, event.data, user, deps, (msg, err) => crashes.push(`${name}: ${msg}: ${String((err as Error)?.stack ?? err)}`))
    return viaJson(reply)
  }

  async function invoke(name: string, rawEvent: unknown, openid: string): Promise<Reply> {
    const reply = await run(name, rawEvent, openid)
    const event = (viaJson(rawEvent) ?? {}) as { action?: unknown; data?: unknown }
    calls.push({ name, action: event.action, data: event.data, openid, reply })
    return reply
  }

  return {
    store,
    deps,
    calls,
    crashes,
    sent,
    invoke,
    async call(openid, name, action, data = {}) {
      // Test setup, not a device: not recorded in `calls`.
      const reply = await run(name, { action, data }, openid)
      if (!reply.ok) throw new Error(`${name}.${action} as ${openid}: ${reply.error.code}`)
      return reply.data as never
    },
    close() {
      store.close()
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}

export interface DeviceCloudCall {
  readonly name: string
  readonly action: unknown
  readonly data: unknown
  /** 'ok', or why WeChat failed the call before it reached the function. */
  readonly outcome: 'ok' | 'offline' | 'not-initialized'
}

export interface DeviceCloud {
  /** What the mini-program sees as wx.cloud. */
  readonly api: Record<string, unknown>
  readonly inits: unknown[]
  readonly calls: DeviceCloudCall[]
  /** Calls sent and not yet answered. */
  inflight(): number
}

export interface DeviceCloudHost {
  openid(): string
  isOnline(): boolean
  toRealm<T>(value: T): T
  setTimeout(fn: () => void, ms: number): unknown
}

/**
 * wx.cloud of one device: callFunction({ name, data }) reaches the function as the device's OPENID.
 * Offline it fails the way WeChat does (the promise rejects with an errMsg, `fail` is called); before
 * wx.cloud.init it fails as WeChat asks for init first.
 */
export function deviceCloud(cloud: Cloud, host: DeviceCloudHost): DeviceCloud {
  const inits: unknown[] = []
  const calls: DeviceCloudCall[] = []
  let pending = 0

  function callFunction(options: { name?: string; data?: { action?: unknown; data?: unknown }; success?: (r: unknown) => void; fail?: (e: unknown) => void; complete?: (r: unknown) => void } = {}) {
    const name = String(options.name ?? '')
    const event = options.data ?? {}
    const outcome: DeviceCloudCall['outcome'] = inits.length === 0 ? 'not-initialized' : host.isOnline() ? 'ok' : 'offline'
    calls.push({ name, action: event.action, data: viaJson(event.data), outcome })
    pending++
    const result = new Promise<unknown>((resolve, reject) => {
      const answer = (fn: () => void) => host.setTimeout(() => {
        pending--
        fn()
      }, 0)
      if (outcome === 'not-initialized') {
        return answer(() => reject(host.toRealm({ errCode: -1, errMsg: 'cloud.callFunction:fail 请先调用 wx.cloud.init() 完成初始化后再调用其他云 API。' })))
      }
      if (outcome === 'offline') {
        return answer(() => reject(host.toRealm({ errCode: -1, errMsg: 'cloud.callFunction:fail Error: errCode: -1 | errMsg: request:fail network unavailable' })))
      }
      cloud.invoke(name, event, host.openid()).then(
        (reply) => answer(() => resolve(host.toRealm({ result: reply, errMsg: 'cloud.callFunction:ok', requestID: `req-${calls.length}` }))),
        (err) => answer(() => reject(host.toRealm({ errCode: -1, errMsg: `cloud.callFunction:fail ${String(err)}` }))),
      )
    })
    if (!options.success && !options.fail && !options.complete) return result
    result.then(
      (r) => {
        options.success?.(r)
        options.complete?.(r)
      },
      (e) => {
        options.fail?.(e)
        options.complete?.(e)
      },
    )
    return undefined
  }

  const api: Record<string, unknown> = {
    init: (config: unknown) => void inits.push(viaJson(config ?? {})),
    callFunction,
    DYNAMIC_CURRENT_ENV: Symbol.for('DYNAMIC_CURRENT_ENV'),
  }
  return { api, inits, calls, inflight: () => pending }
}

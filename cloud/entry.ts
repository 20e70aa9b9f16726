// The WeChat cloud function entry: one `main(event, context)` per handler table. Identity is the
// caller's OPENID from the platform (cloud.getWXContext()), never anything in the event; an OPENID
// seen for the first time becomes a resident account.

import { randomBytes } from 'node:crypto'
import { fromBase64url } from '../src/domain/checkin/codes'
import { fail } from '../src/domain/errors'
import { isId, type UserId } from '../src/domain/ids'
import type { Deps, Store } from '../src/domain/ports'
import type { User } from '../src/domain/types'
import type { FunctionName } from '../src/handlers'
import { dispatch, type Reply } from '../src/handlers/dispatch'
import type { HandlerTable } from '../src/handlers/table'
import { createCloudBaseStore, type CloudBaseStore } from './cloudbase-store'
import type { CloudDb, WxServerSdk } from './cloudbase-types'
import { runReminderTick } from '../src/handlers/reminder-scheduler'
import { templatesFromEnv, wechatNotifier } from './wechat-notifier'
import type { CloudStorage } from './cloudbase-posters'
import type { ImageReader } from '../src/domain/uploads/port'

/** What the mini-program sends with wx.cloud.callFunction({ name, data: { action, data } }). */
export interface CloudEvent {
  readonly action?: unknown
  readonly data?: unknown
  /** Set by a timer trigger (config.json `triggers`): `Timer`, with no caller OPENID. */
  readonly Type?: unknown
}

/**
 * How long a timer run may work: inside a cloud function's default 3 s limit. Raise the function's
 * timeout in the console and KEPU_TIMER_BUDGET_MS with it to build large ledger aggregates sooner.
 */
const timerBudgetMs = (): number => Number(process.env.KEPU_TIMER_BUDGET_MS) || 2_500

/** Functions that do work on their timer trigger, and what they do. */
const TIMERS: Partial<Record<FunctionName, (deps: Deps, now: string, store: CloudBaseStore) => Promise<unknown>>> = {
  reminders: (deps, now) => runReminderTick(deps, now),
  // The ledger's maintained counts: cancellations applied, new targets built (cloudbase-ledger-aggregates.ts).
  ledger: (_deps, _now, store) => store.ledgerAggregates.maintain(Date.now() + timerBudgetMs()),
}

export const NEW_USER_DISPLAY_NAME = '微信用户'

const RANDOM_BITS = 48
/** A uniform number in [0, 1) from the OS's CSPRNG; ids built from it are not guessable. */
const cryptoRandom = (): number => randomBytes(6).readUIntBE(0, 6) / 2 ** RANDOM_BITS

/** The account behind an OPENID, created as a resident on first sight; null without a usable OPENID. */
async function resolveUser(store: Store, openid: unknown, now: string): Promise<User | null> {
  if (!isId(openid)) return null
  const id = openid as UserId
  const existing = await store.getUser(id)
  if (existing) return existing
  const user: User = { id, role: 'resident', displayName: NEW_USER_DISPLAY_NAME, createdAt: now }
  await store.putUser(user)
  return user
}

/**
 * Builds the `main` of one cloud function. Runs at module load, so a warm instance reuses the SDK
 * and database handle; `sdk` is injectable so tests can hand in a stand-in. `images` is given by the
 * one function that decodes posters (functions/uploads.ts, the only bundle that carries sharp).
 */
export function makeMain(
  functionName: FunctionName,
  /** The function's own handler table (FUNCTIONS[functionName]), imported by its entry alone so its bundle carries no other function's handlers. */
  table: HandlerTable,
  sdk: WxServerSdk = require('wx-server-sdk'),
  images?: ImageReader,
): (event: CloudEvent | undefined, context?: unknown) => Promise<Reply> {
  sdk.init({ env: sdk.DYNAMIC_CURRENT_ENV })
  const store = createCloudBaseStore(sdk.database() as CloudDb)
  const clock = { now: () => new Date().toISOString() }
  // The check-in master key comes from the function's environment variables (云函数配置 → 环境变量).
  const signingKey = process.env.KEPU_SIGNING_KEY ? fromBase64url(process.env.KEPU_SIGNING_KEY) ?? undefined : undefined
  const wxacode = sdk.openapi?.wxacode
  const miniProgramCode = wxacode
    ? async (scene: string, page: string) => (await wxacode.getUnlimited({ scene, page, checkPath: false, width: 430 })).buffer
    : undefined
  const notifier = wechatNotifier(sdk, templatesFromEnv())
  const storage: CloudStorage | null =
    sdk.uploadFile && sdk.downloadFile && sdk.deleteFile
      ? { uploadFile: (o) => sdk.uploadFile!(o), downloadFile: (o) => sdk.downloadFile!(o), deleteFile: (o) => sdk.deleteFile!(o) }
      : null
  const posterDeps: Partial<Deps> = storage
    ? {
        posters: store.postersIn(storage),
        ...(images ? { images } : {}),
        cloudFiles: {
          read: async (fileID) => {
            try {
              return new Uint8Array((await storage.downloadFile({ fileID })).fileContent)
            } catch {
              return null
            }
          },
          remove: async (fileID) => {
            await storage.deleteFile({ fileList: [fileID] })
          },
        },
      }
    : {}
  const deps: Deps = { store, drafts: store.drafts, staff: store.staff, feedback: store.feedback, wishes: store.wishes, ...posterDeps, clock, random: cryptoRandom, notifier, ...(signingKey ? { signingKey } : {}), ...(miniProgramCode ? { miniProgramCode } : {}) }

  return async function main(event) {
    try {
      const openid = sdk.getWXContext().OPENID
      // A timer trigger has no caller; a caller cannot pose as one (it always has an OPENID).
      const timer = TIMERS[functionName]
      if (timer && event?.Type === 'Timer' && !openid) return { ok: true, data: await timer(deps, clock.now(), store) }
      const user = await resolveUser(store, openid, clock.now())
      return await dispatch(table, event?.action, event?.data, user, deps)
    } catch (err) {
      // dispatch turns handler failures into replies; this catches the account lookup failing.
      console.error(`${functionName}: request failed`, err)
      return fail('SYSTEM.ERROR')
    }
  }
}

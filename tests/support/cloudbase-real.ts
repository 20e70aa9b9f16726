// The CloudBase adapter against a real environment, for the contract suite. It runs only when
// TCB_ENV_ID, TCB_SECRET_ID and TCB_SECRET_KEY are set; otherwise it is left out with one warning.
// All collections get a random prefix per test process, so parallel runs in one environment do not
// collide; they are created once and emptied before every test. CloudBase's SDK cannot drop
// collections, so remove the `kt…_` collections in the console after a run.

import { randomBytes } from 'node:crypto'
import { COLLECTIONS, createCloudBaseStore } from '../../cloud/cloudbase-store'
import type { CloudDb } from '../../cloud/cloudbase-types'
import type { AdapterUnderTest } from '../contract/adapters'

export const REAL_ENV_VARS = ['TCB_ENV_ID', 'TCB_SECRET_ID', 'TCB_SECRET_KEY'] as const
export const SKIP_WARNING = 'CloudBase real-environment contract run skipped: set TCB_ENV_ID, TCB_SECRET_ID, TCB_SECRET_KEY'

/** The SDK calls used only for setup and cleanup, outside the adapter's subset. */
interface AdminDb {
  createCollection(name: string): Promise<unknown>
  collection(name: string): { where(cond: unknown): { remove(): Promise<unknown> } }
  command: { exists(flag: boolean): unknown }
}

let warned = false
let prepared: Promise<{ db: CloudDb; prefix: string }> | null = null

async function prepare(env: string, secretId: string, secretKey: string): Promise<{ db: CloudDb; prefix: string }> {
  const sdk = require('wx-server-sdk')
  sdk.init({ env, secretId, secretKey })
  const db = sdk.database()
  const prefix = `kt${Date.now().toString(36)}${randomBytes(3).toString('hex')}_`
  for (const c of COLLECTIONS) await (db as AdminDb).createCollection(`${prefix}${c}`)
  return { db: db as CloudDb, prefix }
}

/** The real-environment adapter when credentials are configured, else none (and a warning, once). */
export function realCloudBaseAdapters(env: NodeJS.ProcessEnv = process.env): AdapterUnderTest[] {
  const [envId, secretId, secretKey] = REAL_ENV_VARS.map((k) => env[k])
  if (!envId || !secretId || !secretKey) {
    if (!warned) {
      warned = true
      console.warn(SKIP_WARNING)
    }
    return []
  }
  return [
    {
      name: `cloudbase (real environment ${envId})`,
      async open() {
        prepared ??= prepare(envId, secretId, secretKey)
        const { db, prefix } = await prepared
        const admin = db as unknown as AdminDb
        const empty = async () => {
          for (const c of COLLECTIONS) await admin.collection(`${prefix}${c}`).where({ _id: admin.command.exists(true) }).remove()
        }
        await empty()
        const store = createCloudBaseStore(db, { collectionPrefix: prefix })
        // Posters go to the environment's real cloud storage (files under posters/ stay; remove them in the console).
        const sdk = require('wx-server-sdk')
        return { store, staff: store.staff, feedback: store.feedback, wishes: store.wishes, posters: store.postersIn(sdk), close: empty }
      },
    },
  ]
}

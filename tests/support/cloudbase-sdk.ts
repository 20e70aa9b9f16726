// The real wx-server-sdk pointed at the local CloudBase server (tests/support/cloudbase-server). One
// server per test process, started on first use. wx-server-sdk's module is a singleton whose init()
// works once, so this uses its own instance (createNewInstance, the SDK's constructor for a second
// `cloud`) and leaves the module's default one alone (cloudbase-real.ts initialises that). Every
// openSdkDb() gets a database of its own: `cloud.database({ env })` with a fresh environment name,
// which the server keeps apart (the SDK sends it as `envName` with each request).

import { randomBytes } from 'node:crypto'
import { COLLECTIONS } from '../../cloud/cloudbase-store'
import type { CloudDb, WxServerSdk } from '../../cloud/cloudbase-types'
import { start, type LocalCloudBase, type ServerOptions } from './cloudbase-server'

/**
 * Outside a cloud function node-sdk asks the metadata server (metadata.tencentyun.com, 30 ms timeout)
 * twice per request whether it runs on Tencent Cloud: ~60 ms a request here. Saying so skips that.
 * It also makes the SDK pick Tencent Cloud's internal endpoint when no serviceUrl is given, so it is
 * left alone when the real-environment run (cloudbase-real.ts) shares the process; then the local
 * runs are slower but still right.
 */
if (!process.env.TCB_ENV_ID) process.env.TENCENTCLOUD ??= 'true'

/** Credentials are sent and signed with, never checked by the local server. */
export const TEST_SECRET = { secretId: 'AKIDlocalcloudbase', secretKey: 'local-cloudbase-secret-key' } as const

type SdkInstance = WxServerSdk & {
  database(config?: { env?: string; throwOnNotFound?: boolean }): unknown
  createNewInstance(config: Record<string, unknown>): SdkInstance
}

let shared: Promise<{ server: LocalCloudBase; sdk: SdkInstance }> | null = null

/** A wx-server-sdk instance talking to `server`. */
export function sdkFor(server: LocalCloudBase, env = 'kepu-local'): SdkInstance {
  const cloud = require('wx-server-sdk') as SdkInstance
  // A long request timeout: the local server shares this process's CPU with the tests, and a crowd of
  // concurrent transactions on a loaded CI machine can keep a request waiting past the SDK's default.
  return cloud.createNewInstance({ env, ...TEST_SECRET, serviceUrl: server.url, timeout: 60_000 })
}

/** The process's local server and an SDK instance on it. */
export function localCloudBase(): Promise<{ server: LocalCloudBase; sdk: SdkInstance }> {
  shared ??= start().then((server) => ({ server, sdk: sdkFor(server) }))
  return shared
}

let envCount = 0
/** An environment name no other test in this process uses. */
export const freshEnv = (): string => `t${process.pid}-${(envCount++).toString(36)}-${randomBytes(3).toString('hex')}`

export interface SdkDb {
  readonly db: CloudDb
  readonly env: string
  readonly server: LocalCloudBase
  readonly sdk: SdkInstance
  /** Drops the environment's data. */
  close(): Promise<void>
}

/**
 * A fresh, empty database through the real SDK. The adapter's collections exist (a real environment
 * needs them created first), unless `collections` names others.
 */
export async function openSdkDb(options: { collections?: readonly string[]; prefix?: string; throwOnNotFound?: boolean } = {}): Promise<SdkDb> {
  const { server, sdk } = await localCloudBase()
  const env = freshEnv()
  const prefix = options.prefix ?? ''
  server.createCollections(env, (options.collections ?? COLLECTIONS).map((c) => `${prefix}${c}`))
  const db = sdk.database({ env, ...(options.throwOnNotFound === undefined ? {} : { throwOnNotFound: options.throwOnNotFound }) }) as CloudDb
  return { db, env, server, sdk, close: async () => server.dropEnv(env) }
}

/** A server of its own, for tests that change its rules (limits, lifetimes). */
export async function startLocalCloudBase(options: Partial<ServerOptions> = {}): Promise<{ server: LocalCloudBase; sdk: SdkInstance }> {
  const server = await start(options)
  return { server, sdk: sdkFor(server) }
}

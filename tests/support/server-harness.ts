// Starts the real HTTP gateway on a temporary SQLite file with a settable clock, for handler tests.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import { createGateway } from '../../server/gateway'
import { openSqliteStore, type SqliteStore } from '../../server/sqlite/store'
import type { Instant } from '../../src/domain/time'
import type { UserId } from '../../src/domain/ids'
import { T0 } from './factories'
import { sharpImageReader } from '../../server/images'

export interface Harness {
  readonly url: string
  readonly store: SqliteStore
  /** Moves the server's clock. */
  setNow(now: Instant): void
  /** Calls `POST /api/<fn>` as the given user (a session is created for them), or anonymously. */
  call(fn: string, action: unknown, data?: unknown, as?: UserId | null): Promise<any>
  /** The `cookie` header of a session for this user (created on first use). */
  sessionCookie(as: UserId): Promise<string>
  /** Posts a raw body, for malformed-request tests. */
  post(pathname: string, body: string, as?: UserId | null): Promise<{ status: number; json: any }>
  /** Every row of every table, to prove a rejected request wrote nothing. */
  snapshot(): string
  close(): Promise<void>
}

let counter = 0
/** A fixed master key for tests; production keys come from the environment or a key file. */
export const TEST_SIGNING_KEY = new Uint8Array(32).map((_, i) => i + 1)

export interface HarnessOptions {
  /** Offers `POST /api/demo`; on by default, as under `npm start`. */
  readonly demoLogin?: boolean
  /** The H5 build served at `/`; none by default. */
  readonly staticDir?: string | null
  /** Where the gateway logs failures; silent by default. */
  readonly log?: (msg: string, err?: unknown) => void
}

export async function startHarness(now: Instant = T0, opts: HarnessOptions = {}): Promise<Harness> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kepu-server-'))
  const store = openSqliteStore(path.join(dir, 'test.sqlite'))
  let clockNow = now
  let seq = 0
  const random = () => ((seq = (seq * 9301 + 49297) % 233280), seq / 233280)
  const server = createGateway({
    deps: { store, drafts: store.drafts, staff: store.staff, feedback: store.feedback, wishes: store.wishes, posters: store.postersIn(path.join(dir, 'uploads')), images: sharpImageReader(), clock: { now: () => clockNow }, random, signingKey: TEST_SIGNING_KEY },
    sessions: store,
    staticDir: opts.staticDir ?? null,
    sessionHours: 1000,
    demoLogin: opts.demoLogin ?? true,
    log: opts.log ?? (() => {}),
    uploadsDir: path.join(dir, 'uploads'),
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const tokens = new Map<string, string>()

  async function cookieFor(as: UserId | null | undefined): Promise<Record<string, string>> {
    if (!as) return {}
    let token = tokens.get(as)
    if (!token) {
      token = `test-token-${++counter}-${as}`
      await store.createSession(token, as, '2999-01-01T00:00:00.000Z')
      tokens.set(as, token)
    }
    return { cookie: `kepu_sid=${token}` }
  }

  async function post(pathname: string, body: string, as?: UserId | null) {
    const res = await fetch(url + pathname, { method: 'POST', headers: { 'content-type': 'application/json', ...(await cookieFor(as)) }, body })
    return { status: res.status, json: await res.json() }
  }

  return {
    url,
    store,
    setNow: (n) => (clockNow = n),
    sessionCookie: async (as) => (await cookieFor(as)).cookie,
    async call(fn, action, data, as) {
      return (await post(`/api/${fn}`, JSON.stringify({ action, data }), as)).json
    },
    post,
    snapshot() {
      const tables = store.db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'sessions' ORDER BY name")
        .all() as { name: string }[]
      // Rows sorted by their JSON text: works for WITHOUT ROWID tables too.
      return JSON.stringify(tables.map(({ name }) => [name, (store.db.prepare(`SELECT * FROM "${name}"`).all() as unknown[]).map((r) => JSON.stringify(r)).sort()]))
    },
    async close() {
      await new Promise<void>((r) => server.close(() => r()))
      store.close()
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}

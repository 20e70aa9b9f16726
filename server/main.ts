// Local runtime entry: opens (and on first run seeds) the database and serves app + API on one port.
// The database is the embedded SQLite file, or with KEPU_DATABASE_URL a PostgreSQL server shared by
// several such processes ("gateways", on one machine or many, behind one load balancer). A gateway
// keeps nothing that only it knows, so any of them can answer any request:
// - sessions live in the database (a sign-in on one gateway is valid on all);
// - the check-in signing key comes from the environment, the same on every gateway (loadSigningKey);
// - the reminder scheduler runs on every gateway and claims each reminder in a transaction that locks
//   its row (reminder-scheduler.ts), so a message is sent once;
// - the first-run seed runs under a database-wide advisory lock (seed/once.ts);
// - what is held in memory is a cache of immutable files (the hashed H5 assets) or per-request state;
//   no rate limit or attempt counter lives in memory (WISH.TOO_MANY counts wishes in the database).
// Uploaded posters are files in KEPU_UPLOADS_DIR: on several machines that directory must be shared
// storage (README: Self-hosting on PostgreSQL); a poster's name is its picture's digest, so two
// gateways writing one picture write the same file.
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { base64url, fromBase64url } from '../src/domain/checkin/codes'
import { isLoopbackHost, isPostgresUrl, loadConfig, type ServerConfig } from './config'
import { createGateway } from './gateway'
import { sharpImageReader } from './images'
import { noLock, pgAdvisoryLock, seedOnce, type SeedLock } from './seed/once'
import { openSqliteStore } from './sqlite/store'
import { outboxNotifier, runReminderTick } from '../src/handlers/reminder-scheduler'
import type { Store } from '../src/domain/ports'
import type { ActivityDraftRepository } from '../src/domain/activities/drafts-port'
import type { StaffRepository } from '../src/domain/staff/port'
import type { FeedbackRepository } from '../src/domain/feedback/port'
import type { WishRepository } from '../src/domain/wishes/port'
import type { ImageReader, PosterRepository } from '../src/domain/uploads/port'
import type { SessionPort } from './gateway'
import { jscode2session } from './wechat-login'

/** What the gateway needs of a database: the Store, its sessions and the ports kept beside it (SQLite or PostgreSQL). */
export interface ServerStore extends Store, SessionPort {
  close(): void | Promise<void>
  deleteExpiredSessions(now: string): Promise<number>
  readonly drafts: ActivityDraftRepository
  readonly staff: StaffRepository
  readonly feedback: FeedbackRepository
  readonly wishes: WishRepository
  postersIn(dir: string): PosterRepository
}

/** A uniform float in [0, 1) from the OS generator, for ids. */
export const secureRandom = (): number => crypto.randomBytes(4).readUInt32BE(0) / 2 ** 32

/**
 * The check-in master key: from the environment, else (SQLite only) a random key kept beside the
 * database (mode 600).
 *
 * With PostgreSQL the key must come from KEPU_SIGNING_KEY, the same on every gateway: a key file
 * would exist on one machine only (tickets signed by one gateway refused by the next), and a key kept
 * in the database was rejected on purpose: everyone who can read the database or one of its
 * `pg_dump` backups could then sign tickets and activity codes, and whoever can write it could swap
 * the key under running gateways. The environment (a systemd credential, a container secret) keeps
 * the key apart from the data it protects, and rotating it is an ordinary restart.
 */
export function loadSigningKey(config: { signingKey: string | null; signingKeyFile: string; databaseUrl?: string | null }): Uint8Array {
  if (config.signingKey) {
    const key = fromBase64url(config.signingKey)
    if (!key || key.length < 32) throw new ConfigError('KEPU_SIGNING_KEY must be at least 32 bytes, base64url')
    return key
  }
  if (config.databaseUrl) {
    throw new ConfigError(
      'KEPU_DATABASE_URL is set, so KEPU_SIGNING_KEY is required: every gateway must sign check-in codes with the same key. Create one with `openssl rand -base64 32 | tr "+/" "-_" | tr -d "="` and give the same value to every gateway.',
    )
  }
  if (!fs.existsSync(config.signingKeyFile)) {
    fs.mkdirSync(path.dirname(config.signingKeyFile), { recursive: true })
    fs.writeFileSync(config.signingKeyFile, base64url(crypto.randomBytes(32)), { mode: 0o600 })
  }
  const key = fromBase64url(fs.readFileSync(config.signingKeyFile, 'utf8').trim())
  if (!key || key.length < 32) throw new ConfigError(`${config.signingKeyFile} does not hold a 32-byte base64url key`)
  return key
}

/** A setting the server cannot start with; the command line prints its message alone, without a stack. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError'
}

export async function startServer(env: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig(env)
  // Checked before anything is opened or created: the demo sign-in hands out admin sessions to anyone who asks.
  if (config.demoLogin && !isLoopbackHost(config.host)) {
    throw new ConfigError(
      `Refusing to start: the demo sign-in (KEPU_DEMO_LOGIN=1) is for local use only, because it lets anyone sign in as any demo identity, admin included, and HOST=${config.host} is reachable from other machines. Unset KEPU_DEMO_LOGIN, or use HOST=127.0.0.1.`,
    )
  }
  // A loopback HOST does not keep a shared database's gateways private: they sit behind a reverse
  // proxy on the same machine, so the demo sign-in (admin for anyone) is refused with one outright.
  if (config.demoLogin && config.databaseUrl) {
    throw new ConfigError('Refusing to start: the demo sign-in (KEPU_DEMO_LOGIN=1) is for the local SQLite runtime only, and KEPU_DATABASE_URL is set. Unset KEPU_DEMO_LOGIN.')
  }
  if (config.databaseUrl && !isPostgresUrl(config.databaseUrl)) {
    throw new ConfigError('KEPU_DATABASE_URL must be a PostgreSQL URL (postgres://user:password@host:5432/database); unset it to use the SQLite file KEPU_DB.')
  }
  // Before the database is opened: a gateway that cannot sign codes must not start half-way.
  const signingKey = loadSigningKey(config)
  const { store, where, lock, isEmpty } = await openStore(config)
  const clock = { now: () => new Date().toISOString() }
  const t0 = Date.now()
  const seeded = await seedOnce(store, lock, clock.now, secureRandom, undefined, isEmpty)
  if (seeded) console.log(`Seeded ${where}: ${seeded.activities} activities, ${seeded.registrations} sign-ups, ${seeded.checkIns} check-ins (${Date.now() - t0} ms)`)
  const server = createGateway({
    deps: { store, drafts: store.drafts, staff: store.staff, feedback: store.feedback, wishes: store.wishes, posters: store.postersIn(config.uploadsDir), images: onFirstUse(sharpImageReader), clock, random: secureRandom, signingKey, notifier: outboxNotifier },
    sessions: store,
    staticDir: config.staticDir,
    sessionHours: config.sessionHours,
    demoLogin: config.demoLogin,
    uploadsDir: config.uploadsDir,
    wechatLogin: config.wechat ? jscode2session(config.wechat) : null,
  })
  if (config.demoLogin) console.log('Demo sign-in is on (KEPU_DEMO_LOGIN=1): for local use only.')
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(config.port, config.host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  // The local reminder scheduler: every message goes to the outbox (admins: 我的 → 消息发件箱).
  // Every gateway runs it: each reminder is claimed in the database before it is sent.
  const intervalSeconds = config.reminderIntervalSeconds
  let ticking = false
  const tick = async () => {
    if (ticking) return
    ticking = true
    try {
      await runReminderTick({ store, notifier: outboxNotifier }, clock.now())
      // Expired sessions are never valid (getSessionUser checks the expiry); this only keeps the table small.
      await store.deleteExpiredSessions(clock.now())
    } catch (err) {
      console.error('reminder scheduler run failed', err)
    } finally {
      ticking = false
    }
  }
  const timer = intervalSeconds > 0 ? setInterval(() => void tick(), intervalSeconds * 1000) : null
  timer?.unref()
  if (timer) void tick()
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : config.port
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}/`
  return {
    url,
    server,
    store,
    async close() {
      if (timer) clearInterval(timer)
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await store.close()
    },
  }
}


/**
 * The image reader, with sharp (libvips) loaded on the first poster upload rather than at start: its
 * require alone is about 100 ms of every cold start, and most starts never see an upload.
 */
function onFirstUse(open: () => ImageReader): ImageReader {
  let reader: ImageReader | null = null
  const get = (): ImageReader => (reader ??= open())
  return { inspect: (bytes) => get().inspect(bytes), resize: (bytes, width) => get().resize(bytes, width) }
}

/**
 * The configured database, migrated; with PostgreSQL the seed's lock spans every gateway. The
 * PostgreSQL adapter (and the pg driver under it, about 130 ms to load) is imported only when
 * KEPU_DATABASE_URL asks for it, so the SQLite runtime does not pay for it at every start.
 */
async function openStore(config: ServerConfig): Promise<{ store: ServerStore; where: string; lock: SeedLock; isEmpty?: () => Promise<boolean> }> {
  if (config.databaseUrl) {
    const { openPgStore } = await import('./postgres/store')
    const store: ServerStore = await openPgStore(config.databaseUrl, { max: config.databasePool })
    return { store, where: redactedUrl(config.databaseUrl), lock: pgAdvisoryLock(config.databaseUrl) }
  }
  fs.mkdirSync(path.dirname(config.dbFile), { recursive: true })
  const store = openSqliteStore(config.dbFile)
  // Whether any user exists, without reading them all (the port's listUsers, which the seed check
  // would otherwise use, reads and validates every user: about 0.7 s at 100,000 users).
  const anyUser = store.db.prepare<[], number>('SELECT EXISTS (SELECT 1 FROM users)').pluck()
  const isEmpty = () => store.serialized('seed check', () => anyUser.get() !== 1)
  return { store, where: config.dbFile, lock: noLock, isEmpty }
}

/** A database URL fit for a log line: the password left out. */
export function redactedUrl(url: string): string {
  try {
    const u = new URL(url)
    if (u.password) u.password = '***'
    return u.toString()
  } catch {
    return 'the database'
  }
}

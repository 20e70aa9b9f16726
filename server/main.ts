// Local runtime entry: opens (and on first run seeds) the SQLite database and serves app + API on one port.
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { base64url, fromBase64url } from '../src/domain/checkin/codes'
import { isLoopbackHost, loadConfig } from './config'
import { createGateway } from './gateway'
import { sharpImageReader } from './images'
import { needsSeed, seed } from './seed/seed'
import { openSqliteStore } from './sqlite/store'
import { outboxNotifier, runReminderTick } from '../src/handlers/reminder-scheduler'

/** How often the local reminder scheduler runs (KEPU_REMINDER_INTERVAL_SECONDS; 0 turns it off). */
const REMINDER_INTERVAL_SECONDS_DEFAULT = 60

/** A uniform float in [0, 1) from the OS generator, for ids. */
export const secureRandom = (): number => crypto.randomBytes(4).readUInt32BE(0) / 2 ** 32

/** The check-in master key: from the environment, else a random key kept beside the database (mode 600). */
export function loadSigningKey(config: { signingKey: string | null; signingKeyFile: string }): Uint8Array {
  if (config.signingKey) {
    const key = fromBase64url(config.signingKey)
    if (!key || key.length < 32) throw new ConfigError('KEPU_SIGNING_KEY must be at least 32 bytes, base64url')
    return key
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
  fs.mkdirSync(path.dirname(config.dbFile), { recursive: true })
  const store = openSqliteStore(config.dbFile)
  const clock = { now: () => new Date().toISOString() }
  if (await needsSeed(store)) {
    const t0 = Date.now()
    const r = await seed(store, clock.now(), secureRandom)
    console.log(`Seeded ${config.dbFile}: ${r.activities} activities, ${r.registrations} sign-ups, ${r.checkIns} check-ins (${Date.now() - t0} ms)`)
  }
  const server = createGateway({
    deps: { store, drafts: store.drafts, staff: store.staff, feedback: store.feedback, wishes: store.wishes, posters: store.postersIn(config.uploadsDir), images: sharpImageReader(), clock, random: secureRandom, signingKey: loadSigningKey(config), notifier: outboxNotifier },
    sessions: store,
    staticDir: config.staticDir,
    sessionHours: config.sessionHours,
    demoLogin: config.demoLogin,
    uploadsDir: config.uploadsDir,
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
  const intervalSeconds = Number(env.KEPU_REMINDER_INTERVAL_SECONDS ?? REMINDER_INTERVAL_SECONDS_DEFAULT)
  let ticking = false
  const tick = async () => {
    if (ticking) return
    ticking = true
    try {
      await runReminderTick({ store, notifier: outboxNotifier }, clock.now())
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
      store.close()
    },
  }
}


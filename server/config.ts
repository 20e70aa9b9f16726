import path from 'node:path'

/** Local runtime settings, from the environment (see README: Configuration). */
export interface ServerConfig {
  readonly host: string
  readonly port: number
  /** SQLite database file; created and seeded on first run. */
  readonly dbFile: string
  /** Directory of the H5 build served at `/`. */
  readonly staticDir: string
  /** Session cookie lifetime. */
  readonly sessionHours: number
  /** The check-in master key (base64url), or null to use (and create on first run) `signingKeyFile`. */
  readonly signingKey: string | null
  readonly signingKeyFile: string
  /** Uploaded posters (KEPU_UPLOADS_DIR; default: `uploads/` beside the database). */
  readonly uploadsDir: string
  /**
   * The demo sign-in (`POST /api/demo`: be any demo identity, admin included), on only with
   * KEPU_DEMO_LOGIN=1 and only on a loopback address. `npm start` turns it on.
   */
  readonly demoLogin: boolean
  /**
   * KEPU_DATABASE_URL (`postgres://…`): the PostgreSQL database shared by every gateway process; null
   * keeps the embedded SQLite file (`dbFile`).
   */
  readonly databaseUrl: string | null
  /** Connections per gateway process to PostgreSQL (KEPU_DATABASE_POOL, default 10). */
  readonly databasePool: number
  /** The WeChat sign-in for the mini-program over HTTPS (POST /api/wechat); null turns it off. */
  readonly wechat: WechatLoginConfig | null
  /** KEPU_REMINDER_INTERVAL_SECONDS: how often the reminder scheduler runs; 0 never. */
  readonly reminderIntervalSeconds: number
}

/** The mini-program's credentials for `jscode2session` (KEPU_WECHAT_APPID, KEPU_WECHAT_SECRET). */
export interface WechatLoginConfig {
  readonly appId: string
  readonly secret: string
  /** KEPU_WECHAT_API_BASE: WeChat's API host, overridable for tests (default https://api.weixin.qq.com). */
  readonly apiBase: string
}

export const WECHAT_API_BASE_DEFAULT = 'https://api.weixin.qq.com'
const REMINDER_INTERVAL_SECONDS_DEFAULT = 60
const DATABASE_POOL_DEFAULT = 10

export function loadConfig(env: NodeJS.ProcessEnv = process.env, root = process.cwd()): ServerConfig {
  return {
    host: env.HOST ?? '127.0.0.1',
    port: Number(env.PORT ?? 10086),
    dbFile: path.resolve(root, env.KEPU_DB ?? 'data/kepu.sqlite'),
    staticDir: path.resolve(root, env.KEPU_STATIC ?? 'dist/h5'),
    sessionHours: Number(env.KEPU_SESSION_HOURS ?? 72),
    signingKey: env.KEPU_SIGNING_KEY ?? null,
    signingKeyFile: path.resolve(root, env.KEPU_SIGNING_KEY_FILE ?? path.join(path.dirname(env.KEPU_DB ?? 'data/kepu.sqlite'), 'signing.key')),
    uploadsDir: path.resolve(root, env.KEPU_UPLOADS_DIR ?? path.join(path.dirname(env.KEPU_DB ?? 'data/kepu.sqlite'), 'uploads')),
    demoLogin: env.KEPU_DEMO_LOGIN === '1',
    databaseUrl: env.KEPU_DATABASE_URL?.trim() || null,
    databasePool: Number(env.KEPU_DATABASE_POOL ?? DATABASE_POOL_DEFAULT),
    wechat:
      env.KEPU_WECHAT_APPID && env.KEPU_WECHAT_SECRET
        ? { appId: env.KEPU_WECHAT_APPID, secret: env.KEPU_WECHAT_SECRET, apiBase: (env.KEPU_WECHAT_API_BASE || WECHAT_API_BASE_DEFAULT).replace(/\/+$/, '') }
        : null,
    reminderIntervalSeconds: Number(env.KEPU_REMINDER_INTERVAL_SECONDS ?? REMINDER_INTERVAL_SECONDS_DEFAULT),
  }
}

/** Whether a database URL names PostgreSQL (`postgres://` or `postgresql://`). */
export const isPostgresUrl = (url: string): boolean => /^postgres(ql)?:\/\//i.test(url)

/** Whether a listen address is reachable from this machine only: 127.0.0.0/8, ::1 or localhost. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1')
  return h === 'localhost' || h === '::1' || /^(::ffff:)?127(\.\d{1,3}){3}$/.test(h)
}

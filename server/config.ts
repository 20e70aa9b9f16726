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
}

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
  }
}

/** Whether a listen address is reachable from this machine only: 127.0.0.0/8, ::1 or localhost. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1')
  return h === 'localhost' || h === '::1' || /^(::ffff:)?127(\.\d{1,3}){3}$/.test(h)
}

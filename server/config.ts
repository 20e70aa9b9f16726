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
  }
}

// The PostgreSQL connection of the self-hosted runtime: a pg pool, migrations applied on open (under an
// advisory lock, so several gateways starting together apply each once), and transactions on one
// connection. PostgreSQL 15 features only, so Postgres-compatible government databases can follow.
//
// Concurrency: transactions run at READ COMMITTED and every by-id read inside one locks its row
// (`SELECT … FOR UPDATE`, doc-table.ts), so two writers of one activity, registration or check-in run
// one after the other, and the second sees what the first committed. Deadlocks and serialization
// failures are retried with a short random pause; `work` may therefore run more than once.

import { Pool, type PoolClient, type PoolConfig } from 'pg'
import { MIGRATIONS } from './migrations'

/** A place to send SQL: the pool, or one transaction's connection. */
export interface Sql {
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<R[]>
  /** True inside a transaction: by-id reads lock their rows there. */
  readonly inTransaction: boolean
}

export interface PgDatabase extends Sql {
  readonly pool: Pool
  /** Runs `work` in one transaction; commits when it resolves, rolls back when it throws. */
  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T>
  close(): Promise<void>
}

export interface PgOptions {
  /** Connections in the pool (default 10). */
  readonly max?: number
  /** A schema to create and use instead of `public` (tests: one per store). */
  readonly schema?: string
}

/** PostgreSQL's codes for a transaction that lost a race and may simply run again. */
const RETRYABLE = new Set(['40001', '40P01'])
const MAX_ATTEMPTS = 30

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms))

function sqlOf(client: Pick<PoolClient, 'query'>, inTransaction: boolean): Sql {
  return {
    inTransaction,
    async query<R>(text: string, params?: readonly unknown[]): Promise<R[]> {
      const res = await client.query(text, params as unknown[] | undefined)
      return res.rows as R[]
    },
  }
}

export async function openPgDatabase(url: string, options: PgOptions = {}): Promise<PgDatabase> {
  const schema = options.schema
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid schema name: ${schema}`)
  const config: PoolConfig = { connectionString: url, max: options.max ?? 10 }
  if (schema) config.options = `-c search_path=${schema}`
  const pool = new Pool(config)
  // An idle connection's error (the server restarting) must not take the process down; the next query reconnects.
  pool.on('error', () => {})
  try {
    await migrate(pool, schema)
  } catch (e) {
    await pool.end()
    throw e
  }

  async function transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await pool.connect()
      let broken = false
      try {
        await client.query('BEGIN')
        const result = await work(sqlOf(client, true))
        await client.query('COMMIT')
        return result
      } catch (e) {
        try {
          await client.query('ROLLBACK')
        } catch {
          broken = true
        }
        const code = (e as { code?: unknown }).code
        if (typeof code === 'string' && RETRYABLE.has(code) && attempt < MAX_ATTEMPTS) {
          await pause(Math.random() * Math.min(200, 5 * 2 ** attempt))
          continue
        }
        throw e
      } finally {
        client.release(broken)
      }
    }
  }

  return {
    pool,
    inTransaction: false,
    query: sqlOf(pool, false).query,
    transaction,
    close: () => pool.end(),
  }
}

/** Creates the schema if asked and applies every migration not yet recorded in `schema_migrations`, in order, in one transaction. */
async function migrate(pool: Pool, schema: string | undefined): Promise<void> {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    // One gateway at a time; the others wait here and then find everything applied (the schema too:
    // CREATE SCHEMA IF NOT EXISTS run by two at once fails in one of them).
    await client.query(`SELECT pg_advisory_xact_lock(hashtext(coalesce($1, current_schema()) || ':kepu-migrations'))`, [schema ?? null])
    if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`)
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`)
    const done = new Set((await client.query<{ name: string }>('SELECT name FROM schema_migrations')).rows.map((r) => r.name))
    for (const m of MIGRATIONS) {
      if (done.has(m.name)) continue
      await client.query(m.sql)
      await client.query('INSERT INTO schema_migrations (name) VALUES ($1)', [m.name])
    }
    await client.query('COMMIT')
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {})
    throw e
  } finally {
    client.release()
  }
}

// The PostgreSQL connection of the self-hosted runtime: a pg pool, migrations applied on open (under an
// advisory lock, so several gateways starting together apply each once), and transactions on one
// connection. PostgreSQL 15 features only, so Postgres-compatible government databases can follow.
//
// Concurrency: transactions run at READ COMMITTED and every by-id read inside one locks its row
// (`SELECT … FOR UPDATE`, doc-table.ts), so two writers of one activity, registration or check-in run
// one after the other, and the second sees what the first committed. Deadlocks and serialization
// failures are retried with a short random pause; `work` may therefore run more than once.
//
// Round trips: a transaction that has locked a busy row (every sign-up and check-in of one activity
// locks that activity) holds the lock for as many round trips as it makes until COMMIT, so under a
// crowd its round trips, not the server's work, set the pace (bench/pg.ts; pg_stat_statements shows
// nearly all the server's time as waits for that lock). So a transaction holds its by-id writes back
// (`WriteBehind`) and sends them as one statement with the next statement that could see them, or just
// before COMMIT; a by-id read of another row goes ahead of them, since it cannot depend on them.
// Nothing is acknowledged earlier than before: COMMIT still follows every write, and a write's error
// still fails (and rolls back) its transaction, only surfacing at the next statement instead of its own.

import { createHash } from 'node:crypto'
import { Pool, type PoolClient, type PoolConfig } from 'pg'
import { MIGRATIONS } from './migrations'

/** A place to send SQL: the pool, or one transaction's connection. */
export interface QueryOptions {
  /**
   * The text is one of the code's own fixed statements (no values spliced in): it is prepared once per
   * connection and its plan kept, instead of parsed and planned on every call. Only for texts from a
   * small fixed set: each stays prepared on every pooled connection.
   */
  readonly prepare?: boolean
}

export interface Sql {
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[], options?: QueryOptions): Promise<R[]>
  /** True inside a transaction: by-id reads lock their rows there. */
  readonly inTransaction: boolean
  /** Inside a transaction: its held-back by-id writes (see the top of this file); absent outside one. */
  readonly writes?: WriteBehind
}

/** One by-id write (an upsert or a delete of one row) held back until the transaction's next statement. */
export interface HeldWrite {
  /** One INSERT … ON CONFLICT or DELETE statement, its parameters $1…; no other `$` in the text. */
  readonly text: string
  readonly params: readonly unknown[]
  /** The entity as written, as JSON (what a by-id read of the row answers meanwhile); null for a delete. */
  readonly doc: string | null
}

export interface WriteBehind {
  /** Holds `write` back as the row `key`'s latest write (a later write of the row replaces it). */
  hold(key: string, write: HeldWrite): Promise<void>
  /** The held-back write of the row `key`, if any. */
  held(key: string): HeldWrite | undefined
  /** Runs a by-id read of a row with no held-back write, ahead of the held-back writes (it cannot see them); prepared. */
  readAhead<R = Record<string, unknown>>(text: string, params: readonly unknown[]): Promise<R[]>
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

/** Held-back writes sent at once when a transaction holds this many (a bulk load's statement stays small). */
const HELD_WRITES_MAX = 50
/** Held-back writes sent together are prepared (their combination kept) up to this many: the few combinations the handlers make. */
const PREPARED_WRITES_MAX = 3

const statementNames = new Map<string, string>()
/** A prepared statement's name: from its text, so every connection and process names one text alike. */
function statementName(text: string): string {
  let name = statementNames.get(text)
  if (!name) {
    name = `kepu_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`
    statementNames.set(text, name)
  }
  return name
}

/** The held-back writes as one statement: each a data-modifying CTE (each row once, so their order is free). */
function combined(writes: readonly HeldWrite[]): { text: string; params: unknown[] } {
  if (writes.length === 1) return { text: writes[0].text, params: [...writes[0].params] }
  const params: unknown[] = []
  const parts = writes.map((w, i) => {
    const offset = params.length
    params.push(...w.params)
    return `w${i} AS (${w.text.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`)})`
  })
  return { text: `WITH ${parts.join(', ')} SELECT 1`, params }
}

/** A value as an SQL literal, or null when it is not one of the plain kinds the ports write (then it is sent as a parameter). */
function literal(value: unknown): string | null {
  if (value === null) return 'NULL'
  if (typeof value === 'string') return quoted(value)
  // A negative number in parentheses: `x-$1` must never become `x--1`, a comment.
  if (typeof value === 'number') return Number.isFinite(value) ? (value < 0 ? `(${value})` : String(value)) : null
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE'
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
    const items = value.map(quoted)
    return items.includes(null) ? null : `ARRAY[${items.join(', ')}]::text[]`
  }
  return null
}

/** A string literal that means the same whatever standard_conforming_strings says; null for text PostgreSQL cannot hold. */
function quoted(text: string): string | null {
  if (text.includes('\0')) return null
  const body = text.replace(/'/g, "''")
  return text.includes('\\') ? ` E'${body.replace(/\\/g, '\\\\')}'` : `'${body}'`
}

/** `text` with its $n placeholders replaced by the literals of `params`; null when one cannot be written as a literal. */
function inlined(text: string, params: readonly unknown[]): string | null {
  let ok = true
  const out = text.replace(/\$(\d+)/g, (_, n: string) => {
    const lit = literal(params[Number(n) - 1])
    if (lit === null) ok = false
    return lit ?? ''
  })
  return ok ? out : null
}

/**
 * A transaction's connection. Its held-back writes go out before every statement but `readAhead`. Its
 * BEGIN waits for the first statement and goes with it, and its last writes go with COMMIT, each pair in
 * one round trip (the simple query protocol: several statements in one message, values as literals —
 * only strings, numbers, booleans, nulls and string arrays; anything else falls back to a parameter
 * and a round trip of its own). A transaction that only writes sends them as one statement, alone.
 */
function transactionSql(client: PoolClient): { sql: Sql; commit(): Promise<void>; rollback(): Promise<void> } {
  const pending = new Map<string, HeldWrite>()
  const direct = sqlOf(client, true)
  let begun = false
  const begin = async () => {
    if (begun) return
    begun = true
    await client.query('BEGIN')
  }
  const take = () => {
    const writes = [...pending.values()]
    pending.clear()
    return { ...combined(writes), prepare: writes.length <= PREPARED_WRITES_MAX }
  }
  const flush = async () => {
    if (pending.size === 0) return
    await begin()
    const { text, params, prepare } = take()
    await direct.query(text, params, { prepare })
  }
  const sql: Sql = {
    inTransaction: true,
    async query<R>(text: string, params?: readonly unknown[], options?: QueryOptions): Promise<R[]> {
      await flush()
      await begin()
      return direct.query<R>(text, params, options)
    },
    writes: {
      async hold(key, write) {
        pending.delete(key)
        pending.set(key, write)
        if (pending.size >= HELD_WRITES_MAX) await flush()
      },
      held: (key) => pending.get(key),
      async readAhead<R>(text: string, params: readonly unknown[]): Promise<R[]> {
        const statement = begun ? null : inlined(text, params)
        if (statement === null) {
          await begin()
          return direct.query<R>(text, params, { prepare: true })
        }
        begun = true
        const results = (await client.query(`BEGIN; ${statement}`)) as unknown as { rows: R[] }[]
        return results[1].rows
      },
    },
  }
  return {
    sql,
    async commit() {
      if (pending.size === 0) {
        if (begun) await client.query('COMMIT')
        return
      }
      const { text, params, prepare } = take()
      // Nothing read, nothing locked: the writes alone are one atomic statement.
      if (!begun) {
        await direct.query(text, params, { prepare })
        return
      }
      const statement = inlined(text, params)
      if (statement === null) {
        await direct.query(text, params, { prepare })
        await client.query('COMMIT')
      } else await client.query(`${statement}; COMMIT`)
    },
    async rollback() {
      pending.clear()
      if (begun) await client.query('ROLLBACK')
    },
  }
}

function sqlOf(client: Pick<PoolClient, 'query'>, inTransaction: boolean): Sql {
  return {
    inTransaction,
    async query<R>(text: string, params?: readonly unknown[], options?: QueryOptions): Promise<R[]> {
      const values = params as unknown[] | undefined
      const res = options?.prepare ? await client.query({ name: statementName(text), text, values }) : await client.query(text, values)
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
      const tx = transactionSql(client)
      try {
        const result = await work(tx.sql)
        await tx.commit()
        return result
      } catch (e) {
        try {
          await tx.rollback()
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

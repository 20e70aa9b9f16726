// The SQLite adapter's shared machinery: busy errors turned into SYSTEM.BUSY, the context every
// per-port file gets from the composition (store.ts), and one generic by-id table helper (row mapping,
// get, upsert, delete, reads by many ids, prepared queries mapped back to domain objects).

import type Database from 'better-sqlite3'
import { AppError, fail } from '../../src/domain/errors'

/**
 * By error code, not `instanceof`: the native addon keeps the SqliteError class of the first copy of
 * better-sqlite3 loaded in the process, so where modules are re-loaded (jest, one realm per test
 * file) its errors are instances of neither this copy's SqliteError nor this realm's Error.
 */
function isBusy(err: unknown): boolean {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined
  return typeof code === 'string' && (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_'))
}

/** Runs one synchronous database step; a lock still held by another process after the busy timeout becomes SYSTEM.BUSY. */
export function guard<T>(step: () => T): T {
  try {
    return step()
  } catch (err) {
    if (isBusy(err)) throw new AppError(fail('SYSTEM.BUSY').error)
    throw err
  }
}

export const nonNegativeInt = (n: number): number => (Number.isFinite(n) ? Math.max(0, Math.trunc(n)) : 0)

/** What the composition (store.ts) hands every per-port file: the connection and its serialization. */
export interface SqliteContext {
  readonly db: Database.Database
  /**
   * Runs `step` after every earlier transaction and write of the store has finished; rejects when
   * called inside one of its transactions (the tx object is the way there).
   */
  exclusive<T>(what: string, step: () => Promise<T> | T): Promise<T>
  /** A write outside any transaction; resolves to nothing (not better-sqlite3's RunResult). */
  write(what: string, step: () => unknown): Promise<void>
  /** True while async work runs inside one of the store's transactions. */
  inTransaction(): boolean
  /** A statement prepared once per SQL text (queries whose text depends on the request's shape). */
  statement(sql: string): Database.Statement
}

/** Insert, or overwrite every column but the key of the row with the same key. */
export function upsertSql(table: string, columns: readonly string[], key: readonly string[] = ['id']): string {
  const updates = columns.filter((c) => !key.includes(c)).map((c) => `${c} = excluded.${c}`)
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})
    ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${updates.join(', ')}`
}

export interface TableSpec<Row extends { id: string }, T> {
  readonly table: string
  readonly columns: readonly (keyof Row & string)[]
  readonly toRow: (value: T) => Row
  readonly fromRow: (row: Row) => T
}

export interface ByIdTable<Row extends { id: string }, T> {
  readonly table: string
  /** The column list, optionally qualified by a table alias. */
  select(alias?: string): string
  get(id: string): T | null
  /** Writes the value: see putRow. */
  put(value: T): void
  /**
   * Inserts the row, or updates just the columns that differ from the stored row (nothing when none
   * do), so a counter change does not rewrite every column and index. Returns the columns written
   * (all of them for an insert) and whether the row is new.
   */
  putRow(row: Row): { readonly inserted: boolean; readonly changed: ReadonlySet<string> }
  delete(id: string): void
  /** The rows with these ids, in the order asked for, each once, missing ids skipped. */
  getMany(ids: readonly string[]): T[]
  /** `SELECT <columns> FROM <table> <tail>` prepared once; `all`/`one` map its rows back. */
  query<P extends unknown[]>(tail: string): Database.Statement<P, Row>
  all<P extends unknown[]>(statement: Database.Statement<P, Row>, ...params: P): T[]
  one<P extends unknown[]>(statement: Database.Statement<P, Row>, ...params: P): T | null
}

/**
 * One table keyed by `id`: every statement prepared once, every read mapped back through `fromRow`
 * (which checks the row) and every step guarded.
 * @example const areas = byIdTable(db, { table: 'areas', columns: AREA_COLUMNS, toRow: areaToRow, fromRow: rowToArea })
 */
export function byIdTable<Row extends { id: string }, T>(db: Database.Database, spec: TableSpec<Row, T>): ByIdTable<Row, T> {
  const { table, columns, toRow, fromRow } = spec
  const select = (alias = ''): string => columns.map((c) => (alias ? `${alias}.${c}` : c)).join(', ')
  const query = <P extends unknown[]>(tail: string) => db.prepare<P, Row>(`SELECT ${select()} FROM ${table} ${tail}`)
  const getOne = query<[string]>('WHERE id = ?')
  const getMany = query<[string]>('WHERE id IN (SELECT value FROM json_each(?))')
  const insert = db.prepare<[Row]>(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`)
  const updates = new Map<string, Database.Statement<[Row]>>()
  const updateOf = (changed: readonly string[]): Database.Statement<[Row]> => {
    const key = changed.join(',')
    let statement = updates.get(key)
    if (!statement) {
      statement = db.prepare<[Row]>(`UPDATE ${table} SET ${changed.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`)
      updates.set(key, statement)
    }
    return statement
  }
  const NOTHING: ReadonlySet<string> = new Set()
  const ALL: ReadonlySet<string> = new Set(columns)
  const putRow = (row: Row): { inserted: boolean; changed: ReadonlySet<string> } =>
    guard(() => {
      const stored = getOne.get(row.id) as Record<string, unknown> | undefined
      if (!stored) {
        insert.run(row)
        return { inserted: true, changed: ALL }
      }
      const values = row as unknown as Record<string, unknown>
      const changed = columns.filter((c) => c !== 'id' && stored[c] !== values[c])
      if (changed.length === 0) return { inserted: false, changed: NOTHING }
      updateOf(changed).run(row)
      return { inserted: false, changed: new Set(changed) }
    })
  const remove = db.prepare<[string]>(`DELETE FROM ${table} WHERE id = ?`)
  const one = <P extends unknown[]>(statement: Database.Statement<P, Row>, ...params: P): T | null => {
    const row = guard(() => statement.get(...params))
    return row ? fromRow(row) : null
  }
  return {
    table,
    select,
    get: (id) => one(getOne, id),
    put: (value) => {
      putRow(toRow(value))
    },
    putRow,
    delete: (id) => {
      guard(() => remove.run(id))
    },
    getMany: (ids) => {
      const unique = [...new Set(ids)]
      if (unique.length === 0) return []
      const byId = new Map(guard(() => getMany.all(JSON.stringify(unique))).map((r) => [r.id, r]))
      return unique.flatMap((id) => {
        const row = byId.get(id)
        return row ? [fromRow(row)] : []
      })
    },
    query,
    all: (statement, ...params) => guard(() => statement.all(...params)).map(fromRow),
    one,
  }
}

/** A transaction port's methods as the synchronous steps the composition wraps (checking the transaction is open). */
export type SyncPort<P> = { [K in keyof P]: P[K] extends (...args: infer A) => Promise<infer R> ? (...args: A) => R : never }

// The one by-id table helper every PostgreSQL port is built on. A document table holds each entity
// whole as `doc jsonb` beside `id` and the plain columns its queries need; `columns` says how each is
// computed from the entity, so writing an entity is one upsert and reading it is one `doc` column.
// Inside a transaction (Sql.inTransaction) `get` locks the row until commit (FOR UPDATE), or, when
// there is no such row yet, the id (a transaction-scoped advisory lock), so creating it is serialized
// too; both in one round trip (kepu_lock_doc, schema-core.ts). There `put` and `remove` are held back
// and sent together with the transaction's next statement (db.ts: WriteBehind); a `get` of a row so
// written answers what was written, as the database would.

import type { QueryOptions, Sql } from './db'

/** The by-id statements below are the code's own fixed texts: prepared once per connection (db.ts). */
const PREPARED: QueryOptions = { prepare: true }
/** Locks the row, or when there is none its id, and reads it (schema-core.ts core-006). */
const LOCK_DOC = 'SELECT kepu_lock_doc($1, $2) AS doc'

export interface DocTableSpec<T> {
  readonly table: string
  readonly id: (entity: T) => string
  /** Column name → value taken from the entity (text, number, boolean, a text array, or null). */
  readonly columns?: Readonly<Record<string, (entity: T) => string | number | boolean | readonly string[] | null>>
}

export interface DocTable<T> {
  readonly table: string
  get(sql: Sql, id: string): Promise<T | null>
  /**
   * In a transaction, the row held against change but not against other readers (FOR SHARE); a
   * missing row is just missing (nothing is locked for its creation). Outside one, as `get`.
   */
  getShared(sql: Sql, id: string): Promise<T | null>
  /** The entities with these ids, each once, in the order asked, missing ids skipped. */
  getMany(sql: Sql, ids: readonly string[]): Promise<T[]>
  put(sql: Sql, entity: T): Promise<void>
  remove(sql: Sql, id: string): Promise<void>
  /** `SELECT doc FROM table <rest>`: `rest` is the WHERE/ORDER BY/LIMIT clause with $1… params. */
  select(sql: Sql, rest: string, params?: readonly unknown[]): Promise<T[]>
}

export function docTable<T>(spec: DocTableSpec<T>): DocTable<T> {
  const { table } = spec
  const names = Object.keys(spec.columns ?? {})
  const extract = names.map((n) => spec.columns![n]!)
  const cols = ['id', 'doc', ...names]
  const upsert =
    `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')}) ` +
    `ON CONFLICT (id) DO UPDATE SET ${cols.slice(1).map((c) => `${c} = EXCLUDED.${c}`).join(', ')}`
  const remove = `DELETE FROM ${table} WHERE id = $1`
  const byId = `SELECT doc FROM ${table} WHERE id = $1`
  const byIdShared = `SELECT doc FROM ${table} WHERE id = $1 FOR SHARE`
  const byIds = `SELECT id, doc FROM ${table} WHERE id = ANY($1::text[])`
  const key = (id: string) => `${table}:${id}`
  return {
    table,
    async get(sql, id) {
      if (!sql.inTransaction) return (await sql.query<{ doc: T }>(byId, [id], PREPARED))[0]?.doc ?? null
      const held = sql.writes?.held(key(id))
      if (held) return held.doc === null ? null : (JSON.parse(held.doc) as T)
      // The row locked, or when there is none its id (until commit) and then looked for again, so two
      // transactions that both find the id missing and would both create it run one after the other,
      // and the second sees (and locks) what the first wrote.
      const [row] = sql.writes
        ? await sql.writes.readAhead<{ doc: T | null }>(LOCK_DOC, [table, id])
        : await sql.query<{ doc: T | null }>(LOCK_DOC, [table, id], PREPARED)
      return row?.doc ?? null
    },
    async getShared(sql, id) {
      if (!sql.inTransaction) return (await sql.query<{ doc: T }>(byId, [id], PREPARED))[0]?.doc ?? null
      const held = sql.writes?.held(key(id))
      if (held) return held.doc === null ? null : (JSON.parse(held.doc) as T)
      const [row] = sql.writes ? await sql.writes.readAhead<{ doc: T }>(byIdShared, [id]) : await sql.query<{ doc: T }>(byIdShared, [id], PREPARED)
      return row?.doc ?? null
    },
    async getMany(sql, ids) {
      if (ids.length === 0) return []
      const rows = await sql.query<{ id: string; doc: T }>(byIds, [[...new Set(ids)]], PREPARED)
      const byId = new Map(rows.map((r) => [r.id, r.doc]))
      const out: T[] = []
      const seen = new Set<string>()
      for (const id of ids) {
        const doc = byId.get(id)
        if (doc !== undefined && !seen.has(id)) {
          seen.add(id)
          out.push(doc)
        }
      }
      return out
    },
    async put(sql, entity) {
      const doc = JSON.stringify(entity)
      const params = [spec.id(entity), doc, ...extract.map((f) => f(entity))]
      if (sql.writes) await sql.writes.hold(key(spec.id(entity)), { text: upsert, params, doc })
      else await sql.query(upsert, params, PREPARED)
    },
    async remove(sql, id) {
      if (sql.writes) await sql.writes.hold(key(id), { text: remove, params: [id], doc: null })
      else await sql.query(remove, [id], PREPARED)
    },
    async select(sql, rest, params = []) {
      const rows = await sql.query<{ doc: T }>(`SELECT doc FROM ${table} ${rest}`, params)
      return rows.map((r) => r.doc)
    },
  }
}

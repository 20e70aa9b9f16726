// The database actions of CloudBase's HTTP API, as @cloudbase/database 1.4.3 sends them (through
// @cloudbase/node-sdk's TcbDBApiHttpRequester) and reads their answers: `database.getDocument` →
// `{ data: { list: [EJSON] } }`, `calculateDocument` → `{ data: { total } }`, `insertDocument` →
// `{ data: { insertedIds } }`, `modifyDocument` → `{ data: { updated, upsert_id } }`,
// `removeDocument` → `{ data: { deleted } }`, `aggregateDocuments` → `{ data: { list } }`,
// `startTransaction` → `{ transactionId }`, `commitTransaction` / `abortTransaction` → `{}`,
// `addCollection` → `{}`. A document operation carries `queryType: 'DOC'` and `query: {"_id": …}`; a
// query `queryType: 'WHERE'`. Inside a transaction (`transactionId`) only DOC operations and inserts exist.

import { randomBytes } from 'node:crypto'
import { Database, type Doc, keyOf, type Write } from './documents'
import { failed, invalid, ServerError } from './errors'
import { aggregate, applyUpdate, compile, decode, decodeShared, encode, encodeStored, insertion, page, replacement, sameValue } from './query'
import { type Transaction, Transactions } from './transactions'

export interface ServerOptions {
  /** Documents a get returns without a limit (the SDK always sends one: 100). */
  readonly defaultLimit: number
  /** The most documents one get returns; larger limits are cut to it (the SDK cuts at 1000 itself). */
  readonly maxLimit: number
  /** Results of an aggregation without a $limit stage; null for no cap. */
  readonly aggregateDefaultLimit: number | null
  /** Collections must be created (console, createCollection) before use, as in CloudBase. */
  readonly strictCollections: boolean
  /** A transaction not committed in this time is aborted. */
  readonly transactionLifetimeMs: number
  /** How long a write outside a transaction waits for a transaction's lock. */
  readonly lockWaitMs: number
}

export const DEFAULT_OPTIONS: ServerOptions = {
  defaultLimit: 100,
  maxLimit: 1000,
  aggregateDefaultLimit: 20,
  strictCollections: true,
  transactionLifetimeMs: 30_000,
  lockWaitMs: 10_000,
}

type Body = Record<string, unknown>
type Reply = Record<string, unknown>

const IN_TRANSACTION_ONLY_DOCS =
  'only single-document operations (collection.doc(id).get/set/update/remove, collection.add) are supported in a transaction'

/** A new document id: 32 hex digits, like the ids CloudBase generates. */
const newId = (): string => randomBytes(16).toString('hex')

export class Backend {
  private readonly envs = new Map<string, Database>()
  private readonly counters = new Map<string, Record<string, number>>()
  readonly transactions: Transactions

  constructor(readonly options: ServerOptions) {
    this.transactions = new Transactions(options.transactionLifetimeMs, options.lockWaitMs)
  }

  database(env: string): Database {
    let db = this.envs.get(env)
    if (!db) this.envs.set(env, (db = new Database(this.options.strictCollections)))
    return db
  }

  /** Requests per action in one environment. */
  stats(env: string): Record<string, number> {
    return { ...(this.counters.get(env) ?? {}) }
  }

  drop(env: string): void {
    const db = this.envs.get(env)
    if (db) this.transactions.forget(db)
    this.envs.delete(env)
    this.counters.delete(env)
  }

  dropAll(): void {
    for (const env of [...this.envs.keys()]) this.drop(env)
  }

  async handle(env: string, body: Body): Promise<Reply> {
    const action = String(body.action ?? '')
    const counters = this.counters.get(env) ?? {}
    counters[action] = (counters[action] ?? 0) + 1
    this.counters.set(env, counters)
    const db = this.database(env)
    switch (action) {
      case 'database.getDocument':
        return this.getDocument(env, db, body)
      case 'database.calculateDocument':
        return this.calculate(db, body)
      case 'database.insertDocument':
        return this.insert(env, db, body)
      case 'database.modifyDocument':
        return this.modify(env, db, body, false)
      case 'database.modifyAndReturnDoc':
        return this.modify(env, db, body, true)
      case 'database.removeDocument':
        return this.remove(env, db, body)
      case 'database.aggregateDocuments':
        return this.aggregate(db, body)
      case 'database.startTransaction':
        return { transactionId: this.transactions.start(env, db).id }
      case 'database.commitTransaction':
        this.transactions.commit(this.transactions.get(body.transactionId, env))
        return {}
      case 'database.abortTransaction':
        return this.abort(env, body)
      case 'database.addCollection': {
        const name = collectionName(body)
        if (!db.createCollection(name)) throw new ServerError('DATABASE_COLLECTION_ALREADY_EXIST', `collection ${name} already exists`)
        return {}
      }
      default:
        throw new ServerError('ACTION_NOT_SUPPORTED', `action ${action || '(none)'} is not supported by the local CloudBase server`)
    }
  }

  // ---- reads ----

  private getDocument(env: string, db: Database, body: Body): Reply {
    const coll = collectionName(body)
    db.assertReadable(coll)
    const projection = decodeShared<Record<string, unknown>>(body.projection, 'projection', {})
    const out = (docs: Doc[]) => (Object.keys(projection).length > 0 ? docs.map(encode) : docs.map(encodeStored))
    if (body.transactionId !== undefined) {
      const tx = this.transactions.get(body.transactionId, env)
      const id = docIdOf(body)
      const doc = this.transactions.read(tx, coll, id)
      return { data: { list: doc ? out(page([doc], { offset: 0, limit: 1, projection })) : [] } }
    }
    const criteria = decodeShared<Record<string, unknown>>(body.query, 'query', {})
    const docs = page(this.matching(db, coll, criteria, body.query), {
      order: decodeShared<Record<string, unknown>>(body.order, 'order', {}),
      offset: this.offsetOf(body),
      limit: this.limitOf(body),
      projection,
    })
    return { data: { list: out(docs) } }
  }

  private calculate(db: Database, body: Body): Reply {
    if (body.transactionId !== undefined) throw failed(IN_TRANSACTION_ONLY_DOCS)
    const coll = collectionName(body)
    db.assertReadable(coll)
    return { data: { total: this.matching(db, coll, decodeShared(body.query, 'query', {}), body.query).length } }
  }

  private aggregate(db: Database, body: Body): Reply {
    if (body.transactionId !== undefined) throw failed(IN_TRANSACTION_ONLY_DOCS)
    const coll = collectionName(body)
    db.assertReadable(coll)
    if (!Array.isArray(body.stages)) throw invalid('stages must be an array')
    const pipeline = body.stages.map((s, i) => {
      const { stageKey, stageValue } = (s ?? {}) as { stageKey?: unknown; stageValue?: unknown }
      if (typeof stageKey !== 'string' || !stageKey.startsWith('$')) throw invalid(`stages[${i}].stageKey must be a $stage`)
      return { [stageKey]: decode(stageValue, `stages[${i}].stageValue`) }
    })
    let list = aggregate([...db.scan(coll)], pipeline)
    const cap = this.options.aggregateDefaultLimit
    if (cap !== null && !pipeline.some((s) => '$limit' in s)) list = list.slice(0, cap)
    return { data: { list: list.map(encode) } }
  }

  /** Current documents matching `criteria`, in natural order; lookups by _id skip the scan. */
  private matching(db: Database, coll: string, criteria: Record<string, unknown>, key?: unknown): Doc[] {
    const test = compile(criteria, typeof key === 'string' ? key : undefined)
    const byId = criteria._id
    let candidates: Iterable<Doc>
    if (typeof byId === 'string') {
      candidates = [db.latest(coll, byId)].filter((d): d is Doc => d !== null)
    } else if (isInList(byId)) {
      // An _id index scan: documents in _id order.
      const ids = [...new Set(byId.$in)].sort()
      candidates = ids.map((id) => db.latest(coll, id)).filter((d): d is Doc => d !== null)
    } else {
      candidates = db.scan(coll)
    }
    const out: Doc[] = []
    for (const d of candidates) if (test(d)) out.push(d)
    return out
  }

  private limitOf(body: Body): number {
    if (body.limit === undefined) return this.options.defaultLimit
    const n = body.limit
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) throw invalid(`limit must be a positive integer, got ${String(n)}`)
    return Math.min(n, this.options.maxLimit)
  }

  private offsetOf(body: Body): number {
    if (body.offset === undefined) return 0
    const n = body.offset
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw invalid(`offset must be a non-negative integer, got ${String(n)}`)
    return n
  }

  // ---- writes ----

  private async insert(env: string, db: Database, body: Body): Promise<Reply> {
    const coll = collectionName(body)
    db.assertReadable(coll)
    if (!Array.isArray(body.data) || body.data.length === 0) throw invalid('data must be a non-empty array')
    const docs = body.data.map((item, i) => insertion(decode(item, `data[${i}]`), newId))
    const duplicate = (id: string) => failed(`E11000 duplicate key error collection: ${coll} index: _id_ dup key: { _id: "${id}" }`)
    const ids = new Set<string>()
    for (const d of docs) {
      if (ids.has(d._id)) throw duplicate(d._id)
      ids.add(d._id)
    }
    if (body.transactionId !== undefined) {
      const tx = this.transactions.get(body.transactionId, env)
      for (const d of docs) if (this.transactions.read(tx, coll, d._id)) throw duplicate(d._id)
      for (const d of docs) this.transactions.write(tx, coll, d._id, d)
    } else {
      await this.transactions.unlocked(db, docs.map((d) => keyOf(coll, d._id)))
      for (const d of docs) if (db.latest(coll, d._id)) throw duplicate(d._id)
      db.commit(docs.map((doc) => ({ coll, id: doc._id, doc })))
    }
    return { data: { insertedIds: docs.map((d) => d._id) } }
  }

  /** set() (merge false: the whole document, upsert) and update() (merge true: operators). */
  private async modify(env: string, db: Database, body: Body, returnDoc: boolean): Promise<Reply> {
    const coll = collectionName(body)
    db.assertReadable(coll)
    const merge = body.merge !== false
    const data = decode(body.data, 'data')
    const upsert = body.upsert === true
    /** The document after the write, and whether it differs (an update that changes nothing writes nothing). */
    const next = (id: string, current: Doc | null): { doc: Doc | null; changed: boolean } => {
      if (!merge) {
        const doc = replacement(id, data)
        return { doc, changed: !current || !sameValue(current, doc) }
      }
      const doc = applyUpdate(current ?? { _id: id }, data)
      if (!current) return upsert ? { doc: doc ?? { _id: id }, changed: true } : { doc: null, changed: false }
      return doc ? { doc, changed: true } : { doc: current, changed: false }
    }
    if (body.transactionId !== undefined) {
      const tx = this.transactions.get(body.transactionId, env)
      const id = docIdOf(body)
      const current = this.transactions.read(tx, coll, id)
      const { doc, changed } = next(id, current)
      // Written even when unchanged: the document is locked like any write in a transaction.
      if (doc) this.transactions.write(tx, coll, id, doc)
      return modified(current && changed ? 1 : 0, !current && doc ? id : null, returnDoc ? doc : undefined)
    }
    if (body.queryType === 'DOC') {
      const id = docIdOf(body)
      await this.transactions.unlocked(db, [keyOf(coll, id)])
      const current = db.latest(coll, id)
      const { doc, changed } = next(id, current)
      if (doc && changed) db.commit([{ coll, id, doc }])
      return modified(current && changed ? 1 : 0, !current && doc ? id : null, returnDoc ? doc : undefined)
    }
    if (!merge) throw invalid('a where() query can only be updated with operators (merge)')
    const criteria = decode<Record<string, unknown>>(body.query, 'query', {})
    const multi = body.multi !== false && !returnDoc
    const targets = await this.lockedFree(db, coll, criteria, multi, body.query)
    const writes: Write[] = []
    for (const current of targets) {
      const doc = applyUpdate(current, data)
      if (doc) writes.push({ coll, id: current._id, doc })
    }
    if (writes.length > 0) db.commit(writes)
    return modified(writes.length, null, returnDoc ? (writes[0]?.doc ?? targets[0] ?? null) : undefined)
  }

  private async remove(env: string, db: Database, body: Body): Promise<Reply> {
    const coll = collectionName(body)
    db.assertReadable(coll)
    if (body.transactionId !== undefined) {
      const tx = this.transactions.get(body.transactionId, env)
      const id = docIdOf(body)
      const existed = this.transactions.read(tx, coll, id) !== null
      if (existed) this.transactions.write(tx, coll, id, null)
      return { data: { deleted: existed ? 1 : 0 } }
    }
    const criteria = decode<Record<string, unknown>>(body.query, 'query', {})
    const targets = await this.lockedFree(db, coll, criteria, body.queryType !== 'DOC' && body.multi !== false, body.query)
    if (targets.length > 0) db.commit(targets.map((d) => ({ coll, id: d._id, doc: null })))
    return { data: { deleted: targets.length } }
  }

  /** The documents a write outside a transaction changes, once no transaction holds their locks. */
  private async lockedFree(db: Database, coll: string, criteria: Record<string, unknown>, multi: boolean, key: unknown): Promise<Doc[]> {
    for (;;) {
      const all = this.matching(db, coll, criteria, key)
      const targets = multi ? all : all.slice(0, 1)
      const keys = targets.map((d) => keyOf(coll, d._id))
      const before = db.seq
      await this.transactions.unlocked(db, keys)
      if (db.seq === before) return targets
    }
  }

  private abort(env: string, body: Body): Reply {
    let tx: Transaction
    try {
      tx = this.transactions.get(body.transactionId, env)
    } catch (err) {
      // Already aborted by a conflict: nothing is left to roll back.
      if (err instanceof ServerError && err.code === 'DATABASE_TRANSACTION_CONFLICT') return {}
      throw err
    }
    this.transactions.rollback(tx)
    return {}
  }
}

function collectionName(body: Body): string {
  const name = body.collectionName
  if (typeof name !== 'string' || name === '') throw invalid('collectionName is required')
  return name
}

/** The _id of a DOC operation (`query: {"_id": …}`), which a transaction requires. */
function docIdOf(body: Body): string {
  if (body.queryType !== 'DOC') throw failed(IN_TRANSACTION_ONLY_DOCS)
  const query = decode<Record<string, unknown>>(body.query, 'query')
  const id = query._id
  if (typeof id !== 'string' && typeof id !== 'number') throw invalid('a document operation needs query._id')
  return String(id)
}

const isInList = (v: unknown): v is { $in: string[] } =>
  typeof v === 'object' && v !== null && Object.keys(v).length === 1 && Array.isArray((v as { $in?: unknown }).$in) && (v as { $in: unknown[] }).$in.every((x) => typeof x === 'string')

function modified(updated: number, upsertId: string | null, doc?: Doc | null): Reply {
  return { data: { updated, upsert_id: upsertId, ...(doc !== undefined ? { doc: doc === null ? null : encode(doc) } : {}) } }
}

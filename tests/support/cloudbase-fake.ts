// An in-memory stand-in for the subset of the wx-server-sdk database API in cloud/cloudbase-types.ts.
// It enforces the CloudBase rules the adapter must live with, so a passing contract run means
// something: at most 100 documents per server-side get, immutable query builders, array fields
// matched by element, doc(id).get() rejecting for a missing document, and snapshot-isolated
// transactions with doc-only operations, buffered writes, conflict detection and SDK-style retries.
// Sources: wx-server-sdk 4.0.2 and @cloudbase/database 1.4.3 (node_modules) and the WeChat cloud
// development docs (Collection.get, Database.runTransaction, guide/database/transaction).

import { randomBytes } from 'node:crypto'
import type {
  CloudDb,
  CloudDocument,
  CollectionReference,
  DatabaseCommand,
  DbRegExp,
  DocData,
  DocumentReference,
  LogicCommand,
  Query,
  QueryCommand,
  Transaction,
  TransactionCollection,
  UpdateCommand,
} from '../../cloud/cloudbase-types'

export interface FakeCloudDatabaseOptions {
  /** Documents per server-side get, default and maximum; CloudBase documents 100 for cloud functions. */
  readonly maxLimit?: number
  /** Like `cloud.database({ throwOnNotFound })`; the SDK default is true. */
  readonly throwOnNotFound?: boolean
}

export interface FakeCloudStats {
  /** Query reads (collection…get()). */
  gets: number
  /** Single-document reads outside transactions (doc(id).get()). */
  docGets: number
  counts: number
  transactions: number
  commits: number
  conflicts: number
}

export interface FakeCloudDatabase extends CloudDb {
  /** Counters for tests that need to see retries or query volume. */
  readonly stats: FakeCloudStats
}

export const CONFLICT_CODE = 'DATABASE_TRANSACTION_CONFLICT'
const DEFAULT_MAX_LIMIT = 1000
const DEFAULT_TRANSACTION_TIMES = 3

// Captured at load so fake timers in a test cannot freeze the stand-in.
const realSetImmediate = setImmediate
/** Every operation is a round trip: yield to the event loop so concurrent callers really interleave. */
const tick = (): Promise<void> => new Promise((resolve) => realSetImmediate(resolve))

type SdkError = Error & { errCode: number; errMsg: string; code?: string }

/** Errors shaped like wx-server-sdk's: `<api>:fail <reason>` with errCode and errMsg. */
function sdkError(api: string, reason: string, errCode = -1): SdkError {
  const err = new Error(`${api}:fail ${reason}`) as SdkError
  err.errCode = errCode
  err.errMsg = err.message
  return err
}

function conflictError(): SdkError {
  const err = new Error('database transaction conflict') as SdkError
  err.code = CONFLICT_CODE
  err.errCode = -502001
  err.errMsg = err.message
  return err
}

// ---- Commands and regular expressions ----

type QueryOp = 'eq' | 'neq' | 'lt' | 'lte' | 'gt' | 'gte' | 'in' | 'nin'

class LogicCmd {
  constructor(
    readonly op: 'and' | 'or',
    readonly operands: unknown[],
  ) {}
}

class QueryCmd {
  constructor(
    readonly op: QueryOp,
    readonly operand: unknown,
  ) {}
  and(...more: unknown[]): LogicCmd {
    return new LogicCmd('and', [this, ...flatOperands(more)])
  }
  or(...more: unknown[]): LogicCmd {
    return new LogicCmd('or', [this, ...flatOperands(more)])
  }
}

class UpdateCmd {
  constructor(
    readonly op: 'inc',
    readonly operand: number,
  ) {}
}

class FakeRegExp {
  readonly compiled: RegExp
  constructor(
    readonly regexp: string,
    readonly options: string,
  ) {
    if (typeof regexp !== 'string') throw sdkError('db.RegExp', 'regexp must be a string')
    if (!/^[ims]*$/.test(options)) throw sdkError('db.RegExp', `unsupported options "${options}" (i, m, s)`)
    this.compiled = new RegExp(regexp, options)
  }
}

const flatOperands = (args: unknown[]): unknown[] => (args.length === 1 && Array.isArray(args[0]) ? [...args[0]] : args)

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null)

// ---- Stored values ----

/** Only JSON-like data is stored: no undefined, functions, NaN or class instances. */
function assertStorable(value: unknown, path: string, api: string): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw sdkError(api, `${path} is not a finite number`)
    return
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => assertStorable(v, `${path}.${i}`, api))
    return
  }
  if (isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) assertStorable(v, path ? `${path}.${k}` : k, api)
    return
  }
  if (value instanceof UpdateCmd) throw sdkError(api, `update operator at ${path} is not allowed here`)
  throw sdkError(api, `${path} has an unsupported value (${value === undefined ? 'undefined' : typeof value})`)
}

// A deep copy made in this realm (structuredClone returns objects of the outer realm under jest, which the plain-object checks refuse).
const copy = <T>(value: T): T => (value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T))

function getPath(doc: unknown, path: string): unknown {
  let cur: unknown = doc
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined
    cur = (cur as Record<string, unknown>)[part]
  }
  return cur
}

function setPath(doc: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.')
  let cur: Record<string, unknown> = doc
  for (const part of parts.slice(0, -1)) {
    if (!isPlainObject(cur[part])) cur[part] = {}
    cur = cur[part] as Record<string, unknown>
  }
  cur[parts[parts.length - 1]] = value
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === undefined) a = null
  if (b === undefined) b = null
  if (a === b) return true
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]))
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a)
    return ka.length === Object.keys(b).length && ka.every((k) => deepEqual(a[k], b[k]))
  }
  return false
}

/** MongoDB compares strings byte-wise in UTF-8. */
const compareStrings = (a: string, b: string): number => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))

/** Sort order across types, as MongoDB brackets them: null < numbers < strings < objects < arrays < booleans. */
function typeRank(v: unknown): number {
  if (v === undefined || v === null) return 1
  if (typeof v === 'number') return 2
  if (typeof v === 'string') return 3
  if (Array.isArray(v)) return 5
  if (typeof v === 'object') return 4
  return 8
}

function compareValues(a: unknown, b: unknown): number {
  const ra = typeRank(a)
  const rb = typeRank(b)
  if (ra !== rb) return ra - rb
  if (typeof a === 'number' && typeof b === 'number') return a - b
  if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b)
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b)
  return compareStrings(JSON.stringify(a ?? null), JSON.stringify(b ?? null))
}

/** A stable order that is not insertion order, for results without orderBy and for ties. */
function idHash(id: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193) >>> 0
  return h
}

// ---- Query conditions ----

function assertCondition(cond: unknown, path: string): void {
  if (cond instanceof LogicCmd) {
    if (cond.operands.length === 0) throw sdkError('collection.where', `empty ${cond.op} at ${path || 'top level'}`)
    cond.operands.forEach((c) => assertCondition(c, path))
    return
  }
  if (cond instanceof QueryCmd) {
    if (!path) throw sdkError('collection.where', 'a field operator needs a field')
    const { op, operand } = cond
    if (op === 'in' || op === 'nin') {
      if (!Array.isArray(operand)) throw sdkError('collection.where', `${op} at ${path} needs an array`)
      operand.forEach((v) => assertStorable(v, path, 'collection.where'))
    } else if (op === 'eq' || op === 'neq') {
      assertStorable(operand, path, 'collection.where')
    } else if (!(typeof operand === 'string' || (typeof operand === 'number' && Number.isFinite(operand)))) {
      throw sdkError('collection.where', `${op} at ${path} needs a number or a string`)
    }
    return
  }
  if (cond instanceof FakeRegExp || cond instanceof RegExp) {
    if (!path) throw sdkError('collection.where', 'a regular expression needs a field')
    return
  }
  if (isPlainObject(cond)) {
    if (!path && Object.keys(cond).length === 0) return
    for (const [k, v] of Object.entries(cond)) {
      if (v === undefined) throw sdkError('collection.where', `undefined value for ${path ? `${path}.${k}` : k}`)
      assertCondition(v, path ? `${path}.${k}` : k)
    }
    return
  }
  if (!path) throw sdkError('collection.where', 'the condition must be an object or a logic command')
  if (cond instanceof UpdateCmd) throw sdkError('collection.where', `update operator at ${path}`)
  assertStorable(cond, path, 'collection.where')
}

/** Equality as MongoDB does it: an array field matches when it equals the value or contains it. */
const equalsOrContains = (actual: unknown, expected: unknown): boolean =>
  deepEqual(actual, expected) || (Array.isArray(actual) && actual.some((e) => deepEqual(e, expected)))

function applyQueryCmd(actual: unknown, cmd: QueryCmd): boolean {
  const { op, operand } = cmd
  switch (op) {
    case 'eq':
      return equalsOrContains(actual, operand)
    case 'neq':
      return !equalsOrContains(actual, operand)
    case 'in':
      return (operand as unknown[]).some((v) => equalsOrContains(actual, v))
    case 'nin':
      return !(operand as unknown[]).some((v) => equalsOrContains(actual, v))
    default: {
      const candidates = Array.isArray(actual) ? actual : [actual]
      return candidates.some((c) => {
        if (typeof c !== typeof operand || (typeof c !== 'number' && typeof c !== 'string')) return false
        const d = compareValues(c, operand)
        return op === 'lt' ? d < 0 : op === 'lte' ? d <= 0 : op === 'gt' ? d > 0 : d >= 0
      })
    }
  }
}

function matchValue(actual: unknown, expected: unknown): boolean {
  if (expected instanceof QueryCmd) return applyQueryCmd(actual, expected)
  if (expected instanceof LogicCmd) {
    const test = (c: unknown) => matchValue(actual, c)
    return expected.op === 'and' ? expected.operands.every(test) : expected.operands.some(test)
  }
  const re = expected instanceof FakeRegExp ? expected.compiled : expected instanceof RegExp ? expected : null
  if (re) {
    const candidates = Array.isArray(actual) ? actual : [actual]
    return candidates.some((c) => typeof c === 'string' && new RegExp(re.source, re.flags.replace('g', '')).test(c))
  }
  // The SDK flattens a nested object into dotted paths, so { a: { b: 1 } } means a.b === 1.
  if (isPlainObject(expected)) return Object.entries(expected).every(([k, v]) => matchValue(getPath(actual, k), v))
  return equalsOrContains(actual, expected)
}

function matchesCondition(doc: CloudDocument, cond: unknown): boolean {
  if (cond instanceof LogicCmd) {
    const test = (c: unknown) => matchesCondition(doc, c)
    return cond.op === 'and' ? cond.operands.every(test) : cond.operands.some(test)
  }
  return Object.entries(cond as Record<string, unknown>).every(([path, expected]) => matchValue(getPath(doc, path), expected))
}

// ---- Updates ----

function flattenUpdate(data: Record<string, unknown>, prefix = '', out: [string, unknown][] = []): [string, unknown][] {
  for (const [k, v] of Object.entries(data)) {
    const path = prefix ? `${prefix}.${k}` : k
    if (isPlainObject(v) && Object.keys(v).length > 0) flattenUpdate(v, path, out)
    else out.push([path, v])
  }
  return out
}

function assertWriteData(api: string, data: unknown, allowOperators: boolean): asserts data is Record<string, unknown> {
  if (!isPlainObject(data)) throw sdkError(api, 'options.data must be an object')
  if (Object.keys(data).length === 0) throw sdkError(api, 'options.data must not be empty')
  if (Object.prototype.hasOwnProperty.call(data, '_id')) throw sdkError(api, '不能更新_id的值 (data must not contain _id)')
  for (const [path, v] of allowOperators ? flattenUpdate(data) : Object.entries(data)) {
    if (allowOperators && v instanceof UpdateCmd) continue
    assertStorable(v, path, api)
  }
}

function applyUpdate(doc: DocData, data: Record<string, unknown>): DocData {
  const next = copy(doc) as Record<string, unknown>
  for (const [path, v] of flattenUpdate(data)) {
    if (v instanceof UpdateCmd) {
      const current = getPath(next, path)
      if (current !== undefined && typeof current !== 'number') throw sdkError('document.update', `cannot inc non-number ${path}`)
      setPath(next, path, ((current as number | undefined) ?? 0) + v.operand)
    } else {
      setPath(next, path, copy(v))
    }
  }
  return next as DocData
}

// ---- The database ----

interface Version {
  readonly seq: number
  readonly doc: DocData | null
}

interface QuerySpec {
  readonly where: unknown
  readonly orders: ReadonlyArray<readonly [string, 'asc' | 'desc']>
  readonly skip: number
  readonly limit: number | null
}

interface FakeTx {
  readonly startSeq: number
  readonly reads: Set<string>
  readonly writes: Map<string, { coll: string; id: string; doc: DocData | null }>
  active: boolean
}

const keyOf = (coll: string, id: string): string => `${coll}\u0000${id}`

function assertDocId(api: string, id: unknown): asserts id is string {
  if (typeof id !== 'string' || id.length === 0) throw sdkError(api, 'docId must be a non-empty string')
}

function assertCollectionName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || name.length === 0) throw new Error('Collection name is required')
}

/** A fresh, empty in-memory CloudBase database. */
export function createFakeCloudDatabase(opts: FakeCloudDatabaseOptions = {}): FakeCloudDatabase {
  const maxLimit = opts.maxLimit ?? DEFAULT_MAX_LIMIT
  const throwOnNotFound = opts.throwOnNotFound ?? true
  const stats: FakeCloudStats = { gets: 0, docGets: 0, counts: 0, transactions: 0, commits: 0, conflicts: 0 }
  /** key -> versions, oldest first; old versions are kept only while a transaction may still read them. */
  const versions = new Map<string, Version[]>()
  const collections = new Map<string, Set<string>>()
  const activeTxs = new Set<FakeTx>()
  let seq = 0

  const latestVersion = (key: string): Version | undefined => versions.get(key)?.at(-1)

  function versionAt(key: string, at: number): DocData | null {
    const list = versions.get(key)
    if (!list) return null
    for (let i = list.length - 1; i >= 0; i--) if (list[i].seq <= at) return list[i].doc
    return null
  }

  function prune(key: string): void {
    const list = versions.get(key)
    if (!list) return
    let oldestNeeded = Infinity
    for (const tx of activeTxs) oldestNeeded = Math.min(oldestNeeded, tx.startSeq)
    let keepFrom = list.length - 1
    while (keepFrom > 0 && list[keepFrom].seq > oldestNeeded) keepFrom--
    if (keepFrom > 0) list.splice(0, keepFrom)
  }

  /** Applies writes as one atomic commit. */
  function commit(writes: Iterable<{ coll: string; id: string; doc: DocData | null }>): void {
    seq++
    for (const w of writes) {
      const key = keyOf(w.coll, w.id)
      const list = versions.get(key) ?? []
      list.push({ seq, doc: w.doc === null ? null : copy(w.doc) })
      versions.set(key, list)
      let ids = collections.get(w.coll)
      if (!ids) collections.set(w.coll, (ids = new Set()))
      if (w.doc === null) ids.delete(w.id)
      else ids.add(w.id)
      prune(key)
    }
  }

  const withId = (id: string, doc: DocData): CloudDocument => ({ ...copy(doc), _id: id })

  function missing(api: string, id: string): SdkError {
    return sdkError(api, `document with _id ${id} does not exist`)
  }

  // -- queries --

  function runQuery(coll: string, spec: QuerySpec): CloudDocument[] {
    const rows: CloudDocument[] = []
    for (const id of collections.get(coll) ?? []) {
      const doc = latestVersion(keyOf(coll, id))?.doc
      if (doc) rows.push({ ...doc, _id: id })
    }
    const matched = spec.where === null ? rows : rows.filter((d) => matchesCondition(d, spec.where))
    matched.sort((a, b) => {
      for (const [field, dir] of spec.orders) {
        const d = compareValues(getPath(a, field), getPath(b, field))
        if (d !== 0) return dir === 'asc' ? d : -d
      }
      return idHash(a._id) - idHash(b._id) || compareStrings(a._id, b._id)
    })
    return matched
  }

  function makeQuery(coll: string, spec: QuerySpec): Query {
    return {
      where(condition) {
        assertCondition(condition, '')
        return makeQuery(coll, { ...spec, where: condition })
      },
      orderBy(field, direction) {
        if (typeof field !== 'string' || !field) throw sdkError('collection.orderBy', 'fieldPath must be a non-empty string')
        if (direction !== 'asc' && direction !== 'desc') throw sdkError('collection.orderBy', `direction must be "asc" or "desc"`)
        // The SDK keeps orders in an object keyed by field: a repeated field changes direction, not position.
        const orders = spec.orders.some(([f]) => f === field)
          ? spec.orders.map(([f, d]) => [f, f === field ? direction : d] as const)
          : [...spec.orders, [field, direction] as const]
        return makeQuery(coll, { ...spec, orders })
      },
      skip(offset) {
        if (!Number.isInteger(offset) || offset < 0) throw sdkError('collection.skip', 'offset must be a non-negative integer')
        return makeQuery(coll, { ...spec, skip: offset })
      },
      limit(max) {
        if (!Number.isInteger(max) || max < 1 || max > maxLimit) {
          throw sdkError('collection.limit', `limit must be an integer from 1 to ${maxLimit} on the server side, got ${max}`)
        }
        return makeQuery(coll, { ...spec, limit: max })
      },
      // Projection is an optimisation only: the stand-in returns whole documents.
      field() {
        return makeQuery(coll, spec)
      },
      async get() {
        await tick()
        stats.gets++
        const all = runQuery(coll, spec)
        const data = all.slice(spec.skip, spec.skip + (spec.limit ?? maxLimit)).map((d) => copy(d))
        await tick()
        return { data, errMsg: 'collection.get:ok' }
      },
      async count() {
        await tick()
        stats.counts++
        const total = runQuery(coll, spec).length
        await tick()
        return { total, errMsg: 'collection.count:ok' }
      },
    }
  }

  // -- documents outside transactions --

  function docRef(coll: string, id: string): DocumentReference {
    assertDocId('collection.doc', id)
    const key = keyOf(coll, id)
    return {
      async get() {
        await tick()
        stats.docGets++
        const doc = latestVersion(key)?.doc ?? null
        await tick()
        if (!doc) {
          if (throwOnNotFound) throw missing('document.get', id)
          return { data: null as unknown as CloudDocument, errMsg: 'document.get:ok' }
        }
        return { data: withId(id, doc), errMsg: 'document.get:ok' }
      },
      async set(options) {
        assertWriteData('document.set', options?.data, false)
        await tick()
        const existed = !!latestVersion(key)?.doc
        commit([{ coll, id, doc: copy(options.data) }])
        await tick()
        return { _id: id, stats: { updated: existed ? 1 : 0, created: existed ? 0 : 1 }, errMsg: 'document.set:ok' }
      },
      async update(options) {
        assertWriteData('document.update', options?.data, true)
        await tick()
        const doc = latestVersion(key)?.doc
        if (doc) commit([{ coll, id, doc: applyUpdate(doc, options.data) }])
        await tick()
        return { stats: { updated: doc ? 1 : 0 }, errMsg: 'document.update:ok' }
      },
      async remove() {
        await tick()
        const existed = !!latestVersion(key)?.doc
        if (existed) commit([{ coll, id, doc: null }])
        await tick()
        return { stats: { removed: existed ? 1 : 0 }, errMsg: 'document.remove:ok' }
      },
    }
  }

  function collection(name: string): CollectionReference {
    assertCollectionName(name)
    const query = makeQuery(name, { where: null, orders: [], skip: 0, limit: null })
    return {
      ...query,
      doc: (id: string) => docRef(name, id),
      async add(options) {
        const data = options?.data as Record<string, unknown> | undefined
        const { _id: given, ...rest } = data ?? {}
        if (given !== undefined) assertDocId('collection.add', given)
        assertWriteData('collection.add', rest, false)
        await tick()
        const id = (given as string | undefined) ?? randomBytes(16).toString('hex')
        if (latestVersion(keyOf(name, id))?.doc) throw sdkError('collection.add', `duplicate _id ${id}`)
        commit([{ coll: name, id, doc: copy(rest) as DocData }])
        await tick()
        return { _id: id, errMsg: 'collection.add:ok' }
      },
    }
  }

  // -- transactions --

  function txDocRef(tx: FakeTx, coll: string, id: string): DocumentReference {
    assertDocId('collection.doc', id)
    const key = keyOf(coll, id)
    const ensureActive = (api: string) => {
      if (!tx.active) throw sdkError(api, 'the transaction has already ended')
    }
    /** Read-your-writes first, else the snapshot taken when the transaction started. */
    const read = (): DocData | null => {
      const buffered = tx.writes.get(key)
      if (buffered) return buffered.doc
      tx.reads.add(key)
      return versionAt(key, tx.startSeq)
    }
    return {
      async get() {
        ensureActive('document.get')
        await tick()
        const doc = read()
        if (!doc) {
          if (throwOnNotFound) throw missing('document.get', id)
          return { data: null as unknown as CloudDocument, errMsg: 'document.get:ok' }
        }
        return { data: withId(id, doc), errMsg: 'document.get:ok' }
      },
      async set(options) {
        ensureActive('document.set')
        assertWriteData('document.set', options?.data, false)
        await tick()
        tx.writes.set(key, { coll, id, doc: copy(options.data) })
        return { _id: id, errMsg: 'document.set:ok' }
      },
      async update(options) {
        ensureActive('document.update')
        assertWriteData('document.update', options?.data, true)
        await tick()
        const doc = read()
        if (doc) tx.writes.set(key, { coll, id, doc: applyUpdate(doc, options.data) })
        return { stats: { updated: doc ? 1 : 0 }, errMsg: 'document.update:ok' }
      },
      async remove() {
        ensureActive('document.remove')
        await tick()
        const existed = !!read()
        tx.writes.set(key, { coll, id, doc: null })
        return { stats: { removed: existed ? 1 : 0 }, errMsg: 'document.remove:ok' }
      },
    }
  }

  const notInTransaction = (what: string) => () => {
    throw new Error(
      `transaction.collection().${what}() is not supported: CloudBase transactions allow only single-document operations (doc(id).get/set/update/remove)`,
    )
  }

  function txCollection(tx: FakeTx, name: string): TransactionCollection {
    assertCollectionName(name)
    const refused = Object.fromEntries(
      ['where', 'orderBy', 'skip', 'limit', 'get', 'count', 'field', 'aggregate', 'update', 'remove', 'watch'].map((m) => [
        m,
        notInTransaction(m),
      ]),
    )
    return { ...refused, doc: (id: string) => txDocRef(tx, name, id) }
  }

  function begin(): FakeTx {
    const tx: FakeTx = { startSeq: seq, reads: new Set(), writes: new Map(), active: true }
    activeTxs.add(tx)
    stats.transactions++
    return tx
  }

  function end(tx: FakeTx): void {
    tx.active = false
    activeTxs.delete(tx)
  }

  /** Validates and applies in one synchronous step, so the commit is atomic. */
  function tryCommit(tx: FakeTx): boolean {
    end(tx)
    for (const key of [...tx.reads, ...tx.writes.keys()]) {
      if ((latestVersion(key)?.seq ?? 0) > tx.startSeq) return false
    }
    if (tx.writes.size > 0) commit(tx.writes.values())
    stats.commits++
    return true
  }

  const isConflict = (err: unknown): boolean => (err as { code?: unknown } | null)?.code === CONFLICT_CODE

  async function runTransaction<T>(callback: (transaction: Transaction) => Promise<T>, times = DEFAULT_TRANSACTION_TIMES): Promise<T> {
    // Like @cloudbase/database: run, and on a conflict run again while `times` lasts (1 + times runs).
    for (let left = times; ; left--) {
      await tick()
      const tx = begin()
      const transaction: Transaction = {
        collection: (name: string) => txCollection(tx, name),
        // The SDK's transaction also offers rollback(); kept out of the adapter's subset but refused loudly.
        ...{ rollback: notInTransaction('rollback'), commit: notInTransaction('commit') },
      }
      let result: T
      try {
        result = await callback(transaction)
      } catch (err) {
        end(tx) // rollback: buffered writes are dropped
        if (isConflict(err) && left > 0) continue
        throw err
      }
      await tick()
      if (tryCommit(tx)) return result
      stats.conflicts++
      if (left <= 0) throw conflictError()
    }
  }

  // The SDK's command objects are opaque to the adapter; these classes stand in for them.
  const q = (op: QueryOp, operand: unknown) => new QueryCmd(op, operand) as unknown as QueryCommand
  const logic = (op: 'and' | 'or', cs: unknown[]) => new LogicCmd(op, flatOperands(cs)) as unknown as LogicCommand
  const command: DatabaseCommand = {
    eq: (v) => q('eq', v),
    neq: (v) => q('neq', v),
    lt: (v) => q('lt', v),
    lte: (v) => q('lte', v),
    gt: (v) => q('gt', v),
    gte: (v) => q('gte', v),
    in: (vs) => q('in', vs),
    nin: (vs) => q('nin', vs),
    and: (...cs) => logic('and', cs),
    or: (...cs) => logic('or', cs),
    inc: (n) => {
      if (typeof n !== 'number' || !Number.isFinite(n)) throw sdkError('db.command.inc', 'needs a finite number')
      return new UpdateCmd('inc', n) as unknown as UpdateCommand
    },
  }

  return {
    stats,
    command,
    collection,
    RegExp: ({ regexp, options = '' }) => new FakeRegExp(regexp, options) as unknown as DbRegExp,
    runTransaction,
  }
}

// The CloudBase adapter's shared machinery: the collections, paging helpers (every list is read in
// pages of 100 with a total order that keeps pages stable), the context every per-port file gets from
// the composition (cloudbase-store.ts), and one generic by-id collection helper whose documents have
// the entity id as `_id`, outside transactions and inside them.

import type { CloudDb, CloudDocument, CollectionReference, DatabaseCommand, DocData, FieldCondition, Query, Transaction } from './cloudbase-types'
import { AGGREGATE_COLLECTIONS } from './cloudbase-ledger-aggregates'

/** Documents per get: the SDK's default, well inside CloudBase's 1000 and its 1 MB reply limit. */
export const BATCH_SIZE_MAX = 100

/** Collections the adapter uses; in a real environment they must exist before the first write. */
export const COLLECTIONS = [
  'users',
  'areas',
  'activities',
  'persons',
  'registrations',
  'checkins',
  'scannerInvites',
  'scannerGrants',
  'ledgerFacts',
  'plans',
  'indicators',
  'indicatorChanges',
  'consents',
  'reminders',
  'subscriptions',
  'linkCodes',
  'courses',
  'courseCompletions',
  'attendanceCorrections',
  'activityDrafts',
  'staffInvites',
  'staffEvents',
  'posters',
  'feedback',
  'wishes',
  'wishSupports',
  ...AGGREGATE_COLLECTIONS,
] as const
export type CollectionName = (typeof COLLECTIONS)[number]

/**
 * The SDK's doc(id).get() rejects with "document.get:fail document with _id X does not exist" for a
 * missing document; anything else (a missing collection, the network) is a real failure.
 */
export const isNotFound = (err: unknown): boolean => {
  const e = err as { message?: unknown; errMsg?: unknown } | null
  return !!e && [e.message, e.errMsg].some((m) => typeof m === 'string' && /document with _id .* does not exist/.test(m))
}

/** Escapes regular-expression metacharacters so user text is matched literally. */
export const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

export const chunk = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/** Reads `count` documents from `offset` (all of them when count is Infinity), 100 at a time. */
export async function fetchRange(query: Query, offset: number, count: number): Promise<CloudDocument[]> {
  const out: CloudDocument[] = []
  const seen = new Set<string>()
  let skip = offset
  while (out.length < count) {
    const want = Math.min(BATCH_SIZE_MAX, count - out.length)
    const { data } = await query.skip(skip).limit(want).get()
    for (const doc of data) {
      // Pages are read one after another; a document moved by a concurrent write must not appear twice.
      if (!seen.has(doc._id)) {
        seen.add(doc._id)
        out.push(doc)
      }
    }
    if (data.length < want) break
    skip += data.length
  }
  return out
}

export const fetchAll = (query: Query): Promise<CloudDocument[]> => fetchRange(query, 0, Infinity)

/**
 * Every document matching `fields`, 100 at a time in `_id` order, each page starting after the last
 * id seen (keyset paging: no growing skip over a large collection, and no document read twice).
 */
export async function fetchByKeyset(collection: Query, fields: Record<string, FieldCondition>, gt: (id: string) => FieldCondition): Promise<CloudDocument[]> {
  const out: CloudDocument[] = []
  let after: string | null = null
  for (;;) {
    const cond: Record<string, FieldCondition> = after === null ? fields : { ...fields, _id: gt(after) }
    const { data } = await collection.where(cond).orderBy('_id', 'asc').limit(BATCH_SIZE_MAX).get()
    out.push(...data)
    if (data.length < BATCH_SIZE_MAX) return out
    after = data[data.length - 1]._id
  }
}

/** What the composition hands every per-port file. */
export interface CloudContext {
  readonly db: CloudDb
  readonly _: DatabaseCommand
  /** The collection's name with the store's prefix. */
  name(c: CollectionName): string
  coll(c: CollectionName): CollectionReference
  /** Every document of `query`, mapped, 100 at a time. */
  list<T>(query: Query, map: (d: CloudDocument) => T): Promise<T[]>
  /** Every document matching `fields`, in `_id` order, by keyset paging. */
  keyset(c: CollectionName | Query, fields?: Record<string, FieldCondition>): Promise<CloudDocument[]>
}

export function cloudContext(db: CloudDb, prefix: string): CloudContext {
  const name = (c: CollectionName): string => `${prefix}${c}`
  const coll = (c: CollectionName) => db.collection(name(c))
  const _ = db.command
  return {
    db,
    _,
    name,
    coll,
    list: async (query, map) => (await fetchAll(query)).map(map),
    keyset: (c, fields = {}) => fetchByKeyset(typeof c === 'string' ? coll(c) : c, fields, (id) => _.gt(id)),
  }
}

/** A document read by id: null when it does not exist. */
export async function readDoc<T>(ref: { get(): Promise<{ data: CloudDocument | null }> }, map: (d: CloudDocument) => T): Promise<T | null> {
  let data: CloudDocument | null
  try {
    data = (await ref.get()).data
  } catch (err) {
    if (isNotFound(err)) return null
    throw err
  }
  return data ? map(data) : null
}

export interface DocumentSpec<T> {
  readonly collection: CollectionName
  readonly toDomain: (doc: CloudDocument) => T
  readonly toDocument: (value: T) => DocData
  /** The document id of a value; its `id` unless given. */
  readonly idOf?: (value: T) => string
}

/** The same by-id operations inside a transaction (single documents only, as CloudBase requires). */
export interface TxCollection<T> {
  get(id: string): Promise<T | null>
  put(value: T): Promise<void>
  remove(id: string): Promise<void>
}

export interface ByIdCollection<T> extends TxCollection<T> {
  /** The documents with these ids, one read per 100: in the order asked for, each once, missing ids skipped. */
  getMany(ids: readonly string[]): Promise<T[]>
  /** The collection, to build a query on. */
  query(): CollectionReference
  /** Every document of a query on this collection, mapped. */
  list(query: Query): Promise<T[]>
  inTx(t: Transaction): TxCollection<T>
}

/**
 * One collection of documents keyed by the entity id.
 * @example const areas = byIdCollection(ctx, { collection: 'areas', toDomain: toArea, toDocument: fromArea })
 */
export function byIdCollection<T>(ctx: CloudContext, spec: DocumentSpec<T>): ByIdCollection<T> {
  const { collection, toDomain, toDocument } = spec
  const idOf = spec.idOf ?? ((value: T) => (value as unknown as { id: string }).id)
  const coll = () => ctx.coll(collection)
  return {
    get: (id) => readDoc(coll().doc(id), toDomain),
    async put(value) {
      await coll().doc(idOf(value)).set({ data: toDocument(value) })
    },
    async remove(id) {
      await coll().doc(id).remove()
    },
    async getMany(ids) {
      const unique = [...new Set(ids)]
      const found = new Map<string, T>()
      for (const part of chunk(unique, BATCH_SIZE_MAX)) {
        const { data } = await coll().where({ _id: ctx._.in(part) }).limit(BATCH_SIZE_MAX).get()
        for (const doc of data) found.set(doc._id, toDomain(doc))
      }
      return unique.flatMap((id) => (found.has(id) ? [found.get(id)!] : []))
    },
    query: coll,
    list: (query) => ctx.list(query, toDomain),
    inTx(t) {
      const tcoll = () => t.collection(ctx.name(collection))
      return {
        get: (id) => readDoc(tcoll().doc(id), toDomain),
        async put(value) {
          await tcoll().doc(idOf(value)).set({ data: toDocument(value) })
        },
        async remove(id) {
          await tcoll().doc(id).remove()
        },
      }
    },
  }
}

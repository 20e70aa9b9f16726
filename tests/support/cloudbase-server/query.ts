// Query, update and aggregation semantics, by mingo (a MongoDB query engine) over the stored
// documents, and the EJSON both ways. The SDK sends canonical EJSON strings (`{"$numberInt":"1"}`,
// `{"$date":{"$numberLong":"0"}}`, `{"$regularExpression":…}`); they are read with bson's relaxed
// parse, so numbers are numbers and dates are Dates, and regular expressions become RegExp for mingo.
// Documents go back as canonical EJSON strings, as CloudBase returns them.

import { BSONRegExp, EJSON } from 'bson'
import { Aggregator, Query, find, update as mingoUpdate } from 'mingo'
import type { Doc } from './documents'
import { failed, invalid } from './errors'

type AnyObject = Record<string, unknown>

const isPlainObject = (v: unknown): v is AnyObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof RegExp)

/** bson's regular expression as a JavaScript one ('x' and 'l' have no JavaScript equivalent). */
function toRegExp(re: BSONRegExp): RegExp {
  const flags = re.options.replace(/[^gimsuy]/g, '')
  try {
    return new RegExp(re.pattern, flags)
  } catch (err) {
    throw invalid(`bad regular expression /${re.pattern}/: ${(err as Error).message}`)
  }
}

function revive(value: unknown): unknown {
  if (value instanceof BSONRegExp) return toRegExp(value)
  if (Array.isArray(value)) return value.map(revive)
  if (isPlainObject(value)) {
    const out: AnyObject = {}
    for (const [k, v] of Object.entries(value)) out[k] = revive(v)
    return out
  }
  return value
}

/** One EJSON field of a request (a string); `fallback` when absent. */
export function decode<T = unknown>(field: unknown, what: string, fallback?: T): T {
  if (field === undefined || field === null || field === '') {
    if (fallback !== undefined) return fallback
    throw invalid(`${what} is required`)
  }
  if (typeof field !== 'string') throw invalid(`${what} must be an EJSON string`)
  try {
    return revive(EJSON.parse(field, { relaxed: true })) as T
  } catch (err) {
    throw invalid(`${what} is not valid EJSON: ${(err as Error).message}`)
  }
}

export const encode = (doc: unknown): string => EJSON.stringify(doc as AnyObject, { relaxed: false })

/** A deep copy (documents are copied on write so stored versions never change). */
export function clone<T>(value: T): T {
  if (value instanceof Date) return new Date(value.getTime()) as T
  if (value instanceof RegExp) return new RegExp(value.source, value.flags) as T
  if (Array.isArray(value)) return value.map(clone) as T
  if (isPlainObject(value)) {
    const out: AnyObject = {}
    for (const [k, v] of Object.entries(value)) out[k] = clone(v)
    return out as T
  }
  return value
}

export function compile(criteria: unknown): (doc: Doc) => boolean {
  if (!isPlainObject(criteria)) throw invalid('query must be an object')
  if (Object.keys(criteria).length === 0) return () => true
  try {
    const q = new Query(criteria)
    return (doc) => q.test(doc)
  } catch (err) {
    throw failed(`bad query: ${(err as Error).message}`)
  }
}

export interface FindSpec {
  readonly order?: AnyObject
  readonly offset: number
  readonly limit: number
  readonly projection?: AnyObject
}

/** Sorts, pages and projects documents that already matched. */
export function page(docs: Doc[], spec: FindSpec): Doc[] {
  try {
    let cursor = find(docs, {}, spec.projection && Object.keys(spec.projection).length > 0 ? spec.projection : undefined)
    if (spec.order && Object.keys(spec.order).length > 0) cursor = cursor.sort(spec.order as Record<string, 1 | -1>)
    return cursor.skip(spec.offset).limit(spec.limit).all() as Doc[]
  } catch (err) {
    throw failed(`bad order or projection: ${(err as Error).message}`)
  }
}

const UPDATE_OPERATORS = new Set(['$set', '$unset', '$inc', '$mul', '$min', '$max', '$rename', '$push', '$pull', '$pullAll', '$pop', '$addToSet', '$currentDate', '$bit'])

/** `doc` after an update (`$set`, `$inc`…); the stored version is not touched. */
export function applyUpdate(doc: Doc, modifier: unknown): Doc {
  if (!isPlainObject(modifier) || Object.keys(modifier).length === 0) throw invalid('data must be a non-empty object')
  for (const [op, fields] of Object.entries(modifier)) {
    if (!UPDATE_OPERATORS.has(op)) throw failed(`unknown update operator ${op}`)
    if (isPlainObject(fields) && Object.keys(fields).some((p) => p === '_id' || p.startsWith('_id.'))) throw failed('不能更新_id的值')
  }
  const next = clone(doc)
  try {
    mingoUpdate(next, modifier as never, undefined, undefined, { cloneMode: 'deep' })
  } catch (err) {
    throw failed(`update failed: ${(err as Error).message}`)
  }
  return next
}

/** The whole new document of a set(); operators are not allowed in it. */
export function replacement(id: string, data: unknown): Doc {
  if (!isPlainObject(data)) throw invalid('data must be an object')
  const { _id, ...rest } = data
  if (_id !== undefined && _id !== id) throw failed('不能更新_id的值')
  assertNoOperators(rest, '')
  return { _id: id, ...clone(rest) }
}

/** A new document of an add(); its own _id, or a generated one. */
export function insertion(data: unknown, newId: () => string): Doc {
  if (!isPlainObject(data)) throw invalid('data must be an object')
  const { _id, ...rest } = data
  if (_id !== undefined && (typeof _id !== 'string' || _id === '')) throw invalid('_id must be a non-empty string')
  assertNoOperators(rest, '')
  return { _id: (_id as string | undefined) ?? newId(), ...clone(rest) }
}

function assertNoOperators(value: unknown, path: string): void {
  if (Array.isArray(value)) return value.forEach((v, i) => assertNoOperators(v, `${path}.${i}`))
  if (!isPlainObject(value)) return
  for (const [k, v] of Object.entries(value)) {
    if (k.startsWith('$')) throw failed(`field names must not start with $ (${path ? `${path}.` : ''}${k})`)
    if (k.includes('.')) throw failed(`field names must not contain . (${path ? `${path}.` : ''}${k})`)
    assertNoOperators(v, path ? `${path}.${k}` : k)
  }
}

/** Runs an aggregation pipeline (`[{ $match: … }, { $group: … }]`) over the documents. */
export function aggregate(docs: Doc[], pipeline: AnyObject[]): AnyObject[] {
  try {
    return new Aggregator(pipeline).run(docs) as AnyObject[]
  } catch (err) {
    throw failed(`aggregate failed: ${(err as Error).message}`)
  }
}

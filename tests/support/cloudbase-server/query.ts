// Query, update and aggregation semantics, by mingo (a MongoDB query engine) over the stored
// documents, and the EJSON both ways. The SDK sends canonical EJSON strings (`{"$numberInt":"1"}`,
// `{"$date":{"$numberLong":"0"}}`, `{"$regularExpression":…}`); they are read with bson's relaxed
// parse, so numbers are numbers and dates are Dates, and regular expressions become RegExp for mingo.
// Documents go back as canonical EJSON strings, as CloudBase returns them.

import { BSONRegExp, EJSON } from 'bson'
import { Aggregator, Query, find, update as mingoUpdate } from 'mingo'
import { compare, resolve } from 'mingo/util'
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
    const value = EJSON.parse(field, { relaxed: true })
    return (field.includes('"$regularExpression"') ? revive(value) : value) as T
  } catch (err) {
    throw invalid(`${what} is not valid EJSON: ${(err as Error).message}`)
  }
}

export const encode = (doc: unknown): string => EJSON.stringify(doc as AnyObject, { relaxed: false })

/** Stored versions never change, so each is encoded once. */
const encodedVersions = new WeakMap<Doc, string>()
export function encodeStored(doc: Doc): string {
  let text = encodedVersions.get(doc)
  if (text === undefined) encodedVersions.set(doc, (text = encode(doc)))
  return text
}

/** Parsed query, order and projection texts: the same ones come again and again (never mutated). */
const parsedTexts = new Map<string, unknown>()
export function decodeShared<T>(field: unknown, what: string, fallback: T): T {
  if (typeof field !== 'string' || field === '') return decode(field, what, fallback)
  const hit = parsedTexts.get(field)
  if (hit !== undefined) return hit as T
  const value = decode<T>(field, what, fallback)
  if (parsedTexts.size >= CACHE_MAX) parsedTexts.delete(parsedTexts.keys().next().value as string)
  parsedTexts.set(field, value)
  return value
}

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

/** Compiled queries by their EJSON text: building a mingo Query copies its operator tables. */
const compiled = new Map<string, (doc: Doc) => boolean>()
const CACHE_MAX = 2000

/** A test for the documents matching `criteria`; `key` (the request's EJSON) caches it. */
export function compile(criteria: unknown, key?: string): (doc: Doc) => boolean {
  if (!isPlainObject(criteria)) throw invalid('query must be an object')
  const keys = Object.keys(criteria)
  if (keys.length === 0) return () => true
  if (keys.length === 1 && typeof criteria._id === 'string') {
    const id = criteria._id
    return (doc) => doc._id === id
  }
  const cached = key === undefined ? undefined : compiled.get(key)
  if (cached) return cached
  let test: (doc: Doc) => boolean
  try {
    const q = new Query(criteria)
    test = (doc) => q.test(doc)
  } catch (err) {
    throw failed(`bad query: ${(err as Error).message}`)
  }
  if (key !== undefined) {
    if (compiled.size >= CACHE_MAX) compiled.delete(compiled.keys().next().value as string)
    compiled.set(key, test)
  }
  return test
}

export interface FindSpec {
  readonly order?: AnyObject
  readonly offset: number
  readonly limit: number
  readonly projection?: AnyObject
}

/** Sorts, pages and projects documents that already matched. */
export function page(docs: Doc[], spec: FindSpec): Doc[] {
  const order = spec.order ? Object.entries(spec.order) : []
  let sorted = docs
  if (order.length > 0) {
    for (const [, dir] of order) if (dir !== 1 && dir !== -1) throw failed('order directions must be 1 or -1')
    // MongoDB's order across types (mingo's compare), stable, so ties keep natural order.
    const keyed = docs.map((doc, i) => ({ doc, i, keys: order.map(([path]) => (path === '_id' ? doc._id : resolve(doc, path))) }))
    keyed.sort((a, b) => {
      for (let k = 0; k < order.length; k++) {
        const x = a.keys[k]
        const y = b.keys[k]
        const d = typeof x === 'string' && typeof y === 'string' ? (x < y ? -1 : x > y ? 1 : 0) : typeof x === 'number' && typeof y === 'number' ? x - y : compare(x, y)
        if (d !== 0) return d * (order[k][1] as number)
      }
      return a.i - b.i
    })
    sorted = keyed.map((k) => k.doc)
  }
  const window = sorted.slice(spec.offset, spec.offset + spec.limit)
  if (!spec.projection || Object.keys(spec.projection).length === 0) return window
  const projection = spec.projection
  // Plain inclusions or exclusions of (dotted) paths directly; operators ($slice, $elemMatch) by mingo.
  if (Object.values(projection).every((v) => typeof v === 'number' || typeof v === 'boolean')) return window.map((d) => project(d, projection as Record<string, number | boolean>))
  try {
    return find(window, {}, projection).all() as Doc[]
  } catch (err) {
    throw failed(`bad projection: ${(err as Error).message}`)
  }
}

/** MongoDB's projection of paths: all inclusions (with `_id` unless excluded) or all exclusions. */
function project(doc: Doc, spec: Record<string, number | boolean>): Doc {
  const paths = Object.entries(spec).filter(([k]) => k !== '_id')
  const include = paths.length > 0 ? Boolean(paths[0][1]) : Boolean(spec._id)
  if (paths.some(([, v]) => Boolean(v) !== include)) throw failed('a projection cannot mix inclusion and exclusion')
  const withId = spec._id === undefined ? true : Boolean(spec._id)
  if (include) {
    const out: AnyObject = withId ? { _id: doc._id } : {}
    for (const [path] of paths) copyPath(doc, out, path.split('.'))
    return out as Doc
  }
  const out: AnyObject = { ...doc }
  if (!withId) delete out._id
  for (const [path] of paths) dropPath(out, path.split('.'))
  return out as Doc
}

function copyPath(from: AnyObject, to: AnyObject, parts: string[]): void {
  const [head, ...rest] = parts
  const v = from[head]
  if (v === undefined) return
  if (rest.length === 0) {
    to[head] = v
  } else if (Array.isArray(v)) {
    to[head] = v.filter(isPlainObject).map((e) => {
      const o: AnyObject = {}
      copyPath(e, o, rest)
      return o
    })
  } else if (isPlainObject(v)) {
    const sub = (isPlainObject(to[head]) ? to[head] : (to[head] = {})) as AnyObject
    copyPath(v, sub, rest)
  }
}

function dropPath(obj: AnyObject, parts: string[]): void {
  const [head, ...rest] = parts
  if (rest.length === 0) {
    delete obj[head]
    return
  }
  const v = obj[head]
  if (Array.isArray(v)) obj[head] = v.map((e) => (isPlainObject(e) ? ((e = { ...e }), dropPath(e, rest), e) : e))
  else if (isPlainObject(v)) {
    const copy = { ...v }
    dropPath(copy, rest)
    obj[head] = copy
  }
}

const UPDATE_OPERATORS = new Set(['$set', '$unset', '$inc', '$mul', '$min', '$max', '$rename', '$push', '$pull', '$pullAll', '$pop', '$addToSet', '$currentDate', '$bit'])

/** `doc` after an update (`$set`, `$inc`…), or null when it changes nothing; the stored version is not touched. */
export function applyUpdate(doc: Doc, modifier: unknown): Doc | null {
  if (!isPlainObject(modifier) || Object.keys(modifier).length === 0) throw invalid('data must be a non-empty object')
  for (const [op, fields] of Object.entries(modifier)) {
    if (!UPDATE_OPERATORS.has(op)) throw failed(`unknown update operator ${op}`)
    if (isPlainObject(fields) && Object.keys(fields).some((p) => p === '_id' || p.startsWith('_id.'))) throw failed('不能更新_id的值')
  }
  const next = clone(doc)
  let changed: string[]
  try {
    changed = mingoUpdate(next, modifier as never, undefined, undefined, { cloneMode: 'copy' })
  } catch (err) {
    throw failed(`update failed: ${(err as Error).message}`)
  }
  return changed.length > 0 ? next : null
}

/** Structural equality of stored values (plain JSON and Dates). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime()
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => sameValue(v, b[i]))
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a)
    const kb = Object.keys(b)
    return ka.length === kb.length && ka.every((k, i) => kb[i] === k && sameValue(a[k], b[k]))
  }
  return typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b)
}

/** The whole new document of a set(); operators are not allowed in it. `data` is freshly parsed, so it is kept as it is. */
export function replacement(id: string, data: unknown): Doc {
  if (!isPlainObject(data)) throw invalid('data must be an object')
  const { _id, ...rest } = data
  if (_id !== undefined && _id !== id) throw failed('不能更新_id的值')
  assertNoOperators(rest, '')
  return { _id: id, ...rest }
}

/** A new document of an add(); its own _id, or a generated one. */
export function insertion(data: unknown, newId: () => string): Doc {
  if (!isPlainObject(data)) throw invalid('data must be an object')
  const { _id, ...rest } = data
  if (_id !== undefined && (typeof _id !== 'string' || _id === '')) throw invalid('_id must be a non-empty string')
  assertNoOperators(rest, '')
  return { _id: (_id as string | undefined) ?? newId(), ...rest }
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

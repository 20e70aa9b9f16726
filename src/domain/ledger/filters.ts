// An indicator's filters (IndicatorFilters in count.ts) decoded from untrusted data, once for every
// boundary: a saveIndicator request (contracts.ts), a SQLite row, a CloudBase document, and the
// dashboard card the indicator form starts from (packages/ledger/ledger-format.ts).

import type { IndicatorFilters } from './count'
import { ID_PATTERN } from '../ids'

/** The list-valued filters, in the order they are checked (and reported). */
export const LIST_FILTER_KEYS = ['types', 'targetGroups', 'actions', 'projects', 'tags', 'departments', 'areaIds'] as const
export type ListFilterKey = (typeof LIST_FILTER_KEYS)[number]

/** A tag: lower-case letters, digits and underscores, as the catalog and the form require. */
export const TAG_PATTERN = /^[a-z0-9_]{1,40}$/
/** A request's limits: values per list (area ids may be more, a district has many streets) and characters per value. */
export const FILTER_VALUES_MAX = 20
export const FILTER_AREA_IDS_MAX = 40
export const FILTER_VALUE_CHARS_MAX = 40

/**
 * Why filters do not decode, and where: `field` is a dotted path below the filters object ('' for the
 * object itself, 'tags' or 'tags.2' for a list or one of its values). `invalid_id` marks a value
 * that is not a well-formed id or tag (a request's INPUT.INVALID_ID); everything else is malformed.
 */
export interface FilterProblem {
  readonly field: string
  readonly why: 'not_object' | 'not_list' | 'not_text' | 'not_number' | 'too_many' | 'too_long' | 'invalid_id' | 'unknown_key'
}

export type DecodedFilters = { readonly ok: true; readonly value: IndicatorFilters } | ({ readonly ok: false } & FilterProblem)

/**
 * `stored` (the default) reads what an adapter wrote: only the known keys, each a list of strings,
 * `minAttendance` a number; other members are left out. `request` also refuses unknown keys and
 * holds every list to the request's limits and every area id and tag to its pattern.
 * @example decodeIndicatorFilters({ types: ['lecture'], minAttendance: 3 }) // { ok: true, value: { types: ['lecture'], minAttendance: 3 } }
 * @example decodeIndicatorFilters({ tags: 'x' }) // { ok: false, field: 'tags', why: 'not_list' }
 */
export function decodeIndicatorFilters(value: unknown, mode: 'stored' | 'request' = 'stored'): DecodedFilters {
  const problem = (field: string, why: FilterProblem['why']): DecodedFilters => ({ ok: false, field, why })
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return problem('', 'not_object')
  const o = value as Record<string, unknown>
  const out: Record<string, unknown> = {}
  for (const key of LIST_FILTER_KEYS) {
    const list = o[key]
    if (list === undefined) continue
    if (!Array.isArray(list)) return problem(key, 'not_list')
    for (const [i, x] of list.entries()) {
      // A request's area ids are ids: anything else, text or not, is an invalid id.
      if (typeof x !== 'string') return problem(`${key}.${i}`, mode === 'request' && key === 'areaIds' ? 'invalid_id' : 'not_text')
      if (mode === 'request') {
        if (key === 'tags' && !TAG_PATTERN.test(x)) return problem(`${key}.${i}`, 'invalid_id')
        if (key === 'areaIds' && !ID_PATTERN.test(x)) return problem(`${key}.${i}`, 'invalid_id')
        if (key !== 'tags' && key !== 'areaIds' && x.length > FILTER_VALUE_CHARS_MAX) return problem(`${key}.${i}`, 'too_long')
      }
    }
    if (mode === 'request' && list.length > (key === 'areaIds' ? FILTER_AREA_IDS_MAX : FILTER_VALUES_MAX)) return problem(key, 'too_many')
    out[key] = [...list]
  }
  if (o.minAttendance !== undefined) {
    if (typeof o.minAttendance !== 'number') return problem('minAttendance', 'not_number')
    out.minAttendance = o.minAttendance
  }
  if (mode === 'request') {
    const unknown = Object.keys(o).find((k) => k !== 'minAttendance' && !(LIST_FILTER_KEYS as readonly string[]).includes(k))
    if (unknown !== undefined) return problem('', 'unknown_key')
  }
  return { ok: true, value: out as IndicatorFilters }
}

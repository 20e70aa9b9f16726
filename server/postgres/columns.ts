// Small helpers shared by the PostgreSQL ports: how instants become query columns and how bounds
// given by callers are read.

import type { Instant } from '../../src/domain/time'

/**
 * The canonical form of an instant (`toISOString`). Query columns hold instants in this one format,
 * so comparing and ordering them as text equals comparing them as times; the `doc` keeps the value
 * as the caller gave it.
 */
export function canonicalInstant(value: string): Instant {
  const t = Date.parse(value)
  if (Number.isNaN(t)) throw new TypeError(`not an instant: ${JSON.stringify(value)}`)
  return new Date(t).toISOString()
}

/** A caller's bound as canonical text, or null when it does not parse (such a bound matches nothing). */
export function boundOf(value: string): string | null {
  const t = Date.parse(value)
  return Number.isNaN(t) ? null : new Date(t).toISOString()
}

export const nonNegativeInt = (n: number): number => (Number.isFinite(n) ? Math.max(0, Math.trunc(n)) : 0)

/** Byte-wise order of a text column, as SQLite and JavaScript compare ids and instants. */
export const c = (column: string): string => `${column} COLLATE "C"`

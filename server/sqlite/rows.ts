// Decoding helpers shared by the SQLite adapter's per-port files (accounts.ts, activities.ts, …), each of
// which holds its own Row types and mapping: rows read back are checked minimally (types, enums, JSON
// shape), then trusted.

import type { Instant } from '../../src/domain/time'

/** A row that does not decode is a bug or a damaged file, never an expected failure. */
export class CorruptRowError extends Error {
  constructor(table: string, id: unknown, detail: string) {
    super(`corrupt row in ${table} (id ${String(id)}): ${detail}`)
    this.name = 'CorruptRowError'
  }
}

/**
 * The canonical form of an instant (`toISOString`). Stored instants must share one format so that
 * comparing and ordering them as text in SQL equals comparing them as times.
 */
export function canonicalInstant(value: string): Instant {
  const t = Date.parse(value)
  if (Number.isNaN(t)) throw new TypeError(`not an instant: ${JSON.stringify(value)}`)
  return new Date(t).toISOString()
}

export const nullableInstant = (value: string | null): Instant | null => (value === null ? null : canonicalInstant(value))

/** Small decoding helpers bound to one row, so every failure names its table, row and column. */
export function reader(table: string, row: Record<string, unknown>) {
  const bad = (column: string, why: string): never => {
    throw new CorruptRowError(table, row.id, `${column} ${why}`)
  }
  const str = (column: string): string => {
    const v = row[column]
    return typeof v === 'string' ? v : bad(column, 'is not text')
  }
  const oneOf = <T extends string>(column: string, allowed: readonly T[]): T => {
    const v = str(column)
    return (allowed as readonly string[]).includes(v) ? (v as T) : bad(column, `has unknown value ${JSON.stringify(v)}`)
  }
  const json = (column: string): unknown => {
    try {
      return JSON.parse(str(column))
    } catch {
      return bad(column, 'is not JSON')
    }
  }
  return {
    bad,
    str,
    optStr: (column: string): string | null => (row[column] === null ? null : str(column)),
    int: (column: string): number => {
      const v = row[column]
      // STRICT tables return INTEGER columns as JS numbers (or bigint when enabled, which we do not).
      return typeof v === 'number' && Number.isInteger(v) ? v : bad(column, 'is not an integer')
    },
    bool: (column: string): boolean => {
      const v = row[column]
      return v === 1 ? true : v === 0 ? false : bad(column, 'is not 0/1')
    },
    oneOf,
    optOneOf: <T extends string>(column: string, allowed: readonly T[]): T | null => (row[column] === null ? null : oneOf(column, allowed)),
    json,
    strings: (column: string): string[] => {
      const v = json(column)
      return Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : bad(column, 'is not a JSON array of strings')
    },
  }
}

// Reading stored CloudBase documents back: every field's type is checked as it is read, and a
// malformed document fails loudly with its collection, id and field. Shared by every collection.

import { ms, type Instant } from '../src/domain/time'
import type { CloudDocument } from './cloudbase-types'

class MalformedDocument extends Error {
  constructor(collection: string, id: unknown, field: string) {
    super(`cloudbase: malformed ${collection} document ${String(id)}: bad ${field}`)
  }
}

/** Reads fields of one stored document, checking each one's type as it goes. */
export function reader(collection: string, doc: CloudDocument) {
  const bad = (field: string): never => {
    throw new MalformedDocument(collection, doc._id, field)
  }
  const str = (f: string): string => (typeof doc[f] === 'string' ? (doc[f] as string) : bad(f))
  const num = (f: string): number => (typeof doc[f] === 'number' && Number.isFinite(doc[f]) ? (doc[f] as number) : bad(f))
  const bool = (f: string): boolean => (typeof doc[f] === 'boolean' ? (doc[f] as boolean) : bad(f))
  const oneOf = <T extends string>(f: string, allowed: readonly T[]): T => {
    const v = doc[f]
    return typeof v === 'string' && (allowed as readonly string[]).includes(v) ? (v as T) : bad(f)
  }
  const absent = (f: string): boolean => doc[f] === undefined
  return {
    id: (): string => (typeof doc._id === 'string' && doc._id ? doc._id : bad('_id')),
    bad,
    str,
    num,
    bool,
    /** For fields added after documents were first written: absent means the default; present must be valid. */
    numOr: (f: string, fallback: number): number => (absent(f) ? fallback : num(f)),
    boolOr: (f: string, fallback: boolean): boolean => (absent(f) ? fallback : bool(f)),
    oneOfOrNull: <T extends string>(f: string, allowed: readonly T[]): T | null => (doc[f] === null || absent(f) ? null : oneOf(f, allowed)),
    strOrNull: (f: string): string | null => (doc[f] === null || doc[f] === undefined ? null : str(f)),
    strs: (f: string): string[] => {
      const v = doc[f]
      return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : bad(f)
    },
    strsOr: (f: string, fallback: string[]): string[] => {
      const v = doc[f]
      if (v === undefined) return fallback
      return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : bad(f)
    },
    oneOf,
    raw: (f: string): unknown => doc[f],
    has: (f: string): boolean => doc[f] !== undefined && doc[f] !== null,
  }
}

/** Epoch ms of an instant, or null when it does not parse (such a bound then matches nothing, as in matchesQuery). */
export const msOrNull = (instant: Instant): number | null => {
  const t = ms(instant)
  return Number.isFinite(t) ? t : null
}

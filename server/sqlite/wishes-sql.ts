// SQLite side of the wishes port (src/domain/wishes/port.ts): tables wishes and wish_supports
// (migration 13). Every statement runs through the store's serialized(), in turn with its transactions.

import type Database from 'better-sqlite3'
import type { TargetGroup } from '../../src/domain/catalog'
import type { ActivityId, AreaId, UserId } from '../../src/domain/ids'
import { WISHES_LIMIT_MAX, type WishRepository } from '../../src/domain/wishes/port'
import type { Wish, WishId } from '../../src/domain/wishes/rules'
import { canonicalInstant, reader } from './rows'
import type { SqliteStore } from './store'

interface WishRow {
  id: string
  title: string
  detail: string | null
  target_group: string
  area_id: string | null
  created_by: string | null
  created_at: string
  support_count: number
  arranged_activity_id: string | null
  arranged_at: string | null
}

const COLUMNS = ['id', 'title', 'detail', 'target_group', 'area_id', 'created_by', 'created_at', 'support_count', 'arranged_activity_id', 'arranged_at'] as const satisfies readonly (keyof WishRow)[]
const COLS = COLUMNS.join(', ')
/** rules.ts compareWishes, in SQL. */
const ORDER = 'ORDER BY (arranged_activity_id IS NOT NULL), support_count DESC, created_at DESC, id'

const toRow = (w: Wish): WishRow => ({
  id: w.id,
  title: w.title,
  detail: w.detail,
  target_group: w.targetGroup,
  area_id: w.areaId,
  created_by: w.createdBy,
  created_at: canonicalInstant(w.createdAt),
  support_count: w.supportCount,
  arranged_activity_id: w.arranged?.activityId ?? null,
  arranged_at: w.arranged ? canonicalInstant(w.arranged.at) : null,
})

function fromRow(row: WishRow): Wish {
  const r = reader('wishes', row as unknown as Record<string, unknown>)
  const activityId = r.optStr('arranged_activity_id')
  return {
    id: r.str('id'),
    title: r.str('title'),
    detail: r.optStr('detail'),
    targetGroup: r.str('target_group') as TargetGroup,
    areaId: r.optStr('area_id') as AreaId | null,
    createdBy: r.optStr('created_by') as UserId | null,
    createdAt: r.str('created_at'),
    supportCount: r.int('support_count'),
    arranged: activityId ? { activityId: activityId as ActivityId, at: r.str('arranged_at') } : null,
  }
}

/** The wishes port on the store's connection. */
export function sqliteWishRepository(store: Pick<SqliteStore, 'db' | 'serialized'>): WishRepository {
  const db: Database.Database = store.db
  const insert = db.prepare<[WishRow]>(`INSERT INTO wishes (${COLS}) VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')})`)
  const insertSupport = db.prepare<[string, string, string]>(`INSERT INTO wish_supports (wish_id, user_id, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`)
  const get = db.prepare<[string], WishRow>(`SELECT ${COLS} FROM wishes WHERE id = ?`)
  const count = db.prepare<[string], { n: number }>(`UPDATE wishes SET support_count = support_count + 1 WHERE id = ? RETURNING 1 AS n`)
  const page = db.prepare<[number, number], WishRow>(`SELECT ${COLS} FROM wishes ${ORDER} LIMIT ? OFFSET ?`)
  const total = db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM wishes`)
  const supports = db.prepare<[string, string], { n: number }>(`SELECT 1 AS n FROM wish_supports WHERE user_id = ? AND wish_id = ?`)
  const createdSince = db.prepare<[string, string], { n: number }>(`SELECT count(*) AS n FROM wishes WHERE created_by = ? AND created_at >= ?`)
  const arrange = db.prepare<[string, string, string]>(`UPDATE wishes SET arranged_activity_id = ?, arranged_at = ? WHERE id = ? AND arranged_activity_id IS NULL`)
  const unlink = db.prepare<[string]>(`UPDATE wishes SET created_by = NULL WHERE created_by = ?`)
  const forgetSupports = db.prepare<[string]>(`DELETE FROM wish_supports WHERE user_id = ?`)

  const createTx = db.transaction((row: WishRow) => {
    insert.run(row)
    if (row.created_by) insertSupport.run(row.id, row.created_by, row.created_at)
  })
  const supportTx = db.transaction((id: string, userId: string, at: string): boolean => {
    if (!get.get(id)) return false
    if (insertSupport.run(id, userId, at).changes === 0) return false
    count.get(id)
    return true
  })
  const forgetTx = db.transaction((userId: string) => {
    unlink.run(userId)
    forgetSupports.run(userId)
  })

  return {
    create(wish) {
      const row = toRow(wish)
      return store.serialized('wishes.create', () => createTx(row))
    },
    get: (id) => store.serialized('wishes.get', () => get.get(id)).then((row) => (row ? fromRow(row) : null)),
    addSupport(id, userId, at) {
      const when = canonicalInstant(at)
      return store.serialized('wishes.support', () => supportTx(id, userId, when))
    },
    list({ limit, offset }) {
      const n = Math.max(0, Math.min(Math.trunc(limit), WISHES_LIMIT_MAX))
      const skip = Math.max(0, Math.trunc(offset))
      return store.serialized('wishes.list', () => ({ items: page.all(n, skip).map(fromRow), total: total.get()!.n }))
    },
    supportedBy(userId, ids) {
      return store.serialized('wishes.supportedBy', () => new Set<WishId>([...new Set(ids)].filter((id) => supports.get(userId, id))))
    },
    countCreatedSince(userId, since) {
      const at = canonicalInstant(since)
      return store.serialized('wishes.countCreatedSince', () => createdSince.get(userId, at)!.n)
    },
    markArranged(id, activityId, at) {
      const when = canonicalInstant(at)
      return store.serialized('wishes.markArranged', () => void arrange.run(activityId, when, id))
    },
    forgetUser(userId) {
      return store.serialized('wishes.forgetUser', () => forgetTx(userId))
    },
  }
}

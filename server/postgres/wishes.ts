// The wishes port on PostgreSQL (src/domain/wishes/port.ts): tables wishes and wish_supports
// (schema-ledger.ts ledger-004). A support and its count change in one statement, so concurrent
// supports each count once (the count's row lock orders them; READ COMMITTED re-reads it).

import { WISHES_LIMIT_MAX, type WishRepository } from '../../src/domain/wishes/port'
import type { Wish, WishId } from '../../src/domain/wishes/rules'
import type { PgDatabase } from './db'
import { docTable } from './doc-table'
import { c, canonicalInstant, nonNegativeInt } from './columns'

const wishes = docTable<Wish>({
  table: 'wishes',
  id: (w) => w.id,
  columns: {
    created_by: (w) => w.createdBy,
    created_at: (w) => canonicalInstant(w.createdAt),
    support_count: (w) => w.supportCount,
    arranged: (w) => w.arranged !== null,
  },
})

/** rules.ts compareWishes, in SQL: open first, most supported, newest, then id. */
const ORDER = `ORDER BY arranged, support_count DESC, ${c('created_at')} DESC, ${c('id')}`

export function pgWishes(db: PgDatabase): WishRepository {
  return {
    create: (wish) =>
      db.transaction(async (tx) => {
        await wishes.put(tx, wish)
        if (wish.createdBy) {
          await tx.query('INSERT INTO wish_supports (wish_id, user_id, at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
            wish.id,
            wish.createdBy,
            canonicalInstant(wish.createdAt),
          ])
        }
      }),
    get: (id) => wishes.get(db, id),
    async addSupport(id, userId, at) {
      const rows = await db.query(
        `WITH s AS (
           INSERT INTO wish_supports (wish_id, user_id, at) SELECT id, $2, $3 FROM wishes WHERE id = $1 ON CONFLICT DO NOTHING RETURNING wish_id
         )
         UPDATE wishes w SET support_count = w.support_count + 1, doc = jsonb_set(w.doc, '{supportCount}', to_jsonb(w.support_count + 1))
         FROM s WHERE w.id = s.wish_id RETURNING 1`,
        [id, userId, canonicalInstant(at)],
      )
      return rows.length === 1
    },
    async list({ limit, offset }) {
      const n = Math.min(nonNegativeInt(limit), WISHES_LIMIT_MAX)
      // One statement, one snapshot: the total matches the page.
      const [row] = await db.query<{ total: number; items: Wish[] }>(
        `SELECT (SELECT count(*)::int FROM wishes) AS total,
                (SELECT coalesce(jsonb_agg(p.doc ORDER BY p.k), '[]'::jsonb)
                   FROM (SELECT doc, row_number() OVER (${ORDER}) AS k FROM wishes ${ORDER} LIMIT $1 OFFSET $2) p) AS items`,
        [n, nonNegativeInt(offset)],
      )
      return { items: row.items, total: row.total }
    },
    async supportedBy(userId, ids) {
      if (ids.length === 0) return new Set<WishId>()
      const rows = await db.query<{ wish_id: string }>('SELECT wish_id FROM wish_supports WHERE user_id = $1 AND wish_id = ANY($2::text[])', [userId, [...new Set(ids)]])
      return new Set<WishId>(rows.map((r) => r.wish_id))
    },
    async countCreatedSince(userId, since) {
      const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM wishes WHERE created_by = $1 AND ${c('created_at')} >= $2`, [
        userId,
        canonicalInstant(since),
      ])
      return row.n
    },
    async markArranged(id, activityId, at) {
      // A wish already arranged keeps its first answer.
      await db.query(
        `UPDATE wishes SET arranged = true, doc = jsonb_set(doc, '{arranged}', jsonb_build_object('activityId', $2::text, 'at', $3::text))
         WHERE id = $1 AND NOT arranged`,
        [id, activityId, canonicalInstant(at)],
      )
    },
    forgetUser: (userId) =>
      db.transaction(async (tx) => {
        await tx.query(`UPDATE wishes SET created_by = NULL, doc = jsonb_set(doc, '{createdBy}', 'null') WHERE created_by = $1`, [userId])
        await tx.query('DELETE FROM wish_supports WHERE user_id = $1', [userId])
      }),
  }
}

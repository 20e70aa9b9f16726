// The feedback port on PostgreSQL (src/domain/feedback/port.ts): table feedback (schema-ledger.ts
// ledger-004), each rating whole in `doc` under its registration's id, what tallies filter on beside it.

import type { ActivityId } from '../../src/domain/ids'
import { FEEDBACK_COMMENTS_LIMIT_MAX, type FeedbackRepository, type FeedbackScope } from '../../src/domain/feedback/port'
import { EMPTY_TALLY, type Feedback, type RatingTally } from '../../src/domain/feedback/rules'
import type { PgDatabase } from './db'
import { docTable } from './doc-table'
import { c, canonicalInstant, nonNegativeInt } from './columns'

const ratings = docTable<Feedback>({
  table: 'feedback',
  id: (f) => f.id,
  columns: {
    activity_id: (f) => f.activityId,
    department_code: (f) => f.departmentCode,
    projects: (f) => [...f.projects],
    rating: (f) => f.rating,
    commented: (f) => f.comment !== null,
    updated_at: (f) => canonicalInstant(f.updatedAt),
  },
})

/** The WHERE condition of a scope, its parameters numbered from $1. */
function whereOf(scope: FeedbackScope): { sql: string; params: unknown[] } {
  if ('activityId' in scope) return { sql: 'activity_id = $1', params: [scope.activityId] }
  if ('project' in scope) {
    const inProject = 'projects @> ARRAY[$1]::text[]'
    return scope.departmentCode
      ? { sql: `${inProject} AND department_code = $2`, params: [scope.project, scope.departmentCode] }
      : { sql: inProject, params: [scope.project] }
  }
  if ('departmentCode' in scope && scope.departmentCode) return { sql: 'department_code = $1', params: [scope.departmentCode] }
  return { sql: 'true', params: [] }
}

const tallyFrom = (rows: readonly { rating: number; n: number }[]): RatingTally => {
  const t = [...EMPTY_TALLY]
  for (const { rating, n } of rows) if (rating >= 1 && rating <= 5) t[rating - 1] = n
  return t as unknown as RatingTally
}

export function pgFeedback(db: PgDatabase): FeedbackRepository {
  return {
    get: (id) => ratings.get(db, id),
    getMany: (ids) => ratings.getMany(db, ids),
    put: (feedback) => ratings.put(db, feedback),
    async tally(scope) {
      const { sql, params } = whereOf(scope)
      return tallyFrom(await db.query<{ rating: number; n: number }>(`SELECT rating, count(*)::int AS n FROM feedback WHERE ${sql} GROUP BY rating`, params))
    },
    async tallyByActivity(departmentCode) {
      const rows = await db.query<{ activity_id: string; rating: number; n: number }>(
        `SELECT activity_id, rating, count(*)::int AS n FROM feedback ${departmentCode ? 'WHERE department_code = $1' : ''}
         GROUP BY activity_id, rating ORDER BY ${c('activity_id')}`,
        departmentCode ? [departmentCode] : [],
      )
      const per = new Map<string, { rating: number; n: number }[]>()
      for (const r of rows) per.set(r.activity_id, [...(per.get(r.activity_id) ?? []), r])
      return [...per].map(([activityId, list]) => ({ activityId: activityId as ActivityId, tally: tallyFrom(list) }))
    },
    comments(scope, limit) {
      const { sql, params } = whereOf(scope)
      const n = Math.min(nonNegativeInt(limit), FEEDBACK_COMMENTS_LIMIT_MAX)
      return ratings.select(db, `WHERE ${sql} AND commented ORDER BY ${c('updated_at')} DESC, ${c('id')} DESC LIMIT $${params.length + 1}`, [...params, n])
    },
    async removeMany(ids) {
      if (ids.length > 0) await db.query('DELETE FROM feedback WHERE id = ANY($1::text[])', [[...new Set(ids)]])
    },
  }
}

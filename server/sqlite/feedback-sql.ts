// SQLite side of the feedback port (src/domain/feedback/port.ts): table feedback (migration 12).
// Every statement runs through the store's serialized(), in turn with its transactions.

import type Database from 'better-sqlite3'
import type { DepartmentCode, PlanProject } from '../../src/domain/catalog'
import { FEEDBACK_COMMENTS_LIMIT_MAX, type FeedbackRepository, type FeedbackScope } from '../../src/domain/feedback/port'
import { EMPTY_TALLY, type Feedback, type RatingTally } from '../../src/domain/feedback/rules'
import type { ActivityId, RegistrationId, UserId } from '../../src/domain/ids'
import { canonicalInstant, reader } from './rows'
import type { SqliteStore } from './store'

interface FeedbackRow {
  id: string
  activity_id: string
  department_code: string
  projects: string
  user_id: string
  rating: number
  comment: string | null
  created_at: string
  updated_at: string
}

const COLUMNS = ['id', 'activity_id', 'department_code', 'projects', 'user_id', 'rating', 'comment', 'created_at', 'updated_at'] as const satisfies readonly (keyof FeedbackRow)[]
const COLS = COLUMNS.join(', ')

const toRow = (f: Feedback): FeedbackRow => ({
  id: f.id,
  activity_id: f.activityId,
  department_code: f.departmentCode,
  projects: JSON.stringify(f.projects),
  user_id: f.userId,
  rating: f.rating,
  comment: f.comment,
  created_at: canonicalInstant(f.createdAt),
  updated_at: canonicalInstant(f.updatedAt),
})

function fromRow(row: FeedbackRow): Feedback {
  const r = reader('feedback', row as unknown as Record<string, unknown>)
  return {
    id: r.str('id') as RegistrationId,
    activityId: r.str('activity_id') as ActivityId,
    departmentCode: r.str('department_code') as DepartmentCode,
    projects: r.strings('projects') as PlanProject[],
    userId: r.str('user_id') as UserId,
    rating: r.int('rating'),
    comment: r.optStr('comment'),
    createdAt: r.str('created_at'),
    updatedAt: r.str('updated_at'),
  }
}

/** The WHERE clause and parameters of a scope. */
function whereOf(scope: FeedbackScope): { sql: string; params: Record<string, string> } {
  if ('activityId' in scope) return { sql: 'activity_id = @activity', params: { activity: scope.activityId } }
  if ('project' in scope) {
    const inProject = 'EXISTS (SELECT 1 FROM json_each(feedback.projects) WHERE value = @project)'
    return scope.departmentCode
      ? { sql: `${inProject} AND department_code = @unit`, params: { project: scope.project, unit: scope.departmentCode } }
      : { sql: inProject, params: { project: scope.project } }
  }
  if ('departmentCode' in scope && scope.departmentCode) return { sql: 'department_code = @unit', params: { unit: scope.departmentCode } }
  return { sql: '1 = 1', params: {} }
}

const tallyFrom = (rows: readonly { rating: number; n: number }[]): RatingTally => {
  const t = [...EMPTY_TALLY]
  for (const { rating, n } of rows) if (rating >= 1 && rating <= 5) t[rating - 1] = n
  return t as unknown as RatingTally
}

/** The feedback port on the store's connection. */
export function sqliteFeedbackRepository(store: Pick<SqliteStore, 'db' | 'serialized'>): FeedbackRepository {
  const db: Database.Database = store.db
  const put = db.prepare<[FeedbackRow]>(
    `INSERT INTO feedback (${COLS}) VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')})
     ON CONFLICT (id) DO UPDATE SET ${COLUMNS.filter((c) => c !== 'id').map((c) => `${c} = excluded.${c}`).join(', ')}`,
  )
  const get = db.prepare<[string], FeedbackRow>(`SELECT ${COLS} FROM feedback WHERE id = ?`)
  const remove = db.prepare<[string]>(`DELETE FROM feedback WHERE id = ?`)
  const byActivity = db.prepare<[], { activity_id: string; rating: number; n: number }>(
    `SELECT activity_id, rating, count(*) AS n FROM feedback GROUP BY activity_id, rating ORDER BY activity_id`,
  )
  const byActivityOfUnit = db.prepare<[string], { activity_id: string; rating: number; n: number }>(
    `SELECT activity_id, rating, count(*) AS n FROM feedback WHERE department_code = ? GROUP BY activity_id, rating ORDER BY activity_id`,
  )
  // One statement per kind of scope, prepared on first use.
  const prepared = new Map<string, Database.Statement>()
  const statement = (key: string, sql: string): Database.Statement => {
    let s = prepared.get(key)
    if (!s) prepared.set(key, (s = db.prepare(sql)))
    return s
  }
  return {
    get: (id) => store.serialized('feedback.get', () => get.get(id)).then((row) => (row ? fromRow(row) : null)),
    getMany(ids) {
      const unique = [...new Set(ids)]
      return store.serialized('feedback.getMany', () => unique.flatMap((id) => {
        const row = get.get(id)
        return row ? [fromRow(row)] : []
      }))
    },
    put(feedback) {
      const row = toRow(feedback)
      return store.serialized('feedback.put', () => void put.run(row))
    },
    tally(scope) {
      const { sql, params } = whereOf(scope)
      return store
        .serialized('feedback.tally', () => statement(`tally:${sql}`, `SELECT rating, count(*) AS n FROM feedback WHERE ${sql} GROUP BY rating`).all(params) as { rating: number; n: number }[])
        .then(tallyFrom)
    },
    tallyByActivity(departmentCode) {
      return store
        .serialized('feedback.tallyByActivity', () => (departmentCode ? byActivityOfUnit.all(departmentCode) : byActivity.all()))
        .then((rows) => {
          const per = new Map<string, { rating: number; n: number }[]>()
          for (const r of rows) per.set(r.activity_id, [...(per.get(r.activity_id) ?? []), r])
          return [...per].map(([activityId, list]) => ({ activityId: activityId as ActivityId, tally: tallyFrom(list) }))
        })
    },
    comments(scope, limit) {
      const n = Math.max(0, Math.min(Math.trunc(limit), FEEDBACK_COMMENTS_LIMIT_MAX))
      const { sql, params } = whereOf(scope)
      return store
        .serialized('feedback.comments', () =>
          statement(`comments:${sql}`, `SELECT ${COLS} FROM feedback WHERE ${sql} AND comment IS NOT NULL ORDER BY updated_at DESC, id DESC LIMIT @limit`).all({ ...params, limit: n }) as FeedbackRow[],
        )
        .then((rows) => rows.map(fromRow))
    },
    removeMany(ids) {
      return store.serialized('feedback.removeMany', () => {
        for (const id of new Set(ids)) remove.run(id)
      })
    },
  }
}

// Activities (ActivityRepository, ActivityTx in src/domain/ports.ts): the row, its mapping, the
// listing statements (one pair per query shape) and the target-group index kept beside each row.
// Tables: activities and activity_target_groups (migrations.ts).

import type Database from 'better-sqlite3'
import type { ActivityType, DepartmentCode, PlanAction, PlanProject, TargetGroup } from '../../src/domain/catalog'
import type { ActivityId, AreaId, CourseId } from '../../src/domain/ids'
import { decodeActivityDetails } from '../../src/domain/activities/details-codec'
import type { ActivityRepository, ActivityTx } from '../../src/domain/ports'
import type { Activity } from '../../src/domain/types'
import { canonicalInstant, nullableInstant, reader } from './rows'
import { byIdTable, guard, nonNegativeInt, type SqliteContext, type SyncPort } from './table'
import { ACTIVITY_STATUSES } from '../../src/domain/value-lists'

export interface ActivityRow {
  id: string
  title: string
  type: string
  description: string
  start_at: string
  end_at: string
  place: string
  area_id: string
  department_code: string
  target_groups: string
  actions: string
  projects: string
  tags: string
  capacity: number
  waitlist_limit: number
  signup_opens_at: string
  signup_closes_at: string
  status: string
  confirmed_count: number
  waitlist_count: number
  next_seq: number
  checkout_enabled: number
  walk_ins_allowed: number
  attendance_closed_at: string | null
  created_at: string
  updated_at: string
  course_id: string | null
  /** ActivityDetails as JSON; null on seeded and older activities. */
  details: string | null
}

export const activityToRow = (a: Activity): ActivityRow => ({
  id: a.id,
  title: a.title,
  type: a.type,
  description: a.description,
  start_at: canonicalInstant(a.startAt),
  end_at: canonicalInstant(a.endAt),
  place: a.place,
  area_id: a.areaId,
  department_code: a.departmentCode,
  target_groups: JSON.stringify(a.targetGroups),
  actions: JSON.stringify(a.actions),
  projects: JSON.stringify(a.projects),
  tags: JSON.stringify(a.tags),
  capacity: a.capacity,
  waitlist_limit: a.waitlistLimit,
  signup_opens_at: canonicalInstant(a.signupOpensAt),
  signup_closes_at: canonicalInstant(a.signupClosesAt),
  status: a.status,
  confirmed_count: a.confirmedCount,
  waitlist_count: a.waitlistCount,
  next_seq: a.nextSeq,
  checkout_enabled: a.checkoutEnabled ? 1 : 0,
  walk_ins_allowed: a.walkInsAllowed ? 1 : 0,
  attendance_closed_at: nullableInstant(a.attendanceClosedAt),
  created_at: canonicalInstant(a.createdAt),
  updated_at: canonicalInstant(a.updatedAt),
  course_id: a.courseId ?? null,
  details: a.details ? JSON.stringify(a.details) : null,
})

export function rowToActivity(row: ActivityRow): Activity {
  const r = reader('activities', row as unknown as Record<string, unknown>)
  return {
    id: r.str('id') as ActivityId,
    title: r.str('title'),
    type: r.str('type') as ActivityType,
    description: r.str('description'),
    startAt: r.str('start_at'),
    endAt: r.str('end_at'),
    place: r.str('place'),
    areaId: r.str('area_id') as AreaId,
    departmentCode: r.str('department_code') as DepartmentCode,
    targetGroups: r.strings('target_groups') as TargetGroup[],
    actions: r.strings('actions') as PlanAction[],
    projects: r.strings('projects') as PlanProject[],
    tags: r.strings('tags'),
    capacity: r.int('capacity'),
    waitlistLimit: r.int('waitlist_limit'),
    signupOpensAt: r.str('signup_opens_at'),
    signupClosesAt: r.str('signup_closes_at'),
    status: r.oneOf('status', ACTIVITY_STATUSES),
    confirmedCount: r.int('confirmed_count'),
    waitlistCount: r.int('waitlist_count'),
    nextSeq: r.int('next_seq'),
    checkoutEnabled: r.bool('checkout_enabled'),
    walkInsAllowed: r.bool('walk_ins_allowed'),
    attendanceClosedAt: r.optStr('attendance_closed_at'),
    createdAt: r.str('created_at'),
    updatedAt: r.str('updated_at'),
    ...(row.course_id != null ? { courseId: r.str('course_id') as CourseId } : {}),
    ...(row.details != null ? { details: activityDetailsOf(r) } : {}),
  }
}

function activityDetailsOf(r: ReturnType<typeof reader>) {
  const decoded = decodeActivityDetails(r.json('details'))
  return decoded.ok ? decoded.value : r.bad('details', `has a malformed ${decoded.field}`)
}

export const ACTIVITY_COLUMNS = [
  'id', 'title', 'type', 'description', 'start_at', 'end_at', 'place', 'area_id', 'department_code',
  'target_groups', 'actions', 'projects', 'tags', 'capacity', 'waitlist_limit', 'signup_opens_at', 'signup_closes_at',
  'status', 'confirmed_count', 'waitlist_count', 'next_seq', 'checkout_enabled', 'walk_ins_allowed',
  'attendance_closed_at', 'created_at', 'updated_at', 'course_id', 'details',
] as const satisfies readonly (keyof ActivityRow)[]

// ---- listing

/** Which optional parts of an ActivityQuery are present; one prepared statement pair per shape. */
interface QueryShape {
  readonly targetGroup: boolean
  readonly type: boolean
  readonly areaId: boolean
  readonly startsBefore: boolean
  readonly text: boolean
}

interface ListingStatements {
  readonly items: Database.Statement<[Record<string, unknown>], ActivityRow>
  readonly total: Database.Statement<[Record<string, unknown>], number>
}

/** JavaScript's lower-casing, so the text filter folds case exactly like `matchesQuery` (SQLite's lower() is ASCII-only). */
const LOWER_FN = 'kp_lower'

function prepareListing(db: Database.Database, shape: QueryShape, select: string): ListingStatements {
  const where = [`a.status = 'published'`, 'a.end_at > @endsAfter']
  if (shape.startsBefore) where.push('a.start_at < @startsBefore')
  if (shape.type) where.push('a.type = @type')
  if (shape.areaId) where.push('a.area_id = @areaId')
  if (shape.targetGroup) {
    where.push('a.id IN (SELECT g.activity_id FROM activity_target_groups g WHERE g.target_group = @targetGroup)')
  }
  if (shape.text) {
    // instr() matches literally, so `%`, `_` and `\` in the search text need no LIKE escaping.
    where.push(
      `(instr(${LOWER_FN}(a.title), @text) > 0 OR instr(${LOWER_FN}(a.place), @text) > 0 OR instr(${LOWER_FN}(a.description), @text) > 0)`,
    )
  }
  const from = `FROM activities a WHERE ${where.join(' AND ')}`
  return {
    items: db.prepare<[Record<string, unknown>], ActivityRow>(
      `SELECT ${select} ${from} ORDER BY a.start_at, a.id LIMIT @limit OFFSET @offset`,
    ),
    total: db.prepare<[Record<string, unknown>], number>(`SELECT count(*) ${from}`).pluck(),
  }
}

/**
 * The activities port. `followCancellation` runs in the same transaction as every activity write: the
 * ledger's facts copy the activity when written, and its cancellation is the one change they follow.
 */
export function sqliteActivities(
  ctx: SqliteContext,
  followCancellation: (activityId: string, cancelled: boolean) => void,
): { repository: ActivityRepository; tx: SyncPort<ActivityTx> } {
  const { db } = ctx
  db.function(LOWER_FN, { deterministic: true }, (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : value))
  const activities = byIdTable(db, { table: 'activities', columns: ACTIVITY_COLUMNS, toRow: activityToRow, fromRow: rowToActivity })
  const select = activities.select('a')
  const clearTargetGroups = db.prepare<[string]>('DELETE FROM activity_target_groups WHERE activity_id = ?')
  const addTargetGroups = db.prepare<[string, string]>(
    'INSERT OR IGNORE INTO activity_target_groups (activity_id, target_group) SELECT ?, value FROM json_each(?)',
  )
  const byDepartment = activities.query<[string, string, string]>('WHERE department_code = ? AND start_at > ? AND start_at < ? ORDER BY start_at, id')
  // Inside an open transaction better-sqlite3 turns this into a savepoint.
  // A sign-up changes a counter or two: only the columns that changed are written, the target-group
  // index only when the groups changed, and the facts only when the status did.
  const writeAtomically = db.transaction((row: ActivityRow, targetGroups: readonly string[]) => {
    const { inserted, changed } = activities.putRow(row)
    if (inserted || changed.has('target_groups')) {
      clearTargetGroups.run(row.id)
      addTargetGroups.run(row.id, JSON.stringify(targetGroups))
    }
    if (inserted || changed.has('status')) followCancellation(row.id, row.status === 'cancelled')
  }).immediate
  const writeActivity = (activity: Activity): void => {
    const row = activityToRow(activity)
    guard(() => writeAtomically(row, activity.targetGroups))
  }

  const listings = new Map<string, ListingStatements>()
  const listing = (shape: QueryShape): ListingStatements => {
    const key = JSON.stringify(shape)
    let statements = listings.get(key)
    if (!statements) {
      statements = prepareListing(db, shape, select)
      listings.set(key, statements)
    }
    return statements
  }
  // Items and total from one snapshot, so the total matches the page even with other writers.
  const readPage = db.transaction((statements: ListingStatements, params: Record<string, unknown>, offset: number, limit: number) => ({
    rows: limit === 0 ? [] : statements.items.all({ ...params, offset, limit }),
    total: statements.total.get(params) ?? 0,
  }))

  return {
    repository: {
      getActivity: async (id) => activities.get(id),
      async listActivities(query) {
        // Mirrors matchesQuery: an unparseable bound matches nothing, an empty optional field is no filter.
        const endsAfter = Date.parse(query.endsAfter)
        const startsBefore = query.startsBefore ? Date.parse(query.startsBefore) : null
        if (Number.isNaN(endsAfter) || (startsBefore !== null && Number.isNaN(startsBefore))) return { items: [], total: 0 }
        const shape: QueryShape = {
          targetGroup: !!query.targetGroup,
          type: !!query.type,
          areaId: !!query.areaId,
          startsBefore: startsBefore !== null,
          text: !!query.text,
        }
        const params: Record<string, unknown> = {
          endsAfter: new Date(endsAfter).toISOString(),
          ...(shape.startsBefore ? { startsBefore: new Date(startsBefore!).toISOString() } : {}),
          ...(shape.type ? { type: query.type } : {}),
          ...(shape.areaId ? { areaId: query.areaId } : {}),
          ...(shape.targetGroup ? { targetGroup: query.targetGroup } : {}),
          ...(shape.text ? { text: query.text!.toLowerCase() } : {}),
        }
        const statements = listing(shape)
        const { rows, total } = guard(() => readPage(statements, params, nonNegativeInt(query.offset), nonNegativeInt(query.limit)))
        return { items: rows.map(rowToActivity), total }
      },
      putActivity: (activity) => ctx.exclusive('putActivity', () => writeActivity(activity)),
      getActivities: async (ids) => activities.getMany(ids),
      async listActivitiesByDepartment(departmentCode, startsAfter, startsBefore) {
        // Like listActivities: an unparseable bound matches nothing.
        const after = Date.parse(startsAfter)
        const before = Date.parse(startsBefore)
        if (Number.isNaN(after) || Number.isNaN(before)) return []
        return activities.all(byDepartment, departmentCode, new Date(after).toISOString(), new Date(before).toISOString())
      },
    },
    tx: {
      getActivity: (id) => activities.get(id),
      // One writer at a time: a read in a transaction holds nothing back from anyone.
      readActivity: (id) => activities.get(id),
      putActivity: writeActivity,
    },
  }
}

// Activities on PostgreSQL: the document plus the columns the home page's listing and the organizer
// consoles filter and order on. The listing mirrors the SQLite adapter and `matchesQuery`.

import type { ActivityQuery } from '../../src/domain/activities/query'
import type { ActivityRepository, ActivityTx, Page } from '../../src/domain/ports'
import type { Activity } from '../../src/domain/types'
import type { Sql } from './db'
import { docTable } from './doc-table'
import { boundOf, c, canonicalInstant, nonNegativeInt } from './columns'

export const activities = docTable<Activity>({
  table: 'activities',
  id: (a) => a.id,
  columns: {
    status: (a) => a.status,
    type: (a) => a.type,
    area_id: (a) => a.areaId,
    department_code: (a) => a.departmentCode,
    start_at: (a) => canonicalInstant(a.startAt),
    end_at: (a) => canonicalInstant(a.endAt),
    target_groups: (a) => [...a.targetGroups],
    // JavaScript's lower-casing, so the text filter folds case exactly like matchesQuery whatever the
    // database's locale (PostgreSQL's lower() under the C locale folds ASCII only).
    search: (a) => [a.title.toLowerCase(), a.place.toLowerCase(), a.description.toLowerCase()],
    course_id: (a) => a.courseId ?? null,
  },
})

const BY_START = `ORDER BY ${c('start_at')}, ${c('id')}`

async function listActivities(sql: Sql, query: ActivityQuery): Promise<Page<Activity>> {
  // Mirrors matchesQuery: an unparseable bound matches nothing, an empty optional field is no filter.
  const endsAfter = boundOf(query.endsAfter)
  const startsBefore = query.startsBefore ? boundOf(query.startsBefore) : undefined
  if (endsAfter === null || startsBefore === null) return { items: [], total: 0 }
  const params: unknown[] = []
  const param = (value: unknown): string => {
    params.push(value)
    return `$${params.length}`
  }
  const where = [`status = 'published'`, `${c('end_at')} > ${param(endsAfter)}`]
  if (startsBefore !== undefined) where.push(`${c('start_at')} < ${param(startsBefore)}`)
  if (query.type) where.push(`type = ${param(query.type)}`)
  if (query.areaId) where.push(`area_id = ${param(query.areaId)}`)
  if (query.targetGroup) where.push(`target_groups @> ARRAY[${param(query.targetGroup)}]::text[]`)
  // strpos matches literally, so %, _ and \ in the search text need no escaping.
  if (query.text) where.push(`EXISTS (SELECT 1 FROM unnest(search) s WHERE strpos(s, ${param(query.text.toLowerCase())}) > 0)`)
  const limit = nonNegativeInt(query.limit)
  const offset = nonNegativeInt(query.offset)
  // One statement, one snapshot: the total matches the page even with other writers.
  const [row] = await sql.query<{ total: number; items: Activity[] }>(
    `WITH m AS (SELECT id, doc, start_at FROM activities WHERE ${where.join(' AND ')})
     SELECT (SELECT count(*)::int FROM m) AS total,
            (SELECT coalesce(jsonb_agg(p.doc ORDER BY ${c('p.start_at')}, ${c('p.id')}), '[]'::jsonb)
               FROM (SELECT id, doc, start_at FROM m ${BY_START} LIMIT ${param(limit)} OFFSET ${param(offset)}) p) AS items`,
    params,
  )
  return { items: row?.items ?? [], total: row?.total ?? 0 }
}

export function pgActivities(sql: Sql): ActivityRepository {
  return {
    getActivity: (id) => activities.get(sql, id),
    listActivities: (query) => listActivities(sql, query),
    putActivity: (activity) => activities.put(sql, activity),
    getActivities: (ids) => activities.getMany(sql, ids),
    async listActivitiesByDepartment(departmentCode, startsAfter, startsBefore) {
      // Like listActivities: an unparseable bound matches nothing.
      const after = boundOf(startsAfter)
      const before = boundOf(startsBefore)
      if (after === null || before === null) return []
      return activities.select(sql, `WHERE department_code = $1 AND ${c('start_at')} > $2 AND ${c('start_at')} < $3 ${BY_START}`, [
        departmentCode,
        after,
        before,
      ])
    },
  }
}

export function pgActivityTx(sql: Sql): ActivityTx {
  return {
    getActivity: (id) => activities.get(sql, id),
    readActivity: (id) => activities.getShared(sql, id),
    putActivity: (activity) => activities.put(sql, activity),
  }
}

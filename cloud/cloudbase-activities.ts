// Activities on CloudBase (ActivityRepository, ActivityTx in src/domain/ports.ts): collection
// `activities`. Documents carry two adapter-only fields, the start and end as epoch milliseconds, so
// range filters and ordering compare instants rather than strings (matchesQuery compares Date.parse values).

import type { ActivityQuery } from '../src/domain/activities/query'
import { decodeActivityDetails } from '../src/domain/activities/details-codec'
import type { ActivityId, AreaId } from '../src/domain/ids'
import { activityFacts, type ActivityFacts } from '../src/domain/ledger/count'
import type { ActivityRepository, ActivityTx } from '../src/domain/ports'
import type { Activity, ActivityDetails } from '../src/domain/types'
import type { CloudDocument, DocData, FieldCondition, QueryCondition, Transaction } from './cloudbase-types'
import { byIdCollection, escapeRegExp, fetchRange, type CloudContext } from './cloudbase-collection'
import { msOrNull, reader } from './cloudbase-reader'
import { ACTIVITY_STATUSES } from '../src/domain/value-lists'

export function toActivity(doc: CloudDocument): Activity {
  const r = reader('activities', doc)
  return {
    id: r.id() as ActivityId,
    title: r.str('title'),
    type: r.str('type') as Activity['type'],
    description: r.str('description'),
    startAt: r.str('startAt'),
    endAt: r.str('endAt'),
    place: r.str('place'),
    areaId: r.str('areaId') as AreaId,
    departmentCode: r.str('departmentCode') as Activity['departmentCode'],
    targetGroups: r.strs('targetGroups') as Activity['targetGroups'][number][],
    actions: r.strs('actions') as Activity['actions'][number][],
    projects: r.strs('projects') as Activity['projects'][number][],
    tags: r.strsOr('tags', []),
    capacity: r.num('capacity'),
    waitlistLimit: r.num('waitlistLimit'),
    signupOpensAt: r.str('signupOpensAt'),
    signupClosesAt: r.str('signupClosesAt'),
    status: r.oneOf('status', ACTIVITY_STATUSES),
    confirmedCount: r.num('confirmedCount'),
    waitlistCount: r.num('waitlistCount'),
    nextSeq: r.num('nextSeq'),
    checkoutEnabled: r.boolOr('checkoutEnabled', false),
    walkInsAllowed: r.boolOr('walkInsAllowed', false),
    attendanceClosedAt: r.strOrNull('attendanceClosedAt'),
    createdAt: r.str('createdAt'),
    updatedAt: r.str('updatedAt'),
    ...(r.has('courseId') ? { courseId: r.str('courseId') as Activity['courseId'] } : {}),
    ...(r.has('details') ? { details: detailsOf(r) } : {}),
  }
}

/** The fields of an activity the ledger counts by (activityFacts), read with a projection of just those. */
export const ACTIVITY_FACT_FIELDS = { type: true, startAt: true, status: true, actions: true, projects: true, tags: true, departmentCode: true, areaId: true } as const
export function toActivityFacts(doc: CloudDocument): ActivityFacts {
  const r = reader('activities', doc)
  return activityFacts({
    id: r.id() as ActivityId,
    type: r.str('type') as Activity['type'],
    startAt: r.str('startAt'),
    status: r.oneOf('status', ACTIVITY_STATUSES),
    actions: r.strs('actions') as Activity['actions'][number][],
    projects: r.strs('projects') as Activity['projects'][number][],
    tags: r.strsOr('tags', []),
    departmentCode: r.str('departmentCode') as Activity['departmentCode'],
    areaId: r.str('areaId') as AreaId,
  })
}

function detailsOf(r: ReturnType<typeof reader>): ActivityDetails {
  const decoded = decodeActivityDetails(r.raw('details'))
  return decoded.ok ? decoded.value : r.bad(decoded.field)
}

function fromActivity(a: Activity): DocData {
  return {
    title: a.title,
    type: a.type,
    description: a.description,
    startAt: a.startAt,
    endAt: a.endAt,
    place: a.place,
    areaId: a.areaId,
    departmentCode: a.departmentCode,
    targetGroups: [...a.targetGroups],
    actions: [...a.actions],
    projects: [...a.projects],
    tags: [...a.tags],
    capacity: a.capacity,
    waitlistLimit: a.waitlistLimit,
    signupOpensAt: a.signupOpensAt,
    signupClosesAt: a.signupClosesAt,
    status: a.status,
    confirmedCount: a.confirmedCount,
    waitlistCount: a.waitlistCount,
    nextSeq: a.nextSeq,
    checkoutEnabled: a.checkoutEnabled,
    walkInsAllowed: a.walkInsAllowed,
    attendanceClosedAt: a.attendanceClosedAt,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
    startAtMs: msOrNull(a.startAt),
    endAtMs: msOrNull(a.endAt),
    courseId: a.courseId ?? null,
    details: a.details ? { ...a.details, location: a.details.location ? { ...a.details.location } : null, changeNotice: a.details.changeNotice ? { ...a.details.changeNotice } : null, poster: a.details.poster ? { ...a.details.poster } : null } : null,
  }
}

/**
 * The activities port. `written` runs after every activity write: the ledger's maintained counts
 * follow activities (cloudbase-ledger-aggregates.ts).
 */
export function cloudBaseActivities(ctx: CloudContext, written: () => void): { repository: ActivityRepository; tx(t: Transaction): ActivityTx } {
  const { db, _ } = ctx
  const activities = byIdCollection(ctx, { collection: 'activities', toDomain: toActivity, toDocument: fromActivity })

  /** The where() condition equivalent to matchesQuery, or null when no activity can match. */
  function activityCondition(q: ActivityQuery): QueryCondition | null {
    const endsAfter = msOrNull(q.endsAfter)
    const startsBefore = q.startsBefore === undefined ? undefined : msOrNull(q.startsBefore)
    if (endsAfter === null || startsBefore === null) return null
    const fields: Record<string, FieldCondition> = {
      status: 'published',
      endAtMs: _.gt(endsAfter),
    }
    if (startsBefore !== undefined) fields.startAtMs = _.lt(startsBefore)
    // An array field equals a value when it contains it.
    if (q.targetGroup) fields.targetGroups = q.targetGroup
    if (q.type) fields.type = q.type
    if (q.areaId) fields.areaId = q.areaId
    if (!q.text) return fields
    const re = db.RegExp({ regexp: escapeRegExp(q.text), options: 'i' })
    return _.and([fields, _.or([{ title: re }, { place: re }, { description: re }])])
  }

  return {
    repository: {
      getActivity: (id) => activities.get(id),
      async listActivities(q) {
        const cond = activityCondition(q)
        if (!cond) return { items: [], total: 0 }
        const query = activities.query().where(cond)
        const offset = Math.max(0, Math.floor(q.offset))
        const limit = Math.max(0, Math.floor(q.limit))
        const [docs, { total }] = await Promise.all([
          limit > 0 ? fetchRange(query.orderBy('startAtMs', 'asc').orderBy('_id', 'asc'), offset, limit) : Promise.resolve([]),
          query.count(),
        ])
        return { items: docs.map(toActivity), total }
      },
      async putActivity(a) {
        await activities.put(a)
        written()
      },
      getActivities: (ids) => activities.getMany(ids),
      async listActivitiesByDepartment(departmentCode, startsAfter, startsBefore) {
        const after = msOrNull(startsAfter)
        const before = msOrNull(startsBefore)
        if (after === null || before === null) return []
        return activities.list(
          activities
            .query()
            .where({ departmentCode, startAtMs: _.and(_.gt(after), _.lt(before)) })
            .orderBy('startAtMs', 'asc')
            .orderBy('_id', 'asc'),
        )
      },
    },
    tx(t) {
      const inTx = activities.inTx(t)
      return {
        getActivity: (id) => inTx.get(id),
        // Snapshot reads lock nothing in CloudBase; a conflicting write fails at its commit instead.
        readActivity: (id) => inTx.get(id),
        async putActivity(a) {
          await inTx.put(a)
          written()
        },
      }
    },
  }
}

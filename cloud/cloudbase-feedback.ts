// CloudBase documents of ratings (collection `feedback`, feedback/port.ts), keyed by the registration
// id, so rating twice replaces the first. Tallies read the scope's documents (100 at a time) and count
// them with the domain's tallyOf; a district's ratings are thousands, not millions.

import type { DepartmentCode, PlanProject } from '../src/domain/catalog'
import { FEEDBACK_COMMENTS_LIMIT_MAX, type FeedbackRepository, type FeedbackScope } from '../src/domain/feedback/port'
import { tallyOf, type Feedback } from '../src/domain/feedback/rules'
import type { ActivityId, RegistrationId, UserId } from '../src/domain/ids'
import type { CloudDocument, DocData, FieldCondition, Query } from './cloudbase-types'
import { msOrNull, reader } from './cloudbase-reader'

const COLLECTION = 'feedback'

function toFeedback(doc: CloudDocument): Feedback {
  const r = reader(COLLECTION, doc)
  return {
    id: r.id() as RegistrationId,
    activityId: r.str('activityId') as ActivityId,
    departmentCode: r.str('departmentCode') as DepartmentCode,
    projects: r.strs('projects') as PlanProject[],
    userId: r.str('userId') as UserId,
    rating: r.num('rating'),
    comment: r.strOrNull('comment'),
    createdAt: r.str('createdAt'),
    updatedAt: r.str('updatedAt'),
  }
}

const fromFeedback = (f: Feedback): DocData => ({
  activityId: f.activityId,
  departmentCode: f.departmentCode,
  projects: [...f.projects],
  userId: f.userId,
  rating: f.rating,
  comment: f.comment,
  hasComment: f.comment !== null,
  createdAt: f.createdAt,
  updatedAt: f.updatedAt,
  updatedAtMs: msOrNull(f.updatedAt),
})

/** The where() fields of a scope (an array field equals a value when it contains it). */
function fieldsOf(scope: FeedbackScope): Record<string, FieldCondition> {
  if ('activityId' in scope) return { activityId: scope.activityId }
  if ('project' in scope) return { projects: scope.project, ...(scope.departmentCode ? { departmentCode: scope.departmentCode } : {}) }
  if ('departmentCode' in scope && scope.departmentCode) return { departmentCode: scope.departmentCode }
  return {}
}

/** The feedback port over the store's own document helpers (cloudbase-store.ts). */
export function cloudBaseFeedbackRepository(h: {
  query: () => Query & { doc(id: string): { remove(): Promise<unknown> } }
  getDoc: <T>(id: string, map: (d: CloudDocument) => T) => Promise<T | null>
  getDocs: <T>(ids: readonly string[], map: (d: CloudDocument) => T) => Promise<T[]>
  putDoc: (id: string, data: DocData) => Promise<void>
  list: <T>(query: Query, map: (d: CloudDocument) => T) => Promise<T[]>
}): FeedbackRepository {
  const inScope = (scope: FeedbackScope, extra: Record<string, FieldCondition> = {}): Query => {
    const fields = { ...fieldsOf(scope), ...extra }
    return Object.keys(fields).length ? h.query().where(fields) : h.query()
  }
  return {
    get: (id) => h.getDoc(id, toFeedback),
    getMany: (ids) => h.getDocs(ids, toFeedback),
    put: (f) => h.putDoc(f.id, fromFeedback(f)),
    tally: async (scope) => tallyOf(await h.list(inScope(scope).orderBy('_id', 'asc'), toFeedback)),
    async tallyByActivity(departmentCode) {
      const all = await h.list(inScope(departmentCode ? { departmentCode } : {}).orderBy('_id', 'asc'), toFeedback)
      const per = new Map<ActivityId, Feedback[]>()
      for (const f of all) per.set(f.activityId, [...(per.get(f.activityId) ?? []), f])
      return [...per].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([activityId, list]) => ({ activityId, tally: tallyOf(list) }))
    },
    async comments(scope, limit) {
      const n = Math.max(0, Math.min(Math.trunc(limit), FEEDBACK_COMMENTS_LIMIT_MAX))
      if (n === 0) return []
      const { data } = await inScope(scope, { hasComment: true }).orderBy('updatedAtMs', 'desc').orderBy('_id', 'desc').limit(n).get()
      return data.map(toFeedback)
    },
    async removeMany(ids) {
      for (const id of new Set(ids)) await h.query().doc(id).remove()
    },
  }
}

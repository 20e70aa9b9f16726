// CloudBase documents of unpublished activities (collection `activityDrafts`, activities/drafts-port.ts),
// keyed by the activity id they keep once published; instants carry an epoch-ms twin for ordering.

import type { ActivityDraftRepository } from '../src/domain/activities/drafts-port'
import { DRAFT_STATES, type ActivityDraft } from '../src/domain/activities/editing'
import { decodeActivityInput } from '../src/domain/contracts'
import type { ActivityId, UserId } from '../src/domain/ids'
import type { CloudDocument, DocData, Query } from './cloudbase-types'
import { msOrNull, reader } from './cloudbase-reader'

const COLLECTION = 'activityDrafts'

function toDraft(doc: CloudDocument): ActivityDraft {
  const r = reader(COLLECTION, doc)
  return {
    id: r.id() as ActivityId,
    input: decodeActivityInput(r.raw('input')) ?? r.bad('input'),
    state: r.oneOf('state', DRAFT_STATES),
    returnReason: r.strOrNull('returnReason'),
    createdBy: r.str('createdBy') as UserId,
    createdAt: r.str('createdAt'),
    updatedAt: r.str('updatedAt'),
    submittedAt: r.strOrNull('submittedAt'),
    reviewedBy: r.strOrNull('reviewedBy') as UserId | null,
    reviewedAt: r.strOrNull('reviewedAt'),
  }
}

const fromDraft = (d: ActivityDraft): DocData => ({
  departmentCode: d.input.departmentCode,
  state: d.state,
  // A plain copy: the SDK stores what it is given, and arrays inside must be plain too.
  input: JSON.parse(JSON.stringify(d.input)) as DocData,
  returnReason: d.returnReason,
  createdBy: d.createdBy,
  createdAt: d.createdAt,
  updatedAt: d.updatedAt,
  updatedAtMs: msOrNull(d.updatedAt),
  submittedAt: d.submittedAt,
  submittedAtMs: d.submittedAt ? msOrNull(d.submittedAt) : null,
  reviewedBy: d.reviewedBy,
  reviewedAt: d.reviewedAt,
})

/** The drafts port over the store's own document helpers (cloudbase-store.ts). */
export function cloudBaseDraftRepository(h: {
  query: () => Query & { doc(id: string): { remove(): Promise<unknown> } }
  getDoc: <T>(id: string, map: (d: CloudDocument) => T) => Promise<T | null>
  putDoc: (id: string, data: DocData) => Promise<void>
  list: <T>(query: Query, map: (d: CloudDocument) => T) => Promise<T[]>
}): ActivityDraftRepository {
  return {
    get: (id) => h.getDoc(id, toDraft),
    put: (d) => h.putDoc(d.id, fromDraft(d)),
    async delete(id) {
      await h.query().doc(id).remove()
    },
    listByUnit: (departmentCode) => h.list(h.query().where({ departmentCode }).orderBy('updatedAtMs', 'desc').orderBy('_id', 'asc'), toDraft),
    listByState: (state) => h.list(h.query().where({ state }).orderBy('submittedAtMs', 'asc').orderBy('_id', 'asc'), toDraft),
  }
}

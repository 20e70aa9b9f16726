// Unpublished activities on PostgreSQL (activities/drafts-port.ts): table activity_drafts
// (schema-ledger.ts ledger-003), the draft whole in `doc`, its unit, state and times beside it.

import type { ActivityDraftRepository } from '../../src/domain/activities/drafts-port'
import type { ActivityDraft } from '../../src/domain/activities/editing'
import type { PgDatabase } from './db'
import { docTable } from './doc-table'
import { c, canonicalInstant } from './columns'

const drafts = docTable<ActivityDraft>({
  table: 'activity_drafts',
  id: (d) => d.id,
  columns: {
    department_code: (d) => d.input.departmentCode,
    state: (d) => d.state,
    updated_at: (d) => canonicalInstant(d.updatedAt),
    submitted_at: (d) => (d.submittedAt === null ? null : canonicalInstant(d.submittedAt)),
  },
})

export function pgDrafts(db: PgDatabase): ActivityDraftRepository {
  return {
    get: (id) => drafts.get(db, id),
    put: (draft) => drafts.put(db, draft),
    delete: (id) => drafts.remove(db, id),
    listByUnit: (departmentCode) => drafts.select(db, `WHERE department_code = $1 ORDER BY ${c('updated_at')} DESC, ${c('id')}`, [departmentCode]),
    // Never submitted sorts first, as in SQLite (NULL is the lowest value there).
    listByState: (state) => drafts.select(db, `WHERE state = $1 ORDER BY ${c('submitted_at')} NULLS FIRST, ${c('id')}`, [state]),
  }
}

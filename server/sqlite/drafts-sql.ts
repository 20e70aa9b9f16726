// SQLite side of unpublished activities (activities/drafts-port.ts): table activity_drafts (migration 9).
// Every statement runs through the store's serialized(), in turn with its transactions.

import type { DepartmentCode } from '../../src/domain/catalog'
import type { ActivityDraftRepository } from '../../src/domain/activities/drafts-port'
import { DRAFT_STATES, type ActivityDraft, type DraftState } from '../../src/domain/activities/editing'
import { decodeActivityInput } from '../../src/domain/contracts'
import type { ActivityId, UserId } from '../../src/domain/ids'
import { canonicalInstant, nullableInstant, reader } from './rows'
import type { SqliteStore } from './store'

interface DraftRow {
  id: string
  department_code: string
  state: string
  input: string
  return_reason: string | null
  created_by: string
  created_at: string
  updated_at: string
  submitted_at: string | null
  reviewed_by: string | null
  reviewed_at: string | null
}

const COLUMNS = [
  'id', 'department_code', 'state', 'input', 'return_reason', 'created_by', 'created_at', 'updated_at', 'submitted_at', 'reviewed_by', 'reviewed_at',
] as const satisfies readonly (keyof DraftRow)[]

const toRow = (d: ActivityDraft): DraftRow => ({
  id: d.id,
  department_code: d.input.departmentCode,
  state: d.state,
  input: JSON.stringify(d.input),
  return_reason: d.returnReason,
  created_by: d.createdBy,
  created_at: canonicalInstant(d.createdAt),
  updated_at: canonicalInstant(d.updatedAt),
  submitted_at: nullableInstant(d.submittedAt),
  reviewed_by: d.reviewedBy,
  reviewed_at: nullableInstant(d.reviewedAt),
})

function fromRow(row: DraftRow): ActivityDraft {
  const r = reader('activity_drafts', row as unknown as Record<string, unknown>)
  const input = decodeActivityInput(r.json('input')) ?? r.bad('input', 'is not an activity form')
  return {
    id: r.str('id') as ActivityId,
    input,
    state: r.oneOf<DraftState>('state', DRAFT_STATES),
    returnReason: r.optStr('return_reason'),
    createdBy: r.str('created_by') as UserId,
    createdAt: r.str('created_at'),
    updatedAt: r.str('updated_at'),
    submittedAt: r.optStr('submitted_at'),
    reviewedBy: r.optStr('reviewed_by') as UserId | null,
    reviewedAt: r.optStr('reviewed_at'),
  }
}

export function sqliteDraftRepository(store: Pick<SqliteStore, 'db' | 'serialized'>): ActivityDraftRepository {
  const cols = COLUMNS.join(', ')
  const s = {
    get: store.db.prepare<[string], DraftRow>(`SELECT ${cols} FROM activity_drafts WHERE id = ?`),
    put: store.db.prepare<[DraftRow]>(
      `INSERT INTO activity_drafts (${cols}) VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')})
       ON CONFLICT (id) DO UPDATE SET ${COLUMNS.filter((c) => c !== 'id').map((c) => `${c} = excluded.${c}`).join(', ')}`,
    ),
    delete: store.db.prepare<[string]>('DELETE FROM activity_drafts WHERE id = ?'),
    byUnit: store.db.prepare<[string], DraftRow>(`SELECT ${cols} FROM activity_drafts WHERE department_code = ? ORDER BY updated_at DESC, id`),
    byState: store.db.prepare<[string], DraftRow>(`SELECT ${cols} FROM activity_drafts WHERE state = ? ORDER BY submitted_at, id`),
  }
  return {
    get: (id) => store.serialized('drafts.get', () => s.get.get(id)).then((row) => (row ? fromRow(row) : null)),
    put: (draft) => {
      const row = toRow(draft)
      return store.serialized('drafts.put', () => void s.put.run(row))
    },
    delete: (id) => store.serialized('drafts.delete', () => void s.delete.run(id)),
    listByUnit: (departmentCode: DepartmentCode) => store.serialized('drafts.listByUnit', () => s.byUnit.all(departmentCode)).then((rows) => rows.map(fromRow)),
    listByState: (state) => store.serialized('drafts.listByState', () => s.byState.all(state)).then((rows) => rows.map(fromRow)),
  }
}

// SQLite side of the ledger's attendance-correction log (ledger/corrections.ts): row, mapping and
// statements. The table is created by migration 8 (migrations.ts).

import type Database from 'better-sqlite3'
import type { ActivityId, PersonId, RegistrationId, UserId } from '../../src/domain/ids'
import type { AttendanceCorrection } from '../../src/domain/ledger/corrections'
import { canonicalInstant, nullableInstant, reader } from './rows'

export interface CorrectionRow {
  id: string
  activity_id: string
  registration_id: string
  person_id: string
  attended: number
  checked_in_at_before: string | null
  checked_in_at_after: string | null
  reason: string
  by_user: string
  at: string
}

const COLUMNS = [
  'id', 'activity_id', 'registration_id', 'person_id', 'attended', 'checked_in_at_before', 'checked_in_at_after', 'reason', 'by_user', 'at',
] as const satisfies readonly (keyof CorrectionRow)[]

export const correctionToRow = (c: AttendanceCorrection): CorrectionRow => ({
  id: c.id,
  activity_id: c.activityId,
  registration_id: c.registrationId,
  person_id: c.personId,
  attended: c.attended ? 1 : 0,
  checked_in_at_before: nullableInstant(c.checkedInAtBefore),
  checked_in_at_after: nullableInstant(c.checkedInAtAfter),
  reason: c.reason,
  by_user: c.by,
  at: canonicalInstant(c.at),
})

export function rowToCorrection(row: CorrectionRow): AttendanceCorrection {
  const r = reader('attendance_corrections', row as unknown as Record<string, unknown>)
  return {
    id: r.str('id'),
    activityId: r.str('activity_id') as ActivityId,
    registrationId: r.str('registration_id') as RegistrationId,
    personId: r.str('person_id') as PersonId,
    attended: r.bool('attended'),
    checkedInAtBefore: r.optStr('checked_in_at_before'),
    checkedInAtAfter: r.optStr('checked_in_at_after'),
    reason: r.str('reason'),
    by: r.str('by_user') as UserId,
    at: r.str('at'),
  }
}

export function prepareCorrectionStatements(db: Database.Database) {
  const cols = COLUMNS.join(', ')
  return {
    // Corrections are never edited: an id clash is a bug, not an update.
    put: db.prepare<[CorrectionRow]>(`INSERT INTO attendance_corrections (${cols}) VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')})`),
    list: db.prepare<[number], CorrectionRow>(`SELECT ${cols} FROM attendance_corrections ORDER BY at DESC, id DESC LIMIT ?`),
    listByActivity: db.prepare<[string, number], CorrectionRow>(
      `SELECT ${cols} FROM attendance_corrections WHERE activity_id = ? ORDER BY at DESC, id DESC LIMIT ?`,
    ),
  }
}

export type CorrectionStatements = ReturnType<typeof prepareCorrectionStatements>

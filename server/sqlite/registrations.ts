// Registrations (RegistrationRepository, RegistrationTx in src/domain/ports.ts): sign-ups with their
// status, waitlist order (seq) and attendance. Table: registrations (migrations.ts).

import type { ActivityId, PersonId, RegistrationId, UserId } from '../../src/domain/ids'
import type { RegistrationRepository, RegistrationTx } from '../../src/domain/ports'
import type { Attendance, Registration } from '../../src/domain/types'
import { canonicalInstant, nullableInstant, reader } from './rows'
import { byIdTable, guard, type SqliteContext, type SyncPort } from './table'
import { ATTENDANCES, REGISTRATION_STATUSES } from '../../src/domain/value-lists'

export interface RegistrationRow {
  id: string
  activity_id: string
  person_id: string
  owner_id: string
  created_by: string
  status: string
  seq: number
  created_at: string
  updated_at: string
  cancelled_at: string | null
  promoted_at: string | null
  walk_in: number
  attendance: string | null
  checked_in_at: string | null
  checked_out_at: string | null
}

export const registrationToRow = (g: Registration): RegistrationRow => ({
  id: g.id,
  activity_id: g.activityId,
  person_id: g.personId,
  owner_id: g.ownerId,
  created_by: g.createdBy,
  status: g.status,
  seq: g.seq,
  created_at: canonicalInstant(g.createdAt),
  updated_at: canonicalInstant(g.updatedAt),
  cancelled_at: nullableInstant(g.cancelledAt),
  promoted_at: nullableInstant(g.promotedAt),
  walk_in: g.walkIn ? 1 : 0,
  attendance: g.attendance,
  checked_in_at: nullableInstant(g.checkedInAt),
  checked_out_at: nullableInstant(g.checkedOutAt),
})

export function rowToRegistration(row: RegistrationRow): Registration {
  const r = reader('registrations', row as unknown as Record<string, unknown>)
  return {
    id: r.str('id') as RegistrationId,
    activityId: r.str('activity_id') as ActivityId,
    personId: r.str('person_id') as PersonId,
    ownerId: r.str('owner_id') as UserId,
    createdBy: r.str('created_by') as UserId,
    status: r.oneOf('status', REGISTRATION_STATUSES),
    seq: r.int('seq'),
    createdAt: r.str('created_at'),
    updatedAt: r.str('updated_at'),
    cancelledAt: r.optStr('cancelled_at'),
    promotedAt: r.optStr('promoted_at'),
    walkIn: r.bool('walk_in'),
    attendance: r.optOneOf('attendance', ATTENDANCES),
    checkedInAt: r.optStr('checked_in_at'),
    checkedOutAt: r.optStr('checked_out_at'),
  }
}

export const REGISTRATION_COLUMNS = [
  'id', 'activity_id', 'person_id', 'owner_id', 'created_by', 'status', 'seq', 'created_at', 'updated_at',
  'cancelled_at', 'promoted_at', 'walk_in', 'attendance', 'checked_in_at', 'checked_out_at',
] as const satisfies readonly (keyof RegistrationRow)[]

export function sqliteRegistrations(ctx: SqliteContext): { repository: RegistrationRepository; tx: SyncPort<RegistrationTx> } {
  const registrations = byIdTable(ctx.db, {
    table: 'registrations',
    columns: REGISTRATION_COLUMNS,
    toRow: registrationToRow,
    fromRow: rowToRegistration,
  })
  const byOwner = registrations.query<[string]>('WHERE owner_id = ? ORDER BY created_at, id')
  const activeByPerson = registrations.query<[string]>(`WHERE person_id = ? AND status IN ('confirmed', 'waitlisted') ORDER BY created_at, id`)
  const byPerson = registrations.query<[string]>('WHERE person_id = ? ORDER BY created_at, id')
  const firstWaitlisted = registrations.query<[string]>(`WHERE activity_id = ? AND status = 'waitlisted' ORDER BY seq, id LIMIT 1`)
  const byActivity = registrations.query<[string]>('WHERE activity_id = ? ORDER BY seq, id')
  const byActivityAndStatus = registrations.query<[string, string]>('WHERE activity_id = ? AND status = ? ORDER BY seq, id')
  const countWaitlistedBefore = ctx.db
    .prepare<[string, number], number>(`SELECT count(*) FROM registrations WHERE activity_id = ? AND status = 'waitlisted' AND seq < ?`)
    .pluck()
  return {
    repository: {
      getRegistration: async (id) => registrations.get(id),
      listRegistrationsByOwner: async (ownerId) => registrations.all(byOwner, ownerId),
      listActiveRegistrationsByPerson: async (personId) => registrations.all(activeByPerson, personId),
      firstWaitlisted: async (activityId) => registrations.one(firstWaitlisted, activityId),
      countWaitlistedBefore: async (activityId, seq) => guard(() => countWaitlistedBefore.get(activityId, seq)) ?? 0,
      listRegistrationsByActivity: async (activityId, status) =>
        status === undefined ? registrations.all(byActivity, activityId) : registrations.all(byActivityAndStatus, activityId, status),
      listRegistrationsByPerson: async (personId) => registrations.all(byPerson, personId),
    },
    tx: {
      getRegistration: (id) => registrations.get(id),
      putRegistration: (registration) => registrations.put(registration),
    },
  }
}

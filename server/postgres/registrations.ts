// Registrations (sign-ups, waitlist places, cancellations) on PostgreSQL. Written only inside
// transactions, after the activity's row is locked, so seats and seq are decided one writer at a time.

import type { RegistrationRepository, RegistrationTx } from '../../src/domain/ports'
import type { Registration } from '../../src/domain/types'
import type { Sql } from './db'
import { docTable } from './doc-table'
import { c, canonicalInstant } from './columns'

export const registrations = docTable<Registration>({
  table: 'registrations',
  id: (r) => r.id,
  columns: {
    activity_id: (r) => r.activityId,
    person_id: (r) => r.personId,
    owner_id: (r) => r.ownerId,
    status: (r) => r.status,
    seq: (r) => r.seq,
    created_at: (r) => canonicalInstant(r.createdAt),
  },
})

const OLDEST_FIRST = `ORDER BY ${c('created_at')}, ${c('id')}`
const BY_SEQ = `ORDER BY seq, ${c('id')}`

export function pgRegistrations(sql: Sql): RegistrationRepository {
  return {
    getRegistration: (id) => registrations.get(sql, id),
    listRegistrationsByOwner: (ownerId) => registrations.select(sql, `WHERE owner_id = $1 ${OLDEST_FIRST}`, [ownerId]),
    listActiveRegistrationsByPerson: (personId) =>
      registrations.select(sql, `WHERE person_id = $1 AND status IN ('confirmed', 'waitlisted') ${OLDEST_FIRST}`, [personId]),
    async firstWaitlisted(activityId) {
      const [first] = await registrations.select(sql, `WHERE activity_id = $1 AND status = 'waitlisted' ${BY_SEQ} LIMIT 1`, [activityId])
      return first ?? null
    },
    async countWaitlistedBefore(activityId, seq) {
      const [row] = await sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM registrations WHERE activity_id = $1 AND status = 'waitlisted' AND seq < $2`,
        [activityId, seq],
      )
      return row?.n ?? 0
    },
    listRegistrationsByActivity: (activityId, status) =>
      status === undefined
        ? registrations.select(sql, `WHERE activity_id = $1 ${BY_SEQ}`, [activityId])
        : registrations.select(sql, `WHERE activity_id = $1 AND status = $2 ${BY_SEQ}`, [activityId, status]),
    listRegistrationsByPerson: (personId) => registrations.select(sql, `WHERE person_id = $1 ${OLDEST_FIRST}`, [personId]),
  }
}

export function pgRegistrationTx(sql: Sql): RegistrationTx {
  return {
    getRegistration: (id) => registrations.get(sql, id),
    putRegistration: (registration) => registrations.put(sql, registration),
  }
}

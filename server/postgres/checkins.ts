// Check-ins (and check-outs), the scanner invites organizers hand out, and the grants they turn into,
// on PostgreSQL.

import type { CheckIn, ScannerGrant, ScannerInvite } from '../../src/domain/checkin/rules'
import type { CheckInRepository, CheckInTx } from '../../src/domain/ports'
import type { Sql } from './db'
import { docTable } from './doc-table'
import { c, canonicalInstant } from './columns'

export const checkIns = docTable<CheckIn>({
  table: 'checkins',
  id: (x) => x.id,
  columns: {
    activity_id: (x) => x.activityId,
    registration_id: (x) => x.registrationId,
    person_id: (x) => x.personId,
    kind: (x) => x.kind,
    operator_id: (x) => x.operatorId,
    at: (x) => canonicalInstant(x.at),
  },
})
const invites = docTable<ScannerInvite>({ table: 'scanner_invites', id: (x) => x.id })
export const grants = docTable<ScannerGrant>({
  table: 'scanner_grants',
  id: (g) => g.id,
  columns: { user_id: (g) => g.userId, activity_ids: (g) => [...g.activityIds], created_at: (g) => canonicalInstant(g.createdAt) },
})

export function pgCheckIns(sql: Sql): CheckInRepository {
  return {
    getCheckIn: (id) => checkIns.get(sql, id),
    listCheckInsByActivity: (activityId) => checkIns.select(sql, `WHERE activity_id = $1 ORDER BY ${c('id')}`, [activityId]),
    getInvite: (id) => invites.get(sql, id),
    putInvite: (invite) => invites.put(sql, invite),
    listGrantsByUser: (userId) => grants.select(sql, `WHERE user_id = $1 ORDER BY ${c('created_at')}, ${c('id')}`, [userId]),
  }
}

export function pgCheckInTx(sql: Sql): CheckInTx {
  return {
    getCheckIn: (id) => checkIns.get(sql, id),
    putCheckIn: (checkIn) => checkIns.put(sql, checkIn),
    deleteCheckIn: (id) => checkIns.remove(sql, id),
    getInvite: (id) => invites.get(sql, id),
    putInvite: (invite) => invites.put(sql, invite),
    putGrant: (grant) => grants.put(sql, grant),
  }
}

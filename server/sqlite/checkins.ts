// Check-ins, scanner invites and the grants they turn into (CheckInRepository, CheckInTx in
// src/domain/ports.ts). Tables: checkins, scanner_invites, scanner_grants (migrations.ts).

import type { ActivityId, PersonId, RegistrationId, UserId } from '../../src/domain/ids'
import {
  CHECKIN_METHODS,
  type CheckIn,
  type CheckInKind,
  type CheckInMethod,
  type DuplicateScan,
  type ScannerGrant,
  type ScannerInvite,
} from '../../src/domain/checkin/rules'
import type { CheckInRepository, CheckInTx } from '../../src/domain/ports'
import { canonicalInstant, nullableInstant, reader } from './rows'
import { byIdTable, type SqliteContext, type SyncPort } from './table'
import { CHECKIN_KINDS } from '../../src/domain/value-lists'

export interface CheckInRow {
  id: string
  activity_id: string
  registration_id: string
  person_id: string
  kind: string
  method: string
  at: string
  recorded_at: string
  operator_id: string
  device_id: string
  nonce: string
  reason: string | null
  /** JSON array of { nonce, at, operatorId, deviceId }. */
  duplicates: string
}

export interface ScannerInviteRow {
  id: string
  activity_ids: string
  valid_from: string
  valid_to: string
  created_by: string
  created_at: string
  redeemed_by: string | null
  redeemed_at: string | null
}

export interface ScannerGrantRow {
  id: string
  user_id: string
  activity_ids: string
  valid_from: string
  valid_to: string
  created_by: string
  created_at: string
}

// ---- check-ins

export const checkInToRow = (c: CheckIn): CheckInRow => ({
  id: c.id,
  activity_id: c.activityId,
  registration_id: c.registrationId,
  person_id: c.personId,
  kind: c.kind,
  method: c.method,
  at: canonicalInstant(c.at),
  recorded_at: canonicalInstant(c.recordedAt),
  operator_id: c.operatorId,
  device_id: c.deviceId,
  nonce: c.nonce,
  reason: c.reason,
  duplicates: JSON.stringify(
    c.duplicates.map((d) => ({ nonce: d.nonce, at: canonicalInstant(d.at), operatorId: d.operatorId, deviceId: d.deviceId })),
  ),
})

export function rowToCheckIn(row: CheckInRow): CheckIn {
  const r = reader('checkins', row as unknown as Record<string, unknown>)
  const raw = r.json('duplicates')
  const isDuplicate = (d: unknown): d is DuplicateScan => {
    if (typeof d !== 'object' || d === null || Array.isArray(d)) return false
    const o = d as Record<string, unknown>
    return ['nonce', 'at', 'operatorId', 'deviceId'].every((k) => typeof o[k] === 'string')
  }
  if (!Array.isArray(raw) || !raw.every(isDuplicate)) return r.bad('duplicates', 'is not a JSON array of scans')
  return {
    id: r.str('id'),
    activityId: r.str('activity_id') as ActivityId,
    registrationId: r.str('registration_id') as RegistrationId,
    personId: r.str('person_id') as PersonId,
    kind: r.oneOf('kind', CHECKIN_KINDS),
    method: r.oneOf<CheckInMethod>('method', CHECKIN_METHODS),
    at: r.str('at'),
    recordedAt: r.str('recorded_at'),
    operatorId: r.str('operator_id') as UserId,
    deviceId: r.str('device_id'),
    nonce: r.str('nonce'),
    reason: r.optStr('reason'),
    // Only the four known fields, whatever else the JSON held.
    duplicates: raw.map((d) => ({ nonce: d.nonce, at: d.at, operatorId: d.operatorId as UserId, deviceId: d.deviceId })),
  }
}

// ---- scanner invites and grants

export const inviteToRow = (i: ScannerInvite): ScannerInviteRow => ({
  id: i.id,
  activity_ids: JSON.stringify(i.activityIds),
  valid_from: canonicalInstant(i.validFrom),
  valid_to: canonicalInstant(i.validTo),
  created_by: i.createdBy,
  created_at: canonicalInstant(i.createdAt),
  redeemed_by: i.redeemedBy,
  redeemed_at: nullableInstant(i.redeemedAt),
})

export function rowToInvite(row: ScannerInviteRow): ScannerInvite {
  const r = reader('scanner_invites', row as unknown as Record<string, unknown>)
  return {
    id: r.str('id'),
    activityIds: r.strings('activity_ids') as ActivityId[],
    validFrom: r.str('valid_from'),
    validTo: r.str('valid_to'),
    createdBy: r.str('created_by') as UserId,
    createdAt: r.str('created_at'),
    redeemedBy: r.optStr('redeemed_by') as UserId | null,
    redeemedAt: r.optStr('redeemed_at'),
  }
}

export const grantToRow = (g: ScannerGrant): ScannerGrantRow => ({
  id: g.id,
  user_id: g.userId,
  activity_ids: JSON.stringify(g.activityIds),
  valid_from: canonicalInstant(g.validFrom),
  valid_to: canonicalInstant(g.validTo),
  created_by: g.createdBy,
  created_at: canonicalInstant(g.createdAt),
})

export function rowToGrant(row: ScannerGrantRow): ScannerGrant {
  const r = reader('scanner_grants', row as unknown as Record<string, unknown>)
  return {
    id: r.str('id'),
    userId: r.str('user_id') as UserId,
    activityIds: r.strings('activity_ids') as ActivityId[],
    validFrom: r.str('valid_from'),
    validTo: r.str('valid_to'),
    createdBy: r.str('created_by') as UserId,
    createdAt: r.str('created_at'),
  }
}

const CHECKIN_COLUMNS = [
  'id', 'activity_id', 'registration_id', 'person_id', 'kind', 'method', 'at', 'recorded_at', 'operator_id',
  'device_id', 'nonce', 'reason', 'duplicates',
] as const satisfies readonly (keyof CheckInRow)[]
const INVITE_COLUMNS = [
  'id', 'activity_ids', 'valid_from', 'valid_to', 'created_by', 'created_at', 'redeemed_by', 'redeemed_at',
] as const satisfies readonly (keyof ScannerInviteRow)[]
const GRANT_COLUMNS = ['id', 'user_id', 'activity_ids', 'valid_from', 'valid_to', 'created_by', 'created_at'] as const satisfies readonly (keyof ScannerGrantRow)[]

export function sqliteCheckIns(ctx: SqliteContext): { repository: CheckInRepository; tx: SyncPort<CheckInTx> } {
  const checkIns = byIdTable(ctx.db, { table: 'checkins', columns: CHECKIN_COLUMNS, toRow: checkInToRow, fromRow: rowToCheckIn })
  const invites = byIdTable(ctx.db, { table: 'scanner_invites', columns: INVITE_COLUMNS, toRow: inviteToRow, fromRow: rowToInvite })
  const grants = byIdTable(ctx.db, { table: 'scanner_grants', columns: GRANT_COLUMNS, toRow: grantToRow, fromRow: rowToGrant })
  const byActivity = checkIns.query<[string]>('WHERE activity_id = ? ORDER BY id')
  const grantsByUser = grants.query<[string]>('WHERE user_id = ? ORDER BY created_at, id')
  return {
    repository: {
      getCheckIn: async (id) => checkIns.get(id),
      listCheckInsByActivity: async (activityId) => checkIns.all(byActivity, activityId),
      getInvite: async (id) => invites.get(id),
      putInvite: (invite) => ctx.exclusive('putInvite', () => invites.put(invite)),
      listGrantsByUser: async (userId) => grants.all(grantsByUser, userId),
    },
    tx: {
      getCheckIn: (id) => checkIns.get(id),
      putCheckIn: (checkIn) => checkIns.put(checkIn),
      deleteCheckIn: (id) => checkIns.delete(id),
      getInvite: (id) => invites.get(id),
      putInvite: (invite) => invites.put(invite),
      putGrant: (grant) => grants.put(grant),
    },
  }
}

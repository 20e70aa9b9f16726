// Check-ins, scanner invites and grants on CloudBase (CheckInRepository, CheckInTx in
// src/domain/ports.ts): collections `checkins`, `scannerInvites`, `scannerGrants`.

import type { ActivityId, PersonId, RegistrationId, UserId } from '../src/domain/ids'
import { CHECKIN_METHODS, type CheckIn, type CheckInKind, type DuplicateScan, type ScannerGrant, type ScannerInvite } from '../src/domain/checkin/rules'
import type { CheckInRepository, CheckInTx } from '../src/domain/ports'
import type { CloudDocument, DocData, Transaction } from './cloudbase-types'
import { byIdCollection, type CloudContext } from './cloudbase-collection'
import { reader } from './cloudbase-reader'
import { CHECKIN_KINDS } from '../src/domain/value-lists'

function toDuplicate(r: ReturnType<typeof reader>, d: unknown): DuplicateScan {
  if (typeof d !== 'object' || d === null || Array.isArray(d)) return r.bad('duplicates')
  const o = d as Record<string, unknown>
  if (!['nonce', 'at', 'operatorId', 'deviceId'].every((k) => typeof o[k] === 'string')) return r.bad('duplicates')
  return { nonce: o.nonce as string, at: o.at as string, operatorId: o.operatorId as UserId, deviceId: o.deviceId as string }
}

export function toCheckIn(doc: CloudDocument): CheckIn {
  const r = reader('checkins', doc)
  const duplicates = r.raw('duplicates')
  if (!Array.isArray(duplicates)) return r.bad('duplicates')
  return {
    id: r.id(),
    activityId: r.str('activityId') as ActivityId,
    registrationId: r.str('registrationId') as RegistrationId,
    personId: r.str('personId') as PersonId,
    kind: r.oneOf('kind', CHECKIN_KINDS),
    method: r.oneOf('method', CHECKIN_METHODS),
    at: r.str('at'),
    recordedAt: r.str('recordedAt'),
    operatorId: r.str('operatorId') as UserId,
    deviceId: r.str('deviceId'),
    nonce: r.str('nonce'),
    reason: r.strOrNull('reason'),
    duplicates: duplicates.map((d) => toDuplicate(r, d)),
  }
}

function fromCheckIn(c: CheckIn): DocData {
  return {
    activityId: c.activityId,
    registrationId: c.registrationId,
    personId: c.personId,
    kind: c.kind,
    method: c.method,
    at: c.at,
    recordedAt: c.recordedAt,
    operatorId: c.operatorId,
    deviceId: c.deviceId,
    nonce: c.nonce,
    reason: c.reason,
    duplicates: c.duplicates.map((d) => ({ nonce: d.nonce, at: d.at, operatorId: d.operatorId, deviceId: d.deviceId })),
  }
}

function toInvite(doc: CloudDocument): ScannerInvite {
  const r = reader('scannerInvites', doc)
  return {
    id: r.id(),
    activityIds: r.strs('activityIds') as ActivityId[],
    validFrom: r.str('validFrom'),
    validTo: r.str('validTo'),
    createdBy: r.str('createdBy') as UserId,
    createdAt: r.str('createdAt'),
    redeemedBy: r.strOrNull('redeemedBy') as UserId | null,
    redeemedAt: r.strOrNull('redeemedAt'),
  }
}

const fromInvite = (i: ScannerInvite): DocData => ({
  activityIds: [...i.activityIds],
  validFrom: i.validFrom,
  validTo: i.validTo,
  createdBy: i.createdBy,
  createdAt: i.createdAt,
  redeemedBy: i.redeemedBy,
  redeemedAt: i.redeemedAt,
})

export function toGrant(doc: CloudDocument): ScannerGrant {
  const r = reader('scannerGrants', doc)
  return {
    id: r.id(),
    userId: r.str('userId') as UserId,
    activityIds: r.strs('activityIds') as ActivityId[],
    validFrom: r.str('validFrom'),
    validTo: r.str('validTo'),
    createdBy: r.str('createdBy') as UserId,
    createdAt: r.str('createdAt'),
  }
}

const fromGrant = (g: ScannerGrant): DocData => ({
  userId: g.userId,
  activityIds: [...g.activityIds],
  validFrom: g.validFrom,
  validTo: g.validTo,
  createdBy: g.createdBy,
  createdAt: g.createdAt,
})

export function cloudBaseCheckIns(ctx: CloudContext): { repository: CheckInRepository; tx(t: Transaction): CheckInTx } {
  const checkIns = byIdCollection(ctx, { collection: 'checkins', toDomain: toCheckIn, toDocument: fromCheckIn })
  const invites = byIdCollection(ctx, { collection: 'scannerInvites', toDomain: toInvite, toDocument: fromInvite })
  const grants = byIdCollection(ctx, { collection: 'scannerGrants', toDomain: toGrant, toDocument: fromGrant })
  return {
    repository: {
      getCheckIn: (id) => checkIns.get(id),
      listCheckInsByActivity: (activityId) => checkIns.list(checkIns.query().where({ activityId }).orderBy('_id', 'asc')),
      getInvite: (id) => invites.get(id),
      putInvite: (i) => invites.put(i),
      listGrantsByUser: (userId) => grants.list(grants.query().where({ userId }).orderBy('createdAt', 'asc').orderBy('_id', 'asc')),
    },
    tx(t) {
      const c = checkIns.inTx(t)
      const i = invites.inTx(t)
      const g = grants.inTx(t)
      return {
        getCheckIn: (id) => c.get(id),
        putCheckIn: (x) => c.put(x),
        deleteCheckIn: (id) => c.remove(id),
        getInvite: (id) => i.get(id),
        putInvite: (x) => i.put(x),
        putGrant: (x) => g.put(x),
      }
    },
  }
}

// Registrations on CloudBase (RegistrationRepository, RegistrationTx in src/domain/ports.ts):
// collection `registrations`.

import type { ActivityId, PersonId, RegistrationId, UserId } from '../src/domain/ids'
import type { RegistrationRepository, RegistrationTx } from '../src/domain/ports'
import type { Attendance, Registration, RegistrationStatus } from '../src/domain/types'
import type { CloudDocument, DocData, Transaction } from './cloudbase-types'
import { byIdCollection, type CloudContext } from './cloudbase-collection'
import { reader } from './cloudbase-reader'
import { ACTIVE_REGISTRATION_STATUSES, ATTENDANCES, REGISTRATION_STATUSES } from '../src/domain/value-lists'

function toRegistration(doc: CloudDocument): Registration {
  const r = reader('registrations', doc)
  return {
    id: r.id() as RegistrationId,
    activityId: r.str('activityId') as ActivityId,
    personId: r.str('personId') as PersonId,
    ownerId: r.str('ownerId') as UserId,
    createdBy: r.str('createdBy') as UserId,
    status: r.oneOf('status', REGISTRATION_STATUSES),
    seq: r.num('seq'),
    createdAt: r.str('createdAt'),
    updatedAt: r.str('updatedAt'),
    cancelledAt: r.strOrNull('cancelledAt'),
    promotedAt: r.strOrNull('promotedAt'),
    walkIn: r.boolOr('walkIn', false),
    attendance: r.oneOfOrNull('attendance', ATTENDANCES),
    checkedInAt: r.strOrNull('checkedInAt'),
    checkedOutAt: r.strOrNull('checkedOutAt'),
  }
}

function fromRegistration(g: Registration): DocData {
  return {
    activityId: g.activityId,
    personId: g.personId,
    ownerId: g.ownerId,
    createdBy: g.createdBy,
    status: g.status,
    seq: g.seq,
    createdAt: g.createdAt,
    updatedAt: g.updatedAt,
    cancelledAt: g.cancelledAt,
    promotedAt: g.promotedAt,
    walkIn: g.walkIn,
    attendance: g.attendance,
    checkedInAt: g.checkedInAt,
    checkedOutAt: g.checkedOutAt,
  }
}

/** The port plus a plain registration write for seeding and tests (handlers write registrations only inside transactions). */
export function cloudBaseRegistrations(ctx: CloudContext): {
  repository: RegistrationRepository & { putRegistration(registration: Registration): Promise<void> }
  tx(t: Transaction): RegistrationTx
} {
  const { _ } = ctx
  const registrations = byIdCollection(ctx, { collection: 'registrations', toDomain: toRegistration, toDocument: fromRegistration })
  const q = () => registrations.query()
  return {
    repository: {
      getRegistration: (id) => registrations.get(id),
      putRegistration: (r) => registrations.put(r),
      listRegistrationsByOwner: (ownerId) => registrations.list(q().where({ ownerId }).orderBy('createdAt', 'asc').orderBy('_id', 'asc')),
      listActiveRegistrationsByPerson: (personId) =>
        registrations.list(q().where({ personId, status: _.in([...ACTIVE_REGISTRATION_STATUSES]) }).orderBy('seq', 'asc').orderBy('_id', 'asc')),
      async firstWaitlisted(activityId) {
        const { data } = await q().where({ activityId, status: 'waitlisted' }).orderBy('seq', 'asc').orderBy('_id', 'asc').limit(1).get()
        return data.length > 0 ? toRegistration(data[0]) : null
      },
      async countWaitlistedBefore(activityId, seq) {
        const { total } = await q().where({ activityId, status: 'waitlisted', seq: _.lt(seq) }).count()
        return total
      },
      listRegistrationsByActivity: (activityId, status) =>
        registrations.list(q().where({ activityId, ...(status ? { status } : {}) }).orderBy('seq', 'asc').orderBy('_id', 'asc')),
      listRegistrationsByPerson: (personId) => registrations.list(q().where({ personId }).orderBy('createdAt', 'asc').orderBy('_id', 'asc')),
    },
    tx(t) {
      const inTx = registrations.inTx(t)
      return { getRegistration: (id) => inTx.get(id), putRegistration: (r) => inTx.put(r) }
    },
  }
}

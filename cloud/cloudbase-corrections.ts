// CloudBase documents of the ledger's attendance-correction log (collection `attendanceCorrections`),
// keyed by the correction's id; `atMs` orders the log newest first.

import type { ActivityId, PersonId, RegistrationId, UserId } from '../src/domain/ids'
import type { AttendanceCorrection } from '../src/domain/ledger/corrections'
import { ms } from '../src/domain/time'
import type { CloudDocument, DocData } from './cloudbase-types'
import { reader } from './cloudbase-reader'

export function toCorrection(doc: CloudDocument): AttendanceCorrection {
  const r = reader('attendanceCorrections', doc)
  return {
    id: r.id(),
    activityId: r.str('activityId') as ActivityId,
    registrationId: r.str('registrationId') as RegistrationId,
    personId: r.str('personId') as PersonId,
    attended: r.bool('attended'),
    checkedInAtBefore: r.strOrNull('checkedInAtBefore'),
    checkedInAtAfter: r.strOrNull('checkedInAtAfter'),
    reason: r.str('reason'),
    by: r.str('by') as UserId,
    at: r.str('at'),
  }
}

export const fromCorrection = (c: AttendanceCorrection): DocData => ({
  activityId: c.activityId,
  registrationId: c.registrationId,
  personId: c.personId,
  attended: c.attended,
  checkedInAtBefore: c.checkedInAtBefore,
  checkedInAtAfter: c.checkedInAtAfter,
  reason: c.reason,
  by: c.by,
  at: c.at,
  atMs: ms(c.at),
})

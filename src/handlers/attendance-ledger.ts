// The ledger's side of an attendance, written in the same transaction as the check-in (or an admin's
// correction) that makes or removes it: the fact (one per registration, at its check-in time, credited
// to the registration's person, never to the account that signed them up) and the course's 结业.

import { factOf } from '../domain/ledger/count'
import type { TxStore } from '../domain/ports'
import type { Instant } from '../domain/time'
import type { Activity, Person, Registration } from '../domain/types'
import { recordCompletionIfDue, reviseCompletion } from './course-completion'

/** A registration of `person` was checked in at `at`: its fact, and 结业 when this lesson completes the course. */
export async function recordAttendance(tx: TxStore, activity: Activity, person: Pick<Person, 'id' | 'targetGroup'>, registrationId: string, at: Instant): Promise<void> {
  await tx.putFact(factOf(registrationId, person, activity, at))
  await recordCompletionIfDue(tx, activity, person, { activityId: activity.id, at })
}

/** A registration's attendance was removed: its fact goes, and the course's 结业 is decided again. */
export async function withdrawAttendance(tx: TxStore, activity: Activity, registration: Pick<Registration, 'id' | 'personId'>): Promise<void> {
  await tx.deleteFact(registration.id)
  await reviseCompletion(tx, activity, registration.personId)
}

// Deleting a person or an account keeps the plan's counts: registrations, check-ins and ledger facts
// stay, but nothing in them can be traced back to someone any more.
//
// - The person document (name, phone, birth year, area) is deleted.
// - Registrations keep their id and the person's opaque id (the ledger's facts are keyed by both, and
//   unique-person counts need it), but lose the link to the account: ownerId and createdBy become
//   ANONYMIZED_USER_ID. With the person deleted, the opaque id resolves to nothing.
// - Check-ins keep their operator unless the operator was the erased account itself (self check-in).
// - Reminders lose their recipient; pending ones are cancelled.

import type { UserId } from '../ids'
import type { CheckIn } from '../checkin/rules'
import type { Reminder } from '../reminders/schedule'
import type { Instant } from '../time'
import type { Registration } from '../types'

/** Stands in for an erased account wherever a record must keep an account id. */
export const ANONYMIZED_USER_ID = 'anonymized' as UserId

export const anonymizeRegistration = (r: Registration, now: Instant): Registration =>
  r.ownerId === ANONYMIZED_USER_ID && r.createdBy === ANONYMIZED_USER_ID
    ? r
    : { ...r, ownerId: ANONYMIZED_USER_ID, createdBy: ANONYMIZED_USER_ID, updatedAt: now }

/** The check-in without `erased` as its operator (self check-ins); null when nothing changes. */
export function anonymizeCheckIn(c: CheckIn, erased: readonly UserId[]): CheckIn | null {
  const hit = (id: UserId) => erased.includes(id)
  if (!hit(c.operatorId) && !c.duplicates.some((d) => hit(d.operatorId))) return null
  return {
    ...c,
    operatorId: hit(c.operatorId) ? ANONYMIZED_USER_ID : c.operatorId,
    duplicates: c.duplicates.map((d) => (hit(d.operatorId) ? { ...d, operatorId: ANONYMIZED_USER_ID } : d)),
  }
}

/** The reminder without a recipient; a pending one is cancelled with `note`. */
export function anonymizeReminder(m: Reminder, note: string, now: Instant): Reminder {
  const open = m.status === 'pending' || m.status === 'sending'
  return { ...m, userId: ANONYMIZED_USER_ID, ...(open ? { status: 'cancelled' as const, note } : {}), updatedAt: now }
}

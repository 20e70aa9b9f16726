import { hasSeatForNewcomer, hasStarted, seatsLeft, signupWindowState, waitlistRoom } from '../activities/rules'
import { fail, ok, type Result } from '../errors'
import { registrationIdFor, type UserId } from '../ids'
import type { Instant } from '../time'
import type { Activity, Person, Registration } from '../types'

/**
 * A registration as a sign-up or a walk-in writes it: its id derived from the activity and the person,
 * no attendance yet, updated `now`. The one constructor for both.
 */
export function newRegistration(
  fields: Pick<Registration, 'activityId' | 'personId' | 'ownerId' | 'createdBy' | 'status' | 'seq' | 'createdAt' | 'promotedAt' | 'walkIn'>,
  now: Instant,
): Registration {
  const { activityId, personId, ownerId, createdBy, status, seq, createdAt, promotedAt, walkIn } = fields
  return {
    id: registrationIdFor(activityId, personId),
    activityId,
    personId,
    ownerId,
    createdBy,
    status,
    seq,
    createdAt,
    updatedAt: now,
    cancelledAt: null,
    promotedAt,
    walkIn,
    attendance: null,
    checkedInAt: null,
    checkedOutAt: null,
  }
}

/** New states of the two documents a sign-up, cancellation or promotion writes together. */
export interface Transition {
  readonly activity: Activity
  readonly registration: Registration
}

/**
 * Decides a sign-up of `person` for `activity`: a seat while one is left, else a waitlist place while
 * the waitlist has room. `existing` is the pair's registration, if any (a cancelled one may sign up again).
 */
export function decideSignUp(input: {
  activity: Activity | null
  person: Person
  existing: Registration | null
  actorId: UserId
  now: Instant
}): Result<Transition> {
  const { activity, person, existing, actorId, now } = input
  if (!activity) return fail('ACTIVITY.NOT_FOUND', 'activityId')
  const window = signupWindowState(activity, now)
  if (window === 'cancelled') return fail('ACTIVITY.CANCELLED', 'activityId')
  if (window === 'not_open') return fail('REGISTRATION.NOT_OPEN')
  if (window === 'closed') return fail('REGISTRATION.CLOSED')
  if (existing && existing.status !== 'cancelled') return fail('REGISTRATION.DUPLICATE', 'personId')

  const confirm = hasSeatForNewcomer(activity)
  if (!confirm && waitlistRoom(activity) === 0) return fail('REGISTRATION.FULL')

  const registration = newRegistration({
    activityId: activity.id,
    personId: person.id,
    ownerId: person.ownerId,
    createdBy: actorId,
    status: confirm ? 'confirmed' : 'waitlisted',
    seq: activity.nextSeq,
    createdAt: existing?.createdAt ?? now,
    promotedAt: null,
    walkIn: false,
  }, now)
  return ok({
    registration,
    activity: {
      ...activity,
      confirmedCount: activity.confirmedCount + (confirm ? 1 : 0),
      waitlistCount: activity.waitlistCount + (confirm ? 0 : 1),
      nextSeq: activity.nextSeq + 1,
      updatedAt: now,
    },
  })
}

/**
 * Decides a cancellation by `actorId`; only the managing account (or an admin) may cancel, only before
 * the start, and never once the person was checked in (check-in opens before the start): an attendance
 * is a ledger fact, and undoing one is an admin's correction with a reason (ledger/corrections.ts), not
 * a cancellation that would free the seat and leave the fact behind.
 */
export function decideCancel(input: {
  registration: Registration | null
  activity: Activity | null
  actorId: UserId
  actorIsAdmin: boolean
  now: Instant
}): Result<Transition> {
  const { registration, activity, actorId, actorIsAdmin, now } = input
  if (!registration || !activity) return fail('REGISTRATION.NOT_FOUND', 'registrationId')
  if (registration.ownerId !== actorId && !actorIsAdmin) return fail('REGISTRATION.NOT_YOURS', 'registrationId')
  if (registration.status === 'cancelled') return fail('REGISTRATION.ALREADY_CANCELLED', 'registrationId')
  if (registration.checkedInAt) return fail('REGISTRATION.CHECKED_IN', 'registrationId')
  if (hasStarted(activity, now)) return fail('REGISTRATION.ACTIVITY_STARTED')
  const wasConfirmed = registration.status === 'confirmed'
  return ok({
    registration: { ...registration, status: 'cancelled', cancelledAt: now, updatedAt: now },
    activity: {
      ...activity,
      confirmedCount: activity.confirmedCount - (wasConfirmed ? 1 : 0),
      waitlistCount: activity.waitlistCount - (wasConfirmed ? 0 : 1),
      updatedAt: now,
    },
  })
}

/**
 * Offers a freed seat to the head of the waitlist. Both documents must be re-read inside the same
 * transaction, so a seat taken meanwhile or a head promoted by another cancellation is seen.
 * Returns null when there is nothing to promote.
 */
export function decidePromotion(input: { activity: Activity; candidate: Registration | null; now: Instant }): Transition | null {
  const { activity, candidate, now } = input
  if (!candidate || candidate.status !== 'waitlisted' || candidate.activityId !== activity.id) return null
  if (activity.status !== 'published' || hasStarted(activity, now) || seatsLeft(activity) === 0) return null
  return {
    registration: { ...candidate, status: 'confirmed', promotedAt: now, updatedAt: now },
    activity: {
      ...activity,
      confirmedCount: activity.confirmedCount + 1,
      waitlistCount: activity.waitlistCount - 1,
      updatedAt: now,
    },
  }
}

/** Whether the managing account may still cancel: not cancelled, not checked in, and the activity has not started. */
export const isCancellable = (registration: Registration, activity: Activity, now: Instant): boolean =>
  registration.status !== 'cancelled' && !registration.checkedInAt && !hasStarted(activity, now)

/** 已报名 / 候补第N位 / 已取消 as the list shows it. */
export function statusLabel(status: Registration['status'], waitlistPosition: number | null): string {
  if (status === 'confirmed') return '已报名'
  if (status === 'waitlisted') return waitlistPosition ? `候补第${waitlistPosition}位` : '候补中'
  return '已取消'
}

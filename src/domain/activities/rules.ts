import type { Activity } from '../types'
import { ms, type Instant } from '../time'

export type SignupWindowState = 'not_open' | 'open' | 'closed' | 'cancelled'

/** Where `now` falls in the activity's sign-up window; sign-up also ends when the activity starts. */
export function signupWindowState(activity: Activity, now: Instant): SignupWindowState {
  if (activity.status === 'cancelled') return 'cancelled'
  const t = ms(now)
  if (t < ms(activity.signupOpensAt)) return 'not_open'
  if (t >= Math.min(ms(activity.signupClosesAt), ms(activity.startAt))) return 'closed'
  return 'open'
}

/** Seats not yet confirmed, never below zero. */
export const seatsLeft = (activity: Activity): number => Math.max(0, activity.capacity - activity.confirmedCount)

/** Free waitlist places, never below zero. */
export const waitlistRoom = (activity: Activity): number => Math.max(0, activity.waitlistLimit - activity.waitlistCount)

export const hasEnded = (activity: Activity, now: Instant): boolean => ms(activity.endAt) <= ms(now)
export const hasStarted = (activity: Activity, now: Instant): boolean => ms(activity.startAt) <= ms(now)

/**
 * Nobody jumps the waitlist: the seats a newcomer can take, which are the seats left while nobody waits
 * and none while anyone does.
 * @example seatsForNewcomer({ capacity: 30, confirmedCount: 28, waitlistCount: 1, … }) // 0
 */
export const seatsForNewcomer = (activity: Activity): number => (activity.waitlistCount > 0 ? 0 : seatsLeft(activity))

export const hasSeatForNewcomer = (activity: Activity): boolean => seatsForNewcomer(activity) > 0

/** Seats are free while people wait (e.g. after an interrupted promotion): the waitlist is owed them. */
export const waitlistOwedSeats = (activity: Activity): boolean => activity.waitlistCount > 0 && seatsLeft(activity) > 0

/** What a sign-up would lead to right now, for the detail page's button. */
export type Availability = 'available' | 'waitlist' | 'full'
export function availability(activity: Activity): Availability {
  if (hasSeatForNewcomer(activity)) return 'available'
  return waitlistRoom(activity) > 0 ? 'waitlist' : 'full'
}

// 评单: after attending, the account that manages a registration rates it 1–5 with an optional
// comment, once, and may change it for FEEDBACK_EDIT_DAYS after the first rating. Organizers read the
// tally of their unit's activities, the admin any unit's, and the ledger the satisfaction per project.
// Pure rules: the handlers (handlers/feedback.ts) load the records and store what these decide.

import type { DepartmentCode, PlanProject } from '../catalog'
import { fail, ok, type Result } from '../errors'
import type { ActivityId, RegistrationId, UserId } from '../ids'
import { ms, toInstant, type Instant } from '../time'
import type { Activity, Registration, User } from '../types'

export const RATING_MIN = 1
export const RATING_MAX = 5
/** A rating can be changed for this many days after it was first given. */
export const FEEDBACK_EDIT_DAYS = 7
/** A first rating can be given up to this many days after the activity ended. */
export const FEEDBACK_OPEN_DAYS = 30
export const FEEDBACK_COMMENT_MAX_CHARS = 300
const DAY_MS = 86_400_000

/** Words for the stars, shown beside them (1 to 5). */
export const RATING_WORDS = ['很不满意', '不满意', '一般', '满意', '非常满意'] as const

/** One rating of one attended registration (id = the registration's id: one per registration). */
export interface Feedback {
  readonly id: RegistrationId
  readonly activityId: ActivityId
  /** The activity's unit and projects when it was rated, so tallies need no join. */
  readonly departmentCode: DepartmentCode
  readonly projects: readonly PlanProject[]
  /** The account that rated (the registration's owner). */
  readonly userId: UserId
  readonly rating: number
  /** Trimmed; null when none was written. */
  readonly comment: string | null
  readonly createdAt: Instant
  readonly updatedAt: Instant
}

/** How many ratings gave 1, 2, 3, 4 and 5 stars (index 0 is 1 star). */
export type RatingTally = readonly [number, number, number, number, number]

export const EMPTY_TALLY: RatingTally = [0, 0, 0, 0, 0]

export const isRating = (n: unknown): n is number => Number.isInteger(n) && (n as number) >= RATING_MIN && (n as number) <= RATING_MAX

/** The tally of these ratings. */
export function tallyOf(list: readonly Pick<Feedback, 'rating'>[]): RatingTally {
  const t = [0, 0, 0, 0, 0]
  for (const f of list) if (isRating(f.rating)) t[f.rating - 1]++
  return t as unknown as RatingTally
}

export const addTallies = (a: RatingTally, b: RatingTally): RatingTally => a.map((n, i) => n + b[i]) as unknown as RatingTally

export const tallyCount = (t: RatingTally): number => t.reduce((s, n) => s + n, 0)

/** The mean rating to one decimal, or null without ratings. */
export function averageOf(t: RatingTally): number | null {
  const count = tallyCount(t)
  if (count === 0) return null
  const sum = t.reduce((s, n, i) => s + n * (i + 1), 0)
  return Math.round((sum / count) * 10) / 10
}

/** Share of ratings with 4 or 5 stars (满意率), as a whole percent, or null without ratings. */
export function satisfiedPercent(t: RatingTally): number | null {
  const count = tallyCount(t)
  return count === 0 ? null : Math.round(((t[3] + t[4]) / count) * 100)
}

/** Until when a rating first given at `createdAt` can be changed. */
export const editableUntil = (createdAt: Instant): Instant => toInstant(ms(createdAt) + FEEDBACK_EDIT_DAYS * DAY_MS)

/** Until when a registration of this activity can first be rated. */
export const openUntil = (activity: Pick<Activity, 'endAt'>): Instant => toInstant(ms(activity.endAt) + FEEDBACK_OPEN_DAYS * DAY_MS)

/** Whether `actor` may rate this registration now (before any input is looked at). */
export function feedbackAllowed(input: {
  readonly actor: User
  readonly registration: Registration
  readonly activity: Activity
  readonly existing: Feedback | null
  readonly now: Instant
}): Result<true> {
  const { actor, registration, activity, existing, now } = input
  if (registration.ownerId !== actor.id) return fail('FEEDBACK.NOT_YOURS')
  if (registration.attendance !== 'attended') return fail('FEEDBACK.NOT_ATTENDED')
  if (existing) return ms(now) <= ms(editableUntil(existing.createdAt)) ? ok(true) : fail('FEEDBACK.CLOSED')
  return ms(now) <= ms(openUntil(activity)) ? ok(true) : fail('FEEDBACK.TOO_LATE')
}

/** The rating to store, or why not. */
export function decideFeedback(input: {
  readonly actor: User
  readonly registration: Registration
  readonly activity: Activity
  readonly existing: Feedback | null
  readonly rating: number
  readonly comment?: string | null
  readonly now: Instant
}): Result<Feedback> {
  const allowed = feedbackAllowed(input)
  if (!allowed.ok) return allowed
  const { registration, activity, existing, now } = input
  if (!isRating(input.rating)) return fail('FEEDBACK.RATING', 'rating')
  const comment = (input.comment ?? '').trim()
  if ([...comment].length > FEEDBACK_COMMENT_MAX_CHARS) return fail('FEEDBACK.COMMENT', 'comment')
  return ok({
    id: registration.id,
    activityId: activity.id,
    departmentCode: existing?.departmentCode ?? activity.departmentCode,
    projects: existing?.projects ?? activity.projects,
    userId: registration.ownerId,
    rating: input.rating,
    comment: comment === '' ? null : comment,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  })
}

// Request schemas of the `feedback` function's actions, and the views they return.

import { z } from 'zod'
import type { DepartmentCode, PlanProject } from '../catalog'
import { ID_PATTERN, type ActivityId, type RegistrationId } from '../ids'
import type { Instant } from '../time'
import { FEEDBACK_COMMENT_MAX_CHARS, RATING_MAX, RATING_MIN, type RatingTally } from './rules'

/** Longer than any unit code: what is longer is not a unit. */
const UNIT_CODE_MAX_CHARS = 40

const id = <T extends string>() =>
  z
    .string({ error: 'invalid_id' })
    .regex(ID_PATTERN, { error: 'invalid_id' })
    .transform((s) => s as T)

export const feedbackSchemas = {
  /** The rating form of one registration: what it is, whether it can be rated, and the rating so far. */
  get: z.strictObject({ registrationId: id<RegistrationId>() }),
  /** Rates (or re-rates) one attended registration. */
  submit: z.strictObject({
    registrationId: id<RegistrationId>(),
    rating: z.number({ error: 'rating' }).int({ error: 'rating' }).min(RATING_MIN, { error: 'rating' }).max(RATING_MAX, { error: 'rating' }),
    // Counted in characters, not UTF-16 units, the way the form counts them.
    comment: z
      .string({ error: 'feedback_comment' })
      .refine((s) => [...s.trim()].length <= FEEDBACK_COMMENT_MAX_CHARS, { error: 'feedback_comment' })
      .nullable()
      .optional(),
  }),
  /**
   * What residents said: of one activity, of one unit (an organizer's own unit without arguments; the
   * admin's whole district), or per project (`byProject`, for the ledger).
   */
  summary: z.strictObject({
    activityId: id<ActivityId>().optional(),
    departmentCode: z.string().trim().max(UNIT_CODE_MAX_CHARS, { error: 'too_long' }).optional(),
    byProject: z.boolean().optional(),
  }),
} as const

export type FeedbackSchemas = typeof feedbackSchemas

// ---- Views ----

export interface FeedbackView {
  readonly registrationId: RegistrationId
  readonly rating: number
  readonly comment: string | null
  readonly createdAt: Instant
  readonly updatedAt: Instant
  /** Until when it can still be changed. */
  readonly editableUntil: Instant
}

/** feedback.get: the registration being rated and its rating. */
export interface FeedbackFormView {
  readonly registrationId: RegistrationId
  readonly activityId: ActivityId
  readonly activityTitle: string
  readonly startAt: Instant
  readonly personName: string
  readonly feedback: FeedbackView | null
  /** Whether it can be rated (or re-rated) now. */
  readonly canRate: boolean
  /** Why not, in Chinese, when it cannot. */
  readonly reason: string | null
}

export interface TallyView {
  readonly count: number
  readonly average: number | null
  /** 满意率: share of 4 and 5 stars, whole percent. */
  readonly satisfiedPercent: number | null
  /** Ratings with 1 to 5 stars. */
  readonly distribution: RatingTally
}

export interface FeedbackCommentView {
  readonly rating: number
  readonly comment: string
  readonly at: Instant
  readonly activityId: ActivityId
  readonly activityTitle: string
}

export interface FeedbackActivityRow extends TallyView {
  readonly activityId: ActivityId
  readonly title: string
  readonly startAt: Instant
}

export interface FeedbackProjectRow extends TallyView {
  readonly project: PlanProject
  readonly name: string
}

export interface FeedbackSummaryView {
  /** What the summary covers, in Chinese (an activity's title, a unit's name, 全区). */
  readonly label: string
  readonly departmentCode: DepartmentCode | null
  readonly total: TallyView
  /** Latest comments first. */
  readonly comments: readonly FeedbackCommentView[]
  /** Per activity, for a unit or the district (most ratings first); empty for one activity. */
  readonly activities: readonly FeedbackActivityRow[]
  /** Per project of the plan, with `byProject`. */
  readonly projects: readonly FeedbackProjectRow[]
}

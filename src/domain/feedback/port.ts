// Port: ratings of attended registrations (评单). Its own small port beside the Store; one contract
// suite (tests/contract/feedback.contract.test.ts) runs against every adapter.

import type { DepartmentCode, PlanProject } from '../catalog'
import type { ActivityId, RegistrationId } from '../ids'
import type { Feedback, RatingTally } from './rules'

/** Which ratings a tally or a list covers: one activity's, one unit's, one project's, or all. */
export type FeedbackScope =
  | { readonly activityId: ActivityId }
  | { readonly departmentCode: DepartmentCode }
  | { readonly project: PlanProject; readonly departmentCode?: DepartmentCode }
  | Record<string, never>

/** Lists of comments return at most this many. */
export const FEEDBACK_COMMENTS_LIMIT_MAX = 100

export interface FeedbackRepository {
  get(id: RegistrationId): Promise<Feedback | null>
  /** The ratings of these registrations that exist, in no particular order. */
  getMany(ids: readonly RegistrationId[]): Promise<Feedback[]>
  /** Stores the rating, replacing the one with its id. */
  put(feedback: Feedback): Promise<void>
  /** The tally of the ratings in scope (equals rules.ts tallyOf over them). */
  tally(scope: FeedbackScope): Promise<RatingTally>
  /** Per activity of one unit (or of all): the tally of each activity that has ratings. */
  tallyByActivity(departmentCode?: DepartmentCode): Promise<{ activityId: ActivityId; tally: RatingTally }[]>
  /** Ratings in scope that carry a comment, latest change first (updatedAt, then id, descending), at most `limit`. */
  comments(scope: FeedbackScope, limit: number): Promise<Feedback[]>
  /** Removes the ratings of these registrations (their owner deleted them with the account). */
  removeMany(ids: readonly RegistrationId[]): Promise<void>
}

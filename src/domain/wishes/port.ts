// Port: 点单 wishes and who supports them. Its own small port beside the Store; one contract suite
// (tests/contract/wishes.contract.test.ts) runs against every adapter.

import type { ActivityId, UserId } from '../ids'
import type { Instant } from '../time'
import type { Wish, WishId } from './rules'

/** Lists return at most this many wishes. */
export const WISHES_LIMIT_MAX = 100

export interface WishRepository {
  /** Stores a new wish with its suggester's support. */
  create(wish: Wish): Promise<void>
  get(id: WishId): Promise<Wish | null>
  /**
   * Records `userId`'s support once and counts it: true when new, false when they supported it before
   * (the count unchanged) or the wish does not exist. Concurrent supports each count once.
   */
  addSupport(id: WishId, userId: UserId, at: Instant): Promise<boolean>
  /** Wishes in rules.ts compareWishes order, `offset` skipped, at most `limit` (≤ WISHES_LIMIT_MAX), with the total. */
  list(query: { limit: number; offset: number }): Promise<{ items: Wish[]; total: number }>
  /** Which of these wishes `userId` supports. */
  supportedBy(userId: UserId, ids: readonly WishId[]): Promise<Set<WishId>>
  /** How many wishes `userId` suggested at or after `since`. */
  countCreatedSince(userId: UserId, since: Instant): Promise<number>
  /** Marks the wish answered by a published activity; a wish already arranged keeps its first answer. */
  markArranged(id: WishId, activityId: ActivityId, at: Instant): Promise<void>
  /** An account is deleted: its wishes lose the link to it and its supports are forgotten (the counts stay). */
  forgetUser(userId: UserId): Promise<void>
}

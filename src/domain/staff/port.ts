// Port: organizer invites, the staff log, and who organizes which unit. Kept beside the Store (its
// own small port, not more Store methods); one contract suite (tests/contract/staff.contract.test.ts)
// runs against every adapter.

import type { DepartmentCode } from '../catalog'
import type { UserId } from '../ids'
import type { Instant } from '../time'
import type { User } from '../types'
import type { StaffEvent, StaffEventKind, StaffInvite } from './rules'

/** Lists of the staff log return at most this many events. */
export const STAFF_EVENTS_LIMIT_MAX = 100

export interface StaffEventQuery {
  readonly departmentCode?: DepartmentCode
  readonly userId?: UserId
  readonly kind?: StaffEventKind
  readonly limit: number
}

export interface StaffRepository {
  /** Stores a new invite; false, and nothing written, when an invite with this id exists (a code drawn twice). */
  createInvite(invite: StaffInvite): Promise<boolean>
  getInvite(id: string): Promise<StaffInvite | null>
  /**
   * Claims the invite for `userId` atomically: marks it used by them at `now` when it is unused and not
   * expired at `now`, or returns it unchanged when they claimed it before (a retry finishing the grant).
   * Null when it is missing, expired, or claimed by someone else; of concurrent claims only one wins.
   */
  claimInvite(id: string, userId: UserId, now: Instant): Promise<StaffInvite | null>
  /** Unused invites not expired at `now`, of one unit or of all, newest first (by createdAt, then id). */
  listOpenInvites(query: { departmentCode?: DepartmentCode; now: Instant }): Promise<StaffInvite[]>
  /** Records an event once: appending an id already recorded leaves the first one as it is. */
  appendEvent(event: StaffEvent): Promise<void>
  getEvent(id: string): Promise<StaffEvent | null>
  /**
   * Events newest first (by at, then id descending), at most `limit` (≤ STAFF_EVENTS_LIMIT_MAX): of one
   * unit or of all, and when given only those about one account and of one kind.
   */
  listEvents(query: StaffEventQuery): Promise<StaffEvent[]>
  /** Accounts with role organizer, of one unit or of all, by id. */
  listOrganizers(departmentCode?: DepartmentCode): Promise<User[]>
}

// Request schemas of the `staff` function's actions, and the views they return. Validation happens at
// the edge (dispatch, with contracts.ts parseInput); the rules then see typed input. Codes and units
// are checked by the rules, so a mistyped code says STAFF.INVITE_INVALID and an unknown unit
// STAFF.UNKNOWN_UNIT rather than a generic input error.

import { z } from 'zod'
import type { DepartmentCode } from '../catalog'
import { ID_PATTERN, type UserId } from '../ids'
import type { Instant } from '../time'
import type { Role } from '../types'
import { STAFF_CODE_INPUT_MAX_CHARS, type StaffEventKind } from './rules'

/** Longer than any unit code: what is longer is not a unit. */
const UNIT_CODE_MAX_CHARS = 40

const unitCode = () => z.string().trim().max(UNIT_CODE_MAX_CHARS, { error: 'too_long' })

export const staffSchemas = {
  /** An admin makes an invite for one unit. */
  invite: z.strictObject({ departmentCode: unitCode() }),
  /** A signed-in resident redeems a code, typed (spaces, dashes, lower case allowed) or from a scene. */
  redeem: z.strictObject({ code: z.string().max(STAFF_CODE_INPUT_MAX_CHARS, { error: 'too_long' }) }),
  /** An admin lists the staff of one unit, or of all units without `departmentCode`. */
  list: z.strictObject({ departmentCode: unitCode().optional() }),
  /** An admin revokes an organizer. */
  revoke: z.strictObject({
    userId: z
      .string({ error: 'invalid_id' })
      .regex(ID_PATTERN, { error: 'invalid_id' })
      .transform((s) => s as UserId),
  }),
} as const

export type StaffSchemas = typeof staffSchemas
export type StaffAction = keyof StaffSchemas
/** What a client sends to a staff action (the schema's input side). */
export type StaffRequest<A extends StaffAction> = z.input<StaffSchemas[A]>

// ---- Views returned to clients ----

/** The account as the session shows it (session.whoami's user). */
export interface StaffSessionUser {
  readonly id: UserId
  readonly role: Role
  readonly displayName: string
  readonly departmentCode?: string
}

/** A new invite: the code is shown once, here, and never stored. */
export interface StaffInviteCreatedView {
  readonly code: string
  /** For a mini-program code: `o=<code>`. */
  readonly scene: string
  readonly expiresAt: Instant
  readonly departmentCode: DepartmentCode
  readonly departmentName: string
  /** The landing page of the code (`?code=` or the scene). */
  readonly page: string
  /** base64url PNG of the mini-program code, where the platform renders one (the WeChat cloud). */
  readonly image: string | null
}

export interface StaffRedeemedView {
  readonly user: StaffSessionUser
  readonly departmentCode: DepartmentCode
  readonly departmentName: string
}

export interface StaffMemberView {
  readonly userId: UserId
  readonly displayName: string
  readonly departmentCode: DepartmentCode
  readonly departmentName: string
  /** The latest grant in the staff log; null for organizers set up outside it (seeded). */
  readonly grantedAt: Instant | null
  readonly grantedByName: string | null
}

/** An open invite, without its code (only its digest is stored). */
export interface StaffOpenInviteView {
  readonly departmentCode: DepartmentCode
  readonly departmentName: string
  readonly createdAt: Instant
  readonly expiresAt: Instant
  readonly createdByName: string
}

export interface StaffEventView {
  readonly id: string
  readonly kind: StaffEventKind
  readonly userId: UserId
  readonly userName: string
  readonly departmentCode: DepartmentCode
  readonly departmentName: string
  readonly byName: string
  readonly at: Instant
}

export interface StaffListView {
  /** The unit asked for; null for all units. */
  readonly departmentCode: DepartmentCode | null
  readonly staff: StaffMemberView[]
  readonly invites: StaffOpenInviteView[]
  /** The staff log, newest first. */
  readonly events: StaffEventView[]
}

export interface StaffRevokedView {
  readonly userId: UserId
  readonly displayName: string
  readonly role: Role
}

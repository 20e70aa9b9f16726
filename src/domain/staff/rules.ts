// Staff: who may organize. An admin (区科协) invites an organizer for one unit with a one-time code;
// a signed-in resident redeems it and becomes that unit's organizer; an admin revokes an organizer,
// who is a resident again at once. Every grant and revoke is an event in the staff log.
//
// Codes are 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L), valid 7 days, single
// use. Only a SHA-256 digest of the code is stored, so reading the database reveals no live code. A
// code fits a mini-program code's `scene` (at most 32 characters) as `o=<code>`.
//
// Decision: redeeming needs no agreement to the privacy notice. It collects no personal data (the
// account's role and unit change, nothing else); the notice still comes first wherever an organizer
// records anyone's personal data for themselves.

import { sha256 } from '@noble/hashes/sha2'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils'
import { DEPARTMENTS, type DepartmentCode } from '../catalog'
import { fail, ok, type Result } from '../errors'
import type { UserId } from '../ids'
import { ms, toInstant, type Instant } from '../time'
import type { User } from '../types'

export const STAFF_INVITE_TTL_DAYS = 7
export const STAFF_CODE_LENGTH = 8
export const STAFF_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'
/** WeChat's limit for `wxacode.getUnlimited`'s scene. */
export const SCENE_MAX_CHARS = 32
/** `o=` marks an organizer invite in a scene (other scenes of the app use other keys). */
export const STAFF_SCENE_KEY = 'o'
/** Typed or pasted input longer than this cannot be a code, however it is spaced. */
export const STAFF_CODE_INPUT_MAX_CHARS = 40

const DAY_MS = 86_400_000

/** A one-time organizer invite for one unit, stored by the digest of its code. */
export interface StaffInvite {
  /** `stf-<sha256 hex of the code>`. */
  readonly id: string
  readonly departmentCode: DepartmentCode
  readonly createdBy: UserId
  readonly createdAt: Instant
  readonly expiresAt: Instant
  readonly usedBy: UserId | null
  readonly usedAt: Instant | null
}

export type StaffEventKind = 'grant' | 'revoke'
export const STAFF_EVENT_KINDS: readonly StaffEventKind[] = ['grant', 'revoke']

/** One line of the staff log: who became or stopped being an organizer of which unit, when, by whom. */
export interface StaffEvent {
  readonly id: string
  readonly kind: StaffEventKind
  /** The organizer granted or revoked. */
  readonly userId: UserId
  readonly departmentCode: DepartmentCode
  /** A grant is by the admin who made the invite; a revoke by the admin who revoked. */
  readonly by: UserId
  readonly at: Instant
  /** The invite a grant came from; null for a revoke. */
  readonly inviteId: string | null
}

const isDepartment = (code: string): code is DepartmentCode => DEPARTMENTS.some((d) => d.code === code)

/** The plan's unit with this code, or null when there is none. @example departmentOf('nongye') === 'nongye' */
export const departmentOf = (code: string): DepartmentCode | null => (isDepartment(code) ? code : null)

/** A new code such as `K7M3QX2P`; `random` is injected (the server passes a CSPRNG). */
export function newStaffCode(random: () => number): string {
  let s = ''
  for (let i = 0; i < STAFF_CODE_LENGTH; i++) s += STAFF_CODE_ALPHABET[Math.floor(random() * STAFF_CODE_ALPHABET.length)]
  return s
}

/**
 * What people type or paste: spaces and dashes dropped, upper-cased, a pasted `o=` scene accepted.
 * Null when it cannot be a code. @example normalizeStaffCode('k7m3 qx2p') === 'K7M3QX2P'
 */
export function normalizeStaffCode(input: string): string | null {
  if (input.length > STAFF_CODE_INPUT_MAX_CHARS) return null
  let s = input.replace(/[\s-]/g, '').toUpperCase()
  if (s.startsWith(`${STAFF_SCENE_KEY.toUpperCase()}=`)) s = s.slice(STAFF_SCENE_KEY.length + 1)
  if (s.length !== STAFF_CODE_LENGTH) return null
  for (const ch of s) if (!STAFF_CODE_ALPHABET.includes(ch)) return null
  return s
}

/** The mini-program code scene for a code. @example staffScene('K7M3QX2P') === 'o=K7M3QX2P' */
export const staffScene = (code: string): string => `${STAFF_SCENE_KEY}=${code}`

/**
 * The code in a scene as the landing page receives it (WeChat hands it over URL-encoded), or null
 * when the scene is not an organizer invite. @example codeFromStaffScene('o%3DK7M3QX2P') === 'K7M3QX2P'
 */
export function codeFromStaffScene(scene: string): string | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(scene)
  } catch {
    return null
  }
  if (decoded.length > SCENE_MAX_CHARS) return null
  const pair = decoded.split('&').find((p) => p.startsWith(`${STAFF_SCENE_KEY}=`))
  return pair ? normalizeStaffCode(pair.slice(STAFF_SCENE_KEY.length + 1)) : null
}

/** The stored id of a code. */
export const staffInviteIdFor = (code: string): string => `stf-${bytesToHex(sha256(utf8ToBytes(code)))}`

/** The grant event of an invite: one per invite, so finishing a half-done grant records it once. */
export const grantEventIdFor = (inviteId: string): string => `${inviteId}~grant`

/** Whether `user` is staff: an organizer with a unit, or an admin. */
export const isStaff = (user: Pick<User, 'role'>): boolean => user.role === 'organizer' || user.role === 'admin'

/** An admin's new invite for a unit, expiring STAFF_INVITE_TTL_DAYS after `now`. */
export function decideStaffInvite(input: { actor: User; departmentCode: string; code: string; now: Instant }): Result<StaffInvite> {
  const { actor, departmentCode, code, now } = input
  if (actor.role !== 'admin') return fail('AUTH.FORBIDDEN')
  if (!isDepartment(departmentCode)) return fail('STAFF.UNKNOWN_UNIT', 'departmentCode')
  return ok({
    id: staffInviteIdFor(code),
    departmentCode,
    createdBy: actor.id,
    createdAt: now,
    expiresAt: toInstant(ms(now) + STAFF_INVITE_TTL_DAYS * DAY_MS),
    usedBy: null,
    usedAt: null,
  })
}

/**
 * Decides a redemption by `user` of the invite as read now. `grantRecorded` says whether the invite's
 * grant event exists. The same user may redeem again to finish a grant that was claimed but not
 * completed (role not yet stored, or event not yet recorded); once the grant is recorded, the code
 * is spent for good, so an organizer revoked later cannot make themselves one again with it.
 * Returns the account as that unit's organizer and the grant event.
 */
export function decideRedeemStaffInvite(input: {
  invite: StaffInvite | null
  user: User
  grantRecorded: boolean
  now: Instant
}): Result<{ user: User; event: StaffEvent; invite: StaffInvite }> {
  const { invite, user, grantRecorded, now } = input
  if (!invite) return fail('STAFF.INVITE_INVALID', 'code')
  const granted = (): Result<{ user: User; event: StaffEvent; invite: StaffInvite }> => {
    const claimed = invite.usedBy ? invite : { ...invite, usedBy: user.id, usedAt: now }
    return ok({
      invite: claimed,
      user: { ...user, role: 'organizer', departmentCode: invite.departmentCode },
      event: { id: grantEventIdFor(invite.id), kind: 'grant', userId: user.id, departmentCode: invite.departmentCode, by: invite.createdBy, at: claimed.usedAt ?? now, inviteId: invite.id },
    })
  }
  if (invite.usedBy === user.id && !grantRecorded) {
    const finishing = user.role === 'resident' || (user.role === 'organizer' && user.departmentCode === invite.departmentCode)
    if (finishing) return granted()
  }
  if (isStaff(user)) return fail('STAFF.ALREADY_STAFF', 'code')
  if (invite.usedBy !== null) return fail('STAFF.INVITE_USED', 'code')
  if (ms(now) >= ms(invite.expiresAt)) return fail('STAFF.INVITE_EXPIRED', 'code')
  return granted()
}

/**
 * An admin revokes an organizer: the account is a resident again (its unit removed), recorded as a
 * revoke event with `eventId`. An admin cannot revoke themselves.
 */
export function decideRevoke(input: { actor: User; target: User | null; eventId: string; now: Instant }): Result<{ user: User; event: StaffEvent }> {
  const { actor, target, eventId, now } = input
  if (actor.role !== 'admin') return fail('AUTH.FORBIDDEN')
  if (target && target.id === actor.id) return fail('STAFF.SELF_REVOKE', 'userId')
  if (!target || target.role !== 'organizer' || !target.departmentCode) return fail('STAFF.NOT_ORGANIZER', 'userId')
  const { departmentCode, ...rest } = target
  return ok({
    user: { ...rest, role: 'resident' },
    event: { id: eventId, kind: 'revoke', userId: target.id, departmentCode, by: actor.id, at: now, inviteId: null },
  })
}

/** Open invites: unused and not expired at `now`. */
export const inviteIsOpen = (invite: StaffInvite, now: Instant): boolean => invite.usedBy === null && ms(now) < ms(invite.expiresAt)

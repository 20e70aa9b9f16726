// One-time link codes: a son or daughter who manages a parent's person hands it over to the parent's
// own WeChat account. The parent enters the code; the person becomes the parent's own record
// (isSelf), with its registrations, attendance and ledger facts unchanged (they follow the person).
//
// Ownership decision: a person has exactly one managing account. After the takeover the parent
// manages their own record and the child no longer does (the parent can ask the child to help on the
// parent's phone, or add them again later as a family member of their own). Registrations move with
// the person, so tickets, cancellation and history are the parent's from then on.
//
// Codes are 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L), valid 24 hours, single
// use. Only a SHA-256 digest of the code is stored, so reading the database does not reveal live codes.

import { sha256 } from '@noble/hashes/sha2'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils'
import { fail, ok, type Result } from '../errors'
import type { PersonId, UserId } from '../ids'
import { needsGuardianConsent } from '../persons/rules'
import { ms, toInstant, type Instant } from '../time'
import type { Person } from '../types'

export const LINK_CODE_TTL_HOURS = 24
export const LINK_CODE_LENGTH = 8
export const LINK_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'

export interface LinkCode {
  /** `lnk-<sha256 hex of the code>`. */
  readonly id: string
  readonly personId: PersonId
  readonly createdBy: UserId
  readonly createdAt: Instant
  readonly expiresAt: Instant
  readonly usedBy: UserId | null
  readonly usedAt: Instant | null
}

/** A new code such as `K7M3QX2P`; `random` is injected (the server passes a CSPRNG). */
export function newLinkCode(random: () => number): string {
  let s = ''
  for (let i = 0; i < LINK_CODE_LENGTH; i++) s += LINK_CODE_ALPHABET[Math.floor(random() * LINK_CODE_ALPHABET.length)]
  return s
}

/** What people type: spaces and dashes dropped, upper-cased. Null when it cannot be a code. */
export function normalizeLinkCode(input: string): string | null {
  const s = input.replace(/[\s-]/g, '').toUpperCase()
  if (s.length !== LINK_CODE_LENGTH) return null
  for (const ch of s) if (!LINK_CODE_ALPHABET.includes(ch)) return null
  return s
}

/** The stored id of a code. */
export const linkCodeIdFor = (code: string): string => `lnk-${bytesToHex(sha256(utf8ToBytes(code)))}`

/** Whether `userId` may hand this person over: their own managed family member, an adult, not themselves. */
export function decideIssueLinkCode(input: { person: Person | null; userId: UserId; code: string; now: Instant }): Result<LinkCode> {
  const { person, userId, code, now } = input
  if (!person) return fail('PERSON.NOT_FOUND', 'personId')
  if (person.ownerId !== userId) return fail('PERSON.NOT_MANAGED', 'personId')
  if (person.isSelf) return fail('LINK.SELF_PERSON', 'personId')
  if (needsGuardianConsent(person.birthYear, now)) return fail('LINK.MINOR', 'personId')
  return ok({
    id: linkCodeIdFor(code),
    personId: person.id,
    createdBy: userId,
    createdAt: now,
    expiresAt: toInstant(ms(now) + LINK_CODE_TTL_HOURS * 3_600_000),
    usedBy: null,
    usedAt: null,
  })
}

/**
 * Decides a redemption by `redeemer`. `person` is the code's person as read now; `redeemerHasSelf` is
 * whether the redeemer already keeps a self record. Returns the used code and the person as the
 * redeemer's own record.
 */
export function decideRedeemLinkCode(input: {
  linkCode: LinkCode | null
  person: Person | null
  redeemer: UserId
  redeemerHasSelf: boolean
  now: Instant
}): Result<{ linkCode: LinkCode; person: Person }> {
  const { linkCode, person, redeemer, redeemerHasSelf, now } = input
  if (!linkCode) return fail('LINK.CODE_INVALID', 'code')
  if (linkCode.usedBy !== null) return fail('LINK.CODE_USED', 'code')
  if (ms(now) >= ms(linkCode.expiresAt)) return fail('LINK.CODE_EXPIRED', 'code')
  // The person was deleted or handed over otherwise since the code was made: the code is void.
  if (!person || person.ownerId !== linkCode.createdBy || person.isSelf) return fail('LINK.PERSON_GONE', 'code')
  if (linkCode.createdBy === redeemer) return fail('LINK.OWN_CODE', 'code')
  if (redeemerHasSelf) return fail('LINK.SELF_EXISTS', 'code')
  return ok({
    linkCode: { ...linkCode, usedBy: redeemer, usedAt: now },
    person: { ...person, ownerId: redeemer, isSelf: true, updatedAt: now },
  })
}

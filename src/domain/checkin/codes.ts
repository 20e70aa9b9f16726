// Signed check-in codes. Pure: the key material is an input. The master key lives only on the server;
// an organizer's console gets one activity's derived key, scoped and expiring, for offline checks.
//
// Grammar (version KP1, fields separated by '.'):
//   ticket    KP1.T.<activityId>.<registrationId>.<slot>.<mac16>   rotates every SLOT_SECONDS
//   card      KP1.C.<personId>.<version>.<mac22>                   long-lived, revoked by bumping version
//   activity  KP1.A.<activityId>.<slot>.<mac10>                    rotates; shown by the organizer
// A weapp mini-program code carries the activity code as a ≤32-character `scene`: <slot36>.<mac10>.<activityId>.

import { hmac } from '@noble/hashes/hmac'
import { sha256 } from '@noble/hashes/sha2'
import { ID_PATTERN, type ActivityId, type PersonId, type RegistrationId } from '../ids'
import { ms, type Instant } from '../time'

export const CODE_VERSION = 'KP1'
/** Rotating codes change every slot; a code is accepted in its own slot and the ones either side. */
export const SLOT_SECONDS = 30
export const SLOT_TOLERANCE = 1
/** WeChat's limit for the `scene` of an unlimited mini-program code. */
export const SCENE_MAX_CHARS = 32

const TICKET_MAC_CHARS = 16
const CARD_MAC_CHARS = 22
const ACTIVITY_MAC_CHARS = 10
const DIGEST_CHARS = 22

export type ParsedCode =
  | { kind: 'ticket'; activityId: ActivityId; registrationId: RegistrationId; slot: number; mac: string }
  | { kind: 'card'; personId: PersonId; version: number; mac: string }
  | { kind: 'activity'; activityId: ActivityId; slot: number; mac: string }

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/** base64url without padding. */
export function base64url(bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0)
    const chars = i + 2 < bytes.length ? 4 : i + 1 < bytes.length ? 3 : 2
    for (let j = 0; j < chars; j++) out += B64[(n >> (18 - 6 * j)) & 63]
  }
  return out
}

export function fromBase64url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null
  const bytes: number[] = []
  for (let i = 0; i < text.length; i += 4) {
    const chunk = text.slice(i, i + 4)
    let n = 0
    for (let j = 0; j < 4; j++) n = (n << 6) | (j < chunk.length ? B64.indexOf(chunk[j]) : 0)
    bytes.push((n >> 16) & 255)
    if (chunk.length > 2) bytes.push((n >> 8) & 255)
    if (chunk.length > 3) bytes.push(n & 255)
  }
  return new Uint8Array(bytes)
}

/**
 * The UTF-8 bytes of a string, as TextEncoder gives them (a lone surrogate becomes U+FFFD). Written out
 * because this module runs in the mini-program too, and WeChat's JavaScript engine has no TextEncoder.
 * @example utf8Bytes('签') // Uint8Array [231, 173, 190]
 */
export function utf8Bytes(text: string): Uint8Array {
  const out: number[] = []
  for (const ch of text) {
    let c = ch.codePointAt(0) as number
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd
    if (c < 0x80) out.push(c)
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63))
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63))
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63))
  }
  return new Uint8Array(out)
}

const mac = (key: Uint8Array, message: string, chars: number): string => base64url(hmac(sha256, key, utf8Bytes(message))).slice(0, chars)

/** Compares two strings in time independent of where they differ. */
export function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i)
  return diff === 0
}

export const slotAt = (now: Instant): number => Math.floor(ms(now) / (SLOT_SECONDS * 1000))
/** The instant a slot ends, for "refresh at" hints. */
export const slotEndsAt = (slot: number): Instant => new Date((slot + 1) * SLOT_SECONDS * 1000).toISOString()
export const slotIsCurrent = (slot: number, now: Instant): boolean => Math.abs(slot - slotAt(now)) <= SLOT_TOLERANCE

/** The per-activity key, derived from the master key; given to that activity's consoles for offline checks. */
export const deriveActivityKey = (master: Uint8Array, activityId: ActivityId): Uint8Array =>
  hmac(sha256, master, utf8Bytes(`${CODE_VERSION}|activity-key|${activityId}`))

export function ticketCode(activityKey: Uint8Array, activityId: ActivityId, registrationId: RegistrationId, slot: number): string {
  const body = `${CODE_VERSION}.T.${activityId}.${registrationId}.${slot}`
  return `${body}.${mac(activityKey, body, TICKET_MAC_CHARS)}`
}

export function cardCode(master: Uint8Array, personId: PersonId, version: number): string {
  const body = `${CODE_VERSION}.C.${personId}.${version}`
  return `${body}.${mac(master, body, CARD_MAC_CHARS)}`
}

export function activityCode(activityKey: Uint8Array, activityId: ActivityId, slot: number): string {
  const body = `${CODE_VERSION}.A.${activityId}.${slot}`
  return `${body}.${mac(activityKey, body, ACTIVITY_MAC_CHARS)}`
}

/** A one-way digest of a card code: an offline console recognises a card without being able to mint one. */
export const cardDigest = (code: string): string => base64url(sha256(utf8Bytes(code))).slice(0, DIGEST_CHARS)

const SLOT = /^\d{1,12}$/
const MAC = /^[A-Za-z0-9_-]+$/

/**
 * Parses a scanned text into a code, or null when it is not one of ours. Accepts the raw code, an H5
 * link carrying it as `c=`, or a weapp scene. Parsing checks the shape only; `verify*` checks the MAC.
 * Only the canonical spelling is a code (`formatCode(parseCode(c)) === c`): `07` for slot 7 or card
 * version 1 as `01` would otherwise verify as a second, different-looking copy of the same code.
 */
export function parseCode(raw: unknown): ParsedCode | null {
  const text = unwrapCodeText(raw)
  if (text === null) return null
  const parsed = parseShape(text)
  if (!parsed) return null
  const scene = parsed.kind === 'activity' && !text.startsWith(CODE_VERSION)
  return (scene ? activityScene(parsed as Extract<ParsedCode, { kind: 'activity' }>) : formatCode(parsed)) === text ? parsed : null
}

/** The code text inside a scanned string: trimmed, and taken out of an H5 link's `c=` parameter. */
function unwrapCodeText(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 400) return null
  const text = raw.trim()
  const param = /[?&]c=([^&#]+)/.exec(text)
  if (!param) return text
  try {
    return decodeURIComponent(param[1])
  } catch {
    return null
  }
}

function parseShape(text: string): ParsedCode | null {
  const scene = /^([0-9a-z]{1,8})\.([A-Za-z0-9_-]{10})\.([A-Za-z0-9_-]{3,140})$/.exec(text)
  if (scene && !text.startsWith(CODE_VERSION)) {
    const slot = parseInt(scene[1], 36)
    return ID_PATTERN.test(scene[3]) ? { kind: 'activity', activityId: scene[3] as ActivityId, slot, mac: scene[2] } : null
  }
  const parts = text.split('.')
  if (parts[0] !== CODE_VERSION) return null
  if (parts[1] === 'T' && parts.length === 6) {
    const [, , activityId, registrationId, slot, m] = parts
    if (!ID_PATTERN.test(activityId) || !ID_PATTERN.test(registrationId) || !SLOT.test(slot) || !MAC.test(m) || m.length !== TICKET_MAC_CHARS) return null
    return { kind: 'ticket', activityId: activityId as ActivityId, registrationId: registrationId as RegistrationId, slot: Number(slot), mac: m }
  }
  if (parts[1] === 'C' && parts.length === 5) {
    const [, , personId, version, m] = parts
    if (!ID_PATTERN.test(personId) || !/^\d{1,6}$/.test(version) || !MAC.test(m) || m.length !== CARD_MAC_CHARS) return null
    return { kind: 'card', personId: personId as PersonId, version: Number(version), mac: m }
  }
  if (parts[1] === 'A' && parts.length === 5) {
    const [, , activityId, slot, m] = parts
    if (!ID_PATTERN.test(activityId) || !SLOT.test(slot) || !MAC.test(m) || m.length !== ACTIVITY_MAC_CHARS) return null
    return { kind: 'activity', activityId: activityId as ActivityId, slot: Number(slot), mac: m }
  }
  return null
}

/** True when a parsed ticket carries a valid MAC under this activity key (time is checked separately). */
export const ticketMacValid = (activityKey: Uint8Array, t: Extract<ParsedCode, { kind: 'ticket' }>): boolean =>
  constantTimeEqual(ticketCode(activityKey, t.activityId, t.registrationId, t.slot), `${CODE_VERSION}.T.${t.activityId}.${t.registrationId}.${t.slot}.${t.mac}`)

export const cardMacValid = (master: Uint8Array, c: Extract<ParsedCode, { kind: 'card' }>): boolean =>
  constantTimeEqual(cardCode(master, c.personId, c.version), `${CODE_VERSION}.C.${c.personId}.${c.version}.${c.mac}`)

export const activityMacValid = (activityKey: Uint8Array, a: Extract<ParsedCode, { kind: 'activity' }>): boolean =>
  constantTimeEqual(activityCode(activityKey, a.activityId, a.slot), `${CODE_VERSION}.A.${a.activityId}.${a.slot}.${a.mac}`)

/** The weapp `scene` for an activity code, or null when the activity id is too long to fit in 32 characters. */
export function activityScene(a: Extract<ParsedCode, { kind: 'activity' }>): string | null {
  const scene = `${a.slot.toString(36)}.${a.mac}.${a.activityId}`
  return scene.length <= SCENE_MAX_CHARS ? scene : null
}

/** The canonical text of a parsed code (used as the console's cache key and in tests). */
export function formatCode(c: ParsedCode): string {
  if (c.kind === 'ticket') return `${CODE_VERSION}.T.${c.activityId}.${c.registrationId}.${c.slot}.${c.mac}`
  if (c.kind === 'card') return `${CODE_VERSION}.C.${c.personId}.${c.version}.${c.mac}`
  return `${CODE_VERSION}.A.${c.activityId}.${c.slot}.${c.mac}`
}

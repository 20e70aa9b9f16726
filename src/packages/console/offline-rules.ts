// Offline check-in at the console, as pure functions over the downloaded bundle. The verdicts come
// from the domain (parseCode, resolveScan, decideFromRoster, cardDigest, consoleCounts); this module only applies them
// to the bundle's roster and keeps the queue of check-ins waiting to be synced.

import { cardDigest, formatCode, fromBase64url, parseCode } from '../../domain/checkin/codes'
import { consoleCounts, decideFromRoster, resolveScan, type ConsoleCounts } from '../../domain/checkin/rules'
import { SYNC_BATCH_MAX } from '../../domain/limits'
import type { OfflineBundle, RosterEntry, SyncItemResult } from '../../domain/contracts'
import { messageFor } from '../../domain/errors'

export const SYNC_BATCH_SIZE = SYNC_BATCH_MAX

export type BundleEntry = OfflineBundle['roster'][number]
export type CheckKind = 'in' | 'out'

/** A check-in recorded offline, waiting for checkin.sync. */
export interface QueuedCheckIn {
  readonly nonce: string
  readonly at: string
  readonly kind: CheckKind
  /** The scanned ticket or card (the server verifies it again). */
  readonly code?: string
  /** A roster tick: the registration and the reason. */
  readonly registrationId?: string
  readonly reason?: string
  /** For the sync report. */
  readonly name: string
}

export type OfflineDecision =
  | {
      readonly ok: true
      readonly verdict: 'ok' | 'already'
      readonly kind: CheckKind
      readonly entry: BundleEntry
      /** 'ok': the new check-in's time; 'already': the earlier one's. */
      readonly at: string
      readonly operatorName: string | null
    }
  | { readonly ok: false; readonly code: string; readonly message: string; readonly name: string | null }

export const BUNDLE_EXPIRED = 'OFFLINE.BUNDLE_EXPIRED'
export const BUNDLE_EXPIRED_MESSAGE = '离线数据已过期，请联网后重新下载'

export type OfflineRefusal = Extract<OfflineDecision, { ok: false }>

const refuse = (code: string, name: string | null = null, message?: string): OfflineRefusal => ({
  ok: false,
  code,
  message: message ?? messageFor(code),
  name,
})

/** A bundle may be used until its `expiresAt`. */
export const bundleUsable = (bundle: OfflineBundle, now: string): boolean => Date.parse(now) < Date.parse(bundle.expiresAt)

/** The activity key from the bundle, or null when it is not valid base64url. */
export const bundleKey = (bundle: OfflineBundle): Uint8Array | null => fromBase64url(bundle.activityKey)

/**
 * Which roster entry a scanned code points at, or why it is refused, using the domain's parseCode and
 * resolveScan for tickets and the card digests for cards, e.g. a cancelled ticket → CHECKIN.CANCELLED.
 */
export function resolveOfflineCode(bundle: OfflineBundle, text: string, now: string): { ok: true; entry: BundleEntry } | OfflineRefusal {
  const key = bundleKey(bundle)
  if (!key) return refuse(BUNDLE_EXPIRED, null, BUNDLE_EXPIRED_MESSAGE)
  const parsed = parseCode(text)
  const resolved = resolveScan(parsed, { activityId: bundle.activityId, activityKey: key, now })
  if (!resolved.ok) return refuse(resolved.error.code, null, resolved.error.message)
  const target = resolved.value
  if (target.kind === 'ticket') {
    const entry = bundle.roster.find((e) => e.registrationId === target.registrationId)
    if (bundle.revoked.some((id) => id === target.registrationId)) return refuse('CHECKIN.CANCELLED', entry?.name ?? null)
    if (!entry) return refuse('CHECKIN.NOT_REGISTERED')
    return { ok: true, entry }
  }
  // A card is recognised by its digest; the console cannot mint or check a card MAC itself.
  const digest = parsed ? cardDigest(formatCode(parsed)) : ''
  const byDigest = bundle.roster.find((e) => e.cardDigest !== null && e.cardDigest === digest && e.status !== 'cancelled')
    ?? bundle.roster.find((e) => e.cardDigest !== null && e.cardDigest === digest)
  if (byDigest) return { ok: true, entry: byDigest }
  const samePerson = bundle.roster.find((e) => e.personId === target.personId)
  if (!samePerson) return refuse('CHECKIN.NOT_REGISTERED')
  // The person is on the roster but this card is not their current one: an old (revoked) or forged card.
  return refuse(samePerson.cardDigest ? 'CHECKIN.CARD_REVOKED' : 'CHECKIN.INVALID_CODE', samePerson.name)
}

/**
 * Decides one offline check-in (by scanned code or by roster tick) against the bundle, as the server
 * would: expired bundle, refused codes, cancelled and waitlisted registrations, the check-in window,
 * then 签到成功 or 已签到 with the earlier time.
 */
export function decideOffline(
  bundle: OfflineBundle,
  input: { code?: string; registrationId?: string; kind: CheckKind; now: string },
): OfflineDecision {
  if (!bundleUsable(bundle, input.now)) return refuse(BUNDLE_EXPIRED, null, BUNDLE_EXPIRED_MESSAGE)
  let entry: BundleEntry | undefined
  if (input.code !== undefined) {
    const found = resolveOfflineCode(bundle, input.code, input.now)
    if (!found.ok) return found
    entry = found.entry
  } else {
    entry = bundle.roster.find((e) => e.registrationId === input.registrationId)
    if (!entry) return refuse('CHECKIN.NOT_REGISTERED')
  }
  const decided = decideFromRoster(entry, { ...bundle.activity, checkoutEnabled: bundle.checkoutEnabled }, input.kind, input.now)
  if (!decided.ok) return refuse(decided.error.code, entry.name, decided.error.message)
  const { verdict, at } = decided.value
  return { ok: true, verdict, kind: input.kind, entry, at, operatorName: verdict === 'already' ? entry.checkedInBy : null }
}

/** The bundle with one check-in (or check-out) recorded locally on a roster entry. */
export function applyLocalCheckIn(bundle: OfflineBundle, registrationId: string, kind: CheckKind, at: string, operatorName: string): OfflineBundle {
  return {
    ...bundle,
    roster: bundle.roster.map((e) => {
      if (e.registrationId !== registrationId) return e
      if (kind === 'out') return e.checkedOutAt ? e : { ...e, checkedOutAt: at }
      return e.checkedInAt ? e : { ...e, checkedInAt: at, checkedInBy: operatorName, attendance: 'attended' }
    }),
  }
}

/**
 * Folds a fresher roster from the server (console reload) into the stored bundle, so offline checks
 * know who was checked in online meanwhile. Local check-ins not yet on the server are kept; the
 * bundle's card digests are kept; people added on the spot are appended without a card.
 */
export function mergeRoster(bundle: OfflineBundle, roster: readonly RosterEntry[]): OfflineBundle {
  const byId = new Map(bundle.roster.map((e) => [e.registrationId as string, e]))
  const merged: BundleEntry[] = roster.map((s) => {
    const local = byId.get(s.registrationId)
    return {
      ...s,
      cardDigest: local?.cardDigest ?? null,
      checkedInAt: s.checkedInAt ?? local?.checkedInAt ?? null,
      checkedInBy: s.checkedInAt ? s.checkedInBy : (local?.checkedInBy ?? s.checkedInBy),
      checkedOutAt: s.checkedOutAt ?? local?.checkedOutAt ?? null,
    }
  })
  const seen = new Set(roster.map((s) => s.registrationId as string))
  const onlyLocal = bundle.roster.filter((e) => !seen.has(e.registrationId))
  return { ...bundle, roster: [...merged, ...onlyLocal] }
}

/** 已报名 / 已签到 / 候补 / 未到 from the bundle's roster, by the domain's consoleCounts. */
export function offlineCounts(roster: readonly Pick<RosterEntry, 'status' | 'checkedInAt'>[]): ConsoleCounts {
  return consoleCounts(roster)
}

/** The wire item for checkin.sync. */
export function toSyncItem(q: QueuedCheckIn): { nonce: string; at: string; kind: CheckKind; code?: string; registrationId?: string; reason?: string } {
  return {
    nonce: q.nonce,
    at: q.at,
    kind: q.kind,
    ...(q.code !== undefined ? { code: q.code } : {}),
    ...(q.registrationId !== undefined ? { registrationId: q.registrationId } : {}),
    ...(q.reason !== undefined ? { reason: q.reason } : {}),
  }
}

/** Splits the queue into sync requests of at most `size` items, in order. */
export function batches<T>(items: readonly T[], size = SYNC_BATCH_SIZE): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

export interface SettledItem {
  readonly item: QueuedCheckIn
  readonly result: SyncItemResult
}

/** Removes every queued item the server answered (success or refusal); the rest stay queued. */
export function settle(queue: readonly QueuedCheckIn[], results: readonly SyncItemResult[]): { remaining: QueuedCheckIn[]; settled: SettledItem[] } {
  const byNonce = new Map(results.map((r) => [r.nonce, r]))
  const remaining: QueuedCheckIn[] = []
  const settled: SettledItem[] = []
  for (const item of queue) {
    const result = byNonce.get(item.nonce)
    if (result) settled.push({ item, result })
    else remaining.push(item)
  }
  return { remaining, settled }
}

/** Adds an item unless its nonce is already queued (a repeated tap must not queue twice). */
export const enqueue = (queue: readonly QueuedCheckIn[], item: QueuedCheckIn): QueuedCheckIn[] =>
  queue.some((q) => q.nonce === item.nonce) ? [...queue] : [...queue, item]

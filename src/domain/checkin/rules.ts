// Check-in decisions: which scans count, how repeats and offline duplicates resolve, who may operate a
// console, and how attendance is finalised. Pure; the same code runs on the server and offline in the console.

import { fail, ok, type ErrorCode, type Failure, type Result } from '../errors'
import { type ActivityId, type PersonId, type RegistrationId, type UserId } from '../ids'
import { ms, toInstant, type Instant } from '../time'
import type { Activity, Registration, User } from '../types'
import type { RosterCheckIn } from '../contracts'
import { organizesUnit } from '../activities/editing'
import { seatsLeft } from '../activities/rules'
import { newRegistration } from '../registrations/rules'
import { activityMacValid, slotIsCurrent, ticketMacValid, type ParsedCode } from './codes'

/** `correction`: written by an admin's attendance correction after attendance was closed (ledger/corrections.ts). */
export type CheckInMethod = 'ticket' | 'card' | 'activity_code' | 'roster' | 'walk_in' | 'correction'
export type CheckInKind = 'in' | 'out'
export const CHECKIN_METHODS: readonly CheckInMethod[] = ['ticket', 'card', 'activity_code', 'roster', 'walk_in', 'correction']

/** Check-in opens this long before the start and stays open this long after the end. */
export const CHECKIN_OPENS_MINUTES_BEFORE = 120
export const CHECKIN_CLOSES_MINUTES_AFTER = 120
/** Device clocks may run a little fast; a check-in dated further in the future than this is refused. */
export const CLOCK_SKEW_TOLERANCE_MINUTES = 10
/** At most this many losing duplicates are kept on a check-in for the report; later ones are dropped. */
export const DUPLICATES_KEPT_MAX = 10
/** An offline bundle stays usable until this long after the activity ends. */
export const OFFLINE_BUNDLE_GRACE_MINUTES = 180
/**
 * Attendance closes by itself this long after the check-in window, for activities nobody finalised:
 * long enough for a console that was offline to sync, short enough that a closed month or year does not
 * move months later. After that (or once finalised) only an admin's correction changes attendance.
 */
export const ATTENDANCE_LATE_SYNC_DAYS = 7

export interface DuplicateScan {
  readonly nonce: string
  readonly at: Instant
  readonly operatorId: UserId
  readonly deviceId: string
}

/** 签到 (or 签退): one per registration and kind; the earliest scan wins, the others are kept as duplicates. */
export interface CheckIn {
  readonly id: string
  readonly activityId: ActivityId
  readonly registrationId: RegistrationId
  readonly personId: PersonId
  readonly kind: CheckInKind
  readonly method: CheckInMethod
  /** When it happened (the scanning device's clock). */
  readonly at: Instant
  /** When the server stored it. */
  readonly recordedAt: Instant
  readonly operatorId: UserId
  readonly deviceId: string
  readonly nonce: string
  /** Why a roster tick was made by hand. */
  readonly reason: string | null
  readonly duplicates: readonly DuplicateScan[]
}

export const checkInIdFor = (registrationId: RegistrationId, kind: CheckInKind): string => `${registrationId}~${kind}`

export interface CheckInAttempt {
  readonly kind: CheckInKind
  readonly method: CheckInMethod
  readonly at: Instant
  readonly nonce: string
  readonly operatorId: UserId
  readonly deviceId: string
  readonly reason: string | null
}

export type CheckInVerdict = 'ok' | 'already'

export interface CheckInDecision {
  readonly verdict: CheckInVerdict
  /** The stored check-in after this attempt (the earliest one). */
  readonly checkIn: CheckIn
  readonly registration: Registration
  /** Nothing to write: the same nonce was seen before. */
  readonly unchanged: boolean
  /** Another device or scan had recorded this person too. */
  readonly conflict: boolean
}

/** Whether `at` lies in the activity's check-in window. */
export function inCheckInWindow(activity: Pick<Activity, 'startAt' | 'endAt'>, at: Instant): boolean {
  const t = ms(at)
  return t >= ms(activity.startAt) - CHECKIN_OPENS_MINUTES_BEFORE * 60_000 && t <= ms(activity.endAt) + CHECKIN_CLOSES_MINUTES_AFTER * 60_000
}

/**
 * Whether attendance at the activity is closed at `now`: finalised by its organizer (确认出勤), or
 * ATTENDANCE_LATE_SYNC_DAYS past its check-in window. Closed attendance changes only by an admin's
 * correction, so a figure once reported does not move silently.
 */
export function attendanceClosed(activity: Pick<Activity, 'endAt'> & { readonly attendanceClosedAt?: Instant | null }, now: Instant): boolean {
  if (activity.attendanceClosedAt) return true
  return ms(now) > ms(activity.endAt) + CHECKIN_CLOSES_MINUTES_AFTER * 60_000 + ATTENDANCE_LATE_SYNC_DAYS * 86_400_000
}

/**
 * Why this registration cannot be checked in (or out) at `at`, or null when it can. Shared by the
 * server's decision and the offline console, which has only the roster's status and times (and no
 * `attendanceClosedAt`: a bundle is for the event itself).
 */
export function checkInRefusal(
  registration: Pick<Registration, 'status' | 'checkedInAt'>,
  activity: Pick<Activity, 'startAt' | 'endAt' | 'status' | 'checkoutEnabled'> & { readonly attendanceClosedAt?: Instant | null },
  kind: CheckInKind,
  at: Instant,
): { ok: false; error: Failure } | null {
  if (activity.attendanceClosedAt) return fail('CHECKIN.ATTENDANCE_CLOSED')
  if (registration.status === 'cancelled') return fail('CHECKIN.CANCELLED')
  if (registration.status !== 'confirmed') return fail('CHECKIN.WAITLISTED')
  if (activity.status === 'cancelled') return fail('ACTIVITY.CANCELLED')
  if (!inCheckInWindow(activity, at)) return fail('CHECKIN.OUTSIDE_WINDOW')
  if (kind === 'out') {
    if (!activity.checkoutEnabled) return fail('CHECKIN.CHECKOUT_DISABLED')
    if (!registration.checkedInAt) return fail('CHECKIN.NOT_CHECKED_IN')
  }
  return null
}

/**
 * Decides one check-in attempt for a registration. Idempotent by nonce and by (registration, kind):
 * a repeated nonce changes nothing; a second scan is 已签到 and, when it is earlier (an offline device
 * syncing late), becomes the recorded one.
 */
export function decideCheckIn(input: {
  activity: Activity
  registration: Registration | null
  existing: CheckIn | null
  attempt: CheckInAttempt
  now: Instant
}): Result<CheckInDecision> {
  const { activity, registration, existing, attempt, now } = input
  if (!registration || registration.activityId !== activity.id) return fail('CHECKIN.NOT_REGISTERED')
  if (attendanceClosed(activity, now)) return fail('CHECKIN.ATTENDANCE_CLOSED')
  if (ms(attempt.at) > ms(now) + CLOCK_SKEW_TOLERANCE_MINUTES * 60_000) return fail('CHECKIN.CLOCK_AHEAD', 'at')
  const refusal = checkInRefusal(registration, activity, attempt.kind, attempt.at)
  if (refusal) return refusal

  const incoming: CheckIn = {
    id: checkInIdFor(registration.id, attempt.kind),
    activityId: activity.id,
    registrationId: registration.id,
    personId: registration.personId,
    kind: attempt.kind,
    method: attempt.method,
    at: attempt.at,
    recordedAt: now,
    operatorId: attempt.operatorId,
    deviceId: attempt.deviceId,
    nonce: attempt.nonce,
    reason: attempt.reason,
    duplicates: [],
  }

  if (existing) {
    const seen = existing.nonce === attempt.nonce || existing.duplicates.some((d) => d.nonce === attempt.nonce)
    // Check-in keeps the earliest scan; check-out the latest (training hours run to the last scan).
    const incomingWins = attempt.kind === 'in' ? ms(attempt.at) < ms(existing.at) : ms(attempt.at) > ms(existing.at)
    const [winner, loser] = incomingWins ? [incoming, existing] : [existing, incoming]
    // The first DUPLICATES_KEPT_MAX losers are kept and later ones dropped (not rotated), so replaying
    // any scan, remembered or not, can never change a record once it has been written.
    const room = existing.duplicates.length < DUPLICATES_KEPT_MAX
    const duplicates = room ? [...existing.duplicates, { nonce: loser.nonce, at: loser.at, operatorId: loser.operatorId, deviceId: loser.deviceId }] : existing.duplicates
    if (seen || (!incomingWins && !room)) return ok({ verdict: 'already', checkIn: existing, registration, unchanged: true, conflict: !seen })
    const checkIn: CheckIn = { ...winner, duplicates }
    return ok({ verdict: 'already', checkIn, registration: withAttendance(registration, checkIn), unchanged: false, conflict: true })
  }
  return ok({ verdict: 'ok', checkIn: incoming, registration: withAttendance(registration, incoming), unchanged: false, conflict: false })
}

/**
 * The verdict on a check-in decided from a roster entry alone, as the offline console must (it has the
 * bundle's roster, not the stored check-ins): the same refusals as decideCheckIn, then 签到成功 at `at`,
 * or 已签到 with the earlier time. Check-out keeps the recorded time, as a console shows it.
 */
export function decideFromRoster(
  entry: Pick<Registration, 'status' | 'checkedInAt' | 'checkedOutAt'>,
  activity: Parameters<typeof checkInRefusal>[1],
  kind: CheckInKind,
  at: Instant,
): Result<{ verdict: CheckInVerdict; at: Instant }> {
  const refusal = checkInRefusal(entry, activity, kind, at)
  if (refusal) return refusal
  const recorded = kind === 'in' ? entry.checkedInAt : entry.checkedOutAt
  return ok(recorded ? { verdict: 'already', at: recorded } : { verdict: 'ok', at })
}

function withAttendance(r: Registration, c: CheckIn): Registration {
  return c.kind === 'in'
    ? { ...r, attendance: 'attended', checkedInAt: c.at, updatedAt: c.recordedAt }
    : { ...r, checkedOutAt: c.at, updatedAt: c.recordedAt }
}

/**
 * What a scanned code points at, for the console of `activityId`. Tickets are verified with the
 * activity key (on the server, or offline with the key from the bundle); cards only by shape here,
 * since their MAC needs the server's master key or, offline, the bundle's card digests.
 */
export function resolveScan(
  code: ParsedCode | null,
  ctx: { activityId: ActivityId; activityKey: Uint8Array; now: Instant },
): Result<{ kind: 'ticket'; registrationId: RegistrationId } | { kind: 'card'; personId: PersonId; version: number }> {
  if (!code) return fail('CHECKIN.INVALID_CODE')
  if (code.kind === 'activity') return fail('CHECKIN.NOT_A_TICKET')
  if (code.kind === 'card') return ok({ kind: 'card', personId: code.personId, version: code.version })
  if (code.activityId !== ctx.activityId) return fail('CHECKIN.WRONG_ACTIVITY')
  if (!ticketMacValid(ctx.activityKey, code)) return fail('CHECKIN.INVALID_CODE')
  if (!slotIsCurrent(code.slot, ctx.now)) return fail('CHECKIN.EXPIRED')
  return ok({ kind: 'ticket', registrationId: code.registrationId })
}

/** Checks an activity code scanned by an attendee (self check-in). */
export function resolveActivityCode(code: ParsedCode | null, activityKeyOf: (id: ActivityId) => Uint8Array, now: Instant): Result<ActivityId> {
  if (!code) return fail('CHECKIN.INVALID_CODE')
  if (code.kind !== 'activity') return fail('CHECKIN.NOT_ACTIVITY_CODE')
  if (!activityMacValid(activityKeyOf(code.activityId), code)) return fail('CHECKIN.INVALID_CODE')
  if (!slotIsCurrent(code.slot, now)) return fail('CHECKIN.EXPIRED')
  return ok(code.activityId)
}

/** A time-boxed right to scan for chosen activities, given by an organizer's invite. */
export interface ScannerGrant {
  readonly id: string
  readonly userId: UserId
  readonly activityIds: readonly ActivityId[]
  readonly validFrom: Instant
  readonly validTo: Instant
  readonly createdBy: UserId
  readonly createdAt: Instant
}

/** A one-time code an organizer gives a volunteer; redeeming it creates a ScannerGrant. */
export interface ScannerInvite {
  readonly id: string
  readonly activityIds: readonly ActivityId[]
  readonly validFrom: Instant
  readonly validTo: Instant
  readonly createdBy: UserId
  readonly createdAt: Instant
  readonly redeemedBy: UserId | null
  readonly redeemedAt: Instant | null
}

/** Organizers run the consoles of their own unit's activities; admins any. */
export const organizesActivity = (user: User, activity: Activity): boolean => organizesUnit(user, activity.departmentCode)

/**
 * Whether a scanner grant or invite made by `creator` still counts for `activity`: only while its
 * creator organizes the activity's unit (or is an admin). An organizer revoked (or moved to another
 * unit) takes the volunteers they invited with them, at once.
 */
export const creatorStillOrganizes = (creator: User | null | undefined, activity: Activity): boolean => !!creator && organizesActivity(creator, activity)

/**
 * May this user check people in at this activity now? Organizers of its unit, admins, or a scanner
 * with a live grant whose creator (one of `creators`, the accounts that made the grants, as read now)
 * still organizes the activity.
 */
export function mayCheckIn(user: User, activity: Activity, grants: readonly ScannerGrant[], now: Instant, creators: readonly User[]): boolean {
  if (organizesActivity(user, activity)) return true
  const t = ms(now)
  return grants.some(
    (g) =>
      g.userId === user.id &&
      g.activityIds.includes(activity.id) &&
      t >= ms(g.validFrom) &&
      t <= ms(g.validTo) &&
      creatorStillOrganizes(
        creators.find((c) => c.id === g.createdBy),
        activity,
      ),
  )
}

/**
 * Decides a volunteer's redemption of a scanner invite. `inviter` is the invite's creator as read now
 * and the invite's activities: an invite counts only while its creator still organizes every one of them.
 */
export function decideRedeemInvite(
  invite: ScannerInvite | null,
  userId: UserId,
  now: Instant,
  newGrantId: string,
  inviter: { readonly creator: User | null; readonly activities: readonly Activity[] },
): Result<{ invite: ScannerInvite; grant: ScannerGrant }> {
  if (!invite) return fail('INVITE.INVALID')
  if (invite.redeemedBy) return fail(invite.redeemedBy === userId ? 'INVITE.ALREADY_USED' : 'INVITE.USED_BY_OTHER')
  if (ms(now) > ms(invite.validTo)) return fail('INVITE.EXPIRED')
  const { creator, activities } = inviter
  const covered = invite.activityIds.every((id) => activities.some((a) => a.id === id && creatorStillOrganizes(creator, a)))
  if (!covered) return fail('INVITE.INVITER_REVOKED')
  return ok({
    invite: { ...invite, redeemedBy: userId, redeemedAt: now },
    grant: { id: newGrantId, userId, activityIds: invite.activityIds, validFrom: invite.validFrom, validTo: invite.validTo, createdBy: invite.createdBy, createdAt: now },
  })
}

export interface ConsoleCounts {
  /** 已报名: confirmed seats. */
  readonly registered: number
  /** 已签到 */
  readonly checkedIn: number
  /** 候补 */
  readonly waitlisted: number
  /** 未到: confirmed but not checked in. */
  readonly absent: number
}

export function consoleCounts(regs: readonly Pick<Registration, 'status' | 'checkedInAt'>[]): ConsoleCounts {
  const confirmed = regs.filter((r) => r.status === 'confirmed')
  const checkedIn = confirmed.filter((r) => r.checkedInAt !== null).length
  return {
    registered: confirmed.length,
    checkedIn,
    waitlisted: regs.filter((r) => r.status === 'waitlisted').length,
    absent: confirmed.length - checkedIn,
  }
}

/**
 * The 签到台's list after one check-in, without reading it again: the entry's check-in fields
 * replaced and the counts recomputed from the list. Null when the entry is not in the list (a walk-in
 * just added): then the list is read again.
 */
export function patchRoster<E extends RosterCheckIn & Pick<Registration, 'status'>>(
  roster: readonly E[],
  patch: RosterCheckIn,
): { roster: E[]; counts: ConsoleCounts } | null {
  const at = roster.findIndex((e) => e.registrationId === patch.registrationId)
  if (at < 0) return null
  const next = roster.map((e, i) => (i === at ? { ...e, ...patch } : e))
  return { roster: next, counts: consoleCounts(next) }
}

/** The no-show rule: at the close, a confirmed registration checked in is attended, any other a no-show. */
export const closeAttendance = (r: Registration, now: Instant): Registration => ({ ...r, attendance: r.checkedInAt ? 'attended' : 'no_show', updatedAt: now })

/** What closed attendance comes to: how many attended, how many did not, and the no-show share (0 when nobody). */
export function attendanceSummary(closed: readonly Pick<Registration, 'attendance'>[]): { attended: number; noShow: number; noShowRate: number } {
  const attended = closed.filter((r) => r.attendance === 'attended').length
  const noShow = closed.filter((r) => r.attendance === 'no_show').length
  return { attended, noShow, noShowRate: closed.length ? noShow / closed.length : 0 }
}

/** After the activity: every confirmed registration is attended or a no-show. */
export function finalizeAttendance(regs: readonly Registration[], now: Instant): { updated: Registration[]; noShowRate: number } {
  const updated = regs.filter((r) => r.status === 'confirmed').map((r) => closeAttendance(r, now))
  return { updated, noShowRate: attendanceSummary(updated).noShowRate }
}

/** Finalising is for after the end; a check-in window still open would let late arrivals disagree. */
export const canFinalize = (activity: Activity, now: Instant): boolean => ms(now) >= ms(activity.endAt)

/** Roster search: part of the name, the last 4 digits of the phone, the registration id, or a pasted code carrying it. */
export function matchesRoster(entry: { name: string; phoneLast4: string | null; registrationId: string }, query: string): boolean {
  const q = query.trim()
  if (!q) return true
  if (/^\d{4}$/.test(q) && entry.phoneLast4 === q) return true
  return entry.name.includes(q) || entry.registrationId === q || (q.length >= 6 && q.includes(entry.registrationId))
}

/**
 * The Chinese headline for a check-in result, shown large on the console: 签到成功 / 已签到 (签退成功 /
 * 已签退 for a check-out), or the short verdict for a refusal. The server's scan reply and every client
 * outcome (online, offline, synced) take it from here.
 * @example checkInHeadline({ verdict: 'already', kind: 'out' }) // '已签退'
 */
export function checkInHeadline(result: { verdict: CheckInVerdict; kind?: CheckInKind } | { code: ErrorCode | string }): string {
  if ('verdict' in result) {
    const verb = result.kind === 'out' ? '签退' : '签到'
    return result.verdict === 'ok' ? `${verb}成功` : `已${verb}`
  }
  return REFUSAL_HEADLINES[result.code] ?? '签到失败'
}

const REFUSAL_HEADLINES: Readonly<Record<string, string>> = {
  'CHECKIN.NOT_REGISTERED': '未报名',
  'CHECKIN.WAITLISTED': '候补中',
  'CHECKIN.CANCELLED': '票已取消',
  'CHECKIN.EXPIRED': '二维码已过期',
  'CHECKIN.WRONG_ACTIVITY': '非本活动',
  'CHECKIN.INVALID_CODE': '无效二维码',
  'CHECKIN.NOT_A_TICKET': '不是参与人的票',
  'CHECKIN.NOT_ACTIVITY_CODE': '不是活动签到码',
  'CHECKIN.CARD_REVOKED': '签到卡已作废',
  'CHECKIN.ATTENDANCE_CLOSED': '出勤已确认',
  'CHECKIN.OUTSIDE_WINDOW': '不在签到时间内',
  'CHECKIN.CLOCK_AHEAD': '设备时间有误',
}

/**
 * Seats someone on the spot (现场报名) as a confirmed walk-in: inside the check-in window and while
 * seats remain. Walk-ins by an organizer are always allowed; self walk-ins need `walkInsAllowed`.
 */
export function decideWalkIn(input: {
  activity: Activity | null
  personId: PersonId
  ownerId: UserId
  actorId: UserId
  byOrganizer: boolean
  existing: Registration | null
  now: Instant
}): Result<{ activity: Activity; registration: Registration }> {
  const { activity, personId, ownerId, actorId, byOrganizer, existing, now } = input
  if (!activity) return fail('ACTIVITY.NOT_FOUND', 'activityId')
  if (activity.status === 'cancelled') return fail('ACTIVITY.CANCELLED')
  if (attendanceClosed(activity, now)) return fail('CHECKIN.ATTENDANCE_CLOSED')
  if (!byOrganizer && !activity.walkInsAllowed) return fail('CHECKIN.WALK_IN_NOT_ALLOWED')
  if (!inCheckInWindow(activity, now)) return fail('CHECKIN.OUTSIDE_WINDOW')
  if (existing && existing.status === 'confirmed') return fail('REGISTRATION.DUPLICATE', 'personId')
  if (seatsLeft(activity) === 0) return fail('CHECKIN.WALK_IN_FULL')
  const wasWaitlisted = existing?.status === 'waitlisted'
  const registration = newRegistration({
    activityId: activity.id,
    personId,
    ownerId,
    createdBy: actorId,
    status: 'confirmed',
    seq: existing?.seq ?? activity.nextSeq,
    createdAt: existing?.createdAt ?? now,
    promotedAt: wasWaitlisted ? now : null,
    walkIn: !existing,
  }, now)
  return ok({
    registration,
    activity: {
      ...activity,
      confirmedCount: activity.confirmedCount + 1,
      waitlistCount: activity.waitlistCount - (wasWaitlisted ? 1 : 0),
      nextSeq: existing ? activity.nextSeq : activity.nextSeq + 1,
      updatedAt: now,
    },
  })
}

/** When an offline bundle stops being usable. */
export const offlineBundleExpiresAt = (activity: Activity): Instant => toInstant(ms(activity.endAt) + OFFLINE_BUNDLE_GRACE_MINUTES * 60_000)

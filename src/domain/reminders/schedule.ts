// Reminder scheduling: when each message of a registration is due, what to do with it when the
// scheduler picks it up, and how failed sends back off. Pure: `now` is always an input.
//
// Kinds: a reminder the day before (start − 24 h), one an hour before (start − 1 h), and a notice when a
// waitlisted registration is promoted. Each (registration, kind) has exactly one Reminder document
// whose id is derived from both (the idempotency key), so planning it twice, or running the scheduler
// twice, cannot produce a second message.
//
// Quiet hours are 21:00–08:00 Shanghai time. A message falling in them waits for 08:00, except:
// - the one-hour reminder, when 08:00 would already be at or after the start (an activity before
//   09:00 whose reminder falls before 08:00), is brought forward to 20:30 the evening before
//   (EVENING_SEND_MINUTES) — a late-evening note beats a reminder after the doors opened;
// - the promotion notice, when 08:00 would be at or after the start, goes out at once: the person
//   holds a seat they do not know about, which matters more than the quiet hours.
// Nothing is sent once the activity has started.

import { SHANGHAI_OFFSET_MINUTES, ms, toInstant, type Instant } from '../time'
import type { ActivityId, PersonId, RegistrationId, UserId } from '../ids'
import type { Activity, Registration } from '../types'

/**
 * `notice`: the organizer changed the time or place, or cancelled the activity (活动变更通知). One per
 * registration, planned again (pending) at each change; the text is read from the activity when sent,
 * so a second change before the first notice goes out sends the latest news once.
 */
export type ReminderKind = 'day_before' | 'hour_before' | 'promoted' | 'notice'
export const REMINDER_KINDS: readonly ReminderKind[] = ['day_before', 'hour_before', 'promoted', 'notice']

/**
 * - pending: waiting for `nextAttemptAt` (first send or a retry)
 * - sending: claimed by a scheduler run; `nextAttemptAt` is the claim's deadline
 * - sent: delivered (to WeChat, or to the local outbox)
 * - no_subscription: due, but the account had no one-time subscription of this kind left; not sent
 * - cancelled: the registration or the activity was cancelled (or the person deleted) before it was due
 * - skipped: too late to be useful (the activity started, or the day-before note is overtaken)
 * - failed: retries used up, or the outcome of a send is unknown (never sent twice)
 */
export type ReminderStatus = 'pending' | 'sending' | 'sent' | 'no_subscription' | 'cancelled' | 'skipped' | 'failed'
export const REMINDER_STATUSES: readonly ReminderStatus[] = ['pending', 'sending', 'sent', 'no_subscription', 'cancelled', 'skipped', 'failed']

/** One message of one registration; also the local outbox's entry. */
export interface Reminder {
  /** `rem-<kind>-<registrationId>`: the idempotency key. */
  readonly id: string
  readonly kind: ReminderKind
  readonly registrationId: RegistrationId
  readonly activityId: ActivityId
  readonly personId: PersonId
  /** The account the message goes to: the registration's managing account when planned. */
  readonly userId: UserId
  /** When it was first due (after quiet hours). */
  readonly dueAt: Instant
  /** When the scheduler should next look at it (a retry, or a claim's deadline while sending). */
  readonly nextAttemptAt: Instant
  readonly status: ReminderStatus
  readonly attempts: number
  /** Machine-readable reason for the current status, e.g. `registration_cancelled`, or the last send error. */
  readonly note: string | null
  readonly sentAt: Instant | null
  readonly createdAt: Instant
  readonly updatedAt: Instant
}

/** Per account and kind, how many one-time subscribe messages the user accepted and we have not used. */
export interface Subscription {
  readonly userId: UserId
  readonly kind: ReminderKind
  readonly credits: number
  readonly updatedAt: Instant
}

export const QUIET_START_HOUR = 21
export const QUIET_END_HOUR = 8
/** The one-hour reminder that cannot wait for the morning goes out at 20:30 the evening before. */
export const EVENING_SEND_MINUTES = 20 * 60 + 30
export const DAY_BEFORE_MS = 24 * 3_600_000
export const HOUR_BEFORE_MS = 3_600_000
/** Attempts before a message is marked failed. */
export const SEND_ATTEMPTS_MAX = 5
/** First retry after 1 minute, then 2, 4, 8 … minutes, never more than BACKOFF_MAX_MINUTES. */
export const BACKOFF_BASE_MINUTES = 1
export const BACKOFF_MAX_MINUTES = 60
/** A claim not settled within this time (the process died mid-send) is marked failed, never resent. */
export const CLAIM_TIMEOUT_MINUTES = 5
/** Most one-time subscriptions kept per account and kind (WeChat accumulates them per tap). */
export const SUBSCRIPTION_CREDITS_MAX = 50

const OFFSET_MS = SHANGHAI_OFFSET_MINUTES * 60_000
const DAY_MS = 86_400_000
const MINUTE_MS = 60_000

/** The derived id of the one reminder of `kind` for a registration, e.g. `rem-hour_before-reg-act-1-per-1`. */
export const reminderIdFor = (kind: ReminderKind, registrationId: RegistrationId): string => `rem-${kind}-${registrationId}`

/** Minutes since Shanghai midnight. */
const localMinutes = (t: number): number => Math.floor((((t + OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS / MINUTE_MS)
/** Epoch ms of Shanghai midnight starting the day that contains `t`. */
const localMidnight = (t: number): number => Math.floor((t + OFFSET_MS) / DAY_MS) * DAY_MS - OFFSET_MS

/** Whether an instant falls in quiet hours (21:00 inclusive to 08:00 exclusive, Shanghai). */
export function isQuietHour(at: Instant): boolean {
  const m = localMinutes(ms(at))
  return m >= QUIET_START_HOUR * 60 || m < QUIET_END_HOUR * 60
}

/** `at` itself outside quiet hours, else the 08:00 that ends them. @example afterQuietHours('2026-09-01T14:00:00Z') // 22:00 → next day 08:00 */
export function afterQuietHours(at: Instant): Instant {
  if (!isQuietHour(at)) return at
  const t = ms(at)
  const midnight = localMidnight(t)
  const end = localMinutes(t) >= QUIET_START_HOUR * 60 ? midnight + DAY_MS : midnight
  return toInstant(end + QUIET_END_HOUR * 60 * MINUTE_MS)
}

/** 20:30 on the evening before the quiet period that contains `at` (which must be quiet). */
function eveningBefore(at: Instant): Instant {
  const t = ms(at)
  const midnight = localMidnight(t)
  const evening = localMinutes(t) >= QUIET_START_HOUR * 60 ? midnight : midnight - DAY_MS
  return toInstant(evening + EVENING_SEND_MINUTES * MINUTE_MS)
}

/**
 * When a reminder of `kind` is due for an activity starting at `startAt`, after quiet hours; `eventAt`
 * is the promotion instant for `promoted`. Null when there is no sensible time before the start.
 */
export function dueAtFor(kind: ReminderKind, startAt: Instant, eventAt: Instant): Instant | null {
  const start = ms(startAt)
  if (kind === 'promoted' || kind === 'notice') {
    const deferred = afterQuietHours(eventAt)
    if (ms(deferred) < start) return deferred
    return ms(eventAt) < start ? eventAt : null
  }
  const raw = toInstant(start - (kind === 'day_before' ? DAY_BEFORE_MS : HOUR_BEFORE_MS))
  const deferred = afterQuietHours(raw)
  if (ms(deferred) < start) return deferred
  // Only the one-hour reminder of an early-morning activity gets here.
  return eveningBefore(raw)
}

/** When the registration got its seat: promotion, else sign-up. */
const confirmedAt = (r: Registration): Instant => r.promotedAt ?? r.createdAt

/**
 * The day-before and hour-before reminders a confirmed registration should have. A reminder whose due
 * time had already passed when the seat was confirmed is not planned: someone signing up three hours
 * before the start needs no "tomorrow" note.
 */
export function planReminders(registration: Registration, activity: Activity, now: Instant): Reminder[] {
  if (registration.status !== 'confirmed' || activity.status !== 'published' || ms(now) >= ms(activity.startAt)) return []
  const out: Reminder[] = []
  for (const kind of ['day_before', 'hour_before'] as const) {
    const due = dueAtFor(kind, activity.startAt, now)
    if (!due || ms(due) <= ms(confirmedAt(registration))) continue
    out.push(newReminder(kind, registration, due, now))
  }
  return out
}

/** The promotion notice for a registration promoted at `now`; null when the activity starts too soon. */
export function planPromotionNotice(registration: Registration, activity: Activity, now: Instant): Reminder | null {
  const due = dueAtFor('promoted', activity.startAt, now)
  return due ? newReminder('promoted', registration, due, now) : null
}

/**
 * The 活动变更通知 for a registration (confirmed or waitlisted) after the organizer changed the time or
 * place or cancelled the activity at `now`; null when the (old or new) start is too close.
 * `previousStartAt` is the start the person planned around (a cancelled activity's own start).
 */
export function planActivityNotice(registration: Registration, previousStartAt: Instant, now: Instant): Reminder | null {
  const due = dueAtFor('notice', previousStartAt, now)
  return due ? newReminder('notice', registration, due, now) : null
}

function newReminder(kind: ReminderKind, r: Registration, dueAt: Instant, now: Instant): Reminder {
  return {
    id: reminderIdFor(kind, r.id),
    kind,
    registrationId: r.id,
    activityId: r.activityId,
    personId: r.personId,
    userId: r.ownerId,
    dueAt,
    nextAttemptAt: dueAt,
    status: 'pending',
    attempts: 0,
    note: null,
    sentAt: null,
    createdAt: now,
    updatedAt: now,
  }
}

/** Delay before the retry that follows `attempts` failed sends: 1, 2, 4 … minutes, capped. */
export function backoffMs(attempts: number): number {
  const minutes = Math.min(BACKOFF_BASE_MINUTES * 2 ** Math.max(0, attempts - 1), BACKOFF_MAX_MINUTES)
  return minutes * MINUTE_MS
}

/** What the scheduler does with a due reminder. */
export type DeliveryDecision =
  | { readonly action: 'send' }
  | { readonly action: 'wait'; readonly until: Instant }
  | { readonly action: 'close'; readonly status: 'cancelled' | 'skipped' | 'failed'; readonly note: string }

/**
 * Decides a due reminder from fresh reads of its registration and activity. The caller has already
 * checked that the reminder is pending or sending and that `nextAttemptAt` ≤ now.
 */
export function decideDelivery(input: {
  reminder: Reminder
  registration: Registration | null
  activity: Activity | null
  personExists: boolean
  now: Instant
}): DeliveryDecision {
  const { reminder, registration, activity, personExists, now } = input
  if (reminder.status === 'sending') return { action: 'close', status: 'failed', note: 'outcome_unknown' }
  if (reminder.kind === 'notice') return decideNotice({ ...input, registration, activity })
  if (!registration || registration.status === 'cancelled') return { action: 'close', status: 'cancelled', note: 'registration_cancelled' }
  if (!personExists) return { action: 'close', status: 'cancelled', note: 'person_deleted' }
  if (registration.status !== 'confirmed') return { action: 'close', status: 'cancelled', note: 'not_confirmed' }
  if (!activity || activity.status !== 'published') return { action: 'close', status: 'cancelled', note: 'activity_cancelled' }
  const start = ms(activity.startAt)
  if (ms(now) >= start) return { action: 'close', status: 'skipped', note: 'activity_started' }
  // A late day-before note (the scheduler was down) would arrive after the one-hour reminder's time.
  if (reminder.kind === 'day_before' && ms(now) >= start - HOUR_BEFORE_MS) return { action: 'close', status: 'skipped', note: 'superseded' }
  if (isQuietHour(now)) {
    const until = afterQuietHours(now)
    if (ms(until) < start) return { action: 'wait', until }
    if (reminder.kind !== 'promoted') return { action: 'close', status: 'skipped', note: 'quiet_hours' }
  }
  return { action: 'send' }
}

/**
 * A 活动变更通知 goes to a confirmed or waitlisted person, and — the news being the cancellation — also
 * when the activity, and with it the registration, was cancelled. A person who cancelled their own
 * sign-up is not told. Nothing once the activity's start has passed.
 */
function decideNotice(input: { registration: Registration | null; activity: Activity | null; personExists: boolean; now: Instant }): DeliveryDecision {
  const { registration, activity, personExists, now } = input
  if (!registration || !activity) return { action: 'close', status: 'cancelled', note: 'registration_cancelled' }
  if (!personExists) return { action: 'close', status: 'cancelled', note: 'person_deleted' }
  const activityCancelled = activity.status === 'cancelled'
  if (registration.status === 'cancelled' && !activityCancelled) return { action: 'close', status: 'cancelled', note: 'registration_cancelled' }
  const start = ms(activity.startAt)
  if (ms(now) >= start) return { action: 'close', status: 'skipped', note: 'activity_started' }
  if (isQuietHour(now)) {
    const until = afterQuietHours(now)
    if (ms(until) < start) return { action: 'wait', until }
  }
  return { action: 'send' }
}

/** After a failed send: retry later with backoff, or give up. `attempts` counts the one that just failed. */
export function afterFailure(input: { attempts: number; retryable: boolean; activityStartAt: Instant; now: Instant }): { status: 'pending'; nextAttemptAt: Instant } | { status: 'failed' } {
  const { attempts, retryable, activityStartAt, now } = input
  if (!retryable || attempts >= SEND_ATTEMPTS_MAX) return { status: 'failed' }
  const next = afterQuietHours(toInstant(ms(now) + backoffMs(attempts)))
  if (ms(next) >= ms(activityStartAt)) return { status: 'failed' }
  return { status: 'pending', nextAttemptAt: next }
}

/** WeChat's subscribe dialog takes at most three templates per tap. */
export const SUBSCRIBE_KINDS_MAX = 3

/**
 * The messages asked for at sign-up (one tap, at most three): the reminders and 活动变更通知; a waitlisted
 * sign-up asks for the promotion notice instead of the one-hour reminder.
 */
export const subscribeKindsFor = (availability: 'available' | 'waitlist' | 'full'): ReminderKind[] =>
  availability === 'waitlist' ? ['promoted', 'day_before', 'notice'] : ['day_before', 'hour_before', 'notice']

/** Chinese labels for the outbox page. */
export const REMINDER_KIND_LABELS: Record<ReminderKind, string> = {
  day_before: '活动前一天提醒',
  hour_before: '活动前一小时提醒',
  promoted: '候补转正通知',
  notice: '活动变更通知',
}
export const REMINDER_STATUS_LABELS: Record<ReminderStatus, string> = {
  pending: '待发送',
  sending: '发送中',
  sent: '已发送',
  no_subscription: '未订阅，未发送',
  cancelled: '已取消',
  skipped: '已跳过',
  failed: '发送失败',
}
export const REMINDER_NOTE_LABELS: Record<string, string> = {
  registration_cancelled: '报名已取消',
  person_deleted: '参与人已删除',
  not_confirmed: '未获得名额',
  activity_cancelled: '活动已取消',
  activity_started: '活动已开始',
  superseded: '已临近开始，改由一小时提醒',
  quiet_hours: '免打扰时段内且来不及发送',
  outcome_unknown: '发送结果未知，为避免重复不再重发',
  account_deleted: '账号已注销',
}

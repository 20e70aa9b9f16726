// The reminder scheduler: one run plans missing reminders for activities starting within the next
// day, then settles every due reminder. Production runs it from the `reminders` cloud function's
// timer trigger; the local server runs it on an interval. Rules live in domain/reminders/schedule.ts.
//
// Exactly once: each (registration, kind) has one document with a derived id, created only when
// absent. A due reminder is claimed in a transaction (status `sending`, one subscription credit
// taken) before the send and settled in another one after it; a claim found unsettled later (the
// process died mid-send) is marked failed rather than sent again — at most once, and visibly.
//
// Several schedulers on one database (every gateway runs one, tests/server/reminder-claims.test.ts):
// the adapters lock what a transaction reads by id (PostgreSQL: SELECT … FOR UPDATE; SQLite: one
// writer at a time; CloudBase: conflicting writes fail and are retried), so two claims of one reminder
// take turns and the second finds it `sending` with its lease (nextAttemptAt) ahead, and skips it.
// Planning locks the registration before it looks for the reminder: a put is an upsert, and a second
// planner that had looked before the first one's insert committed would otherwise write the reminder
// again as `pending` over a claim, and it would be sent twice.

import { ms, toInstant, type Instant } from '../domain/time'
import type { Deps, Notifier, OutgoingMessage, SendOutcome, Store } from '../domain/ports'
import {
  CLAIM_TIMEOUT_MINUTES,
  DAY_BEFORE_MS,
  afterFailure,
  decideDelivery,
  planReminders,
  type Reminder,
} from '../domain/reminders/schedule'
import type { Activity } from '../domain/types'
import { DELETED_PERSON_NAME } from './registrations'
import { activityNoticeText } from '../domain/activities/editing'

/** Activities whose reminders are planned: starting within this horizon (a little over a day). */
const PLAN_HORIZON_MS = DAY_BEFORE_MS + 60 * 60_000
const PAGE_SIZE = 50
/** Due reminders settled per run; the rest wait for the next run. */
const DUE_BATCH_MAX = 200

/** The local outbox: every message is accepted and recorded on its reminder; nothing leaves the machine. */
export const outboxNotifier: Notifier = {
  channel: 'outbox',
  templates: {},
  send: async (): Promise<SendOutcome> => ({ ok: true }),
}

export interface TickReport {
  readonly planned: number
  readonly sent: number
  readonly retried: number
  readonly failed: number
  readonly noSubscription: number
  readonly closed: number
  readonly waiting: number
}

/** Upcoming published activities starting in (now, now + horizon]. */
async function activitiesStartingSoon(store: Store, now: Instant): Promise<Activity[]> {
  const out: Activity[] = []
  const startsBefore = toInstant(ms(now) + PLAN_HORIZON_MS)
  for (let offset = 0; ; offset += PAGE_SIZE) {
    const page = await store.listActivities({ endsAfter: now, startsBefore, offset, limit: PAGE_SIZE })
    out.push(...page.items.filter((a) => ms(a.startAt) > ms(now)))
    if (page.items.length < PAGE_SIZE || offset + PAGE_SIZE >= page.total) return out
  }
}

/** Creates the day-before and hour-before reminders that do not exist yet; returns how many. */
export async function planUpcoming(store: Store, now: Instant): Promise<number> {
  let planned = 0
  for (const activity of await activitiesStartingSoon(store, now)) {
    for (const registration of await store.listRegistrationsByActivity(activity.id, 'confirmed')) {
      for (const reminder of planReminders(registration, activity, now)) {
        if (await store.getReminder(reminder.id)) continue
        const created = await store.transaction(async (tx) => {
          // The lock two planners of this registration queue on (see the top of this file).
          if (!(await tx.getRegistration(reminder.registrationId))) return false
          if (await tx.getReminder(reminder.id)) return false
          await tx.putReminder(reminder)
          return true
        })
        if (created) planned++
      }
    }
  }
  return planned
}

type Claim =
  | { kind: 'send'; reminder: Reminder; message: OutgoingMessage; activity: Activity }
  | { kind: 'done'; outcome: 'closed' | 'waiting' | 'noSubscription' | 'failed' | 'skip' }

/** Decides one due reminder inside a transaction and, when it is to be sent, claims it. */
async function claim(store: Store, id: string, now: Instant): Promise<Claim> {
  return store.transaction(async (tx): Promise<Claim> => {
    const reminder = await tx.getReminder(id)
    if (!reminder || (reminder.status !== 'pending' && reminder.status !== 'sending') || ms(reminder.nextAttemptAt) > ms(now)) {
      return { kind: 'done', outcome: 'skip' }
    }
    const registration = await tx.getRegistration(reminder.registrationId)
    const activity = await tx.getActivity(reminder.activityId)
    const person = await tx.getPerson(reminder.personId)
    const decision = decideDelivery({ reminder, registration, activity, personExists: !!person, now })
    if (decision.action === 'wait') {
      await tx.putReminder({ ...reminder, nextAttemptAt: decision.until, updatedAt: now })
      return { kind: 'done', outcome: 'waiting' }
    }
    if (decision.action === 'close') {
      await tx.putReminder({ ...reminder, status: decision.status, note: decision.note, updatedAt: now })
      return { kind: 'done', outcome: decision.status === 'failed' ? 'failed' : 'closed' }
    }
    // The message goes to whoever manages the person now (a parent who took over their record).
    const to = registration!.ownerId
    const subscription = await tx.getSubscription(to, reminder.kind)
    if (!subscription || subscription.credits <= 0) {
      await tx.putReminder({ ...reminder, userId: to, status: 'no_subscription', note: null, updatedAt: now })
      return { kind: 'done', outcome: 'noSubscription' }
    }
    await tx.putSubscription({ ...subscription, credits: subscription.credits - 1, updatedAt: now })
    const claimed: Reminder = {
      ...reminder,
      userId: to,
      status: 'sending',
      attempts: reminder.attempts + 1,
      nextAttemptAt: toInstant(ms(now) + CLAIM_TIMEOUT_MINUTES * 60_000),
      updatedAt: now,
    }
    await tx.putReminder(claimed)
    return {
      kind: 'send',
      reminder: claimed,
      activity: activity!,
      message: {
        reminderId: reminder.id,
        kind: reminder.kind,
        toUserId: to,
        activityId: activity!.id,
        activityTitle: activity!.title,
        startAt: activity!.startAt,
        place: activity!.place,
        personName: person?.name ?? DELETED_PERSON_NAME,
        notice: reminder.kind === 'notice' ? activityNoticeText(activity!) : null,
      },
    }
  })
}

/** Records the outcome of a send on the claimed reminder (only if the claim is still ours). */
async function settle(store: Store, claimed: Reminder, activity: Activity, outcome: SendOutcome, now: Instant): Promise<'sent' | 'retried' | 'failed'> {
  return store.transaction(async (tx) => {
    const current = await tx.getReminder(claimed.id)
    if (!current || current.status !== 'sending' || current.attempts !== claimed.attempts) return 'failed' as const
    if (outcome.ok) {
      await tx.putReminder({ ...current, status: 'sent', sentAt: now, note: null, updatedAt: now })
      return 'sent' as const
    }
    // The one-time subscription was not used up by a failed send: give the credit back.
    const subscription = await tx.getSubscription(current.userId, current.kind)
    if (subscription) await tx.putSubscription({ ...subscription, credits: subscription.credits + 1, updatedAt: now })
    const next = afterFailure({ attempts: current.attempts, retryable: outcome.retryable, activityStartAt: activity.startAt, now })
    if (next.status === 'failed') {
      await tx.putReminder({ ...current, status: 'failed', note: outcome.error.slice(0, 200), updatedAt: now })
      return 'failed' as const
    }
    await tx.putReminder({ ...current, status: 'pending', nextAttemptAt: next.nextAttemptAt, note: outcome.error.slice(0, 200), updatedAt: now })
    return 'retried' as const
  })
}

/**
 * One scheduler run at `now`: plan, then settle what is due. Safe to run twice, concurrently, or
 * after a crash: nothing is sent twice.
 */
export async function runReminderTick(deps: Pick<Deps, 'store' | 'notifier'>, now: Instant): Promise<TickReport> {
  const { store } = deps
  const notifier = deps.notifier ?? outboxNotifier
  const counts = { planned: 0, sent: 0, retried: 0, failed: 0, noSubscription: 0, closed: 0, waiting: 0 }
  counts.planned = await planUpcoming(store, now)
  for (const due of await store.listDueReminders(now, DUE_BATCH_MAX)) {
    const c = await claim(store, due.id, now)
    if (c.kind === 'done') {
      if (c.outcome !== 'skip') counts[c.outcome]++
      continue
    }
    let outcome: SendOutcome
    try {
      outcome = await notifier.send(c.message)
    } catch (err) {
      outcome = { ok: false, error: err instanceof Error ? err.message : String(err), retryable: true }
    }
    counts[await settle(store, c.reminder, c.activity, outcome, now)]++
  }
  return counts
}

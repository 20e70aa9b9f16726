// The reminder scheduler on a fake clock, over the real gateway and SQLite store: exactly one message
// per (registration, kind), nothing after a cancellation, quiet hours, retries with backoff, and runs
// repeated (a restart) or concurrent sending nothing twice.
import type { Notifier, OutgoingMessage, SendOutcome } from '../../src/domain/ports'
import { reminderIdFor, type Reminder } from '../../src/domain/reminders/schedule'
import { registrationIdFor, type ActivityId, type PersonId } from '../../src/domain/ids'
import { shanghaiInstant as sh } from '../../src/domain/time'
import { runReminderTick } from '../../src/handlers/reminder-scheduler'
import { startHarness, type Harness } from '../support/server-harness'
import { buildWorld, WORLD } from '../support/world'
import { activityId, at, makeActivity } from '../support/factories'

const U = WORLD.users
const P = WORLD.persons

/** A sender that records every message and fails the first `failures` sends. */
function fakeNotifier(failures = 0, retryable = true): Notifier & { sent: OutgoingMessage[]; calls: number } {
  const n = {
    channel: 'wechat' as const,
    templates: { day_before: 'tmpl-day', hour_before: 'tmpl-hour', promoted: 'tmpl-promoted' },
    sent: [] as OutgoingMessage[],
    calls: 0,
    async send(m: OutgoingMessage): Promise<SendOutcome> {
      n.calls++
      if (n.calls <= failures) return { ok: false, error: 'errcode 45009: reach max api daily quota', retryable }
      n.sent.push(m)
      return { ok: true }
    },
  }
  return n
}

const LECTURE = activityId('sched-lecture')
/** Starts Tuesday 2026-09-08 14:00 Shanghai: day-before due Monday 14:00, hour-before Tuesday 13:00. */
const START = sh(2026, 9, 8, 14, 0)

describe('reminder scheduler', () => {
  let h: Harness
  const sentIds = (n: { sent: OutgoingMessage[] }) => n.sent.map((m) => m.reminderId).sort()
  const reminder = async (kind: Reminder['kind'], personId: PersonId, activity: ActivityId = LECTURE) => h.store.getReminder(reminderIdFor(kind, registrationIdFor(activity, personId)))

  beforeEach(async () => {
    h = await startHarness(at(1))
    await buildWorld(h.store)
    await h.store.putActivity(makeActivity({ id: LECTURE, areaId: WORLD.area, startAt: START, endAt: sh(2026, 9, 8, 16, 0), signupClosesAt: sh(2026, 9, 8, 12, 0) }))
    for (const [person, user] of [[P.resident, U.resident], [P.residentMother, U.resident], [P.other, U.other]] as const) {
      expect(await h.call('registrations', 'signUp', { activityId: LECTURE, personId: person }, user)).toMatchObject({ ok: true, data: { status: 'confirmed' } })
    }
    // The resident accepted the one-time messages twice (two sign-ups); the other resident never did.
    for (let i = 0; i < 2; i++) await h.call('reminders', 'subscribe', { accepted: ['day_before', 'hour_before'] }, U.resident)
  })
  afterEach(() => h.close())

  it('sends exactly one reminder per (registration, kind), none after a cancellation, and records the unsubscribed', async () => {
    const notifier = fakeNotifier()
    const deps = { store: h.store, notifier }

    const early = await runReminderTick(deps, sh(2026, 9, 7, 13, 30))
    expect(early).toMatchObject({ planned: 6, sent: 0 })

    const dayBefore = await runReminderTick(deps, sh(2026, 9, 7, 14, 0))
    expect(dayBefore).toMatchObject({ planned: 0, sent: 2, noSubscription: 1 })
    expect(sentIds(notifier)).toEqual([reminderIdFor('day_before', registrationIdFor(LECTURE, P.residentMother)), reminderIdFor('day_before', registrationIdFor(LECTURE, P.resident))].sort())
    expect(notifier.sent.find((m) => m.personName === '赵桂英')).toMatchObject({ toUserId: U.resident, activityTitle: '科普讲座：海洋与气候', startAt: START })
    expect(await reminder('day_before', P.other)).toMatchObject({ status: 'no_subscription', userId: U.other })

    // A restart: the same run again, and a later one, send nothing twice.
    expect(await runReminderTick(deps, sh(2026, 9, 7, 14, 0))).toMatchObject({ planned: 0, sent: 0 })
    expect(await runReminderTick(deps, sh(2026, 9, 7, 18, 0))).toMatchObject({ planned: 0, sent: 0 })

    // The mother's sign-up is cancelled the evening before.
    h.setNow(sh(2026, 9, 7, 19, 0))
    expect(await h.call('registrations', 'cancel', { registrationId: registrationIdFor(LECTURE, P.residentMother) }, U.resident)).toMatchObject({ ok: true })

    const hourBefore = await runReminderTick(deps, sh(2026, 9, 8, 13, 0))
    expect(hourBefore).toMatchObject({ sent: 1, closed: 1, noSubscription: 1 })
    expect(await reminder('hour_before', P.residentMother)).toMatchObject({ status: 'cancelled', note: 'registration_cancelled' })
    expect(await reminder('hour_before', P.resident)).toMatchObject({ status: 'sent', sentAt: sh(2026, 9, 8, 13, 0), attempts: 1 })

    // Three messages in all, each id once; the credits were used one per message.
    expect(notifier.sent).toHaveLength(3)
    expect(new Set(sentIds(notifier)).size).toBe(3)
    expect(notifier.sent.some((m) => m.personName === '赵桂英' && m.kind === 'hour_before')).toBe(false)
    const info = await h.call('reminders', 'info', {}, U.resident)
    expect(info.data.credits).toEqual({ day_before: 0, hour_before: 1, promoted: 0, notice: 0 })
    expect(await runReminderTick(deps, sh(2026, 9, 8, 13, 30))).toMatchObject({ sent: 0 })
  })

  it('sends nothing twice when two scheduler runs overlap', async () => {
    const notifier = fakeNotifier()
    await runReminderTick({ store: h.store, notifier }, sh(2026, 9, 7, 13, 30))
    await Promise.all([1, 2, 3].map(() => runReminderTick({ store: h.store, notifier }, sh(2026, 9, 7, 14, 0))))
    expect(sentIds(notifier)).toHaveLength(2)
    expect(new Set(sentIds(notifier)).size).toBe(2)
  })

  it('retries a failed send with exponential backoff, then marks it sent; a permanent failure is marked failed', async () => {
    const notifier = fakeNotifier(2)
    const deps = { store: h.store, notifier }
    await runReminderTick(deps, sh(2026, 9, 7, 13, 30))
    const first = await runReminderTick(deps, sh(2026, 9, 7, 14, 0))
    expect(first).toMatchObject({ retried: 2, sent: 0 })
    const selfDay = await reminder('day_before', P.resident)
    expect(selfDay).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: sh(2026, 9, 7, 14, 1), note: 'errcode 45009: reach max api daily quota' })
    // Not before the backoff has passed.
    expect(await runReminderTick(deps, sh(2026, 9, 7, 14, 0))).toMatchObject({ sent: 0, retried: 0 })
    expect(await runReminderTick(deps, sh(2026, 9, 7, 14, 1))).toMatchObject({ sent: 2 })
    expect(await reminder('day_before', P.resident)).toMatchObject({ status: 'sent', attempts: 2 })
    // The credit of the failed attempt was given back: two day-before messages used two credits.
    expect((await h.call('reminders', 'info', {}, U.resident)).data.credits.day_before).toBe(0)

    const broken = fakeNotifier(100, false)
    await runReminderTick({ store: h.store, notifier: broken }, sh(2026, 9, 8, 13, 0))
    expect(await reminder('hour_before', P.resident)).toMatchObject({ status: 'failed', attempts: 1 })
    expect(broken.sent).toEqual([])
  })

  it('gives up after the last attempt, visibly', async () => {
    const notifier = fakeNotifier(100)
    const deps = { store: h.store, notifier }
    await runReminderTick(deps, sh(2026, 9, 7, 13, 30))
    let t = Date.parse(sh(2026, 9, 7, 14, 0))
    for (let i = 0; i < 6; i++, t += 60 * 60_000) await runReminderTick(deps, new Date(t).toISOString())
    expect(await reminder('day_before', P.resident)).toMatchObject({ status: 'failed', attempts: 5 })
    const outbox = await h.call('reminders', 'outbox', {}, U.admin)
    expect(outbox.data.find((e: { id: string }) => e.id === reminderIdFor('day_before', registrationIdFor(LECTURE, P.resident)))).toMatchObject({
      statusLabel: '发送失败',
      personName: 'resident本人',
      recipientName: '张三',
    })
  })

  it('holds a reminder that falls in quiet hours until 08:00', async () => {
    const LATE = activityId('sched-evening')
    await h.store.putActivity(makeActivity({ id: LATE, areaId: WORLD.area, startAt: sh(2026, 9, 8, 22, 0), endAt: sh(2026, 9, 8, 23, 0) }))
    await h.call('registrations', 'signUp', { activityId: LATE, personId: P.resident }, U.resident)
    const notifier = fakeNotifier()
    const deps = { store: h.store, notifier }
    await runReminderTick(deps, sh(2026, 9, 7, 21, 30))
    expect(await reminder('day_before', P.resident, LATE)).toMatchObject({ status: 'pending', dueAt: sh(2026, 9, 8, 8, 0) })
    await runReminderTick(deps, sh(2026, 9, 7, 22, 0))
    await runReminderTick(deps, sh(2026, 9, 8, 7, 59))
    expect(notifier.sent.filter((m) => m.activityId === LATE)).toEqual([])
    await runReminderTick(deps, sh(2026, 9, 8, 8, 0))
    expect(notifier.sent.filter((m) => m.activityId === LATE).map((m) => m.kind)).toEqual(['day_before'])
  })

  it('marks a send left unsettled by a crash as failed and never sends it again', async () => {
    const notifier = fakeNotifier()
    await runReminderTick({ store: h.store, notifier }, sh(2026, 9, 7, 13, 30))
    const id = reminderIdFor('day_before', registrationIdFor(LECTURE, P.resident))
    // A run claimed it at 14:00 and died before recording the outcome.
    await h.store.transaction(async (tx) => {
      const m = (await tx.getReminder(id))!
      await tx.putReminder({ ...m, status: 'sending', attempts: 1, nextAttemptAt: sh(2026, 9, 7, 14, 5), updatedAt: sh(2026, 9, 7, 14, 0) })
    })
    await runReminderTick({ store: h.store, notifier }, sh(2026, 9, 7, 14, 10))
    expect(await h.store.getReminder(id)).toMatchObject({ status: 'failed', note: 'outcome_unknown' })
    expect(notifier.sent.map((m) => m.reminderId)).not.toContain(id)
  })

  it('sends one promotion notice to whoever moves up from the waitlist', async () => {
    const SMALL = WORLD.activities.small
    await h.call('registrations', 'signUp', { activityId: SMALL, personId: P.resident }, U.resident)
    expect(await h.call('registrations', 'signUp', { activityId: SMALL, personId: P.other }, U.other)).toMatchObject({ data: { status: 'waitlisted' } })
    await h.call('reminders', 'subscribe', { accepted: ['promoted'] }, U.other)
    h.setNow(at(2))
    await h.call('registrations', 'cancel', { registrationId: registrationIdFor(SMALL, P.resident) }, U.resident)
    const notifier = fakeNotifier()
    await runReminderTick({ store: h.store, notifier }, at(2))
    await runReminderTick({ store: h.store, notifier }, at(2.5))
    expect(notifier.sent.filter((m) => m.kind === 'promoted')).toMatchObject([{ toUserId: U.other, activityId: SMALL }])
  })

  it('runs through the gateway for admins, into the local outbox', async () => {
    h.setNow(sh(2026, 9, 7, 14, 0))
    const first = await h.call('reminders', 'run', {}, U.admin)
    expect(first).toMatchObject({ ok: true, data: { planned: 6, sent: 2, noSubscription: 1 } })
    const outbox = await h.call('reminders', 'outbox', {}, U.admin)
    expect(outbox.data).toHaveLength(6)
    expect(outbox.data.filter((e: { statusLabel: string }) => e.statusLabel === '已发送')).toHaveLength(2)
    expect(outbox.data.filter((e: { statusLabel: string }) => e.statusLabel === '未订阅，未发送')).toHaveLength(1)
  })
})

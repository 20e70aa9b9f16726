// Reminder scheduling: due times, quiet hours (21:00–08:00 Shanghai), delivery decisions and backoff.
import {
  BACKOFF_MAX_MINUTES,
  SEND_ATTEMPTS_MAX,
  afterFailure,
  afterQuietHours,
  backoffMs,
  decideDelivery,
  dueAtFor,
  isQuietHour,
  planActivityNotice,
  planPromotionNotice,
  planReminders,
  subscribeKindsFor,
  reminderIdFor,
  type Reminder,
} from '../../src/domain/reminders/schedule'
import { shanghaiInstant as sh } from '../../src/domain/time'
import { makeActivity, makeRegistration } from '../support/factories'

const activityAt = (startAt: string) => makeActivity({ startAt, endAt: new Date(Date.parse(startAt) + 2 * 3_600_000).toISOString() })

describe('quiet hours', () => {
  it.each([
    [sh(2026, 9, 1, 20, 59), false],
    [sh(2026, 9, 1, 21, 0), true],
    [sh(2026, 9, 1, 23, 30), true],
    [sh(2026, 9, 2, 0, 0), true],
    [sh(2026, 9, 2, 7, 59), true],
    [sh(2026, 9, 2, 8, 0), false],
    [sh(2026, 9, 2, 12, 0), false],
  ])('%s is quiet: %s', (at, quiet) => {
    expect(isQuietHour(at)).toBe(quiet)
  })

  it('defers an evening instant to 08:00 the next morning and a small-hours one to 08:00 the same day', () => {
    expect(afterQuietHours(sh(2026, 9, 1, 22, 15))).toBe(sh(2026, 9, 2, 8, 0))
    expect(afterQuietHours(sh(2026, 9, 2, 3, 0))).toBe(sh(2026, 9, 2, 8, 0))
    expect(afterQuietHours(sh(2026, 9, 2, 9, 0))).toBe(sh(2026, 9, 2, 9, 0))
  })
})

describe('due times', () => {
  it('reminds the day before and an hour before a daytime activity', () => {
    const start = sh(2026, 9, 19, 9, 30)
    expect(dueAtFor('day_before', start, start)).toBe(sh(2026, 9, 18, 9, 30))
    expect(dueAtFor('hour_before', start, start)).toBe(sh(2026, 9, 19, 8, 30))
  })

  it('moves a day-before reminder out of quiet hours to 08:00', () => {
    expect(dueAtFor('day_before', sh(2026, 9, 19, 21, 30), sh(2026, 9, 1))).toBe(sh(2026, 9, 19, 8, 0))
    expect(dueAtFor('day_before', sh(2026, 9, 19, 7, 0), sh(2026, 9, 1))).toBe(sh(2026, 9, 18, 8, 0))
  })

  it('sends the one-hour reminder of an 08:30 activity at 08:00, still before the start', () => {
    expect(dueAtFor('hour_before', sh(2026, 9, 19, 8, 30), sh(2026, 9, 1))).toBe(sh(2026, 9, 19, 8, 0))
  })

  it('brings the one-hour reminder of a 07:00 activity forward to 20:30 the evening before', () => {
    expect(dueAtFor('hour_before', sh(2026, 9, 19, 7, 0), sh(2026, 9, 1))).toBe(sh(2026, 9, 18, 20, 30))
  })

  it('defers a late-evening promotion notice to 08:00, but sends it at once when the activity starts before then', () => {
    expect(dueAtFor('promoted', sh(2026, 9, 19, 14, 0), sh(2026, 9, 18, 22, 0))).toBe(sh(2026, 9, 19, 8, 0))
    expect(dueAtFor('promoted', sh(2026, 9, 19, 7, 30), sh(2026, 9, 18, 22, 0))).toBe(sh(2026, 9, 18, 22, 0))
    expect(dueAtFor('promoted', sh(2026, 9, 19, 7, 30), sh(2026, 9, 19, 7, 45))).toBeNull()
  })
})

describe('planning', () => {
  const activity = activityAt(sh(2026, 9, 19, 9, 30))

  it('plans both reminders with derived ids for a confirmed registration made days ahead', () => {
    const r = makeRegistration({ activityId: activity.id, createdAt: sh(2026, 9, 1, 10), status: 'confirmed' })
    const planned = planReminders(r, activity, sh(2026, 9, 18, 9, 0))
    expect(planned.map((m) => [m.id, m.dueAt, m.status])).toEqual([
      [reminderIdFor('day_before', r.id), sh(2026, 9, 18, 9, 30), 'pending'],
      [reminderIdFor('hour_before', r.id), sh(2026, 9, 19, 8, 30), 'pending'],
    ])
    expect(planned.every((m) => m.userId === r.ownerId && m.attempts === 0)).toBe(true)
  })

  it('skips the day-before reminder for someone who signed up after it was due', () => {
    const r = makeRegistration({ activityId: activity.id, createdAt: sh(2026, 9, 18, 20, 0) })
    expect(planReminders(r, activity, sh(2026, 9, 18, 20, 1)).map((m) => m.kind)).toEqual(['hour_before'])
  })

  it('plans nothing for a waitlisted or cancelled registration, or once the activity started', () => {
    expect(planReminders(makeRegistration({ activityId: activity.id, status: 'waitlisted' }), activity, sh(2026, 9, 18))).toEqual([])
    expect(planReminders(makeRegistration({ activityId: activity.id, status: 'cancelled' }), activity, sh(2026, 9, 18))).toEqual([])
    expect(planReminders(makeRegistration({ activityId: activity.id }), activity, sh(2026, 9, 19, 10))).toEqual([])
  })

  it('plans a promotion notice with its own derived id', () => {
    const r = makeRegistration({ activityId: activity.id, promotedAt: sh(2026, 9, 10, 12) })
    expect(planPromotionNotice(r, activity, sh(2026, 9, 10, 12))).toMatchObject({ id: reminderIdFor('promoted', r.id), dueAt: sh(2026, 9, 10, 12) })
  })
})

describe('delivery decisions', () => {
  const activity = activityAt(sh(2026, 9, 19, 9, 30))
  const registration = makeRegistration({ activityId: activity.id, createdAt: sh(2026, 9, 1) })
  const [dayBefore, hourBefore] = planReminders(registration, activity, sh(2026, 9, 1))
  const decide = (reminder: Reminder, now: string, o: Partial<Parameters<typeof decideDelivery>[0]> = {}) =>
    decideDelivery({ reminder, registration, activity, personExists: true, now, ...o })

  it('sends a due reminder in the daytime', () => {
    expect(decide(dayBefore, sh(2026, 9, 18, 9, 30))).toEqual({ action: 'send' })
  })

  it('cancels, visibly, when the registration or the activity was cancelled or the person deleted', () => {
    expect(decide(dayBefore, sh(2026, 9, 18, 10), { registration: { ...registration, status: 'cancelled' } })).toEqual({ action: 'close', status: 'cancelled', note: 'registration_cancelled' })
    expect(decide(dayBefore, sh(2026, 9, 18, 10), { activity: { ...activity, status: 'cancelled' } })).toEqual({ action: 'close', status: 'cancelled', note: 'activity_cancelled' })
    expect(decide(dayBefore, sh(2026, 9, 18, 10), { personExists: false })).toEqual({ action: 'close', status: 'cancelled', note: 'person_deleted' })
  })

  it('waits for 08:00 when a retry falls in quiet hours', () => {
    expect(decide(dayBefore, sh(2026, 9, 18, 22, 0))).toEqual({ action: 'wait', until: sh(2026, 9, 19, 8, 0) })
  })

  it('skips a day-before note overtaken by the one-hour reminder, and anything after the start', () => {
    expect(decide(dayBefore, sh(2026, 9, 19, 8, 45))).toEqual({ action: 'close', status: 'skipped', note: 'superseded' })
    expect(decide(hourBefore, sh(2026, 9, 19, 9, 30))).toEqual({ action: 'close', status: 'skipped', note: 'activity_started' })
  })

  it('marks a claim left unsettled by a crashed run as failed, never as to be sent again', () => {
    expect(decide({ ...hourBefore, status: 'sending' }, sh(2026, 9, 19, 8, 40))).toEqual({ action: 'close', status: 'failed', note: 'outcome_unknown' })
  })
})

describe('retries with exponential backoff', () => {
  it('waits 1, 2, 4, 8 … minutes, capped', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n) / 60_000)).toEqual([1, 2, 4, 8])
    expect(backoffMs(20) / 60_000).toBe(BACKOFF_MAX_MINUTES)
  })

  it('retries until the limit, then fails', () => {
    const start = sh(2026, 9, 19, 14)
    const now = sh(2026, 9, 19, 10)
    expect(afterFailure({ attempts: 1, retryable: true, activityStartAt: start, now })).toEqual({ status: 'pending', nextAttemptAt: sh(2026, 9, 19, 10, 1) })
    expect(afterFailure({ attempts: 3, retryable: true, activityStartAt: start, now })).toEqual({ status: 'pending', nextAttemptAt: sh(2026, 9, 19, 10, 4) })
    expect(afterFailure({ attempts: SEND_ATTEMPTS_MAX, retryable: true, activityStartAt: start, now })).toEqual({ status: 'failed' })
  })

  it('gives up at once on a permanent error, and when the retry would come after the start', () => {
    expect(afterFailure({ attempts: 1, retryable: false, activityStartAt: sh(2026, 9, 19, 14), now: sh(2026, 9, 19, 10) })).toEqual({ status: 'failed' })
    expect(afterFailure({ attempts: 2, retryable: true, activityStartAt: sh(2026, 9, 19, 10, 1), now: sh(2026, 9, 19, 10) })).toEqual({ status: 'failed' })
  })

  it('moves a retry that would fall in quiet hours to 08:00', () => {
    expect(afterFailure({ attempts: 4, retryable: true, activityStartAt: sh(2026, 9, 20, 14), now: sh(2026, 9, 19, 20, 55) })).toEqual({ status: 'pending', nextAttemptAt: sh(2026, 9, 20, 8) })
  })
})

describe('活动变更通知', () => {
  const activity = activityAt(sh(2026, 9, 19, 9, 30))
  const registration = makeRegistration({ activityId: activity.id, createdAt: sh(2026, 9, 1) })
  const notice = planActivityNotice(registration, activity.startAt, sh(2026, 9, 10, 10))!
  const decide = (now: string, o: Partial<Parameters<typeof decideDelivery>[0]> = {}) => decideDelivery({ reminder: notice, registration, activity, personExists: true, now, ...o })

  it('is one per registration, due at once in the daytime and after 08:00 at night', () => {
    expect(notice).toMatchObject({ id: reminderIdFor('notice', registration.id), kind: 'notice', dueAt: sh(2026, 9, 10, 10) })
    expect(planActivityNotice(registration, activity.startAt, sh(2026, 9, 10, 22))!.dueAt).toBe(sh(2026, 9, 11, 8))
    expect(planActivityNotice(registration, activity.startAt, sh(2026, 9, 19, 9, 30))).toBeNull()
  })
  it('tells the waitlisted, and the people of a cancelled activity — but not someone who cancelled their own sign-up', () => {
    expect(decide(sh(2026, 9, 10, 10), { registration: { ...registration, status: 'waitlisted' } })).toEqual({ action: 'send' })
    expect(decide(sh(2026, 9, 10, 10), { registration: { ...registration, status: 'cancelled' }, activity: { ...activity, status: 'cancelled' } })).toEqual({ action: 'send' })
    expect(decide(sh(2026, 9, 10, 10), { registration: { ...registration, status: 'cancelled' } })).toMatchObject({ action: 'close', note: 'registration_cancelled' })
    expect(decide(sh(2026, 9, 10, 22))).toEqual({ action: 'wait', until: sh(2026, 9, 11, 8) })
    expect(decide(sh(2026, 9, 19, 9, 30))).toMatchObject({ action: 'close', status: 'skipped' })
  })
  it('is asked for at sign-up within WeChat’s three templates per tap', () => {
    expect(subscribeKindsFor('available')).toEqual(['day_before', 'hour_before', 'notice'])
    expect(subscribeKindsFor('waitlist')).toEqual(['promoted', 'day_before', 'notice'])
  })
})

import {
  activityInputProblems,
  cancelRegistrationOf,
  changeNoticeText,
  decideActivityCancel,
  decideActivityChange,
  decideReview,
  decideSubmit,
  editDraft,
  inputOf,
  newDraft,
  organizerState,
  publishedActivity,
  seriesInputs,
  type ActivityInput,
} from '../../src/domain/activities/editing'
import type { ActivityId } from '../../src/domain/ids'
import { shanghaiInstant } from '../../src/domain/time'
import { areaId, at, makeActivity, makeRegistration, userId } from '../support/factories'

const NOW = at(0)
const ORG = userId('org')
const ADMIN = userId('admin')
const ID = 'act-new' as ActivityId
const AREAS = [areaId(1)]

/** A valid form: a 科技辅导员 training next week. */
const form = (o: Partial<ActivityInput> = {}): ActivityInput => ({
  title: '科技辅导员培训班',
  type: 'training',
  description: '面向中小学科学教师。',
  startAt: at(7 * 24),
  endAt: at(7 * 24 + 3),
  place: '区科技馆报告厅',
  address: '环翠区青岛北路1号',
  areaId: areaId(1),
  location: null,
  capacity: 60,
  waitlistLimit: 10,
  signupOpensAt: at(0),
  signupClosesAt: at(7 * 24 - 1),
  targetGroups: ['public'],
  minAge: null,
  maxAge: null,
  walkInsAllowed: false,
  checkoutEnabled: true,
  actions: ['action_youth'],
  projects: ['project_grassroots'],
  tags: ['science_tutor_training'],
  departmentCode: 'jiaoti',
  poster: null,
  ...o,
})
const problems = (i: ActivityInput, ctx: Partial<Parameters<typeof activityInputProblems>[1]> = {}) =>
  activityInputProblems(i, { now: NOW, areaIds: AREAS, ...ctx }).map((p) => [p.field, p.code])

describe('the activity form', () => {
  it('accepts a valid form', () => {
    expect(problems(form())).toEqual([])
  })
  it('names every mistake with its field, in the form’s order', () => {
    const bad = form({ title: ' 培', startAt: at(-1), endAt: at(-2), place: ' ', areaId: areaId('mars'), capacity: 0, waitlistLimit: -1, signupClosesAt: at(-3), targetGroups: [], minAge: 60, maxAge: 50 })
    expect(problems(bad)).toEqual([
      ['title', 'ACTIVITY.TITLE'],
      ['startAt', 'ACTIVITY.IN_PAST'],
      ['endAt', 'ACTIVITY.TIME'],
      ['place', 'ACTIVITY.PLACE'],
      ['areaId', 'AREA.NOT_FOUND'],
      ['capacity', 'ACTIVITY.CAPACITY'],
      ['waitlistLimit', 'ACTIVITY.WAITLIST'],
      ['signupClosesAt', 'ACTIVITY.SIGNUP_WINDOW'],
      ['targetGroups', 'ACTIVITY.NO_TARGET_GROUP'],
      ['maxAge', 'ACTIVITY.AGE_RANGE'],
    ])
  })
  it('refuses a capacity below those already confirmed, a day-long-plus activity and a map point off the globe', () => {
    expect(problems(form({ capacity: 5 }), { confirmedCount: 8 })).toEqual([['capacity', 'ACTIVITY.CAPACITY_BELOW_CONFIRMED']])
    expect(problems(form({ endAt: at(7 * 24 + 25) }))).toEqual([['endAt', 'ACTIVITY.TOO_LONG']])
    expect(problems(form({ location: { latitude: 137.5, longitude: 122.1 } }))).toEqual([['location', 'ACTIVITY.LOCATION']])
  })
})

describe('review', () => {
  const draft = newDraft(ID, form(), ORG, NOW)
  it('goes 草稿 → 待审核 → 已退回 (with the reason) → 待审核 → published under the same id', () => {
    const pending = decideSubmit(draft, at(1))
    expect(pending).toMatchObject({ ok: true, value: { state: 'pending', submittedAt: at(1) } })
    if (!pending.ok) return
    expect(decideSubmit(pending.value, at(1))).toMatchObject({ ok: false, error: { code: 'ACTIVITY.ALREADY_SUBMITTED' } })
    expect(decideReview(pending.value, { approve: false, reason: '' }, ADMIN, at(2))).toMatchObject({ ok: false, error: { code: 'ACTIVITY.REVIEW_REASON' } })
    const returned = decideReview(pending.value, { approve: false, reason: '请补充活动地址' }, ADMIN, at(2))
    expect(returned).toMatchObject({ ok: true, value: { kind: 'returned', draft: { state: 'returned', returnReason: '请补充活动地址', reviewedBy: ADMIN } } })
    if (!returned.ok || returned.value.kind !== 'returned') return
    expect(decideReview(returned.value.draft, { approve: true }, ADMIN, at(3))).toMatchObject({ ok: false, error: { code: 'ACTIVITY.NOT_PENDING' } })
    const fixed = editDraft(returned.value.draft, form({ address: '环翠区青岛北路1号科技馆' }), at(3))
    expect(fixed.state).toBe('returned')
    const again = decideSubmit(fixed, at(4))
    if (!again.ok) throw new Error('resubmit refused')
    const approved = decideReview(again.value, { approve: true }, ADMIN, at(5))
    expect(approved).toMatchObject({ ok: true, value: { kind: 'approved', activity: { id: ID, status: 'published', confirmedCount: 0, nextSeq: 1, tags: ['science_tutor_training'], details: { address: '环翠区青岛北路1号科技馆', createdBy: ORG } } } })
  })
  it('takes an edited pending draft back to 草稿, and refuses submitting one whose start has passed', () => {
    const pending = { ...draft, state: 'pending' as const }
    expect(editDraft(pending, form(), at(1)).state).toBe('draft')
    expect(decideSubmit(draft, at(7 * 24 + 1))).toMatchObject({ ok: false, error: { code: 'ACTIVITY.IN_PAST' } })
  })
})

describe('after publishing', () => {
  const published = { ...publishedActivity(ID, form(), ORG, NOW), confirmedCount: 8 }
  it('tells the people signed up when the time or the place changes, and only then', () => {
    const later = decideActivityChange({ activity: published, change: form({ startAt: at(7 * 24 + 1), endAt: at(7 * 24 + 4) }), hasAttendance: false, now: at(1) })
    expect(later).toMatchObject({ ok: true, value: { notice: expect.stringContaining('时间改为'), activity: { startAt: at(7 * 24 + 1), details: { changeNotice: { at: at(1) } } } } })
    const described = decideActivityChange({ activity: published, change: form({ description: '新增实验环节' }), hasAttendance: false, now: at(1) })
    expect(described).toMatchObject({ ok: true, value: { notice: null, activity: { description: '新增实验环节' } } })
    expect(changeNoticeText(published, form({ place: '区青少年宫' }))).toBe('活动地点改为 区青少年宫（环翠区青岛北路1号）（原为 区科技馆报告厅）')
    expect(changeNoticeText(makeActivity({ startAt: shanghaiInstant(2026, 9, 9, 14), endAt: shanghaiInstant(2026, 9, 9, 16) }), { ...inputOf(makeActivity({ startAt: shanghaiInstant(2026, 9, 9, 14), endAt: shanghaiInstant(2026, 9, 9, 16) })), startAt: shanghaiInstant(2026, 9, 9, 15), endAt: shanghaiInstant(2026, 9, 9, 17) })).toBe(
      '活动时间改为 9月9日 15:00–17:00（原为 9月9日 14:00）',
    )
  })
  it('keeps the unit, and freezes time, place and plan attribution once anyone is checked in', () => {
    expect(decideActivityChange({ activity: published, change: form({ departmentCode: 'kx' }), hasAttendance: false, now: at(1) })).toMatchObject({ ok: true, value: { activity: { departmentCode: 'jiaoti' } } })
    expect(decideActivityChange({ activity: published, change: form({ tags: [] }), hasAttendance: true, now: at(1) })).toMatchObject({ ok: false, error: { code: 'ACTIVITY.HAS_ATTENDANCE' } })
    expect(decideActivityChange({ activity: published, change: form({ description: '补充说明' }), hasAttendance: true, now: at(1) }).ok).toBe(true)
    expect(decideActivityChange({ activity: published, change: form(), hasAttendance: false, now: at(7 * 24 + 5) })).toMatchObject({ ok: false, error: { code: 'ACTIVITY.ENDED' } })
  })
  it('cancels with a reason before the start and before any check-in, and cancels each open registration', () => {
    expect(decideActivityCancel({ activity: published, reason: '台', hasAttendance: false, now: at(1) })).toMatchObject({ ok: false, error: { code: 'ACTIVITY.CANCEL_REASON' } })
    expect(decideActivityCancel({ activity: published, reason: '台风预警', hasAttendance: true, now: at(1) })).toMatchObject({ ok: false, error: { code: 'ACTIVITY.STARTED' } })
    expect(decideActivityCancel({ activity: published, reason: '台风预警', hasAttendance: false, now: at(7 * 24) })).toMatchObject({ ok: false, error: { code: 'ACTIVITY.STARTED' } })
    const cancelled = decideActivityCancel({ activity: published, reason: '台风预警', hasAttendance: false, now: at(1) })
    expect(cancelled).toMatchObject({ ok: true, value: { status: 'cancelled', confirmedCount: 0, waitlistCount: 0, details: { cancelReason: '台风预警', cancelledAt: at(1) } } })
    if (!cancelled.ok) return
    expect(decideActivityCancel({ activity: cancelled.value, reason: '台风预警', hasAttendance: false, now: at(1) })).toMatchObject({ ok: false, error: { code: 'ACTIVITY.CANCELLED' } })
    expect(cancelRegistrationOf(makeRegistration(), at(1))).toMatchObject({ status: 'cancelled', cancelledAt: at(1) })
    expect(cancelRegistrationOf(makeRegistration({ status: 'cancelled' }), at(1))).toBeNull()
  })
  it('says the state in words', () => {
    expect(organizerState({ draft: newDraft(ID, form(), ORG, NOW) }, NOW)).toBe('draft')
    expect(organizerState({ activity: published }, at(1))).toBe('published')
    expect(organizerState({ activity: published }, at(7 * 24 + 1))).toBe('under_way')
    expect(organizerState({ activity: published }, at(7 * 24 + 4))).toBe('ended')
    expect(organizerState({ activity: { ...published, status: 'cancelled' } }, at(1))).toBe('cancelled')
  })
})

describe('a series of dates (重复活动)', () => {
  it('moves each next date by the interval, keeping the clock time in Shanghai and one sign-up opening', () => {
    const first = form({ startAt: shanghaiInstant(2026, 12, 8, 9, 30), endAt: shanghaiInstant(2026, 12, 8, 11, 30), signupClosesAt: shanghaiInstant(2026, 12, 8, 8, 30) })
    const r = seriesInputs(first, { count: 6, intervalDays: 7 })
    if (!r.ok) throw new Error(r.error.code)
    expect(r.value).toHaveLength(6)
    expect(r.value[0]).toBe(first)
    expect(r.value[5]).toEqual({ ...first, startAt: shanghaiInstant(2027, 1, 12, 9, 30), endAt: shanghaiInstant(2027, 1, 12, 11, 30), signupClosesAt: shanghaiInstant(2027, 1, 12, 8, 30) })
    expect(new Set(r.value.map((f) => f.signupOpensAt)).size).toBe(1)
    const fortnightly = seriesInputs(first, { count: 2, intervalDays: 14 })
    expect(fortnightly.ok && fortnightly.value[1].startAt).toBe(shanghaiInstant(2026, 12, 22, 9, 30))
  })

  it('refuses fewer than 2 or more than 12 dates and other intervals', () => {
    for (const repeat of [{ count: 1, intervalDays: 7 }, { count: 13, intervalDays: 7 }, { count: 3, intervalDays: 5 }] as const) {
      expect(seriesInputs(form(), repeat as never)).toMatchObject({ ok: false, error: { code: 'ACTIVITY.SERIES', field: 'repeat' } })
    }
  })
})

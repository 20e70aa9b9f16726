// Rules that used to be written in two or three places (handlers, pages, the offline console) and now
// live once in the domain: each is pinned here where it is decided.

import { hasSeatForNewcomer, seatsForNewcomer, waitlistOwedSeats } from '../../src/domain/activities/rules'
import { activityCode, deriveActivityKey, parseCode, slotAt } from '../../src/domain/checkin/codes'
import {
  attendanceSummary,
  checkInHeadline,
  closeAttendance,
  decideCheckIn,
  decideFromRoster,
  resolveScan,
  CLOCK_SKEW_TOLERANCE_MINUTES,
} from '../../src/domain/checkin/rules'
import { attendedFrom, courseProgress, decideCourseSignUp, lessonNumbersAttended } from '../../src/domain/courses/rules'
import { ERROR_MESSAGES } from '../../src/domain/errors'
import { BIRTH_YEAR_NOT_GIVEN, needsProxyConsent, newPerson } from '../../src/domain/persons/rules'
import { activityId, areaId, at, makeActivity, makePerson, makeRegistration, personId, userId } from '../support/factories'
import { courseActivities, lessonId, makeCourse, makeUpId } from '../support/course-factories'

const NOW = at(7 * 24) // the factory activity starts at at(7*24)

describe('the no-show rule and what a close comes to', () => {
  it('counts a checked-in registration as attended and any other as a no-show', () => {
    const closed = [makeRegistration({ checkedInAt: at(7 * 24) }), makeRegistration(), makeRegistration(), makeRegistration({ checkedInAt: at(7 * 24 + 1) })].map((r) => closeAttendance(r, NOW))
    expect(closed.map((r) => r.attendance)).toEqual(['attended', 'no_show', 'no_show', 'attended'])
    expect(attendanceSummary(closed)).toEqual({ attended: 2, noShow: 2, noShowRate: 0.5 })
  })
  it('reports a rate of 0 when nobody was confirmed', () => {
    expect(attendanceSummary([])).toEqual({ attended: 0, noShow: 0, noShowRate: 0 })
  })
})

describe('seats', () => {
  it('gives a newcomer no seat while anyone waits, and the seats left otherwise', () => {
    expect(seatsForNewcomer(makeActivity({ capacity: 30, confirmedCount: 28 }))).toBe(2)
    expect(seatsForNewcomer(makeActivity({ capacity: 30, confirmedCount: 28, waitlistCount: 1 }))).toBe(0)
    expect(seatsForNewcomer(makeActivity({ capacity: 30, confirmedCount: 31 }))).toBe(0)
    expect(hasSeatForNewcomer(makeActivity({ capacity: 30, confirmedCount: 29 }))).toBe(true)
  })
  it('owes free seats to the waitlist only when both exist', () => {
    expect(waitlistOwedSeats(makeActivity({ capacity: 30, confirmedCount: 29, waitlistCount: 2 }))).toBe(true)
    expect(waitlistOwedSeats(makeActivity({ capacity: 30, confirmedCount: 30, waitlistCount: 2 }))).toBe(false)
    expect(waitlistOwedSeats(makeActivity({ capacity: 30, confirmedCount: 10, waitlistCount: 0 }))).toBe(false)
  })
})

describe('the check-in headline', () => {
  it('says 签到成功 / 已签到, and 签退成功 / 已签退 for a check-out', () => {
    expect(checkInHeadline({ verdict: 'ok' })).toBe('签到成功')
    expect(checkInHeadline({ verdict: 'already', kind: 'in' })).toBe('已签到')
    expect(checkInHeadline({ verdict: 'ok', kind: 'out' })).toBe('签退成功')
    expect(checkInHeadline({ verdict: 'already', kind: 'out' })).toBe('已签退')
  })
  it('gives each refusal its short verdict, and a generic one for a code it does not know', () => {
    expect(checkInHeadline({ code: 'CHECKIN.WAITLISTED' })).toBe('候补中')
    expect(checkInHeadline({ code: 'CHECKIN.NOT_REGISTERED' })).toBe('未报名')
    expect(checkInHeadline({ code: 'CHECKIN.NOT_A_TICKET' })).toBe('不是参与人的票')
    expect(checkInHeadline({ code: 'SYSTEM.BUSY' })).toBe('签到失败')
  })
})

describe('the offline verdict beside decideCheckIn', () => {
  const activity = { ...makeActivity(), checkoutEnabled: true }
  const attempt = { kind: 'in' as const, method: 'roster' as const, at: NOW, nonce: 'nonce-0001', operatorId: userId('org'), deviceId: 'dev-1', reason: null }
  const online = (r: ReturnType<typeof makeRegistration>, kind: 'in' | 'out' = 'in') => {
    const d = decideCheckIn({ activity, registration: r, existing: null, attempt: { ...attempt, kind }, now: NOW })
    return d.ok ? d.value.verdict : d.error.code
  }
  const offline = (r: ReturnType<typeof makeRegistration>, kind: 'in' | 'out' = 'in') => {
    const d = decideFromRoster(r, activity, kind, NOW)
    return d.ok ? d.value.verdict : d.error.code
  }

  it.each([
    ['a confirmed registration', makeRegistration()],
    ['a cancelled one', makeRegistration({ status: 'cancelled' })],
    ['a waitlisted one', makeRegistration({ status: 'waitlisted' })],
  ])('refuses or accepts %s as the server does', (_name, r) => {
    expect(offline(r)).toBe(online(r))
  })
  it('answers 已签到 with the earlier time for someone checked in already', () => {
    expect(decideFromRoster(makeRegistration({ checkedInAt: at(7 * 24 - 1) }), activity, 'in', NOW)).toEqual({ ok: true, value: { verdict: 'already', at: at(7 * 24 - 1) } })
    expect(decideFromRoster(makeRegistration(), activity, 'in', NOW)).toEqual({ ok: true, value: { verdict: 'ok', at: NOW } })
  })
  it('refuses a check-out before the check-in, and keeps the first check-out time', () => {
    expect(offline(makeRegistration(), 'out')).toBe('CHECKIN.NOT_CHECKED_IN')
    expect(decideFromRoster(makeRegistration({ checkedInAt: at(7 * 24 - 1), checkedOutAt: at(7 * 24 + 1) }), activity, 'out', NOW)).toMatchObject({ value: { verdict: 'already', at: at(7 * 24 + 1) } })
  })
})

describe('refusal reasons with their own codes', () => {
  const key = deriveActivityKey(new Uint8Array(32).fill(7), activityId(1))
  it('tells an activity code scanned at the console from a forged ticket', () => {
    const code = parseCode(activityCode(key, activityId(1), slotAt(NOW)))
    expect(resolveScan(code, { activityId: activityId(1), activityKey: key, now: NOW })).toMatchObject({ ok: false, error: { code: 'CHECKIN.NOT_A_TICKET', message: ERROR_MESSAGES['CHECKIN.NOT_A_TICKET'] } })
  })
  it('tells a device clock running ahead from a scan outside the check-in window', () => {
    const ahead = new Date(Date.parse(NOW) + (CLOCK_SKEW_TOLERANCE_MINUTES + 1) * 60_000).toISOString()
    const attempt = { kind: 'in' as const, method: 'roster' as const, at: ahead, nonce: 'nonce-0002', operatorId: userId('org'), deviceId: 'dev-1', reason: null }
    expect(decideCheckIn({ activity: makeActivity(), registration: makeRegistration(), existing: null, attempt, now: NOW })).toMatchObject({ ok: false, error: { code: 'CHECKIN.CLOCK_AHEAD', field: 'at' } })
  })
  it('says a course, not an activity, was cancelled', () => {
    const course = makeCourse({ status: 'cancelled' })
    const lessons = courseActivities(course).slice(0, 4)
    const r = decideCourseSignUp({ course, lessons, existing: lessons.map(() => null), person: makePerson(), actorId: userId('daughter'), now: at(1) })
    expect(r).toMatchObject({ ok: false, error: { code: 'COURSE.CANCELLED', field: 'courseId', message: '系列课程已取消' } })
  })
  it('has a message, distinct from every other, for each code', () => {
    const messages = Object.values(ERROR_MESSAGES)
    expect(new Set(messages).size).toBe(messages.length)
  })
})

describe('a person, once', () => {
  it('is created with no card, dated now, and nothing else from the request', () => {
    const request = { name: '孙大爷', birthYear: BIRTH_YEAR_NOT_GIVEN, targetGroup: 'senior' as const, areaId: areaId(1), phone: null, nonce: 'n', deviceId: 'd' }
    const p = newPerson({ id: personId('walk'), ownerId: userId('org'), isSelf: false, guardianConsentAt: null, ...request }, NOW)
    expect(p).toEqual({ id: personId('walk'), ownerId: userId('org'), isSelf: false, name: '孙大爷', birthYear: 0, targetGroup: 'senior', areaId: areaId(1), phone: null, guardianConsentAt: null, cardVersion: 0, createdAt: NOW, updatedAt: NOW })
  })
  it('needs its own agreement to be managed by proxy from 14 years on, not for oneself or a child', () => {
    const now = '2026-12-01T02:00:00.000Z'
    expect(needsProxyConsent({ isSelf: false, birthYear: 1950 }, now)).toBe(true)
    expect(needsProxyConsent({ isSelf: false, birthYear: 2012 }, now)).toBe(true)
    expect(needsProxyConsent({ isSelf: false, birthYear: 2013 }, now)).toBe(false)
    expect(needsProxyConsent({ isSelf: true, birthYear: 1950 }, now)).toBe(false)
  })
})

describe('a person’s attended lessons', () => {
  const course = makeCourse()
  const withMakeUp = makeCourse({ lessons: [...course.lessons, { lesson: 2, activityId: makeUpId(course.id, 1), title: '补课', makeUp: true }] })
  const reg = (activity: ReturnType<typeof lessonId>, over: Parameters<typeof makeRegistration>[0] = {}) => makeRegistration({ activityId: activity, ...over })

  it('takes the confirmed registrations with a check-in, skipping gaps', () => {
    const regs = [reg(lessonId(course.id, 1), { checkedInAt: at(1) }), null, reg(lessonId(course.id, 3)), reg(lessonId(course.id, 4), { status: 'cancelled', checkedInAt: at(2) })]
    expect(attendedFrom(regs)).toEqual([{ activityId: lessonId(course.id, 1), at: at(1) }])
  })
  it('lists the lessons attended in order, a make-up for its lesson and each lesson once', () => {
    const attended = attendedFrom([reg(lessonId(withMakeUp.id, 3), { checkedInAt: at(3) }), reg(makeUpId(withMakeUp.id, 1), { checkedInAt: at(4) }), reg(lessonId(withMakeUp.id, 2), { checkedInAt: at(2) })])
    expect(lessonNumbersAttended(withMakeUp, attended)).toEqual([2, 3])
    expect(courseProgress(withMakeUp, attended).attended).toBe(2)
  })
})

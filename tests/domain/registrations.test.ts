import { decideCancel, decidePromotion, decideSignUp, isCancellable, statusLabel } from '../../src/domain/registrations/rules'
import { signupWindowState, availability } from '../../src/domain/activities/rules'
import type { UserId } from '../../src/domain/ids'
import { at, makeActivity, makePerson, makeRegistration } from '../support/factories'

const NOW = at(2)
const owner = 'usr-0001' as UserId

describe('signupWindowState', () => {
  it('is not_open before the window, open inside it, closed after it or once the activity starts', () => {
    const a = makeActivity({ signupOpensAt: at(0), signupClosesAt: at(100), startAt: at(50) })
    expect(signupWindowState(a, at(-0.001))).toBe('not_open')
    expect(signupWindowState(a, NOW)).toBe('open')
    expect(signupWindowState(a, at(50))).toBe('closed')
    expect(signupWindowState({ ...a, status: 'cancelled' }, NOW)).toBe('cancelled')
  })
})

describe('decideSignUp', () => {
  const person = makePerson({ ownerId: owner })
  const signUp = (activity = makeActivity(), existing: ReturnType<typeof makeRegistration> | null = null) =>
    decideSignUp({ activity, person, existing, actorId: owner, now: NOW })

  it('confirms while seats are left and counts the seat', () => {
    const r = signUp(makeActivity({ capacity: 30, confirmedCount: 29 }))
    expect(r.ok && r.value.registration.status).toBe('confirmed')
    expect(r.ok && r.value.activity.confirmedCount).toBe(30)
    expect(r.ok && availability(r.value.activity)).toBe('waitlist')
  })

  it('puts the 31st applicant on the waitlist with the next sequence number', () => {
    const r = signUp(makeActivity({ capacity: 30, confirmedCount: 30, waitlistLimit: 10, nextSeq: 42 }))
    expect(r.ok && r.value.registration.status).toBe('waitlisted')
    expect(r.ok && r.value.registration.seq).toBe(42)
    expect(r.ok && r.value.activity).toMatchObject({ confirmedCount: 30, waitlistCount: 1, nextSeq: 43 })
  })

  it('refuses when full and the activity has no waitlist', () => {
    const r = signUp(makeActivity({ capacity: 30, confirmedCount: 30, waitlistLimit: 0 }))
    expect(!r.ok && r.error.code).toBe('REGISTRATION.FULL')
  })

  it('refuses when the waitlist is full too', () => {
    const r = signUp(makeActivity({ capacity: 5, confirmedCount: 5, waitlistLimit: 2, waitlistCount: 2 }))
    expect(!r.ok && r.error.code).toBe('REGISTRATION.FULL')
  })

  it('does not let a newcomer take a free seat while others wait', () => {
    const r = signUp(makeActivity({ capacity: 5, confirmedCount: 4, waitlistLimit: 5, waitlistCount: 1 }))
    expect(r.ok && r.value.registration.status).toBe('waitlisted')
  })

  it('refuses a duplicate but allows signing up again after cancelling', () => {
    const active = makeRegistration({ status: 'confirmed' })
    expect(!signUp(makeActivity(), active).ok && signUp(makeActivity(), active)).toMatchObject({ error: { code: 'REGISTRATION.DUPLICATE' } })
    const again = signUp(makeActivity(), makeRegistration({ status: 'cancelled', createdAt: at(-100) }))
    expect(again.ok && again.value.registration).toMatchObject({ status: 'confirmed', createdAt: at(-100), cancelledAt: null })
  })

  it.each([
    ['REGISTRATION.NOT_OPEN', { signupOpensAt: at(24) }],
    ['REGISTRATION.CLOSED', { signupClosesAt: at(1) }],
    ['REGISTRATION.CLOSED', { startAt: at(1.5) }],
    ['ACTIVITY.CANCELLED', { status: 'cancelled' as const }],
  ])('answers %s', (code, overrides) => {
    const r = signUp(makeActivity(overrides))
    expect(!r.ok && r.error.code).toBe(code)
  })

  it('answers ACTIVITY.NOT_FOUND for a missing activity', () => {
    const r = decideSignUp({ activity: null, person, existing: null, actorId: owner, now: NOW })
    expect(!r.ok && r.error.code).toBe('ACTIVITY.NOT_FOUND')
  })

  it('credits the person and records who signed them up', () => {
    const parent = makePerson({ ownerId: 'child-account' as UserId })
    const r = decideSignUp({ activity: makeActivity(), person: parent, existing: null, actorId: 'child-account' as UserId, now: NOW })
    expect(r.ok && r.value.registration).toMatchObject({ personId: parent.id, ownerId: 'child-account', createdBy: 'child-account' })
  })
})

describe('decideCancel', () => {
  const activity = makeActivity({ confirmedCount: 10, waitlistCount: 2 })
  const cancel = (registration = makeRegistration({ ownerId: owner }), actorId: UserId = owner, actorIsAdmin = false, a = activity) =>
    decideCancel({ registration, activity: a, actorId, actorIsAdmin, now: NOW })

  it('frees a confirmed seat', () => {
    const r = cancel()
    expect(r.ok && r.value.activity.confirmedCount).toBe(9)
    expect(r.ok && r.value.registration).toMatchObject({ status: 'cancelled', cancelledAt: NOW })
  })
  it('shortens the waitlist when a waitlisted registration is cancelled', () => {
    const r = cancel(makeRegistration({ ownerId: owner, status: 'waitlisted' }))
    expect(r.ok && r.value.activity).toMatchObject({ confirmedCount: 10, waitlistCount: 1 })
  })
  it("refuses to cancel someone else's registration", () => {
    expect(cancel(makeRegistration({ ownerId: 'other' as UserId }))).toMatchObject({ ok: false, error: { code: 'REGISTRATION.NOT_YOURS' } })
  })
  it('lets an admin cancel on behalf of a resident', () => {
    expect(cancel(makeRegistration({ ownerId: 'other' as UserId }), 'admin-1' as UserId, true).ok).toBe(true)
  })
  it('refuses twice-cancelled and started activities', () => {
    expect(cancel(makeRegistration({ ownerId: owner, status: 'cancelled' }))).toMatchObject({ error: { code: 'REGISTRATION.ALREADY_CANCELLED' } })
    expect(cancel(undefined, owner, false, makeActivity({ startAt: at(1) }))).toMatchObject({ error: { code: 'REGISTRATION.ACTIVITY_STARTED' } })
  })
  it('answers REGISTRATION.NOT_FOUND when nothing is there', () => {
    expect(decideCancel({ registration: null, activity: null, actorId: owner, actorIsAdmin: false, now: NOW })).toMatchObject({ error: { code: 'REGISTRATION.NOT_FOUND' } })
  })
})

describe('decidePromotion', () => {
  it('moves the head of the waitlist into a free seat', () => {
    const t = decidePromotion({ activity: makeActivity({ capacity: 10, confirmedCount: 9, waitlistCount: 3 }), candidate: makeRegistration({ status: 'waitlisted' }), now: NOW })
    expect(t?.registration).toMatchObject({ status: 'confirmed', promotedAt: NOW })
    expect(t?.activity).toMatchObject({ confirmedCount: 10, waitlistCount: 2 })
  })
  it('promotes nobody when no seat is free, the candidate is no longer waiting, or the activity started', () => {
    const waiting = makeRegistration({ status: 'waitlisted' })
    expect(decidePromotion({ activity: makeActivity({ capacity: 10, confirmedCount: 10, waitlistCount: 1 }), candidate: waiting, now: NOW })).toBeNull()
    expect(decidePromotion({ activity: makeActivity({ confirmedCount: 0, waitlistCount: 1 }), candidate: makeRegistration({ status: 'confirmed' }), now: NOW })).toBeNull()
    expect(decidePromotion({ activity: makeActivity({ confirmedCount: 0, waitlistCount: 1, startAt: at(1) }), candidate: waiting, now: NOW })).toBeNull()
    expect(decidePromotion({ activity: makeActivity({ confirmedCount: 0 }), candidate: null, now: NOW })).toBeNull()
  })
})

describe('availability and cancellability', () => {
  it('offers the waitlist, not a seat, while others wait for a freed seat', () => {
    expect(availability(makeActivity({ capacity: 5, confirmedCount: 4, waitlistCount: 0 }))).toBe('available')
    expect(availability(makeActivity({ capacity: 5, confirmedCount: 4, waitlistCount: 1 }))).toBe('waitlist')
    expect(availability(makeActivity({ capacity: 5, confirmedCount: 5, waitlistLimit: 1, waitlistCount: 1 }))).toBe('full')
  })
  it('lets a live registration be cancelled until the activity starts', () => {
    const a = makeActivity({ startAt: at(10) })
    expect(isCancellable(makeRegistration(), a, at(9))).toBe(true)
    expect(isCancellable(makeRegistration(), a, at(10))).toBe(false)
    expect(isCancellable(makeRegistration({ status: 'cancelled' }), a, at(9))).toBe(false)
  })
})

describe('statusLabel', () => {
  it('shows the waitlist position', () => {
    expect(statusLabel('waitlisted', 3)).toBe('候补第3位')
    expect(statusLabel('confirmed', null)).toBe('已报名')
    expect(statusLabel('cancelled', null)).toBe('已取消')
  })
})

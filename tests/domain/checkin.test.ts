import {
  activityCode,
  activityScene,
  cardCode,
  cardDigest,
  cardMacValid,
  deriveActivityKey,
  fromBase64url,
  base64url,
  formatCode,
  parseCode,
  slotAt,
  ticketCode,
  SLOT_SECONDS,
} from '../../src/domain/checkin/codes'
import {
  consoleCounts,
  decideCheckIn,
  decideRedeemInvite,
  decideWalkIn,
  finalizeAttendance,
  matchesRoster,
  mayCheckIn,
  resolveActivityCode,
  resolveScan,
  DUPLICATES_KEPT_MAX,
  type CheckInAttempt,
} from '../../src/domain/checkin/rules'
import type { ActivityId, PersonId, RegistrationId, UserId } from '../../src/domain/ids'
import { activityId, at, makeActivity, makeRegistration, makeUser, personId, userId } from '../support/factories'

const MASTER = new Uint8Array(32).fill(7)
const A = activityId(1)
const KEY = deriveActivityKey(MASTER, A)
const REG = makeRegistration()
const NOW = at(7 * 24) // the factory activity starts at at(7*24)
const slot = slotAt(NOW)
const SLOT_MS = SLOT_SECONDS * 1000
const later = (slots: number) => new Date(Date.parse(NOW) + slots * SLOT_MS).toISOString()

describe('codes', () => {
  it('round-trips base64url', () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 251, 252, 253])
    expect(fromBase64url(base64url(bytes))).toEqual(bytes)
    expect(fromBase64url('a')).toBeNull()
    expect(fromBase64url('a+b/')).toBeNull()
  })

  it('accepts a ticket in its slot and one either side, and calls it expired after that', () => {
    const code = parseCode(ticketCode(KEY, A, REG.id, slot))
    for (const s of [-1, 0, 1]) expect(resolveScan(code, { activityId: A, activityKey: KEY, now: later(s) })).toEqual({ ok: true, value: { kind: 'ticket', registrationId: REG.id } })
    expect(resolveScan(code, { activityId: A, activityKey: KEY, now: later(2) })).toMatchObject({ error: { code: 'CHECKIN.EXPIRED' } })
    expect(resolveScan(code, { activityId: A, activityKey: KEY, now: later(-2) })).toMatchObject({ error: { code: 'CHECKIN.EXPIRED' } })
  })

  it('refuses a ticket for another activity, a forged MAC and a ticket signed with another key', () => {
    const other = activityId(2)
    expect(resolveScan(parseCode(ticketCode(deriveActivityKey(MASTER, other), other, REG.id, slot)), { activityId: A, activityKey: KEY, now: NOW })).toMatchObject({ error: { code: 'CHECKIN.WRONG_ACTIVITY' } })
    const genuine = ticketCode(KEY, A, REG.id, slot)
    const forged = genuine.slice(0, -1) + (genuine.endsWith('A') ? 'B' : 'A')
    expect(resolveScan(parseCode(forged), { activityId: A, activityKey: KEY, now: NOW })).toMatchObject({ error: { code: 'CHECKIN.INVALID_CODE' } })
    const otherKey = deriveActivityKey(new Uint8Array(32).fill(8), A)
    expect(resolveScan(parseCode(ticketCode(otherKey, A, REG.id, slot)), { activityId: A, activityKey: KEY, now: NOW })).toMatchObject({ error: { code: 'CHECKIN.INVALID_CODE' } })
    expect(resolveScan(parseCode('hello'), { activityId: A, activityKey: KEY, now: NOW })).toMatchObject({ error: { code: 'CHECKIN.INVALID_CODE' } })
  })

  it('checks card MACs with the master key, and recognises a card offline only by its digest', () => {
    const p = personId(1)
    const code = cardCode(MASTER, p, 3)
    const parsed = parseCode(code)
    expect(parsed).toMatchObject({ kind: 'card', personId: p, version: 3 })
    expect(cardMacValid(MASTER, parsed as never)).toBe(true)
    expect(cardMacValid(new Uint8Array(32), parsed as never)).toBe(false)
    expect(cardDigest(code)).not.toEqual(cardDigest(cardCode(MASTER, p, 4)))
    expect(cardDigest(code)).not.toContain(code.split('.').pop())
  })

  it('fits the activity code into a 32-character weapp scene, and reads it back from a scene or a link', () => {
    const code = activityCode(KEY, A, slot)
    const parsed = parseCode(code)!
    const scene = activityScene(parsed as never)!
    expect(scene.length).toBeLessThanOrEqual(32)
    expect(parseCode(scene)).toEqual(parsed)
    expect(parseCode(`http://127.0.0.1/#/pages/checkin/index?c=${encodeURIComponent(code)}`)).toEqual(parsed)
    expect(resolveActivityCode(parseCode(scene), () => KEY, NOW)).toEqual({ ok: true, value: A })
    expect(resolveActivityCode(parseCode(scene), () => KEY, later(3))).toMatchObject({ error: { code: 'CHECKIN.EXPIRED' } })
    expect(resolveActivityCode(parseCode(ticketCode(KEY, A, REG.id, slot)), () => KEY, NOW)).toMatchObject({ error: { code: 'CHECKIN.NOT_ACTIVITY_CODE' } })
    expect(resolveActivityCode(parseCode('hello'), () => KEY, NOW)).toMatchObject({ error: { code: 'CHECKIN.INVALID_CODE' } })
  })
})

describe('code spellings', () => {
  const ticket = ticketCode(KEY, A, REG.id, slot)
  const card = cardCode(MASTER, personId(1), 1)
  const activity = activityCode(KEY, A, slot)

  it('accepts only the canonical spelling of a ticket, card or activity code', () => {
    for (const code of [ticket, card, activity]) expect(formatCode(parseCode(code)!)).toBe(code)
    const zeroSlot = ticket.replace(`.${slot}.`, `.0${slot}.`)
    expect(parseCode(zeroSlot)).toBeNull()
    expect(resolveScan(parseCode(zeroSlot), { activityId: A, activityKey: KEY, now: NOW })).toMatchObject({ error: { code: 'CHECKIN.INVALID_CODE' } })
    expect(parseCode(card.replace('.1.', '.01.'))).toBeNull()
    expect(parseCode(activity.replace(`.${slot}.`, `.00${slot}.`))).toBeNull()
    expect(parseCode(`http://127.0.0.1/#/pages/checkin/index?c=${encodeURIComponent(zeroSlot)}`)).toBeNull()
  })

  it('accepts only the canonical weapp scene', () => {
    const scene = activityScene(parseCode(activity) as never)!
    expect(parseCode(scene)).toMatchObject({ kind: 'activity', slot })
    expect(parseCode(`0${scene}`)).toBeNull()
  })
})

describe('decideCheckIn', () => {
  const activity = makeActivity({ checkoutEnabled: true })
  const attempt = (over: Partial<CheckInAttempt> = {}): CheckInAttempt => ({ kind: 'in', method: 'ticket', at: NOW, nonce: 'nonce-0001', operatorId: userId('org'), deviceId: 'dev-a', reason: null, ...over })
  const decide = (over: Partial<CheckInAttempt> = {}, existing: any = null, registration: any = REG) => decideCheckIn({ activity, registration, existing, attempt: attempt(over), now: NOW })

  it('checks a confirmed registration in and marks it attended', () => {
    const r = decide()
    expect(r.ok && r.value).toMatchObject({ verdict: 'ok', unchanged: false, registration: { attendance: 'attended', checkedInAt: NOW } })
  })
  it('answers 已签到 without writing when the same nonce comes again', () => {
    const first = decide()
    const again = decide({}, first.ok && first.value.checkIn)
    expect(again.ok && again.value).toMatchObject({ verdict: 'already', unchanged: true, conflict: false })
  })
  it('keeps the earliest of two devices and reports the other', () => {
    const late = decide({ nonce: 'nonce-late', at: later(4), deviceId: 'dev-b' })
    const early = decide({ nonce: 'nonce-early', at: later(1), deviceId: 'dev-a' }, late.ok && late.value.checkIn)
    expect(early.ok && early.value).toMatchObject({ verdict: 'already', conflict: true, checkIn: { nonce: 'nonce-early', at: later(1) }, registration: { checkedInAt: later(1) } })
    expect(early.ok && early.value.checkIn.duplicates).toEqual([{ nonce: 'nonce-late', at: later(4), operatorId: userId('org'), deviceId: 'dev-b' }])
  })
  it('keeps the latest check-out, for training hours', () => {
    const checkedIn = makeRegistration({ checkedInAt: NOW, attendance: 'attended' })
    const first = decide({ kind: 'out', nonce: 'out-1', at: later(1) }, null, checkedIn)
    const second = decide({ kind: 'out', nonce: 'out-2', at: later(2) }, first.ok && first.value.checkIn, checkedIn)
    expect(second.ok && second.value.registration.checkedOutAt).toBe(later(2))
  })
  it('never changes a record when a scan whose duplicate was dropped is replayed', () => {
    let current: any = null
    const nonces = Array.from({ length: DUPLICATES_KEPT_MAX + 5 }, (_, i) => `nonce-${2000 + i}`)
    nonces.forEach((nonce, i) => {
      const r = decide({ nonce, at: later(i) }, current)
      current = r.ok && r.value.checkIn
    })
    for (const [i, nonce] of nonces.entries()) expect(decide({ nonce, at: later(i) }, current)).toMatchObject({ ok: true, value: { unchanged: true } })
  })
  it(`keeps at most ${DUPLICATES_KEPT_MAX} duplicates`, () => {
    let current: any = null
    for (let i = 0; i < 25; i++) {
      const r = decide({ nonce: `nonce-${1000 + i}`, at: later(i % 5) }, current)
      current = r.ok && r.value.checkIn
    }
    expect(current.duplicates).toHaveLength(DUPLICATES_KEPT_MAX)
    expect(current.at).toBe(NOW)
  })
  it.each([
    ['a cancelled ticket', { registration: makeRegistration({ status: 'cancelled' }) }, 'CHECKIN.CANCELLED'],
    ['a waitlisted person', { registration: makeRegistration({ status: 'waitlisted' }) }, 'CHECKIN.WAITLISTED'],
    ['nobody', { registration: null }, 'CHECKIN.NOT_REGISTERED'],
    ['a day early', { at: at(6 * 24) }, 'CHECKIN.OUTSIDE_WINDOW'],
    ['a check-out before the check-in', { kind: 'out' as const }, 'CHECKIN.NOT_CHECKED_IN'],
  ])('refuses %s', (_name, over: any, code) => {
    const registration = 'registration' in over ? over.registration : REG
    const r = decideCheckIn({ activity, registration, existing: null, attempt: attempt(over), now: NOW })
    expect(!r.ok && r.error.code).toBe(code)
  })
  it('refuses a check-out where the activity records none', () => {
    const r = decideCheckIn({ activity: makeActivity(), registration: makeRegistration({ checkedInAt: NOW }), existing: null, attempt: attempt({ kind: 'out' }), now: NOW })
    expect(!r.ok && r.error.code).toBe('CHECKIN.CHECKOUT_DISABLED')
  })
})

describe('attendance, scope and invites', () => {
  it('counts the console and finalises no-shows', () => {
    const regs = [makeRegistration({ checkedInAt: NOW }), makeRegistration({ personId: personId(2) }), makeRegistration({ personId: personId(3), status: 'waitlisted' }), makeRegistration({ personId: personId(4), status: 'cancelled' })]
    expect(consoleCounts(regs)).toEqual({ registered: 2, checkedIn: 1, waitlisted: 1, absent: 1 })
    const f = finalizeAttendance(regs, NOW)
    expect(f.updated.map((r) => r.attendance)).toEqual(['attended', 'no_show'])
    expect(f.noShowRate).toBe(0.5)
  })
  it('lets organizers of the unit, admins and invited scanners in their window operate a console', () => {
    const a = makeActivity({ departmentCode: 'kx' })
    expect(mayCheckIn(makeUser({ role: 'organizer', departmentCode: 'kx' }), a, [], NOW, [])).toBe(true)
    expect(mayCheckIn(makeUser({ role: 'organizer', departmentCode: 'nongye' }), a, [], NOW, [])).toBe(false)
    expect(mayCheckIn(makeUser({ role: 'admin' }), a, [], NOW, [])).toBe(true)
    const volunteer = makeUser({ id: userId('vol') })
    const organizer = makeUser({ id: userId('org'), role: 'organizer', departmentCode: 'kx' })
    const grant = { id: 'g1', userId: volunteer.id, activityIds: [a.id], validFrom: at(0), validTo: at(7 * 24 + 5), createdBy: organizer.id, createdAt: at(0) }
    expect(mayCheckIn(volunteer, a, [grant], NOW, [organizer])).toBe(true)
    expect(mayCheckIn(volunteer, a, [grant], at(7 * 24 + 6), [organizer])).toBe(false)
    expect(mayCheckIn(volunteer, makeActivity({ id: activityId(9) }), [grant], NOW, [organizer])).toBe(false)
  })
  it('stops a scanner grant once its creator no longer organizes the activity’s unit', () => {
    const a = makeActivity({ departmentCode: 'kx' })
    const volunteer = makeUser({ id: userId('vol') })
    const grant = { id: 'g1', userId: volunteer.id, activityIds: [a.id], validFrom: at(0), validTo: at(7 * 24 + 5), createdBy: userId('org'), createdAt: at(0) }
    const organizer = makeUser({ id: userId('org'), role: 'organizer', departmentCode: 'kx' })
    expect(mayCheckIn(volunteer, a, [grant], NOW, [organizer])).toBe(true)
    // Revoked (a resident again), moved to another unit, or gone: the grant is void.
    expect(mayCheckIn(volunteer, a, [grant], NOW, [makeUser({ id: organizer.id, role: 'resident' })])).toBe(false)
    expect(mayCheckIn(volunteer, a, [grant], NOW, [{ ...organizer, departmentCode: 'nongye' as const }])).toBe(false)
    expect(mayCheckIn(volunteer, a, [grant], NOW, [])).toBe(false)
    // Someone else's account with rights does not stand in for the creator.
    expect(mayCheckIn(volunteer, a, [grant], NOW, [makeUser({ id: userId('other-org'), role: 'organizer', departmentCode: 'kx' })])).toBe(false)
    // A grant an admin made holds while they are an admin.
    expect(mayCheckIn(volunteer, a, [grant], NOW, [makeUser({ id: organizer.id, role: 'admin' })])).toBe(true)
  })
  it('redeems an invite once', () => {
    const invite = { id: 'ABCD2345', activityIds: [A], validFrom: at(0), validTo: at(10), createdBy: userId('org'), createdAt: at(0), redeemedBy: null, redeemedAt: null }
    const inviter = { creator: makeUser({ id: userId('org'), role: 'organizer', departmentCode: 'kx' }), activities: [makeActivity({ id: A, departmentCode: 'kx' })] }
    const r = decideRedeemInvite(invite, userId('vol'), at(1), 'grant-1', inviter)
    expect(r.ok && r.value.grant).toMatchObject({ userId: userId('vol'), activityIds: [A] })
    const used = r.ok ? r.value.invite : invite
    expect(decideRedeemInvite(used, userId('vol'), at(2), 'grant-2', inviter)).toMatchObject({ error: { code: 'INVITE.ALREADY_USED' } })
    expect(decideRedeemInvite(used, userId('other'), at(2), 'grant-2', inviter)).toMatchObject({ error: { code: 'INVITE.USED_BY_OTHER' } })
    expect(decideRedeemInvite(invite, userId('vol'), at(11), 'grant-3', inviter)).toMatchObject({ error: { code: 'INVITE.EXPIRED' } })
    expect(decideRedeemInvite(null, userId('vol'), at(1), 'grant-4', inviter)).toMatchObject({ error: { code: 'INVITE.INVALID' } })
  })
  it('refuses an unredeemed scanner invite whose creator no longer organizes all its activities', () => {
    const B = activityId(2)
    const invite = { id: 'ABCD2345', activityIds: [A, B], validFrom: at(0), validTo: at(10), createdBy: userId('org'), createdAt: at(0), redeemedBy: null, redeemedAt: null }
    const activities = [makeActivity({ id: A, departmentCode: 'kx' }), makeActivity({ id: B, departmentCode: 'kx' })]
    const organizer = makeUser({ id: userId('org'), role: 'organizer', departmentCode: 'kx' })
    expect(decideRedeemInvite(invite, userId('vol'), at(1), 'g', { creator: organizer, activities }).ok).toBe(true)
    const refused = { ok: false, error: { code: 'INVITE.INVITER_REVOKED', message: '邀请人已不再负责这些活动，邀请码已失效' } }
    expect(decideRedeemInvite(invite, userId('vol'), at(1), 'g', { creator: { ...organizer, role: 'resident' }, activities })).toMatchObject(refused)
    expect(decideRedeemInvite(invite, userId('vol'), at(1), 'g', { creator: null, activities })).toMatchObject(refused)
    // One of its activities moved to another unit, or is gone.
    expect(decideRedeemInvite(invite, userId('vol'), at(1), 'g', { creator: organizer, activities: [activities[0], { ...activities[1], departmentCode: 'nongye' }] })).toMatchObject(refused)
    expect(decideRedeemInvite(invite, userId('vol'), at(1), 'g', { creator: organizer, activities: [activities[0]] })).toMatchObject(refused)
  })
  it('seats walk-ins while seats remain, and self walk-ins only where allowed', () => {
    const base = { personId: 'per-walk' as PersonId, ownerId: 'usr-org' as UserId, actorId: 'usr-org' as UserId, existing: null, now: NOW }
    const r = decideWalkIn({ ...base, activity: makeActivity({ capacity: 2, confirmedCount: 1 }), byOrganizer: true })
    expect(r.ok && r.value.registration).toMatchObject({ status: 'confirmed', walkIn: true })
    expect(r.ok && r.value.activity.confirmedCount).toBe(2)
    expect(decideWalkIn({ ...base, activity: makeActivity({ capacity: 2, confirmedCount: 2 }), byOrganizer: true })).toMatchObject({ error: { code: 'CHECKIN.WALK_IN_FULL' } })
    expect(decideWalkIn({ ...base, activity: makeActivity(), byOrganizer: false })).toMatchObject({ error: { code: 'CHECKIN.WALK_IN_NOT_ALLOWED' } })
    expect(decideWalkIn({ ...base, activity: makeActivity({ walkInsAllowed: true }), byOrganizer: false }).ok).toBe(true)
  })
  it('finds roster entries by name, phone tail or registration id', () => {
    const e = { name: '赵桂英', phoneLast4: '5678', registrationId: 'reg-1' as RegistrationId as string }
    expect(matchesRoster(e, '桂英')).toBe(true)
    expect(matchesRoster(e, '5678')).toBe(true)
    expect(matchesRoster(e, 'reg-1')).toBe(true)
    expect(matchesRoster(e, 'KP1.T.act-1.reg-1.123.abcdefghijklmnop')).toBe(true)
    expect(matchesRoster(e, '1234')).toBe(false)
  })
})


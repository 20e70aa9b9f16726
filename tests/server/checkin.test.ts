// Check-in through the real gateway on a temporary SQLite file: scanning, repeats, roster ticks,
// walk-ins, scanners, the activity code, offline sync and finalising.
import { deriveActivityKey, slotAt, ticketCode, cardCode } from '../../src/domain/checkin/codes'
import { patchRoster } from '../../src/domain/checkin/rules'
import type { ActivityId, RegistrationId } from '../../src/domain/ids'
import { startHarness, TEST_SIGNING_KEY, type Harness } from '../support/server-harness'
import { buildWorld, WORLD } from '../support/world'
import { at, makeUser, userId } from '../support/factories'

const U = WORLD.users
const P = WORLD.persons
const A = WORLD.activities
const START = at(7 * 24) // WORLD activities start a week after T0
const ticketFor = (activityId: ActivityId, registrationId: RegistrationId, now = START) =>
  ticketCode(deriveActivityKey(TEST_SIGNING_KEY, activityId), activityId, registrationId, slotAt(now))
let n = 0
const nonce = () => `nonce-${String(++n).padStart(6, '0')}`
const dev = 'device-01'

describe('check-in through the gateway', () => {
  let h: Harness
  let regMother: RegistrationId
  let regSelf: RegistrationId
  beforeEach(async () => {
    h = await startHarness(at(1))
    await buildWorld(h.store)
    regMother = (await h.call('registrations', 'signUp', { activityId: A.open, personId: P.residentMother }, U.resident)).data.id
    regSelf = (await h.call('registrations', 'signUp', { activityId: A.open, personId: P.resident }, U.resident)).data.id
    h.setNow(START)
  })
  afterEach(() => h.close())

  const scan = (code: string, as = U.organizer, extra: object = {}) => h.call('checkin', 'scan', { activityId: A.open, code, nonce: nonce(), deviceId: dev, ...extra }, as)

  it('checks a ticket in, answers 已签到 with time and operator the second time, and counts it once', async () => {
    const first = await scan(ticketFor(A.open, regMother))
    expect(first).toMatchObject({ ok: true, data: { verdict: 'ok', headline: '签到成功', name: '赵桂英', targetGroup: 'senior' } })
    const again = await scan(ticketFor(A.open, regMother))
    expect(again).toMatchObject({ ok: true, data: { verdict: 'already', headline: '已签到', at: START, operatorName: '张三' } })
    const c = await h.call('checkin', 'console', { activityId: A.open }, U.organizer)
    expect(c.data.counts).toEqual({ registered: 2, checkedIn: 1, waitlisted: 0, absent: 1 })
    expect(c.data.roster.find((r: any) => r.registrationId === regMother)).toMatchObject({ checkedInAt: START, method: 'ticket' })
  })

  it('answers each check-in with the roster entry it changed: the console patched with it equals the console read again', async () => {
    const before = (await h.call('checkin', 'console', { activityId: A.open }, U.organizer)).data
    for (const attempt of [() => scan(ticketFor(A.open, regMother)), () => scan(ticketFor(A.open, regMother)), () => h.call('checkin', 'tick', { activityId: A.open, registrationId: regSelf, reason: '忘带手机', nonce: nonce(), deviceId: dev }, U.organizer)]) {
      const reply = await attempt()
      expect(reply.ok).toBe(true)
      const patched = patchRoster(before.roster, reply.data.entry)!
      const after = (await h.call('checkin', 'console', { activityId: A.open }, U.organizer)).data
      expect(JSON.stringify(patched)).toBe(JSON.stringify({ roster: after.roster, counts: after.counts }))
      before.roster = after.roster
    }
    expect(before.roster.find((r: any) => r.registrationId === regSelf)).toMatchObject({ method: 'roster', checkedInBy: '张三' })
    expect(patchRoster(before.roster, { ...before.roster[0], registrationId: 'reg-not-listed' as RegistrationId })).toBeNull()
  })

  it('shows the resident their own and their family’s tickets, which the console accepts', async () => {
    const mine = await h.call('checkin', 'myTickets', {}, U.resident)
    expect(mine.data.tickets.map((t: any) => t.personName).sort()).toEqual(['resident本人', '赵桂英'].sort())
    const t = mine.data.tickets.find((x: any) => x.personName === '赵桂英')
    expect((await scan(t.code)).data.verdict).toBe('ok')
  })

  it.each([
    ['an expired ticket', () => ticketFor(A.open, 'reg-x' as RegistrationId, at(7 * 24 - 1)), 'CHECKIN.EXPIRED'],
    ['a ticket for another activity', () => ticketFor(A.small, 'reg-x' as RegistrationId), 'CHECKIN.WRONG_ACTIVITY'],
    ['garbage', () => 'not a code', 'CHECKIN.INVALID_CODE'],
    ['a forged card', () => cardCode(new Uint8Array(32), P.resident, 1), 'CHECKIN.INVALID_CODE'],
  ])('refuses %s and writes nothing', async (_name, make, code) => {
    const before = h.snapshot()
    expect(await scan(make())).toMatchObject({ ok: false, error: { code } })
    expect(h.snapshot()).toBe(before)
  })

  it('refuses a cancelled registration’s ticket as 票已取消', async () => {
    h.setNow(at(2))
    await h.call('registrations', 'cancel', { registrationId: regSelf }, U.resident)
    h.setNow(START)
    expect(await scan(ticketFor(A.open, regSelf))).toMatchObject({ ok: false, error: { code: 'CHECKIN.CANCELLED', message: '票已取消' } })
  })

  it('accepts a printed card until it is revoked', async () => {
    const card = await h.call('checkin', 'issueCard', { personId: P.residentMother }, U.resident)
    expect((await scan(card.data.code)).data).toMatchObject({ verdict: 'ok', name: '赵桂英' })
    const renewed = await h.call('checkin', 'revokeCard', { personId: P.residentMother }, U.resident)
    expect(renewed.data.version).toBe(2)
    expect(await scan(card.data.code)).toMatchObject({ ok: false, error: { code: 'CHECKIN.CARD_REVOKED' } })
    expect((await scan(renewed.data.code)).data.verdict).toBe('already')
  })

  it('ticks the roster by hand with a reason, and adds a walk-in while seats remain', async () => {
    const tick = await h.call('checkin', 'tick', { activityId: A.open, registrationId: regSelf, reason: '手机没电', nonce: nonce(), deviceId: dev }, U.organizer)
    expect(tick.data.verdict).toBe('ok')
    const walk = await h.call('checkin', 'walkIn', { activityId: A.open, name: '孙大爷', targetGroup: 'senior', areaId: WORLD.area, nonce: nonce(), deviceId: dev }, U.organizer)
    expect(walk.data).toMatchObject({ verdict: 'ok', name: '孙大爷' })
    const c = await h.call('checkin', 'console', { activityId: A.open }, U.organizer)
    expect(c.data.counts).toEqual({ registered: 3, checkedIn: 2, waitlisted: 0, absent: 1 })
    expect(c.data.roster.find((r: any) => r.name === '孙大爷')).toMatchObject({ walkIn: true, method: 'walk_in' })
    const full = await h.call('checkin', 'walkIn', { activityId: A.noWaitlist, name: '晚到者', targetGroup: 'senior', areaId: WORLD.area, nonce: nonce(), deviceId: dev }, U.organizer)
    expect(full.ok).toBe(true) // one seat was free
    const over = await h.call('checkin', 'walkIn', { activityId: A.noWaitlist, name: '再晚到者', targetGroup: 'senior', areaId: WORLD.area, nonce: nonce(), deviceId: dev }, U.organizer)
    expect(over).toMatchObject({ ok: false, error: { code: 'CHECKIN.WALK_IN_FULL' } })
  })

  it('takes a walk-in’s phone: shown in full to the unit’s organizer and admins, masked to a scanner, and found by the record search', async () => {
    const walk = await h.call('checkin', 'walkIn', { activityId: A.open, name: '孙大爷', targetGroup: 'senior', areaId: WORLD.area, phone: '13905311234', nonce: nonce(), deviceId: dev }, U.organizer)
    expect(walk).toMatchObject({ ok: true, data: { verdict: 'ok' } })
    const rowFor = async (as: typeof U.organizer) => (await h.call('checkin', 'console', { activityId: A.open }, as)).data.roster.find((r: any) => r.name === '孙大爷')
    expect(await rowFor(U.organizer)).toMatchObject({ phone: '13905311234', phoneLast4: '1234' })
    expect(await rowFor(U.admin)).toMatchObject({ phone: '13905311234' })
    expect(await rowFor(U.scanner)).toMatchObject({ phone: '139****1234' })
    expect((await h.call('checkin', 'bundle', { activityId: A.open, deviceId: dev }, U.scanner)).data.roster.find((r: any) => r.name === '孙大爷').phone).toBe('139****1234')
    // A resident's own phone stays masked to the organizer: only the walk-in's was taken down at the desk.
    await h.store.putPerson({ ...(await h.store.getPerson(P.resident))!, phone: '13800001111' })
    expect((await h.call('checkin', 'console', { activityId: A.open }, U.organizer)).data.roster.find((r: any) => r.personId === P.resident).phone).toBe('138****1111')
    // The admin's record search finds him by phone (a second record under another name spelling would show up too).
    const found = await h.call('ledger', 'findPersons', { name: '13905311234' }, U.admin)
    expect(found.data).toEqual([expect.objectContaining({ name: '孙大爷', phone: '139****1234' })])
  })

  it('records a walk-in child with the consent of the guardian on the spot', async () => {
    const walk = await h.call('checkin', 'walkIn', { activityId: A.open, name: '小明', targetGroup: 'youth', areaId: WORLD.area, birthYear: 2016, guardianConsent: true, nonce: nonce(), deviceId: dev }, U.organizer)
    expect(walk).toMatchObject({ ok: true, data: { verdict: 'ok', name: '小明' } })
    const c = await h.call('checkin', 'console', { activityId: A.open }, U.organizer)
    const row = c.data.roster.find((r: any) => r.name === '小明')
    const person = await h.store.getPerson(row.personId)
    expect(person).toMatchObject({ birthYear: 2016, targetGroup: 'youth', guardianConsentAt: expect.any(String) })
  })

  it('lets an invited scanner check people in, but not manage the activity', async () => {
    const volunteer = userId('volunteer')
    await h.store.putUser(makeUser({ id: volunteer, displayName: '志愿者小周' }))
    expect(await scan(ticketFor(A.open, regMother), volunteer)).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } })
    const invite = await h.call('checkin', 'invite', { activityIds: [A.open], validFrom: at(0), validTo: at(8 * 24) }, U.organizer)
    expect(invite.data.id).toMatch(/^[A-Z0-9]{8}$/)
    expect((await h.call('checkin', 'redeem', { code: invite.data.id }, volunteer)).ok).toBe(true)
    expect(await h.call('checkin', 'redeem', { code: invite.data.id }, U.other)).toMatchObject({ ok: false, error: { code: 'INVITE.USED_BY_OTHER' } })
    expect((await scan(ticketFor(A.open, regMother), volunteer)).data).toMatchObject({ verdict: 'ok', operatorName: '志愿者小周' })
    expect(await h.call('checkin', 'console', { activityId: A.open }, volunteer)).toMatchObject({ ok: true, data: { canManage: false } })
    expect(await h.call('checkin', 'printCards', { activityId: A.open }, volunteer)).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } })
    expect(await scan(ticketFor(A.small, regMother), volunteer, { activityId: A.small })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } })
  })

  it('lets a resident check their family in with the rotating activity code, and nobody else', async () => {
    const code = (await h.call('checkin', 'activityCode', { activityId: A.open }, U.organizer)).data
    expect(code.scene.length).toBeLessThanOrEqual(32)
    const self = await h.call('checkin', 'self', { code: code.code, personIds: [P.residentMother, P.other] }, U.resident)
    expect(self.data.results).toEqual([
      expect.objectContaining({ personId: P.residentMother, ok: true, result: expect.objectContaining({ verdict: 'ok' }) }),
      expect.objectContaining({ personId: P.other, ok: false, code: 'PERSON.NOT_MANAGED' }),
    ])
    const notRegistered = await h.call('checkin', 'self', { code: code.scene, personIds: [P.other] }, U.other)
    expect(notRegistered.data.results[0]).toMatchObject({ ok: false, code: 'CHECKIN.NOT_REGISTERED' })
    h.setNow(at(7 * 24 + 0.05)) // three slots later
    expect(await h.call('checkin', 'self', { code: code.code, personIds: [P.resident] }, U.resident)).toMatchObject({ ok: false, error: { code: 'CHECKIN.EXPIRED' } })
    expect(await h.call('checkin', 'activityCode', { activityId: A.open }, U.resident)).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } })
  })

  it('syncs an offline queue once, however often it is sent, and keeps the earliest of two devices', async () => {
    const bundle = await h.call('checkin', 'bundle', { activityId: A.open, deviceId: dev }, U.organizer)
    expect(bundle.data.roster).toHaveLength(2)
    expect(bundle.data.activityKey).toBeTruthy()
    const items = [
      { nonce: 'offline-0001', at: at(7 * 24 + 0.001), code: ticketFor(A.open, regMother, at(7 * 24 + 0.001)) },
      { nonce: 'offline-0002', at: at(7 * 24 + 0.002), registrationId: regSelf, reason: '离线手动签到' },
    ]
    const first = await h.call('checkin', 'sync', { activityId: A.open, deviceId: dev, items }, U.organizer)
    expect(first.data.results.map((r: any) => r.verdict)).toEqual(['ok', 'ok'])
    const snapshot = h.snapshot()
    const second = await h.call('checkin', 'sync', { activityId: A.open, deviceId: dev, items }, U.organizer)
    expect(second.data.results.map((r: any) => r.verdict)).toEqual(['already', 'already'])
    expect(h.snapshot()).toBe(snapshot)
    // Another device scanned the mother earlier while offline.
    const other = await h.call('checkin', 'sync', { activityId: A.open, deviceId: 'device-02', items: [{ nonce: 'offline-b-0001', at: at(7 * 24 - 0.5), code: ticketFor(A.open, regMother, at(7 * 24 - 0.5)) }] }, U.organizer)
    expect(other.data.results[0]).toMatchObject({ ok: true, verdict: 'already' })
    const c = await h.call('checkin', 'console', { activityId: A.open }, U.organizer)
    expect(c.data.counts.checkedIn).toBe(2)
    expect(c.data.roster.find((r: any) => r.registrationId === regMother).checkedInAt).toBe(at(7 * 24 - 0.5))
    expect(c.data.conflicts).toEqual([expect.objectContaining({ name: '赵桂英', keptAt: at(7 * 24 - 0.5), otherDevice: dev })])
  })

  it('finalises attendance after the end and reports the no-show rate', async () => {
    await scan(ticketFor(A.open, regMother))
    expect(await h.call('checkin', 'finalize', { activityId: A.open }, U.organizer)).toMatchObject({ ok: false, error: { code: 'CHECKIN.NOT_FINISHED' } })
    h.setNow(at(7 * 24 + 3))
    expect(await h.call('checkin', 'finalize', { activityId: A.open }, U.organizer)).toMatchObject({ ok: true, data: { attended: 1, noShow: 1, noShowRate: 0.5 } })
    const c = await h.call('checkin', 'console', { activityId: A.open }, U.organizer)
    expect(c.data.noShowRate).toBe(0.5)
    expect(c.data.roster.map((r: any) => r.attendance).sort()).toEqual(['attended', 'no_show'])
  })

  it('exports the roster with attendance as a file for the unit’s organizer, never for a scanner volunteer', async () => {
    await scan(ticketFor(A.open, regMother))
    const csv = await h.call('checkin', 'exportRoster', { activityId: A.open, format: 'csv' }, U.organizer)
    expect(csv).toMatchObject({ ok: true, data: { contentType: 'text/csv; charset=utf-8', fileName: expect.stringMatching(/报名名单.*\.csv$/) } })
    const text = Buffer.from(csv.data.base64, 'base64').toString('utf8')
    const lines = text.replace(/^\uFEFF/, '').trim().split('\r\n')
    expect(lines[0]).toBe('姓名,人群,镇街,手机,报名状态,现场报名,签到时间,签退时间,签到人')
    expect(lines).toHaveLength(3)
    const mother = lines.find((l) => l.startsWith('赵桂英'))!
    expect(mother).toContain('已报名,否,')
    expect(mother).toMatch(/,\d{4}-\d{2}-\d{2} \d{2}:\d{2},,张三$/)
    expect(lines.find((l) => l.startsWith('resident本人'))).toMatch(/,已报名,否,,,$/)
    const xlsx = await h.call('checkin', 'exportRoster', { activityId: A.open, format: 'xlsx' }, U.admin)
    expect(xlsx.data.fileName).toMatch(/\.xlsx$/)
    expect(Buffer.from(xlsx.data.base64, 'base64').subarray(0, 2).toString('latin1')).toBe('PK')
    // The scanner volunteer works the desk of this activity but cannot take the roster away.
    expect(await h.call('checkin', 'exportRoster', { activityId: A.open, format: 'csv' }, U.scanner)).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } })
    await h.store.putUser(makeUser({ id: userId('farm-org'), role: 'organizer', departmentCode: 'nongye' }))
    expect(await h.call('checkin', 'exportRoster', { activityId: A.open, format: 'csv' }, userId('farm-org'))).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } })
    expect(await h.call('checkin', 'exportRoster', { activityId: 'act-nowhere', format: 'csv' }, U.organizer)).toMatchObject({ ok: false, error: { code: 'ACTIVITY.NOT_FOUND' } })
    expect(await h.call('checkin', 'exportRoster', { activityId: A.open, format: 'pdf' }, U.organizer)).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID', field: 'format' } })
  })
})

// Staff through the real gateway on a temporary SQLite file: an admin invites an organizer for a unit,
// a resident redeems the one-time code, the admin lists the unit's staff and the log and revokes; a
// revoked organizer's consoles, scanner grants and scanner invites stop working at once.
import { deriveActivityKey, slotAt, ticketCode } from '../../src/domain/checkin/codes'
import type { ActivityId, RegistrationId, UserId } from '../../src/domain/ids'
import { grantEventIdFor, staffInviteIdFor } from '../../src/domain/staff/rules'
import { startHarness, TEST_SIGNING_KEY, type Harness } from '../support/server-harness'
import { buildWorld, WORLD } from '../support/world'
import { activityId, at, makeActivity, makeUser, userId } from '../support/factories'

const U = WORLD.users
const P = WORLD.persons
const A = WORLD.activities
const START = at(7 * 24)
const NEWCOMER = userId('newcomer')
const FARM_ACTIVITY = activityId('farm')
let n = 0
const nonce = () => `nonce-${String(++n).padStart(6, '0')}`
const ticketFor = (activity: ActivityId, registrationId: RegistrationId) =>
  ticketCode(deriveActivityKey(TEST_SIGNING_KEY, activity), activity, registrationId, slotAt(START))

describe('staff through the gateway', () => {
  let h: Harness
  beforeEach(async () => {
    h = await startHarness(at(1))
    await buildWorld(h.store)
    // A resident who has not agreed to the privacy notice: becoming staff collects no personal data.
    await h.store.putUser(makeUser({ id: NEWCOMER, displayName: '孙立新' }))
    await h.store.putActivity(makeActivity({ id: FARM_ACTIVITY, areaId: WORLD.area, departmentCode: 'nongye', title: '高素质农民培育' }))
  })
  afterEach(() => h.close())

  const invite = async (departmentCode = 'nongye') => {
    const r = await h.call('staff', 'invite', { departmentCode }, U.admin)
    expect(r.ok).toBe(true)
    return r.data as { code: string; scene: string; expiresAt: string; departmentName: string; page: string; image: string | null }
  }
  const list = async (departmentCode?: string) => (await h.call('staff', 'list', departmentCode ? { departmentCode } : {}, U.admin)).data

  it('invites with a short one-time code for a unit, stored only as a digest', async () => {
    const made = await invite()
    expect(made).toEqual({
      code: expect.stringMatching(/^[A-HJKMNP-Z2-9]{8}$/),
      scene: `o=${made.code}`,
      expiresAt: at(1 + 7 * 24),
      departmentCode: 'nongye',
      departmentName: '区农业农村局',
      page: 'packages/staff/pages/join/index',
      image: null,
    })
    expect(made.scene.length).toBeLessThanOrEqual(32)
    const snapshot = h.snapshot()
    expect(snapshot).not.toContain(made.code)
    expect(snapshot).toContain(staffInviteIdFor(made.code))
    // The list shows the open invite, its expiry and who made it, never the code.
    const view = await list('nongye')
    expect(view.invites).toEqual([{ departmentCode: 'nongye', departmentName: '区农业农村局', createdAt: at(1), expiresAt: at(1 + 7 * 24), createdByName: '张三' }])
    expect(JSON.stringify(view)).not.toContain(made.code)
  })

  it('makes the resident who redeems it the unit’s organizer, with the grant in the log', async () => {
    const { code } = await invite()
    h.setNow(at(2))
    const typed = `${code.slice(0, 4).toLowerCase()} ${code.slice(4)}`
    const r = await h.call('staff', 'redeem', { code: typed }, NEWCOMER)
    expect(r).toEqual({ ok: true, data: { user: { id: NEWCOMER, role: 'organizer', displayName: '孙立新', departmentCode: 'nongye' }, departmentCode: 'nongye', departmentName: '区农业农村局' } })
    expect((await h.call('session', 'whoami', {}, NEWCOMER)).data.user).toEqual({ id: NEWCOMER, role: 'organizer', displayName: '孙立新', departmentCode: 'nongye' })
    // Their unit's consoles are theirs now.
    expect((await h.call('checkin', 'myConsoles', {}, NEWCOMER)).data.activities.map((a: any) => a.id)).toEqual([FARM_ACTIVITY])
    expect(await h.call('checkin', 'console', { activityId: FARM_ACTIVITY }, NEWCOMER)).toMatchObject({ ok: true })

    const view = await list('nongye')
    expect(view.staff).toEqual([{ userId: NEWCOMER, displayName: '孙立新', departmentCode: 'nongye', departmentName: '区农业农村局', grantedAt: at(2), grantedByName: '张三' }])
    expect(view.invites).toEqual([])
    expect(view.events).toEqual([
      { id: grantEventIdFor(staffInviteIdFor(code)), kind: 'grant', userId: NEWCOMER, userName: '孙立新', departmentCode: 'nongye', departmentName: '区农业农村局', byName: '张三', at: at(2) },
    ])
    // Nobody else can use the code again.
    expect(await h.call('staff', 'redeem', { code }, U.resident)).toMatchObject({ ok: false, error: { code: 'STAFF.INVITE_USED', field: 'code' } })
  })

  it('lists every unit’s staff without a unit, seeded organizers without a grant', async () => {
    const { code } = await invite()
    await h.call('staff', 'redeem', { code }, NEWCOMER)
    const view = await list()
    expect(view.departmentCode).toBeNull()
    expect(view.staff.map((s: any) => [s.userId, s.departmentName, s.grantedAt])).toEqual([
      [NEWCOMER, '区农业农村局', at(1)],
      [U.organizer, '区科学技术协会', null],
    ])
    expect((await list('kx')).staff.map((s: any) => s.userId)).toEqual([U.organizer])
  })

  it('revokes an organizer at once: a resident again, no consoles, the revoke in the log after the grant', async () => {
    const { code } = await invite()
    await h.call('staff', 'redeem', { code }, NEWCOMER)
    h.setNow(at(3))
    const r = await h.call('staff', 'revoke', { userId: NEWCOMER }, U.admin)
    expect(r).toEqual({ ok: true, data: { userId: NEWCOMER, displayName: '孙立新', role: 'resident' } })
    expect((await h.call('session', 'whoami', {}, NEWCOMER)).data.user).toEqual({ id: NEWCOMER, role: 'resident', displayName: '孙立新' })
    expect(await h.call('checkin', 'console', { activityId: FARM_ACTIVITY }, NEWCOMER)).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } })
    expect((await h.call('checkin', 'myConsoles', {}, NEWCOMER)).data.activities).toEqual([])
    const view = await list('nongye')
    expect(view.staff).toEqual([])
    expect(view.events.map((e: any) => [e.kind, e.userName, e.byName, e.at])).toEqual([
      ['revoke', '孙立新', '张三', at(3)],
      ['grant', '孙立新', '张三', at(1)],
    ])
    // Revoking again, or someone who never organized, is refused and writes nothing.
    const before = h.snapshot()
    expect(await h.call('staff', 'revoke', { userId: NEWCOMER }, U.admin)).toMatchObject({ ok: false, error: { code: 'STAFF.NOT_ORGANIZER' } })
    expect(h.snapshot()).toBe(before)
    // Their old code stays spent: revocation cannot be undone by redeeming it again.
    expect(await h.call('staff', 'redeem', { code }, NEWCOMER)).toMatchObject({ ok: false, error: { code: 'STAFF.INVITE_USED' } })
    expect(h.snapshot()).toBe(before)
  })

  it('stops the scanner grants a revoked organizer gave: the volunteer’s next scan is AUTH.FORBIDDEN', async () => {
    // WORLD's scanner volunteer was invited by WORLD's organizer (区科协) for the open activity.
    const reg = (await h.call('registrations', 'signUp', { activityId: A.open, personId: P.residentMother }, U.resident)).data.id as RegistrationId
    await h.call('registrations', 'signUp', { activityId: A.open, personId: P.resident }, U.resident)
    h.setNow(START)
    const scan = (registrationId: RegistrationId) =>
      h.call('checkin', 'scan', { activityId: A.open, code: ticketFor(A.open, registrationId), nonce: nonce(), deviceId: 'device-01' }, U.scanner)
    expect(await h.call('checkin', 'console', { activityId: A.open }, U.scanner)).toMatchObject({ ok: true })
    expect(await scan(reg)).toMatchObject({ ok: true, data: { verdict: 'ok' } })
    expect((await h.call('checkin', 'myConsoles', {}, U.scanner)).data).toMatchObject({ activities: [{ id: A.open }], scanner: true })

    expect(await h.call('staff', 'revoke', { userId: U.organizer }, U.admin)).toMatchObject({ ok: true })
    const before = h.snapshot()
    expect(await scan(`reg-${A.open}-${P.resident}` as RegistrationId)).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } })
    expect(await h.call('checkin', 'console', { activityId: A.open }, U.scanner)).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } })
    expect(h.snapshot()).toBe(before)
    expect((await h.call('checkin', 'myConsoles', {}, U.scanner)).data.activities).toEqual([])
    // The activity's own unit keeps its console: an admin still runs it.
    expect(await h.call('checkin', 'console', { activityId: A.open }, U.admin)).toMatchObject({ ok: true })
  })

  it('refuses an unredeemed scanner invite of a revoked organizer', async () => {
    const made = await h.call('checkin', 'invite', { activityIds: [A.open], validFrom: at(1), validTo: at(8 * 24) }, U.organizer)
    expect(made.ok).toBe(true)
    await h.call('staff', 'revoke', { userId: U.organizer }, U.admin)
    const before = h.snapshot()
    expect(await h.call('checkin', 'redeem', { code: made.data.id }, U.other)).toMatchObject({ ok: false, error: { code: 'INVITE.INVITER_REVOKED', message: '邀请人已不再负责这些活动，邀请码已失效' } })
    expect(h.snapshot()).toBe(before)
  })

  it('keeps a scanner invite of an organizer who still organizes the unit', async () => {
    const made = await h.call('checkin', 'invite', { activityIds: [A.open], validFrom: at(1), validTo: at(8 * 24) }, U.organizer)
    expect(await h.call('checkin', 'redeem', { code: made.data.id }, U.other)).toMatchObject({ ok: true })
    h.setNow(START)
    expect(await h.call('checkin', 'console', { activityId: A.open }, U.other)).toMatchObject({ ok: true })
  })

  it('refuses organizers and admins, and an expired code, writing nothing', async () => {
    const { code } = await invite()
    const before = h.snapshot()
    expect(await h.call('staff', 'redeem', { code }, U.organizer)).toMatchObject({ ok: false, error: { code: 'STAFF.ALREADY_STAFF' } })
    expect(await h.call('staff', 'redeem', { code }, U.admin)).toMatchObject({ ok: false, error: { code: 'STAFF.ALREADY_STAFF' } })
    h.setNow(at(1 + 7 * 24))
    expect(await h.call('staff', 'redeem', { code }, NEWCOMER)).toMatchObject({ ok: false, error: { code: 'STAFF.INVITE_EXPIRED', message: '组织者邀请码已过期，请联系区科协重新邀请' } })
    expect(h.snapshot()).toBe(before)
    expect((await list('nongye')).invites).toEqual([])
  })

  it('gives a code to one of two residents redeeming at once', async () => {
    const { code } = await invite()
    const replies = await Promise.all([h.call('staff', 'redeem', { code }, NEWCOMER), h.call('staff', 'redeem', { code }, U.resident)])
    expect(replies.filter((r) => r.ok)).toHaveLength(1)
    expect(replies.filter((r) => !r.ok).map((r) => r.error.code)).toEqual(['STAFF.INVITE_USED'])
    const view = await list('nongye')
    expect(view.staff).toHaveLength(1)
    expect(view.events).toHaveLength(1)
  })

  it('finishes a half-done grant when the same resident redeems again, recording it once', async () => {
    const { code } = await invite()
    // The claim landed, then the request died before the role was stored.
    const id = staffInviteIdFor(code)
    expect(await h.store.staff.claimInvite(id, NEWCOMER, at(1))).toMatchObject({ usedBy: NEWCOMER })
    expect((await h.store.getUser(NEWCOMER))?.role).toBe('resident')
    expect(await h.call('staff', 'redeem', { code }, NEWCOMER)).toMatchObject({ ok: true, data: { user: { role: 'organizer', departmentCode: 'nongye' } } })
    // The role stored, the event lost: once more finishes that too.
    await h.store.db.prepare('DELETE FROM staff_events').run()
    expect(await h.call('staff', 'redeem', { code }, NEWCOMER)).toMatchObject({ ok: true })
    expect(await h.call('staff', 'redeem', { code }, NEWCOMER)).toMatchObject({ ok: false, error: { code: 'STAFF.ALREADY_STAFF' } })
    expect((await list('nongye')).events.map((e: any) => e.kind)).toEqual(['grant'])
  })

  it('shows an account that was deleted as 已注销的账号 in the log', async () => {
    const { code } = await invite()
    await h.call('staff', 'redeem', { code }, NEWCOMER)
    await h.store.deleteUser(NEWCOMER as UserId)
    expect((await list('nongye')).events[0]).toMatchObject({ userName: '已注销的账号', byName: '张三' })
  })
})

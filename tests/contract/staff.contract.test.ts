// The contract of the staff port (src/domain/staff/port.ts), run against every adapter (describe.each).
import type { Store } from '../../src/domain/ports'
import type { StaffRepository } from '../../src/domain/staff/port'
import { at, makeUser, userId } from '../support/factories'
import { makeStaffEvent, makeStaffInvite } from '../support/staff-factories'
import { ADAPTERS, BEYOND_ONE_BATCH, openStoreEach } from './adapters'

describe.each(ADAPTERS)('Staff contract: $name', (adapter) => {
  let store: Store
  let staff: StaffRepository
  openStoreEach(adapter, (s, ports) => {
    store = s
    staff = ports.staff
  })

  describe('invites', () => {
    it('creates an invite once and reads it back by its id', async () => {
      const invite = makeStaffInvite()
      expect(await staff.createInvite(invite)).toBe(true)
      expect(await staff.getInvite(invite.id)).toStrictEqual(invite)
      // The same code drawn again: refused, and the first invite is untouched.
      expect(await staff.createInvite({ ...invite, departmentCode: 'nongye', createdBy: userId('other') })).toBe(false)
      expect(await staff.getInvite(invite.id)).toStrictEqual(invite)
      expect(await staff.getInvite(makeStaffInvite({ code: 'ABCDEFGH' }).id)).toBeNull()
    })

    it('claims an invite once; the same user claiming again gets it back unchanged, anyone else nothing', async () => {
      const invite = makeStaffInvite()
      await staff.createInvite(invite)
      const claimed = await staff.claimInvite(invite.id, userId(1), at(2))
      expect(claimed).toStrictEqual({ ...invite, usedBy: userId(1), usedAt: at(2) })
      expect(await staff.getInvite(invite.id)).toStrictEqual(claimed)
      // A retry by the same user, even later, finds their claim as it was.
      expect(await staff.claimInvite(invite.id, userId(1), at(3))).toStrictEqual(claimed)
      expect(await staff.claimInvite(invite.id, userId(1), at(8 * 24))).toStrictEqual(claimed)
      expect(await staff.claimInvite(invite.id, userId(2), at(3))).toBeNull()
      expect(await staff.getInvite(invite.id)).toStrictEqual(claimed)
      expect(await staff.claimInvite(makeStaffInvite({ code: 'ABCDEFGH' }).id, userId(1), at(2))).toBeNull()
    })

    it('lets exactly one of many concurrent claims win', async () => {
      const invite = makeStaffInvite()
      await staff.createInvite(invite)
      const users = Array.from({ length: 8 }, (_, i) => userId(i + 1))
      const results = await Promise.all(users.map((u) => staff.claimInvite(invite.id, u, at(2))))
      const winners = results.filter((r) => r !== null)
      expect(winners).toHaveLength(1)
      const stored = await staff.getInvite(invite.id)
      expect(stored).toStrictEqual(winners[0])
      expect(users).toContain(stored!.usedBy)
    })

    it('does not claim an expired invite (expiry is exclusive: at expiresAt it is over)', async () => {
      const invite = makeStaffInvite({ expiresAt: at(10) })
      await staff.createInvite(invite)
      expect(await staff.claimInvite(invite.id, userId(1), at(10))).toBeNull()
      expect(await staff.claimInvite(invite.id, userId(1), at(11))).toBeNull()
      expect(await staff.getInvite(invite.id)).toStrictEqual(invite)
      expect(await staff.claimInvite(invite.id, userId(1), at(9.99))).toMatchObject({ usedBy: userId(1) })
    })

    it('lists the open invites of one unit or of all, newest first, without used or expired ones', async () => {
      const a = makeStaffInvite({ code: 'AAAAAAAA', createdAt: at(1), expiresAt: at(100) })
      const b = makeStaffInvite({ code: 'BBBBBBBB', createdAt: at(3), expiresAt: at(100) })
      const other = makeStaffInvite({ code: 'CCCCCCCC', createdAt: at(2), expiresAt: at(100), departmentCode: 'nongye' })
      const used = makeStaffInvite({ code: 'DDDDDDDD', createdAt: at(4), expiresAt: at(100) })
      const expired = makeStaffInvite({ code: 'EEEEEEEE', createdAt: at(5), expiresAt: at(6) })
      for (const i of [a, other, used, expired, b]) await staff.createInvite(i)
      await staff.claimInvite(used.id, userId(1), at(6))
      const now = at(7)
      expect(await staff.listOpenInvites({ departmentCode: 'kx', now })).toStrictEqual([b, a])
      expect(await staff.listOpenInvites({ departmentCode: 'nongye', now })).toStrictEqual([other])
      expect(await staff.listOpenInvites({ departmentCode: 'jiaoti', now })).toEqual([])
      expect(await staff.listOpenInvites({ now })).toStrictEqual([b, other, a])
      // At an earlier instant the one that expires at 6 was still open.
      expect((await staff.listOpenInvites({ departmentCode: 'kx', now: at(5.5) })).map((i) => i.id)).toEqual([expired.id, b.id, a.id])
    })

    it(`lists more open invites than one CloudBase get returns (${BEYOND_ONE_BATCH})`, async () => {
      // One a minute, so newest first is the reverse of creation.
      const invites = Array.from({ length: BEYOND_ONE_BATCH }, (_, i) => makeStaffInvite({ code: `code-${i}`, createdAt: at(i / 60), expiresAt: at(1000) }))
      await Promise.all(invites.map((i) => staff.createInvite(i)))
      const listed = await staff.listOpenInvites({ departmentCode: 'kx', now: at(500) })
      expect(listed.map((i) => i.id)).toEqual([...invites].reverse().map((i) => i.id))
    })
  })

  describe('events', () => {
    it('records an event once and reads it back', async () => {
      const grant = makeStaffEvent({ id: 'stf-x~grant', inviteId: 'stf-x' })
      await staff.appendEvent(grant)
      expect(await staff.getEvent(grant.id)).toStrictEqual(grant)
      // Recording the same event again (a retried grant) keeps the first.
      await staff.appendEvent({ ...grant, at: at(5) })
      expect(await staff.getEvent(grant.id)).toStrictEqual(grant)
      expect(await staff.listEvents({ limit: 10 })).toStrictEqual([grant])
      expect(await staff.getEvent('sev-none')).toBeNull()
    })

    it('lists events of one unit or of all, newest first (ties by id, descending), at most `limit`', async () => {
      const e1 = makeStaffEvent({ id: 'sev-1', at: at(1) })
      const e2 = makeStaffEvent({ id: 'sev-2', kind: 'revoke', at: at(3) })
      const e3 = makeStaffEvent({ id: 'sev-3', at: at(2), departmentCode: 'nongye', userId: userId(2) })
      const e4 = makeStaffEvent({ id: 'sev-4', at: at(3), userId: userId(3) })
      for (const e of [e3, e1, e4, e2]) await staff.appendEvent(e)
      expect(await staff.listEvents({ departmentCode: 'kx', limit: 10 })).toStrictEqual([e4, e2, e1])
      expect(await staff.listEvents({ departmentCode: 'nongye', limit: 10 })).toStrictEqual([e3])
      expect(await staff.listEvents({ limit: 10 })).toStrictEqual([e4, e2, e3, e1])
      expect(await staff.listEvents({ limit: 2 })).toStrictEqual([e4, e2])
      expect(await staff.listEvents({ limit: 0 })).toEqual([])
      expect(await staff.listEvents({ departmentCode: 'jiaoti', limit: 10 })).toEqual([])
    })

    it('lists the events about one account, and of one kind', async () => {
      const granted = makeStaffEvent({ id: 'sev-1', at: at(1), userId: userId(7) })
      const revoked = makeStaffEvent({ id: 'sev-2', kind: 'revoke', at: at(2), userId: userId(7) })
      const again = makeStaffEvent({ id: 'sev-3', at: at(3), userId: userId(7), departmentCode: 'nongye' })
      const someoneElse = makeStaffEvent({ id: 'sev-4', at: at(4), userId: userId(8) })
      for (const e of [someoneElse, again, granted, revoked]) await staff.appendEvent(e)
      expect(await staff.listEvents({ userId: userId(7), limit: 10 })).toStrictEqual([again, revoked, granted])
      expect(await staff.listEvents({ userId: userId(7), kind: 'grant', limit: 1 })).toStrictEqual([again])
      expect(await staff.listEvents({ userId: userId(7), kind: 'grant', departmentCode: 'kx', limit: 10 })).toStrictEqual([granted])
      expect(await staff.listEvents({ kind: 'revoke', limit: 10 })).toStrictEqual([revoked])
      expect(await staff.listEvents({ userId: userId(9), limit: 10 })).toEqual([])
    })
  })

  describe('organizers', () => {
    it('lists the organizers of one unit or of all, by id, and follows role changes', async () => {
      const kx1 = makeUser({ id: userId(3), role: 'organizer', departmentCode: 'kx', displayName: '陈静' })
      const kx2 = makeUser({ id: userId(1), role: 'organizer', departmentCode: 'kx', displayName: '周敏' })
      const farm = makeUser({ id: userId(2), role: 'organizer', departmentCode: 'nongye', displayName: '孙立新' })
      const admin = makeUser({ id: userId(4), role: 'admin', departmentCode: 'kx' })
      const resident = makeUser({ id: userId(5) })
      for (const u of [kx1, farm, admin, resident, kx2]) await store.putUser(u)
      expect(await staff.listOrganizers('kx')).toStrictEqual([kx2, kx1])
      expect(await staff.listOrganizers('nongye')).toStrictEqual([farm])
      expect(await staff.listOrganizers()).toStrictEqual([kx2, farm, kx1])
      // Revoked: a resident again, without a unit.
      const { departmentCode: _unit, ...rest } = farm
      await store.putUser({ ...rest, role: 'resident' })
      expect(await staff.listOrganizers('nongye')).toEqual([])
      expect(await store.getUser(farm.id)).toStrictEqual({ ...rest, role: 'resident' })
    })
  })
})

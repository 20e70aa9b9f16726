import {
  codeFromStaffScene,
  decideRedeemStaffInvite,
  decideRevoke,
  decideStaffInvite,
  departmentOf,
  grantEventIdFor,
  inviteIsOpen,
  newStaffCode,
  normalizeStaffCode,
  SCENE_MAX_CHARS,
  STAFF_CODE_ALPHABET,
  staffInviteIdFor,
  staffScene,
} from '../../src/domain/staff/rules'
import { at, makeUser, userId } from '../support/factories'
import { makeStaffInvite } from '../support/staff-factories'

const admin = makeUser({ id: userId('admin'), role: 'admin', departmentCode: 'kx' })
const resident = makeUser({ id: userId('res'), displayName: '孙立新' })
const organizer = makeUser({ id: userId('org'), role: 'organizer', departmentCode: 'kx', displayName: '陈静' })

/** A counter-based stand-in for the CSPRNG: 0, 1/n, 2/n, … */
const sequence = (values: number[]) => {
  let i = 0
  return () => values[i++ % values.length]
}

describe('organizer invite codes', () => {
  it('draws 8 characters from an alphabet without look-alikes', () => {
    expect(STAFF_CODE_ALPHABET).not.toMatch(/[01ILO]/)
    const code = newStaffCode(sequence([0, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 0.999]))
    expect(code).toMatch(new RegExp(`^[${STAFF_CODE_ALPHABET}]{8}$`))
    expect(newStaffCode(() => 0)).toBe('AAAAAAAA')
    expect(newStaffCode(() => 0.9999)).toBe('99999999')
  })

  it('reads what people type: spaces, dashes and lower case, or a pasted scene', () => {
    expect(normalizeStaffCode('k7m3 qx2p')).toBe('K7M3QX2P')
    expect(normalizeStaffCode(' K7M3-QX2P ')).toBe('K7M3QX2P')
    expect(normalizeStaffCode('o=K7M3QX2P')).toBe('K7M3QX2P')
    expect(normalizeStaffCode('K7M3QX2')).toBeNull()
    expect(normalizeStaffCode('K7M3QX2PP')).toBeNull()
    // Look-alikes are not in the alphabet: a typed 0 or I is a mistake, not a code.
    expect(normalizeStaffCode('K7M3QX20')).toBeNull()
    expect(normalizeStaffCode('K7M3QXIP')).toBeNull()
    expect(normalizeStaffCode('<script>')).toBeNull()
    expect(normalizeStaffCode(`${' '.repeat(40)}K7M3QX2P`)).toBeNull()
  })

  it('fits a mini-program code scene as o=<code>, and reads it back as WeChat hands it over', () => {
    const scene = staffScene('K7M3QX2P')
    expect(scene).toBe('o=K7M3QX2P')
    expect(scene.length).toBeLessThanOrEqual(SCENE_MAX_CHARS)
    expect(codeFromStaffScene(scene)).toBe('K7M3QX2P')
    expect(codeFromStaffScene(encodeURIComponent(scene))).toBe('K7M3QX2P')
    expect(codeFromStaffScene('x=1&o=K7M3QX2P')).toBe('K7M3QX2P')
    // Another page's scene, a broken one, or one too long is not an invite.
    expect(codeFromStaffScene('a=act-1.202609011')).toBeNull()
    expect(codeFromStaffScene('o=ABC')).toBeNull()
    expect(codeFromStaffScene('%E0%A4%A')).toBeNull()
    expect(codeFromStaffScene(`o=K7M3QX2P&${'x'.repeat(30)}`)).toBeNull()
  })

  it('stores only a digest of the code', () => {
    const id = staffInviteIdFor('K7M3QX2P')
    expect(id).toMatch(/^stf-[0-9a-f]{64}$/)
    expect(id).not.toContain('K7M3QX2P')
    expect(staffInviteIdFor('K7M3QX2Q')).not.toBe(id)
  })
})

describe('decideStaffInvite', () => {
  it('makes an admin’s invite for a unit of the plan, valid 7 days', () => {
    const r = decideStaffInvite({ actor: admin, departmentCode: 'nongye', code: 'K7M3QX2P', now: at(0) })
    expect(r).toEqual({
      ok: true,
      value: { id: staffInviteIdFor('K7M3QX2P'), departmentCode: 'nongye', createdBy: admin.id, createdAt: at(0), expiresAt: at(7 * 24), usedBy: null, usedAt: null },
    })
  })

  it('refuses a unit the plan does not name, and anyone but an admin', () => {
    expect(decideStaffInvite({ actor: admin, departmentCode: 'mars', code: 'K7M3QX2P', now: at(0) })).toMatchObject({ ok: false, error: { code: 'STAFF.UNKNOWN_UNIT', field: 'departmentCode' } })
    expect(decideStaffInvite({ actor: organizer, departmentCode: 'kx', code: 'K7M3QX2P', now: at(0) })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } })
    expect(departmentOf('nongye')).toBe('nongye')
    expect(departmentOf('__proto__')).toBeNull()
  })
})

describe('decideRedeemStaffInvite', () => {
  const invite = makeStaffInvite({ departmentCode: 'nongye', createdBy: admin.id, createdAt: at(0), expiresAt: at(7 * 24) })

  it('makes a resident the unit’s organizer and records the grant by the admin who invited', () => {
    const r = decideRedeemStaffInvite({ invite, user: resident, grantRecorded: false, now: at(2) })
    expect(r).toEqual({
      ok: true,
      value: {
        invite: { ...invite, usedBy: resident.id, usedAt: at(2) },
        user: { ...resident, role: 'organizer', departmentCode: 'nongye' },
        event: { id: grantEventIdFor(invite.id), kind: 'grant', userId: resident.id, departmentCode: 'nongye', by: admin.id, at: at(2), inviteId: invite.id },
      },
    })
  })

  it('refuses organizers and admins (STAFF.ALREADY_STAFF)', () => {
    expect(decideRedeemStaffInvite({ invite, user: organizer, grantRecorded: false, now: at(2) })).toMatchObject({ ok: false, error: { code: 'STAFF.ALREADY_STAFF' } })
    expect(decideRedeemStaffInvite({ invite, user: admin, grantRecorded: false, now: at(2) })).toMatchObject({ ok: false, error: { code: 'STAFF.ALREADY_STAFF' } })
  })

  it('refuses an unknown, a used and an expired code', () => {
    expect(decideRedeemStaffInvite({ invite: null, user: resident, grantRecorded: false, now: at(2) })).toMatchObject({ ok: false, error: { code: 'STAFF.INVITE_INVALID', field: 'code' } })
    const used = { ...invite, usedBy: userId('someone'), usedAt: at(1) }
    expect(decideRedeemStaffInvite({ invite: used, user: resident, grantRecorded: false, now: at(2) })).toMatchObject({ ok: false, error: { code: 'STAFF.INVITE_USED' } })
    expect(decideRedeemStaffInvite({ invite, user: resident, grantRecorded: false, now: at(7 * 24) })).toMatchObject({ ok: false, error: { code: 'STAFF.INVITE_EXPIRED' } })
    expect(decideRedeemStaffInvite({ invite, user: resident, grantRecorded: false, now: at(7 * 24 - 0.01) }).ok).toBe(true)
  })

  it('lets the same user finish a half-done grant, dated by the first claim', () => {
    const claimed = { ...invite, usedBy: resident.id, usedAt: at(2) }
    // Claimed, but the role was not stored: still a resident.
    const retry = decideRedeemStaffInvite({ invite: claimed, user: resident, grantRecorded: false, now: at(3) })
    expect(retry).toMatchObject({ ok: true, value: { user: { role: 'organizer', departmentCode: 'nongye' }, event: { at: at(2) }, invite: claimed } })
    // The role stored, the event not: an organizer of that very unit finishes too, even after expiry.
    const half = { ...resident, role: 'organizer' as const, departmentCode: 'nongye' as const }
    expect(decideRedeemStaffInvite({ invite: claimed, user: half, grantRecorded: false, now: at(8 * 24) }).ok).toBe(true)
  })

  it('spends the code for good once the grant is recorded: a revoked organizer cannot reuse it', () => {
    const claimed = { ...invite, usedBy: resident.id, usedAt: at(2) }
    expect(decideRedeemStaffInvite({ invite: claimed, user: resident, grantRecorded: true, now: at(3) })).toMatchObject({ ok: false, error: { code: 'STAFF.INVITE_USED' } })
    // Claimed by them for one unit, now an organizer of another: no second unit from the old code.
    const elsewhere = { ...resident, role: 'organizer' as const, departmentCode: 'kx' as const }
    expect(decideRedeemStaffInvite({ invite: claimed, user: elsewhere, grantRecorded: false, now: at(3) })).toMatchObject({ ok: false, error: { code: 'STAFF.ALREADY_STAFF' } })
  })
})

describe('decideRevoke', () => {
  it('makes an organizer a resident again, without a unit, and records who revoked when', () => {
    const r = decideRevoke({ actor: admin, target: organizer, eventId: 'sev-1', now: at(5) })
    expect(r).toEqual({
      ok: true,
      value: {
        user: { id: organizer.id, role: 'resident', displayName: '陈静', createdAt: organizer.createdAt },
        event: { id: 'sev-1', kind: 'revoke', userId: organizer.id, departmentCode: 'kx', by: admin.id, at: at(5), inviteId: null },
      },
    })
    expect(r.ok && 'departmentCode' in r.value.user).toBe(false)
  })

  it('refuses a resident, an unknown account, and an admin revoking themselves', () => {
    expect(decideRevoke({ actor: admin, target: resident, eventId: 'sev-1', now: at(5) })).toMatchObject({ ok: false, error: { code: 'STAFF.NOT_ORGANIZER', field: 'userId' } })
    expect(decideRevoke({ actor: admin, target: null, eventId: 'sev-1', now: at(5) })).toMatchObject({ ok: false, error: { code: 'STAFF.NOT_ORGANIZER' } })
    expect(decideRevoke({ actor: admin, target: admin, eventId: 'sev-1', now: at(5) })).toMatchObject({ ok: false, error: { code: 'STAFF.SELF_REVOKE' } })
    expect(decideRevoke({ actor: organizer, target: organizer, eventId: 'sev-1', now: at(5) })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } })
  })
})

describe('inviteIsOpen', () => {
  it('is open while unused and before its expiry', () => {
    const invite = makeStaffInvite({ expiresAt: at(10) })
    expect(inviteIsOpen(invite, at(9))).toBe(true)
    expect(inviteIsOpen(invite, at(10))).toBe(false)
    expect(inviteIsOpen({ ...invite, usedBy: userId(1), usedAt: at(1) }, at(9))).toBe(false)
  })
})

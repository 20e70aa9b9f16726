// One-time link codes: a child hands a parent's record over to the parent's own account.
import {
  LINK_CODE_ALPHABET,
  LINK_CODE_LENGTH,
  LINK_CODE_TTL_HOURS,
  decideIssueLinkCode,
  decideRedeemLinkCode,
  linkCodeIdFor,
  newLinkCode,
  normalizeLinkCode,
} from '../../src/domain/family/link-codes'
import { at, makePerson, personId, userId } from '../support/factories'

const CHILD = userId('child')
const PARENT = userId('parent')
const mother = makePerson({ id: personId('mother'), ownerId: CHILD, isSelf: false, birthYear: 1950, name: '赵桂英' })

function issued(now = at(0)) {
  const r = decideIssueLinkCode({ person: mother, userId: CHILD, code: 'K7M3QX2P', now })
  if (!r.ok) throw new Error(r.error.code)
  return r.value
}
const redeem = (o: Partial<Parameters<typeof decideRedeemLinkCode>[0]> = {}) =>
  decideRedeemLinkCode({ linkCode: issued(), person: mother, redeemer: PARENT, redeemerHasSelf: false, now: at(1), ...o })

describe('link codes', () => {
  it('draws 8 characters without look-alikes', () => {
    let n = 0
    const code = newLinkCode(() => ((n = (n * 7 + 3) % 31), n / 31))
    expect(code).toHaveLength(LINK_CODE_LENGTH)
    expect([...code].every((c) => LINK_CODE_ALPHABET.includes(c))).toBe(true)
    expect(LINK_CODE_ALPHABET).not.toMatch(/[01ILO]/)
  })

  it('accepts what people type: lower case, spaces, dashes', () => {
    expect(normalizeLinkCode(' k7m3-qx2p ')).toBe('K7M3QX2P')
    expect(normalizeLinkCode('K7M3QX2')).toBeNull()
    expect(normalizeLinkCode('K7M3QX2O')).toBeNull()
  })

  it('stores only a digest of the code, valid for 24 hours', () => {
    const c = issued()
    expect(c.id).toBe(linkCodeIdFor('K7M3QX2P'))
    expect(c.id).not.toContain('K7M3QX2P')
    expect(Date.parse(c.expiresAt) - Date.parse(c.createdAt)).toBe(LINK_CODE_TTL_HOURS * 3_600_000)
  })

  it('is issued only for an adult family member the caller manages', () => {
    const issue = (person: typeof mother | null, userIdArg = CHILD) => decideIssueLinkCode({ person, userId: userIdArg, code: 'K7M3QX2P', now: at(0) })
    expect(issue(null)).toMatchObject({ ok: false, error: { code: 'PERSON.NOT_FOUND' } })
    expect(issue(mother, PARENT)).toMatchObject({ ok: false, error: { code: 'PERSON.NOT_MANAGED' } })
    expect(issue({ ...mother, isSelf: true })).toMatchObject({ ok: false, error: { code: 'LINK.SELF_PERSON' } })
    expect(issue({ ...mother, birthYear: 2018 })).toMatchObject({ ok: false, error: { code: 'LINK.MINOR' } })
  })

  it('makes the person the redeemer’s own record and uses the code up', () => {
    const r = redeem()
    expect(r).toMatchObject({ ok: true })
    if (!r.ok) return
    expect(r.value.person).toMatchObject({ id: mother.id, ownerId: PARENT, isSelf: true, name: '赵桂英', updatedAt: at(1) })
    expect(r.value.linkCode).toMatchObject({ usedBy: PARENT, usedAt: at(1) })
  })

  it.each([
    ['an unknown code', { linkCode: null }, 'LINK.CODE_INVALID'],
    ['a used code', { linkCode: { ...issued(), usedBy: userId('someone'), usedAt: at(0.5) } }, 'LINK.CODE_USED'],
    ['an expired code', { now: at(LINK_CODE_TTL_HOURS) }, 'LINK.CODE_EXPIRED'],
    ['a code whose person was deleted', { person: null }, 'LINK.PERSON_GONE'],
    ['a code whose person changed hands since', { person: { ...mother, ownerId: userId('third') } }, 'LINK.PERSON_GONE'],
    ['one’s own code', { redeemer: CHILD }, 'LINK.OWN_CODE'],
    ['a redeemer who already has a self record', { redeemerHasSelf: true }, 'LINK.SELF_EXISTS'],
  ] as const)('refuses %s', (_name, o, code) => {
    expect(redeem(o as never)).toMatchObject({ ok: false, error: { code, field: 'code' } })
  })

  it('is valid until just before 24 hours have passed', () => {
    expect(redeem({ now: at(LINK_CODE_TTL_HOURS - 0.001) })).toMatchObject({ ok: true })
  })
})

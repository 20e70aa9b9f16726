import { parseInput, schemas } from '../../src/domain/contracts'
import { checkManages, checkPersonDetails, checkWalkInPerson, maskPhone } from '../../src/domain/persons/rules'
import type { UserId } from '../../src/domain/ids'
import { makePerson } from '../support/factories'

const NOW = '2026-12-01T02:00:00.000Z'

describe('person rules', () => {
  it('asks for guardian consent under 14 and records when it was given', () => {
    expect(checkPersonDetails({ birthYear: 2015 }, NOW)).toMatchObject({ ok: false, error: { code: 'PERSON.CONSENT_REQUIRED' } })
    expect(checkPersonDetails({ birthYear: 2015, guardianConsent: true }, NOW)).toEqual({ ok: true, value: { guardianConsentAt: NOW } })
    expect(checkPersonDetails({ birthYear: 2012 }, NOW)).toEqual({ ok: true, value: { guardianConsentAt: null } })
  })
  it('refuses a birth year in the future', () => {
    expect(checkPersonDetails({ birthYear: 2027 }, NOW)).toMatchObject({ ok: false, error: { code: 'PERSON.BIRTH_YEAR_FUTURE', field: 'birthYear', message: '出生年份不能晚于今年' } })
  })
  it('asks a walk-in 青少年 for the birth year, and the guardian on the spot to agree under 14', () => {
    expect(checkWalkInPerson({ targetGroup: 'youth' }, NOW)).toMatchObject({ ok: false, error: { code: 'PERSON.BIRTH_YEAR_REQUIRED', field: 'birthYear', message: '青少年现场报名请填写出生年份' } })
    expect(checkWalkInPerson({ targetGroup: 'youth', birthYear: 2016 }, NOW)).toMatchObject({ ok: false, error: { code: 'PERSON.CONSENT_REQUIRED' } })
    expect(checkWalkInPerson({ targetGroup: 'youth', birthYear: 2016, guardianConsent: true }, NOW)).toEqual({ ok: true, value: { guardianConsentAt: NOW } })
    expect(checkWalkInPerson({ targetGroup: 'youth', birthYear: 2008 }, NOW)).toEqual({ ok: true, value: { guardianConsentAt: null } })
    // Adults may leave the birth year out.
    expect(checkWalkInPerson({ targetGroup: 'senior' }, NOW)).toEqual({ ok: true, value: { guardianConsentAt: null } })
    expect(checkWalkInPerson({ targetGroup: 'public', birthYear: 2016 }, NOW)).toMatchObject({ ok: false, error: { code: 'PERSON.CONSENT_REQUIRED' } })
  })
  it('lets only the managing account act for a person', () => {
    const p = makePerson({ ownerId: 'a' as UserId })
    expect(checkManages(p, 'a' as UserId).ok).toBe(true)
    expect(checkManages(p, 'b' as UserId)).toMatchObject({ error: { code: 'PERSON.NOT_MANAGED' } })
    expect(checkManages(null, 'a' as UserId)).toMatchObject({ error: { code: 'PERSON.NOT_FOUND' } })
  })
  it('masks phone numbers', () => {
    expect(maskPhone('13806311234')).toBe('138****1234')
    expect(maskPhone(null)).toBeNull()
  })
})

describe('request schemas', () => {
  it.each([
    ['a malformed id', schemas.activities.get, { id: '../etc/passwd' }, 'INPUT.INVALID_ID', 'id'],
    ['an id of the wrong type', schemas.activities.get, { id: 42 }, 'INPUT.INVALID_ID', 'id'],
    ['an oversize name', schemas.persons.create, { name: '长'.repeat(21), birthYear: 1950, targetGroup: 'senior', areaId: 'area-x' }, 'INPUT.TOO_LONG', 'name'],
    ['an oversize search', schemas.activities.list, { filter: { text: 'x'.repeat(41) } }, 'INPUT.TOO_LONG', 'filter.text'],
    ['an unknown target group', schemas.persons.create, { name: '王', birthYear: 1950, targetGroup: 'pirates', areaId: 'area-x' }, 'INPUT.INVALID', 'targetGroup'],
    ['a blank name', schemas.persons.create, { name: '   ', birthYear: 1950, targetGroup: 'senior', areaId: 'area-x' }, 'INPUT.INVALID', 'name'],
    ['a bad phone', schemas.persons.create, { name: '王', birthYear: 1950, targetGroup: 'senior', areaId: 'area-x', phone: '12345' }, 'INPUT.INVALID', 'phone'],
    ['a name of emoji only', schemas.persons.create, { name: '😀😀', birthYear: 1950, targetGroup: 'senior', areaId: 'area-x' }, 'INPUT.INVALID', 'name'],
    ['a name of punctuation only', schemas.persons.create, { name: '·。！', birthYear: 1950, targetGroup: 'senior', areaId: 'area-x' }, 'INPUT.INVALID', 'name'],
    ['a name with an emoji', schemas.persons.create, { name: '王🙂', birthYear: 1950, targetGroup: 'senior', areaId: 'area-x' }, 'INPUT.INVALID', 'name'],
    ['11 digits that are no mainland mobile (12x)', schemas.persons.create, { name: '王', birthYear: 1950, targetGroup: 'senior', areaId: 'area-x', phone: '12345678901' }, 'INPUT.INVALID', 'phone'],
    ['an identity smuggled in the body', schemas.registrations.signUp, { activityId: 'act-1', personId: 'per-1', userId: 'someone' }, 'INPUT.INVALID', undefined],
  ])('rejects %s', (_name, schema, data, code, field) => {
    const r = parseInput(schema, data)
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error.code).toBe(code)
      if (field) expect(r.error.field).toBe(field)
      expect(r.error.message).toMatch(/[\u4e00-\u9fa5]/)
    }
  })
  it('accepts the names people have: 汉字, a minority name with its middle dot, Latin letters', () => {
    for (const name of ['王秀兰', '买买提·艾力', 'Anna Li', '欧阳娜娜']) {
      expect(parseInput(schemas.persons.create, { name, birthYear: 1954, targetGroup: 'senior', areaId: 'area-x' })).toMatchObject({ ok: true })
    }
  })

  it('accepts a good person and normalises an empty phone to null', () => {
    const r = parseInput(schemas.persons.create, { name: ' 王秀兰 ', birthYear: 1954, targetGroup: 'senior', areaId: 'area-x', phone: '' })
    expect(r).toEqual({ ok: true, value: { name: '王秀兰', birthYear: 1954, targetGroup: 'senior', areaId: 'area-x', phone: null } })
  })
})

// The one decoder of an indicator's filters (src/domain/ledger/filters.ts), and the saveIndicator
// request that goes through it (contracts.ts).
import { parseInput, schemas } from '../../src/domain/contracts'
import { decodeIndicatorFilters } from '../../src/domain/ledger/filters'

const saveIndicator = (filters: unknown) =>
  parseInput(schemas.ledger.saveIndicator, {
    planId: 'plan-1',
    name: '科普讲座参与人次',
    unit: '人次',
    rule: 'person_times',
    periodKind: 'plan',
    target: null,
    countingNote: '',
    filters,
  })

describe('decodeIndicatorFilters, as stored', () => {
  it('keeps the known filters and leaves other members out', () => {
    expect(decodeIndicatorFilters({ types: ['lecture'], tags: ['ai'], minAttendance: 3, extra: true })).toEqual({
      ok: true,
      value: { types: ['lecture'], tags: ['ai'], minAttendance: 3 },
    })
  })

  it('names the member that is malformed', () => {
    expect(decodeIndicatorFilters([])).toEqual({ ok: false, field: '', why: 'not_object' })
    expect(decodeIndicatorFilters({ tags: 'ai' })).toEqual({ ok: false, field: 'tags', why: 'not_list' })
    expect(decodeIndicatorFilters({ areaIds: ['a', 7] })).toEqual({ ok: false, field: 'areaIds.1', why: 'not_text' })
    expect(decodeIndicatorFilters({ minAttendance: '3' })).toEqual({ ok: false, field: 'minAttendance', why: 'not_number' })
  })

  it('does not hold stored filters to the request limits', () => {
    expect(decodeIndicatorFilters({ tags: ['Not A Tag'], types: Array(30).fill('lecture') }).ok).toBe(true)
  })
})

describe('saveIndicator filters', () => {
  it('passes well-formed filters through', () => {
    const parsed = saveIndicator({ types: ['lecture'], areaIds: ['hc-town-1'], minAttendance: 2 })
    expect(parsed.ok && parsed.value.filters).toEqual({ types: ['lecture'], areaIds: ['hc-town-1'], minAttendance: 2 })
  })

  it.each([
    [{ tags: ['Bad Tag'] }, 'INPUT.INVALID_ID', 'filters.tags.0'],
    [{ areaIds: [1] }, 'INPUT.INVALID_ID', 'filters.areaIds.0'],
    [{ types: 'lecture' }, 'INPUT.INVALID', 'filters.types'],
    [{ types: ['x'.repeat(41)] }, 'INPUT.INVALID', 'filters.types.0'],
    [{ types: Array(21).fill('lecture') }, 'INPUT.INVALID', 'filters.types'],
    [{ areaIds: Array(41).fill('hc-town-1') }, 'INPUT.INVALID', 'filters.areaIds'],
    [{ minAttendance: '2' }, 'INPUT.INVALID', 'filters.minAttendance'],
    [{ colour: ['red'] }, 'INPUT.INVALID', 'filters'],
    [undefined, 'INPUT.INVALID', 'filters'],
  ])('refuses %j with %s on %s', (filters, code, field) => {
    const parsed = saveIndicator(filters)
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) expect([parsed.error.code, parsed.error.field]).toEqual([code, field])
  })
})

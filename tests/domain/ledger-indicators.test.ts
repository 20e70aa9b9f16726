import { checkIndicator, copyIndicators, indicatorPeriod, PLAN_2021_2025, seedIndicators } from '../../src/domain/ledger/indicators'
import { shanghaiInstant } from '../../src/domain/time'

const seeded = seedIndicators()
const byId = (suffix: string) => seeded.find((i) => i.id.endsWith(suffix))!

describe('seeded indicators of the 2021–2025 plan', () => {
  it('carry the plan’s own targets', () => {
    expect(byId('science-tutors')).toMatchObject({ target: 50, periodKind: 'annual', rule: 'unique_persons' })
    expect(byId('farmers')).toMatchObject({ target: 500, periodKind: 'plan', rule: 'unique_persons' })
    expect(byId('funding')).toMatchObject({ target: 2, rule: 'entered' })
    expect(byId('literacy')).toMatchObject({ target: 18, rule: 'entered', unit: '%' })
  })
  it('count person-times for every target group and activities for every project and action', () => {
    expect(seeded.filter((i) => i.id.includes('person-times-'))).toHaveLength(6)
    expect(seeded.filter((i) => i.id.includes('activities-project_'))).toHaveLength(4)
    expect(seeded.filter((i) => i.id.includes('activities-action_'))).toHaveLength(5)
  })
  it('all pass their own validation and have unique ids', () => {
    for (const i of seeded) expect(checkIndicator(i, PLAN_2021_2025.period, [])).toEqual({ ok: true, value: true })
    expect(new Set(seeded.map((i) => i.id)).size).toBe(seeded.length)
  })
})

describe('indicator periods', () => {
  it('an annual indicator covers the current Shanghai year within the plan', () => {
    expect(indicatorPeriod({ periodKind: 'annual' }, PLAN_2021_2025, shanghaiInstant(2023, 6, 1))).toEqual({ from: shanghaiInstant(2023, 1, 1), to: shanghaiInstant(2024, 1, 1) })
    expect(indicatorPeriod({ periodKind: 'plan' }, PLAN_2021_2025, shanghaiInstant(2023, 6, 1))).toEqual(PLAN_2021_2025.period)
  })
  it('an annual indicator of an ended plan shows its last year', () => {
    expect(indicatorPeriod({ periodKind: 'annual' }, PLAN_2021_2025, shanghaiInstant(2026, 11, 30))).toEqual({ from: shanghaiInstant(2025, 1, 1), to: shanghaiInstant(2026, 1, 1) })
  })
})

describe('checkIndicator', () => {
  const base = { rule: 'person_times' as const, target: 10, filters: {}, entered: null }
  it.each([
    ['an empty period', base, { from: shanghaiInstant(2025, 1, 1), to: shanghaiInstant(2025, 1, 1) }, 'LEDGER.EMPTY_PERIOD'],
    ['a negative target', { ...base, target: -1 }, PLAN_2021_2025.period, 'LEDGER.NEGATIVE_TARGET'],
    ['an unknown target group', { ...base, filters: { targetGroups: ['pirates'] as never } }, PLAN_2021_2025.period, 'LEDGER.UNKNOWN_FILTER'],
    ['an unknown activity type', { ...base, filters: { types: ['party'] as never } }, PLAN_2021_2025.period, 'LEDGER.UNKNOWN_FILTER'],
    ['an unknown area', { ...base, filters: { areaIds: ['area-mars'] } }, PLAN_2021_2025.period, 'LEDGER.UNKNOWN_FILTER'],
    ['a minimum attendance of zero', { ...base, filters: { minAttendance: 0 } }, PLAN_2021_2025.period, 'LEDGER.UNKNOWN_FILTER'],
  ])('refuses %s', (_name, def, period, code) => {
    const r = checkIndicator(def, period, ['area-a'])
    expect(!r.ok && r.error.code).toBe(code)
    expect(!r.ok && r.error.message).toMatch(/[\u4e00-\u9fa5]/)
  })
})

describe('successor plans', () => {
  it('copy the indicators with new ids and without entered figures', () => {
    const withFigure = seeded.map((i) => (i.rule === 'entered' ? { ...i, entered: { value: 2.1, source: '区财政局', asOf: shanghaiInstant(2025, 12, 1) } } : i))
    const copies = copyIndicators(withFigure, 'plan-2026-2030', (n) => `plan-2026-2030-${n}`)
    expect(copies).toHaveLength(seeded.length)
    expect(copies.every((c) => c.planId === 'plan-2026-2030' && c.entered === null)).toBe(true)
    expect(copies.find((c) => c.name.includes('高素质农民'))?.target).toBe(500)
  })
})

import { checkIndicator, copyIndicators, indicatorPeriod, planInForce, planToShow, PLAN_2021_2025, seedIndicators, successorPlan } from '../../src/domain/ledger/indicators'
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
  it('an ended plan has no 本年度: the current year lies outside it', () => {
    expect(indicatorPeriod({ periodKind: 'annual' }, PLAN_2021_2025, shanghaiInstant(2026, 11, 30))).toBeNull()
    expect(indicatorPeriod({ periodKind: 'annual' }, PLAN_2021_2025, shanghaiInstant(2020, 6, 1))).toBeNull()
    expect(indicatorPeriod({ periodKind: 'annual' }, PLAN_2021_2025, shanghaiInstant(2025, 12, 31, 23, 59))).toEqual({ from: shanghaiInstant(2025, 1, 1), to: shanghaiInstant(2026, 1, 1) })
  })
})

describe('the plan in force and its successor', () => {
  const DEC_2026 = shanghaiInstant(2026, 12, 2)
  const next = { id: 'plan-2026-2030', name: '环翠区全民科学素质行动规划纲要实施方案（2026—2030年）', period: { from: shanghaiInstant(2026, 1, 1), to: shanghaiInstant(2031, 1, 1) } }
  it('finds no plan in force once the last one ended, and shows the ended one', () => {
    expect(planInForce([PLAN_2021_2025], DEC_2026)).toBeNull()
    expect(planToShow([PLAN_2021_2025], DEC_2026)).toBe(PLAN_2021_2025)
    expect(planInForce([PLAN_2021_2025, next], DEC_2026)).toBe(next)
    expect(planToShow([PLAN_2021_2025, next], shanghaiInstant(2024, 1, 1))).toBe(PLAN_2021_2025)
  })
  it('suggests the next five years under the same name, and nothing while a plan covers today', () => {
    expect(successorPlan([PLAN_2021_2025], DEC_2026)).toEqual(next)
    expect(successorPlan([PLAN_2021_2025, next], DEC_2026)).toBeNull()
    expect(successorPlan([PLAN_2021_2025], shanghaiInstant(2024, 6, 1))).toBeNull()
    // Years skipped: the period of the series that covers today.
    expect(successorPlan([PLAN_2021_2025], shanghaiInstant(2032, 3, 1))?.id).toBe('plan-2031-2035')
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

// Plans and their indicators (指标): what the district counts, against which target, over which period.
// The 2021–2025 plan's figures are seeded from the plan text (DESIGN.md §1); admins edit them, and a
// successor plan starts as a copy of its predecessor's indicators.

import { ACTIVITY_TYPES, DEPARTMENTS, PLAN_ACTIONS, PLAN_PROJECTS, TARGET_GROUPS, codesOf } from '../catalog'
import { fail, ok, type Result } from '../errors'
import { ms, shanghaiInstant, shanghaiYear, type Instant } from '../time'
import type { CountingRule, IndicatorFilters, Period } from './count'

export interface Plan {
  readonly id: string
  readonly name: string
  readonly period: Period
}

/** `plan`: the whole plan period; `annual`: the current calendar year (Shanghai) within the plan. */
export type PeriodKind = 'plan' | 'annual'

/** A figure an admin enters (funding, survey results), with where it comes from. */
export interface EnteredFigure {
  readonly value: number
  readonly source: string
  readonly asOf: Instant
}

export interface Indicator {
  readonly id: string
  readonly planId: string
  readonly name: string
  readonly unit: string
  readonly rule: CountingRule
  readonly periodKind: PeriodKind
  readonly target: number | null
  readonly filters: IndicatorFilters
  /** One line, shown on the card: how the figure is counted. */
  readonly countingNote: string
  readonly entered: EnteredFigure | null
  readonly sort: number
}

/** Every change to an indicator's definition, for the audit trail. */
export interface IndicatorChange {
  readonly id: string
  readonly indicatorId: string
  readonly at: Instant
  readonly by: string
  readonly before: Indicator | null
  readonly after: Indicator
}

/**
 * The period an indicator covers at `now`: the whole plan, or — for 本年度 — the current calendar year
 * (Shanghai) within the plan. Null when the current year lies outside the plan: an ended plan has no
 * 本年度, and showing its last year under that name would mislead.
 * @example indicatorPeriod({ periodKind: 'annual' }, PLAN_2021_2025, shanghaiInstant(2026, 12, 2)) // null
 */
export function indicatorPeriod(indicator: Pick<Indicator, 'periodKind'>, plan: Plan, now: Instant): Period | null {
  if (indicator.periodKind === 'plan') return plan.period
  const y = shanghaiYear(now)
  const from = Math.max(ms(shanghaiInstant(y, 1, 1)), ms(plan.period.from))
  const to = Math.min(ms(shanghaiInstant(y + 1, 1, 1)), ms(plan.period.to))
  return to > from ? { from: new Date(from).toISOString(), to: new Date(to).toISOString() } : null
}

/** Whether `now` lies in the plan's period. */
export const planCovers = (plan: Plan, now: Instant): boolean => ms(plan.period.from) <= ms(now) && ms(now) < ms(plan.period.to)

/** The plan in force at `now`, or null when no plan covers today. */
export function planInForce(plans: readonly Plan[], now: Instant): Plan | null {
  return [...plans].sort((a, b) => ms(b.period.from) - ms(a.period.from)).find((p) => planCovers(p, now)) ?? null
}

/**
 * The plan a dashboard opens on: the one in force, else the latest that has started (its final figures),
 * else the earliest. Never null for a non-empty list.
 */
export function planToShow(plans: readonly Plan[], now: Instant): Plan {
  const byStart = [...plans].sort((a, b) => ms(b.period.from) - ms(a.period.from))
  return planInForce(plans, now) ?? byStart.find((p) => ms(p.period.from) <= ms(now)) ?? byStart[byStart.length - 1]
}

const yearsOf = (plan: Plan): { first: number; last: number } => ({
  first: shanghaiYear(plan.period.from),
  last: shanghaiYear(new Date(ms(plan.period.to) - 1).toISOString()),
})

/**
 * The successor a plan suggests when it has ended: as many years again from the year after it, named
 * like it with the years changed (…（2021—2025年） → …（2026—2030年））, for the period of that length that
 * covers today. Null while a plan covers today or starts later (nothing to offer).
 * @example successorPlan([PLAN_2021_2025], shanghaiInstant(2026, 12, 2))?.name // '…实施方案（2026—2030年）'
 */
export function successorPlan(plans: readonly Plan[], now: Instant): Plan | null {
  if (plans.length === 0 || plans.some((p) => ms(p.period.to) > ms(now))) return null
  const last = [...plans].sort((a, b) => ms(b.period.to) - ms(a.period.to))[0]
  const { first, last: lastYear } = yearsOf(last)
  const years = lastYear - first + 1
  // The next period of the series that covers today (the one right after the last plan, unless years were skipped).
  let from = lastYear + 1
  while (from + years - 1 < shanghaiYear(now)) from += years
  const to = from + years - 1
  const renamed = last.name.replace(/\d{4}\s*[—–-]+\s*\d{4}/, `${from}—${to}`)
  return {
    id: `plan-${from}-${to}`,
    name: renamed === last.name ? `${last.name}（${from}—${to}年）` : renamed,
    period: { from: shanghaiInstant(from, 1, 1), to: shanghaiInstant(to + 1, 1, 1) },
  }
}

const FILTER_DOMAINS: Record<keyof Omit<IndicatorFilters, 'minAttendance' | 'tags' | 'areaIds'>, readonly string[]> = {
  types: codesOf(ACTIVITY_TYPES),
  targetGroups: codesOf(TARGET_GROUPS),
  actions: codesOf(PLAN_ACTIONS),
  projects: codesOf(PLAN_PROJECTS),
  departments: codesOf(DEPARTMENTS),
}

/**
 * Checks an indicator definition an admin submits: a non-empty period, a non-negative target, filter
 * values that exist (areas against the current list), and an entered figure only for `entered`.
 */
export function checkIndicator(
  def: Pick<Indicator, 'rule' | 'target' | 'filters' | 'entered'>,
  period: Period,
  knownAreaIds: readonly string[],
): Result<true> {
  if (!(ms(period.to) > ms(period.from))) return fail('LEDGER.EMPTY_PERIOD', 'period')
  if (def.target !== null && !(def.target >= 0)) return fail('LEDGER.NEGATIVE_TARGET', 'target')
  for (const [key, allowed] of Object.entries(FILTER_DOMAINS) as [keyof typeof FILTER_DOMAINS, readonly string[]][]) {
    const values = def.filters[key] as readonly string[] | undefined
    if (values?.some((v) => !allowed.includes(v))) return fail('LEDGER.UNKNOWN_FILTER', `filters.${key}`)
  }
  if (def.filters.areaIds?.some((a) => !knownAreaIds.includes(a))) return fail('LEDGER.UNKNOWN_FILTER', 'filters.areaIds')
  if (def.filters.minAttendance !== undefined && !(Number.isInteger(def.filters.minAttendance) && def.filters.minAttendance >= 1)) {
    return fail('LEDGER.UNKNOWN_FILTER', 'filters.minAttendance')
  }
  if (def.rule !== 'entered' && def.entered) return fail('INPUT.INVALID', 'entered', '只有填报类指标可以录入数值')
  return ok(true)
}

/** A successor plan starts with copies of the predecessor's indicators (entered figures cleared). */
export function copyIndicators(from: readonly Indicator[], toPlanId: string, newId: (i: number) => string): Indicator[] {
  return from.map((ind, i) => ({ ...ind, id: newId(i), planId: toPlanId, entered: null }))
}

export const PLAN_2021_2025: Plan = {
  id: 'plan-2021-2025',
  name: '环翠区全民科学素质行动规划纲要实施方案（2021—2025年）',
  period: { from: shanghaiInstant(2021, 1, 1), to: shanghaiInstant(2026, 1, 1) },
}

/** Activity tags the seeded indicators count by. */
export const TAGS = {
  scienceTutorTraining: 'science_tutor_training',
  highQualityFarmer: 'high_quality_farmer',
  smartClass: 'smart_class',
} as const

/** The plan's own figures and the counts it asks for, as indicators of the 2021–2025 plan. */
export function seedIndicators(planId: string = PLAN_2021_2025.id): Indicator[] {
  let sort = 0
  const ind = (id: string, rest: Omit<Indicator, 'id' | 'planId' | 'sort' | 'entered'> & { entered?: EnteredFigure | null }): Indicator => ({
    id: `${planId}-${id}`,
    planId,
    sort: ++sort,
    entered: null,
    ...rest,
  })
  return [
    ind('science-tutors', { name: '培训科技辅导员（本年度）', unit: '人', rule: 'unique_persons', periodKind: 'annual', target: 50, filters: { tags: [TAGS.scienceTutorTraining] }, countingNote: '本年度参加科技辅导员培训并签到的人数，同一人多次参训只计一次' }),
    ind('farmers', { name: '培训高素质农民（2021—2025年）', unit: '人', rule: 'unique_persons', periodKind: 'plan', target: 500, filters: { tags: [TAGS.highQualityFarmer] }, countingNote: '规划期内参加高素质农民培育培训并签到的人数，跨年度重复参训只计一次' }),
    ind('smart-class', { name: '智慧助老手机课堂结业', unit: '人', rule: 'completions', periodKind: 'plan', target: null, filters: { types: ['smart_senior'], tags: [TAGS.smartClass] }, countingNote: '系列课程出勤达到结业要求（含补课）即结业，每人计一次' }),
    ...TARGET_GROUPS.map((g) =>
      ind(`person-times-${g.code}`, { name: `${g.name}参与人次`, unit: '人次', rule: 'person_times', periodKind: 'plan', target: null, filters: { targetGroups: [g.code] }, countingNote: `规划期内${g.name}签到参加活动的人次` }),
    ),
    ...PLAN_PROJECTS.map((p) => ind(`activities-${p.code}`, { name: `${p.name}活动场次`, unit: '场', rule: 'activities', periodKind: 'plan', target: null, filters: { projects: [p.code] }, countingNote: '规划期内举办（未取消）的相关活动场次' })),
    ...PLAN_ACTIONS.map((a) => ind(`activities-${a.code}`, { name: `${a.name}活动场次`, unit: '场', rule: 'activities', periodKind: 'plan', target: null, filters: { actions: [a.code] }, countingNote: '规划期内举办（未取消）的相关活动场次' })),
    ind('science-day-activities', { name: '全国科普日活动场次', unit: '场', rule: 'activities', periodKind: 'annual', target: null, filters: { types: ['science_day'] }, countingNote: '本年度全国科普日活动场次' }),
    ind('science-day-participants', { name: '全国科普日参与人次', unit: '人次', rule: 'person_times', periodKind: 'annual', target: null, filters: { types: ['science_day'] }, countingNote: '本年度全国科普日活动签到人次' }),
    ind('volunteers', { name: '活跃科普志愿者（本年度）', unit: '人', rule: 'volunteers', periodKind: 'annual', target: null, filters: {}, countingNote: '本年度受邀担任签到志愿者并为参与者签到的人数，每人计一次' }),
    ind('funding', { name: '人均科普经费', unit: '元/人', rule: 'entered', periodKind: 'annual', target: 2, filters: {}, countingNote: '2022年起科普经费基本标准为2元/人，由区科协填报' }),
    ind('literacy', { name: '公民具备科学素质的比例', unit: '%', rule: 'entered', periodKind: 'plan', target: 18, filters: {}, countingNote: '以全省、全市公民科学素质测评结果为准，由区科协填报并注明来源' }),
  ]
}

// The ledger's rows and their mapping: facts (one per checked-in registration), plans (规划), their
// indicators and the indicators' change log. Statements are in ledger.ts and ledger-queries.ts.

import type { ActivityType, DepartmentCode, PlanAction, PlanProject, TargetGroup } from '../../src/domain/catalog'
import { COUNTING_RULES, type CountingRule, type IndicatorFilters } from '../../src/domain/ledger/count'
import { decodeIndicatorFilters } from '../../src/domain/ledger/filters'
import type { EnteredFigure, Indicator, IndicatorChange, PeriodKind, Plan } from '../../src/domain/ledger/indicators'
import type { StoredFact } from '../../src/domain/ports'
import { canonicalInstant, reader } from './rows'
import { PERIOD_KINDS } from '../../src/domain/value-lists'

export interface FactRow {
  registration_id: string
  person_id: string
  person_group: string
  activity_id: string
  type: string
  department_code: string
  area_id: string
  tags: string
  actions: string
  projects: string
  activity_start_at: string
  activity_cancelled: number
  at: string
}

export interface PlanRow {
  id: string
  name: string
  period_from: string
  period_to: string
}

export interface IndicatorRow {
  id: string
  plan_id: string
  name: string
  unit: string
  rule: string
  period_kind: string
  target: number | null
  filters: string
  counting_note: string
  entered: string | null
  sort: number
}

export interface IndicatorChangeRow {
  id: string
  indicator_id: string
  at: string
  by_user: string
  before: string | null
  after: string
}

export const factToRow = (f: StoredFact): FactRow => ({
  registration_id: f.registrationId,
  person_id: f.personId,
  person_group: f.personTargetGroup,
  activity_id: f.activity.activityId,
  type: f.activity.type,
  department_code: f.activity.departmentCode,
  area_id: f.activity.areaId,
  tags: JSON.stringify(f.activity.tags),
  actions: JSON.stringify(f.activity.actions),
  projects: JSON.stringify(f.activity.projects),
  activity_start_at: canonicalInstant(f.activity.startAt),
  activity_cancelled: f.activity.cancelled ? 1 : 0,
  at: canonicalInstant(f.at),
})

export function rowToFact(row: FactRow): StoredFact {
  const r = reader('ledger_facts', { ...row, id: row.registration_id } as unknown as Record<string, unknown>)
  return {
    registrationId: r.str('registration_id'),
    personId: r.str('person_id'),
    personTargetGroup: r.str('person_group') as TargetGroup,
    at: r.str('at'),
    activity: {
      activityId: r.str('activity_id'),
      type: r.str('type') as ActivityType,
      startAt: r.str('activity_start_at'),
      cancelled: r.bool('activity_cancelled'),
      actions: r.strings('actions') as PlanAction[],
      projects: r.strings('projects') as PlanProject[],
      tags: r.strings('tags'),
      departmentCode: r.str('department_code') as DepartmentCode,
      areaId: r.str('area_id'),
    },
  }
}

export const planToRow = (p: Plan): PlanRow => ({
  id: p.id,
  name: p.name,
  period_from: canonicalInstant(p.period.from),
  period_to: canonicalInstant(p.period.to),
})

export function rowToPlan(row: PlanRow): Plan {
  const r = reader('plans', row as unknown as Record<string, unknown>)
  return { id: r.str('id'), name: r.str('name'), period: { from: r.str('period_from'), to: r.str('period_to') } }
}

/** Filters as the domain decodes them (ledger/filters.ts); `bad` names what is wrong. */
function decodeFilters(value: unknown, bad: (why: string) => never): IndicatorFilters {
  const decoded = decodeIndicatorFilters(value)
  return decoded.ok ? decoded.value : bad(decoded.field ? `.${decoded.field} is malformed (${decoded.why})` : `is malformed (${decoded.why})`)
}

function decodeEntered(value: unknown, bad: (why: string) => never): EnteredFigure | null {
  if (value === null) return null
  if (typeof value !== 'object' || Array.isArray(value)) return bad('is not an object')
  const o = value as Record<string, unknown>
  if (typeof o.value !== 'number' || typeof o.source !== 'string' || typeof o.asOf !== 'string') return bad('is not { value, source, asOf }')
  return { value: o.value, source: o.source, asOf: o.asOf }
}

const indicatorJson = (i: Indicator): Record<string, unknown> => ({
  id: i.id,
  planId: i.planId,
  name: i.name,
  unit: i.unit,
  rule: i.rule,
  periodKind: i.periodKind,
  target: i.target,
  filters: i.filters,
  countingNote: i.countingNote,
  entered: i.entered,
  sort: i.sort,
})

/** An indicator stored whole as JSON (the audit trail's before and after). */
function decodeIndicatorJson(value: unknown, bad: (why: string) => never): Indicator {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return bad('is not an object')
  const o = value as Record<string, unknown>
  const str = (k: string): string => (typeof o[k] === 'string' ? (o[k] as string) : bad(`.${k} is not text`))
  const rule = str('rule')
  const periodKind = str('periodKind')
  if (!(COUNTING_RULES as readonly string[]).includes(rule)) bad('.rule is unknown')
  if (!(PERIOD_KINDS as readonly string[]).includes(periodKind)) bad('.periodKind is unknown')
  if (o.target !== null && typeof o.target !== 'number') bad('.target is not a number')
  if (typeof o.sort !== 'number') bad('.sort is not a number')
  return {
    id: str('id'),
    planId: str('planId'),
    name: str('name'),
    unit: str('unit'),
    rule: rule as CountingRule,
    periodKind: periodKind as PeriodKind,
    target: o.target as number | null,
    filters: decodeFilters(o.filters, (why) => bad(`.filters ${why}`)),
    countingNote: str('countingNote'),
    entered: decodeEntered(o.entered ?? null, (why) => bad(`.entered ${why}`)),
    sort: o.sort as number,
  }
}

export const indicatorToRow = (i: Indicator): IndicatorRow => ({
  id: i.id,
  plan_id: i.planId,
  name: i.name,
  unit: i.unit,
  rule: i.rule,
  period_kind: i.periodKind,
  target: i.target,
  filters: JSON.stringify(i.filters),
  counting_note: i.countingNote,
  entered: i.entered === null ? null : JSON.stringify(i.entered),
  sort: i.sort,
})

export function rowToIndicator(row: IndicatorRow): Indicator {
  const r = reader('indicators', row as unknown as Record<string, unknown>)
  const target = row.target
  if (target !== null && typeof target !== 'number') r.bad('target', 'is not a number')
  return {
    id: r.str('id'),
    planId: r.str('plan_id'),
    name: r.str('name'),
    unit: r.str('unit'),
    rule: r.oneOf<CountingRule>('rule', COUNTING_RULES),
    periodKind: r.oneOf<PeriodKind>('period_kind', PERIOD_KINDS),
    target,
    filters: decodeFilters(r.json('filters'), (why) => r.bad('filters', why)),
    countingNote: r.str('counting_note'),
    entered: row.entered === null ? null : decodeEntered(r.json('entered'), (why) => r.bad('entered', why)),
    sort: r.int('sort'),
  }
}

export const indicatorChangeToRow = (c: IndicatorChange): IndicatorChangeRow => ({
  id: c.id,
  indicator_id: c.indicatorId,
  at: canonicalInstant(c.at),
  by_user: c.by,
  before: c.before === null ? null : JSON.stringify(indicatorJson(c.before)),
  after: JSON.stringify(indicatorJson(c.after)),
})

export function rowToIndicatorChange(row: IndicatorChangeRow): IndicatorChange {
  const r = reader('indicator_changes', row as unknown as Record<string, unknown>)
  return {
    id: r.str('id'),
    indicatorId: r.str('indicator_id'),
    at: r.str('at'),
    by: r.str('by_user'),
    before: row.before === null ? null : decodeIndicatorJson(r.json('before'), (why) => r.bad('before', why)),
    after: decodeIndicatorJson(r.json('after'), (why) => r.bad('after', why)),
  }
}

export const FACT_COLUMNS = [
  'registration_id', 'person_id', 'person_group', 'activity_id', 'type', 'department_code', 'area_id', 'tags',
  'actions', 'projects', 'activity_start_at', 'activity_cancelled', 'at',
] as const satisfies readonly (keyof FactRow)[]
export const PLAN_COLUMNS = ['id', 'name', 'period_from', 'period_to'] as const satisfies readonly (keyof PlanRow)[]
export const INDICATOR_COLUMNS = [
  'id', 'plan_id', 'name', 'unit', 'rule', 'period_kind', 'target', 'filters', 'counting_note', 'entered', 'sort',
] as const satisfies readonly (keyof IndicatorRow)[]
export const INDICATOR_CHANGE_COLUMNS = ['id', 'indicator_id', 'at', 'by_user', 'before', 'after'] as const satisfies readonly (keyof IndicatorChangeRow)[]

// Incremental aggregates of the ledger: what an adapter keeps so a dashboard figure is a lookup
// instead of a count over every attendance. Pure functions; the adapter stores the numbers.
//
// An aggregate *target* is one counting spec (rule, period, filters) without its scope. For each target
// the adapter keeps, per *scope cell*, how many qualifying facts there are and — for unique_persons —
// how many facts each person has there, and how many persons reach `minAttendance`. The scope cells of
// a fact are: the whole district (`*`), its unit (`d:`), its area (`a:`), its month (`m:`) and its
// person's target group (`g:`). So one target answers the district figure, the figure scoped to one
// unit or one area (the organizer view, the area filter), and the four breakdowns of the district
// figure. Anything else (a unit and an area together, a breakdown inside a scope) is counted from
// the facts directly.
//
// Maintenance: every fact written, removed or changed (check-in, correction, an activity cancelled or
// restored, merged persons) changes each target it qualifies for by `factDelta`. `recountTarget`
// computes the same numbers from the facts with the counting functions of count.ts; the recount
// command and the tests compare the two.

import { breakdown, countFacts, factQualifies, monthLabel, type AttendanceFact, type BreakdownKey, type CountSpec, type IndicatorFilters } from './count'

export type AggregateRule = 'person_times' | 'unique_persons'

/** A spec the adapter keeps aggregates for: a rule, a period and filters with no unit or area. */
export interface AggregateTarget {
  /** Stable text of the spec; equal specs have equal keys. */
  readonly key: string
  readonly spec: CountSpec & { readonly rule: AggregateRule }
  /** Facts a person needs in a cell to count (1 for person_times). */
  readonly need: number
}

/** The numbers kept for one scope cell of a target (`persons` is 0 for person_times targets). */
export interface CellValue {
  /** Qualifying facts in the cell (the person_times figure). */
  readonly facts: number
  /** Persons with at least `need` qualifying facts in the cell (the unique_persons figure). */
  readonly persons: number
}

const SCOPE_PREFIX: Record<BreakdownKey, string> = { department: 'd:', area: 'a:', month: 'm:', targetGroup: 'g:' }
export const DISTRICT = '*'

/**
 * The scope cells a fact falls in. Person-times targets also keep the cells of a unit or an area
 * crossed with each breakdown (`d:kx|m:2025-03`), so a scoped dashboard and its breakdowns are
 * lookups too; for unique persons those would need a row per person each, and are counted instead.
 */
export function factScopes(fact: AttendanceFact, rule: AggregateRule): string[] {
  const cells = [`d:${fact.activity.departmentCode}`, `a:${fact.activity.areaId}`, `m:${monthLabel(fact.at)}`, `g:${fact.personTargetGroup}`]
  if (rule === 'unique_persons') return [DISTRICT, ...cells]
  return [DISTRICT, ...cells, ...cells.slice(0, 2).flatMap((scope) => cells.map((cell) => `${scope}|${cell}`))]
}

/** The cells of a breakdown of the figure in `scope` share this prefix; null when none are kept. */
export function breakdownPrefix(target: AggregateTarget, scope: string, by: BreakdownKey): string | null {
  if (scope === DISTRICT) return SCOPE_PREFIX[by]
  if (target.spec.rule === 'person_times' && !scope.includes('|')) return `${scope}|${SCOPE_PREFIX[by]}`
  return null
}

const sorted = (list: readonly string[] | undefined): string[] | undefined => (list && list.length > 0 ? [...new Set(list)].sort() : undefined)

function canonicalInstant(instant: string): string | null {
  const t = Date.parse(instant)
  return Number.isFinite(t) ? new Date(t).toISOString() : null
}

/** Filters in one canonical form (sorted, deduplicated, empty lists dropped). */
function normalFilters(f: IndicatorFilters, rule: AggregateRule): IndicatorFilters {
  const need = rule === 'unique_persons' ? Math.max(1, f.minAttendance ?? 1) : undefined
  const out: Record<string, unknown> = {
    types: sorted(f.types),
    targetGroups: sorted(f.targetGroups),
    actions: sorted(f.actions),
    projects: sorted(f.projects),
    tags: sorted(f.tags),
    minAttendance: need && need > 1 ? need : undefined,
  }
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as IndicatorFilters
}

/** The target of a spec whose filters set no unit and no area; null when the spec cannot have one. */
export function targetOf(spec: CountSpec): AggregateTarget | null {
  if (spec.rule === 'activities') return null
  if ((spec.filters.departments?.length ?? 0) > 0 || (spec.filters.areaIds?.length ?? 0) > 0) return null
  const from = canonicalInstant(spec.period.from)
  const to = canonicalInstant(spec.period.to)
  if (from === null || to === null) return null
  const rule = spec.rule
  const filters = normalFilters(spec.filters, rule)
  const normal = { rule, period: { from, to }, filters }
  return { key: JSON.stringify(normal), spec: normal, need: rule === 'unique_persons' ? Math.max(1, filters.minAttendance ?? 1) : 1 }
}

/**
 * Splits a spec into a target and the scope cell it asks for: the district, one unit, one area, or
 * (person-times) one unit in one area. Null when no target answers it (the activities rule, several
 * units or areas).
 */
export function aggregateQuery(spec: CountSpec): { target: AggregateTarget; scope: string } | null {
  const departments = spec.filters.departments ?? []
  const areaIds = spec.filters.areaIds ?? []
  if (departments.length > 1 || areaIds.length > 1) return null
  const target = targetOf({ ...spec, filters: { ...spec.filters, departments: undefined, areaIds: undefined } })
  if (!target) return null
  const unit = departments.length === 1 ? `d:${departments[0]}` : null
  const area = areaIds.length === 1 ? `a:${areaIds[0]}` : null
  if (unit && area) return target.spec.rule === 'person_times' ? { target, scope: `${unit}|${area}` } : null
  return { target, scope: unit ?? area ?? DISTRICT }
}

/** The figure a cell gives under the target's rule. */
export const cellFigure = (target: AggregateTarget, cell: CellValue | undefined): number =>
  !cell ? 0 : target.spec.rule === 'person_times' ? cell.facts : cell.persons

/** Whether a fact changes a target at all. */
export const factCounts = (fact: AttendanceFact, target: AggregateTarget): boolean => factQualifies(fact, target.spec)

/** What adding (+1) or removing (-1) one fact does to a target: per scope cell, and to its person. */
export interface FactDelta {
  /** Per scope cell: the change of its facts and of its persons reaching `need`. */
  readonly cells: ReadonlyArray<{ readonly scope: string; readonly facts: number; readonly persons: number }>
  /** unique_persons only: the person's new fact count per scope cell it touches (0: drop the tally). */
  readonly person: ReadonlyMap<string, number>
}

/**
 * The change one fact makes to a target, given the person's current tallies in its cells (unique
 * persons; ignored for person_times). A person counts in a cell once their tally reaches `need`, and
 * stops counting when it falls below; `recountTarget` over the facts gives the same numbers.
 */
export function factDelta(target: AggregateTarget, fact: AttendanceFact, sign: 1 | -1, tallies: ReadonlyMap<string, number>): FactDelta {
  if (!factCounts(fact, target)) return { cells: [], person: new Map() }
  const unique = target.spec.rule === 'unique_persons'
  const person = new Map<string, number>()
  const cells = factScopes(fact, target.spec.rule).map((scope) => {
    if (!unique) return { scope, facts: sign, persons: 0 }
    const before = tallies.get(scope) ?? 0
    const after = Math.max(0, before + sign)
    person.set(scope, after)
    const crossed = sign > 0 && before < target.need && after >= target.need ? 1 : sign < 0 && before >= target.need && after < target.need ? -1 : 0
    return { scope, facts: sign, persons: crossed }
  })
  return { cells, person }
}

/**
 * Recounts a target from the facts with the counting functions (count.ts): every scope cell with
 * qualifying facts and its numbers. Cells without qualifying facts are absent.
 */
export function recountTarget(target: AggregateTarget, facts: readonly AttendanceFact[]): Map<string, CellValue> {
  const qualifying = facts.filter((f) => factQualifies(f, target.spec))
  const out = new Map<string, CellValue>()
  if (qualifying.length === 0) return out
  const personTimes = { ...target.spec, rule: 'person_times' as const }
  const persons = { ...target.spec, rule: 'unique_persons' as const, filters: { ...target.spec.filters, minAttendance: target.need } }
  // Persons are kept for unique_persons targets only.
  const unique = target.spec.rule === 'unique_persons'
  out.set(DISTRICT, { facts: qualifying.length, persons: unique ? countFacts(persons, qualifying) : 0 })
  const split = (within: readonly AttendanceFact[], prefix: string): void => {
    for (const by of ['department', 'area', 'month', 'targetGroup'] as const) {
      const times = breakdown(personTimes, within, by)
      const people = unique ? breakdown(persons, within, by) : new Map<string, number>()
      for (const [key, n] of times) out.set(`${prefix}${SCOPE_PREFIX[by]}${key}`, { facts: n, persons: people.get(key) ?? 0 })
    }
  }
  split(qualifying, '')
  if (!unique) {
    // The unit and area cells crossed with each breakdown (factScopes).
    for (const by of ['department', 'area'] as const) {
      const groups = new Map<string, AttendanceFact[]>()
      for (const f of qualifying) {
        const key = by === 'department' ? f.activity.departmentCode : f.activity.areaId
        const list = groups.get(key)
        if (list) list.push(f)
        else groups.set(key, [f])
      }
      for (const [key, within] of groups) split(within, `${SCOPE_PREFIX[by]}${key}|`)
    }
  }
  return out
}

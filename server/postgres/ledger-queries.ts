// The ledger's figures on PostgreSQL (the LedgerQueries port): src/domain/ledger/count.ts translated to
// SQL, so a figure is a COUNT over the facts the period's index range and the filters leave, never
// facts loaded into the process. The contract suite checks every figure against count.ts on random
// specs (tests/contract/ledger.contract.test.ts).

import { activityFacts, type BreakdownKey, type CountSpec, type IndicatorFilters, type Period, type VolunteerService } from '../../src/domain/ledger/count'
import type { ActivityId, PersonId } from '../../src/domain/ids'
import type { LedgerQueries } from '../../src/domain/ports'
import type { Activity } from '../../src/domain/types'
import type { Sql } from './db'
import { boundOf, c } from './columns'
import { FACT_ACTIVE } from './ledger-facts'

/** A WHERE clause with its positional parameters ($1…). */
interface Clause {
  readonly where: string
  readonly params: unknown[]
}

const nonEmpty = (list: readonly string[] | undefined): list is readonly string[] => !!list && list.length > 0

/**
 * Attendances a person needs to count, as countFacts computes it, as an integer safe to write into SQL:
 * a count reaches a fractional need exactly when it reaches its ceiling, and never reaches NaN.
 */
function neededAttendances(spec: CountSpec): number {
  const need = spec.rule === 'unique_persons' ? Math.max(1, spec.filters.minAttendance ?? 1) : 1
  return Number.isFinite(need) ? Math.ceil(need) : Number.MAX_SAFE_INTEGER
}

/** Collects parameters: `param` adds one and returns its placeholder. */
function builder(): { params: unknown[]; param: (value: unknown) => string } {
  const params: unknown[] = []
  return {
    params,
    param: (value) => {
      params.push(value)
      return `$${params.length}`
    },
  }
}

/** The period as canonical bounds, or null when one does not parse (such a period counts nothing, as in the domain). */
function boundsOf(period: Period): { from: string; to: string } | null {
  const from = boundOf(period.from)
  const to = boundOf(period.to)
  return from === null || to === null ? null : { from, to }
}

/** The list filters of IndicatorFilters; an empty or absent list lets everything pass. */
type ListFilter = Exclude<keyof IndicatorFilters, 'minAttendance'>

/** How each list filter reads on one table: SQL true when the row passes the list bound at `p`. */
type FilterSql = Partial<Record<ListFilter, (p: string) => string>>

/** On `ledger_facts f`: one value must be in the list (passes), a label list must share one (passesAny). */
const FACT_FILTERS: FilterSql = {
  types: (p) => `f.type = ANY(${p}::text[])`,
  targetGroups: (p) => `f.person_group = ANY(${p}::text[])`,
  departments: (p) => `f.department_code = ANY(${p}::text[])`,
  areaIds: (p) => `f.area_id = ANY(${p}::text[])`,
  tags: (p) => `f.tags && ${p}::text[]`,
  actions: (p) => `f.actions && ${p}::text[]`,
  projects: (p) => `f.projects && ${p}::text[]`,
}

/** The activity's start as a time, from the activities table's documents. */
const START = `(a.doc->>'startAt')::timestamptz`

/** On `activities a`, read from the documents; the activities rule has no target group. */
const ACTIVITY_FILTERS: FilterSql = {
  types: (p) => `a.doc->>'type' = ANY(${p}::text[])`,
  departments: (p) => `a.doc->>'departmentCode' = ANY(${p}::text[])`,
  areaIds: (p) => `a.doc->>'areaId' = ANY(${p}::text[])`,
  tags: (p) => `a.doc->'tags' ?| ${p}::text[]`,
  actions: (p) => `a.doc->'actions' ?| ${p}::text[]`,
  projects: (p) => `a.doc->'projects' ?| ${p}::text[]`,
}

/** The period's bounds and the filters as one WHERE clause; null when the period does not parse. */
function clauseOf(spec: CountSpec, period: (from: string, to: string) => string[], filters: FilterSql): Clause | null {
  const bounds = boundsOf(spec.period)
  if (bounds === null) return null
  const { params, param } = builder()
  const where = period(param(bounds.from), param(bounds.to))
  for (const [key, test] of Object.entries(filters) as [ListFilter, (p: string) => string][]) {
    const values = spec.filters[key]
    if (nonEmpty(values)) where.push(test(param([...values])))
  }
  return { where: where.join(' AND '), params }
}

/** The facts that qualify under `spec` (factQualifies), on `ledger_facts f`. */
const factClause = (spec: CountSpec): Clause | null =>
  clauseOf(spec, (from, to) => [`${c('f.at')} >= ${from}`, `${c('f.at')} < ${to}`, FACT_ACTIVE], FACT_FILTERS)

/** The activities the `activities` rule counts (activityQualifies, start in the period), on `activities a`. */
const activityClause = (spec: CountSpec): Clause | null =>
  clauseOf(spec, (from, to) => [`a.doc->>'status' <> 'cancelled'`, `${START} >= ${from}::timestamptz`, `${START} < ${to}::timestamptz`], ACTIVITY_FILTERS)

const FACT_KEYS: Record<BreakdownKey, string> = {
  month: 'f.month',
  targetGroup: 'f.person_group',
  department: 'f.department_code',
  area: 'f.area_id',
}

/** The activities rule has no target group: breakdown() yields nothing for it. The month is Shanghai's (UTC+8, as monthLabel). */
const ACTIVITY_KEYS: Record<BreakdownKey, string | null> = {
  month: `to_char((${START} AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM')`,
  targetGroup: null,
  department: `a.doc->>'departmentCode'`,
  area: `a.doc->>'areaId'`,
}

/** JavaScript's order of keys (UTF-16 code units), as the domain's sorted breakdowns. */
const byKey = ([a]: [string, number], [b]: [string, number]): number => (a < b ? -1 : a > b ? 1 : 0)

async function rows(sql: Sql, text: string, params: unknown[]): Promise<Array<[string, number]>> {
  const result = await sql.query<{ k: string; n: number }>(text, params)
  return result.map((r): [string, number] => [String(r.k), Number(r.n)]).sort(byKey)
}

export async function countFacts(sql: Sql, spec: CountSpec): Promise<number> {
  if (spec.rule === 'activities') {
    const clause = activityClause(spec)
    if (clause === null) return 0
    const [row] = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM activities a WHERE ${clause.where}`, clause.params)
    return row.n
  }
  const clause = factClause(spec)
  if (clause === null) return 0
  const need = neededAttendances(spec)
  const { where, params } = clause
  const text =
    spec.rule === 'person_times'
      ? `SELECT count(*)::int AS n FROM ledger_facts f WHERE ${where}`
      : need === 1
        ? `SELECT count(DISTINCT f.person_id)::int AS n FROM ledger_facts f WHERE ${where}`
        : `SELECT count(*)::int AS n FROM (SELECT f.person_id FROM ledger_facts f WHERE ${where} GROUP BY f.person_id HAVING count(*) >= ${need}) p`
  const [row] = await sql.query<{ n: number }>(text, params)
  return row.n
}

/** Like breakdown(): a group with qualifying facts but nobody reaching minAttendance is kept with 0. */
export async function breakdownFacts(sql: Sql, spec: CountSpec, by: BreakdownKey): Promise<Array<[string, number]>> {
  if (spec.rule === 'activities') {
    const key = ACTIVITY_KEYS[by]
    const clause = activityClause(spec)
    if (key === null || clause === null) return []
    return rows(sql, `SELECT ${key} AS k, count(*)::int AS n FROM activities a WHERE ${clause.where} GROUP BY 1`, clause.params)
  }
  const clause = factClause(spec)
  if (clause === null) return []
  const key = FACT_KEYS[by]
  if (spec.rule === 'person_times') return rows(sql, `SELECT ${key} AS k, count(*)::int AS n FROM ledger_facts f WHERE ${clause.where} GROUP BY 1`, clause.params)
  return rows(
    sql,
    `SELECT k, count(*) FILTER (WHERE p.attended >= ${neededAttendances(spec)})::int AS n FROM (
       SELECT ${key} AS k, f.person_id, count(*) AS attended FROM ledger_facts f WHERE ${clause.where} GROUP BY 1, 2
     ) p GROUP BY k`,
    clause.params,
  )
}

/**
 * The drill-downs. Persons: those the figure counts, with their qualifying facts. Activities: the
 * activities of those persons' qualifying facts (for the activities rule, the counted activities with
 * 0); so both lists sum to the same number of facts.
 */
async function drill(sql: Sql, spec: CountSpec, of: 'activities' | 'persons'): Promise<Array<[string, number]>> {
  if (spec.rule === 'activities') {
    const clause = activityClause(spec)
    if (of === 'persons' || clause === null) return []
    return rows(sql, `SELECT a.id AS k, 0 AS n FROM activities a WHERE ${clause.where}`, clause.params)
  }
  const clause = factClause(spec)
  if (clause === null) return []
  const need = neededAttendances(spec)
  const counted = `SELECT f.person_id FROM ledger_facts f WHERE ${clause.where} GROUP BY f.person_id HAVING count(*) >= ${need}`
  if (of === 'persons') {
    return rows(sql, `SELECT f.person_id AS k, count(*)::int AS n FROM ledger_facts f WHERE ${clause.where} GROUP BY 1 HAVING count(*) >= ${need}`, clause.params)
  }
  const onlyCounted = need === 1 ? '' : ` AND f.person_id IN (${counted})`
  return rows(sql, `SELECT f.activity_id AS k, count(*)::int AS n FROM ledger_facts f WHERE ${clause.where}${onlyCounted} GROUP BY 1`, clause.params)
}

/** Per (grant holder, activity of a grant of theirs) the first check-in they made there in the period. */
async function listVolunteerServices(sql: Sql, period: Period): Promise<VolunteerService[]> {
  const bounds = boundsOf(period)
  if (bounds === null || bounds.from >= bounds.to) return []
  const found = await sql.query<{ user_id: string; activity_id: string; at: string }>(
    `SELECT DISTINCT ON (${c(`(c.doc->>'operatorId')`)}, ${c(`(c.doc->>'activityId')`)})
            c.doc->>'operatorId' AS user_id, c.doc->>'activityId' AS activity_id, c.doc->>'at' AS at
     FROM scanner_grants g
     CROSS JOIN LATERAL jsonb_array_elements_text(g.doc->'activityIds') j(activity_id)
     JOIN checkins c ON c.doc->>'operatorId' = g.doc->>'userId' AND c.doc->>'activityId' = j.activity_id AND c.doc->>'kind' = 'in'
     WHERE (c.doc->>'at')::timestamptz >= $1::timestamptz AND (c.doc->>'at')::timestamptz < $2::timestamptz
     ORDER BY ${c(`(c.doc->>'operatorId')`)}, ${c(`(c.doc->>'activityId')`)}, (c.doc->>'at')::timestamptz`,
    [bounds.from, bounds.to],
  )
  if (found.length === 0) return []
  const docs = await sql.query<{ doc: Activity }>('SELECT doc FROM activities WHERE id = ANY($1::text[])', [[...new Set(found.map((r) => r.activity_id))]])
  const activities = new Map(docs.map((r) => [r.doc.id as string, r.doc]))
  return found.flatMap((r) => {
    const a = activities.get(r.activity_id)
    return a ? [{ userId: r.user_id, at: r.at, activity: activityFacts(a) }] : []
  })
}

/** The LedgerQueries port on `sql` (the pool). */
export function pgLedgerQueries(sql: Sql): LedgerQueries {
  return {
    countFacts: (spec) => countFacts(sql, spec),
    breakdownFacts: (spec, by) => breakdownFacts(sql, spec, by),
    drillActivities: async (spec) => (await drill(sql, spec, 'activities')).map(([id, n]) => ({ activityId: id as ActivityId, facts: n })),
    drillPersons: async (spec) => (await drill(sql, spec, 'persons')).map(([id, n]) => ({ personId: id as PersonId, facts: n })),
    listVolunteerServices: (period) => listVolunteerServices(sql, period),
  }
}

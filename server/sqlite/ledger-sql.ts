// The ledger's counting queries for the SQLite adapter: src/domain/ledger/count.ts translated to SQL,
// so a figure is computed by the database (COUNT over an index range) instead of loading facts.
// Filter lists are bound as JSON arrays (`IN (SELECT value FROM json_each(?))`), so one prepared
// statement serves every list length; one statement per spec shape (rule, filters present, key; for
// the activities' arrays, their lengths too).

import type { BreakdownKey, CountSpec } from '../../src/domain/ledger/count'

/** A query's WHERE clause and the named parameters it binds. */
export interface Clause {
  readonly where: string
  readonly params: Record<string, unknown>
}

/** The canonical text of an instant, or null when it does not parse (such a period counts nothing, as in the domain). */
function canonicalOrNull(instant: string): string | null {
  const t = Date.parse(instant)
  return Number.isFinite(t) ? new Date(t).toISOString() : null
}

const nonEmpty = (list: readonly string[] | undefined): list is readonly string[] => !!list && list.length > 0

const inList = (column: string, param: string): string => `${column} IN (SELECT value FROM json_each(@${param}))`

/** Attendances a person needs to count, exactly as countFacts computes it. */
export const neededAttendances = (spec: CountSpec): number => (spec.rule === 'unique_persons' ? Math.max(1, spec.filters.minAttendance ?? 1) : 1)

/**
 * The facts that qualify under `spec` (factQualifies), on `ledger_facts f`; null when none can.
 * `activity_cancelled = 0` comes first so the planner may use the partial counting indexes.
 */
export function factClause(spec: CountSpec): Clause | null {
  const from = canonicalOrNull(spec.period.from)
  const to = canonicalOrNull(spec.period.to)
  if (from === null || to === null) return null
  const f = spec.filters
  const where = ['f.activity_cancelled = 0', 'f.at >= @from', 'f.at < @to']
  const params: Record<string, unknown> = { from, to }
  const list = (values: readonly string[] | undefined, column: string, param: string): void => {
    if (!nonEmpty(values)) return
    where.push(inList(column, param))
    params[param] = JSON.stringify(values)
  }
  list(f.types, 'f.type', 'types')
  list(f.targetGroups, 'f.person_group', 'targetGroups')
  list(f.departments, 'f.department_code', 'departments')
  list(f.areaIds, 'f.area_id', 'areaIds')
  // Multi-valued activity columns: any shared value passes, looked up in the label side table
  // (the period bounds narrow each value's index range).
  const label = (values: readonly string[] | undefined, kind: string, param: string): void => {
    if (!nonEmpty(values)) return
    where.push(
      `f.registration_id IN (SELECT l.registration_id FROM ledger_fact_labels l
        WHERE l.kind = '${kind}' AND ${inList('l.value', param)} AND l.at >= @from AND l.at < @to)`,
    )
    params[param] = JSON.stringify(values)
  }
  label(f.tags, 'tag', 'tags')
  label(f.actions, 'action', 'actions')
  label(f.projects, 'project', 'projects')
  return { where: where.join(' AND '), params }
}

/** Text whose JSON form is itself in quotes, whoever serializes it (no quote, backslash or control character). */
const PLAIN_TEXT = /^[^"\\\u0000-\u001f\u2028\u2029\ud800-\udfff]*$/

/** The activities the `activities` rule counts (activityQualifies, start in the period), on `activities a`. */
export function activityClause(spec: CountSpec): Clause | null {
  const from = canonicalOrNull(spec.period.from)
  const to = canonicalOrNull(spec.period.to)
  if (from === null || to === null) return null
  const f = spec.filters
  const where = [`a.status = 'published'`, 'a.start_at >= @from', 'a.start_at < @to']
  const params: Record<string, unknown> = { from, to }
  const list = (values: readonly string[] | undefined, column: string, param: string): void => {
    if (!nonEmpty(values)) return
    where.push(inList(column, param))
    params[param] = JSON.stringify(values)
  }
  list(f.types, 'a.type', 'types')
  list(f.departments, 'a.department_code', 'departments')
  list(f.areaIds, 'a.area_id', 'areaIds')
  // The activities table is small (thousands of rows), so its arrays are scanned; but json_each per row
  // costs ~2 µs, ten dashboard cards × 5,000 activities ~80 ms. So a test of the array's text comes
  // first (instr, ~0.1 µs): an array holding a value holds its JSON text, when the value is one whose
  // JSON text every serializer writes alike. json_each then decides, so the figure stays exact.
  const any = (values: readonly string[] | undefined, column: string, param: string): void => {
    if (!nonEmpty(values)) return
    const exact = `EXISTS (SELECT 1 FROM json_each(${column}) j WHERE ${inList('j.value', param)})`
    if (values.every((v) => PLAIN_TEXT.test(v))) {
      where.push(`(${values.map((_, k) => `instr(${column}, @${param}_${k}) > 0`).join(' OR ')})`, exact)
      values.forEach((v, k) => (params[`${param}_${k}`] = JSON.stringify(v)))
    } else where.push(exact)
    params[param] = JSON.stringify(values)
  }
  any(f.tags, 'a.tags', 'tags')
  any(f.actions, 'a.actions', 'actions')
  any(f.projects, 'a.projects', 'projects')
  return { where: where.join(' AND '), params }
}

/** The Shanghai calendar month (monthLabel) of an instant column. */
const month = (column: string): string => `strftime('%Y-%m', ${column}, '+8 hours')`

const FACT_KEYS: Record<BreakdownKey, string> = {
  month: month('f.at'),
  targetGroup: 'f.person_group',
  department: 'f.department_code',
  area: 'f.area_id',
}

/** The activities rule has no target group: breakdown() yields nothing for it. */
const ACTIVITY_KEYS: Record<BreakdownKey, string | null> = {
  month: month('a.start_at'),
  targetGroup: null,
  department: 'a.department_code',
  area: 'a.area_id',
}

/** SQL returning one number (pluck) for countFacts. */
export function countSql(spec: CountSpec, clause: Clause): string {
  if (spec.rule === 'activities') return `SELECT count(*) FROM activities a WHERE ${clause.where}`
  if (spec.rule === 'person_times') return `SELECT count(*) FROM ledger_facts f WHERE ${clause.where}`
  if (neededAttendances(spec) === 1) return `SELECT count(DISTINCT f.person_id) FROM ledger_facts f WHERE ${clause.where}`
  return `SELECT count(*) FROM (SELECT f.person_id FROM ledger_facts f WHERE ${clause.where} GROUP BY f.person_id HAVING count(*) >= @need)`
}

/**
 * SQL returning rows { k, n } for breakdown(); null when the breakdown is empty by definition.
 * Like breakdown(), a group with qualifying facts but no person reaching minAttendance is kept with 0.
 */
export function breakdownSql(spec: CountSpec, by: BreakdownKey, clause: Clause): string | null {
  if (spec.rule === 'activities') {
    const key = ACTIVITY_KEYS[by]
    return key === null ? null : `SELECT ${key} AS k, count(*) AS n FROM activities a WHERE ${clause.where} GROUP BY k`
  }
  const key = FACT_KEYS[by]
  if (spec.rule === 'person_times') return `SELECT ${key} AS k, count(*) AS n FROM ledger_facts f WHERE ${clause.where} GROUP BY k`
  return `SELECT k, sum(c >= @need) AS n FROM (
      SELECT ${key} AS k, f.person_id AS p, count(*) AS c FROM ledger_facts f WHERE ${clause.where} GROUP BY k, p
    ) GROUP BY k`
}

/**
 * SQL returning rows { id, n } for the drill-downs. Persons: those the figure counts, with their
 * qualifying facts. Activities: the activities of those persons' qualifying facts (for the activities
 * rule, the counted activities with n = 0); so both lists sum to the same number of facts.
 */
export function drillSql(spec: CountSpec, of: 'activities' | 'persons', clause: Clause): string | null {
  if (spec.rule === 'activities') return of === 'activities' ? `SELECT a.id AS id, 0 AS n FROM activities a WHERE ${clause.where}` : null
  if (of === 'persons') {
    return `SELECT f.person_id AS id, count(*) AS n FROM ledger_facts f WHERE ${clause.where} GROUP BY f.person_id HAVING count(*) >= @need`
  }
  const counted =
    neededAttendances(spec) === 1
      ? ''
      : ` AND f.person_id IN (SELECT f.person_id FROM ledger_facts f WHERE ${clause.where} GROUP BY f.person_id HAVING count(*) >= @need)`
  return `SELECT f.activity_id AS id, count(*) AS n FROM ledger_facts f WHERE ${clause.where}${counted} GROUP BY f.activity_id`
}

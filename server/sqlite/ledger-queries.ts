// The ledger's figures (LedgerQueries in src/domain/ports.ts): from a kept aggregate where one answers
// the spec (ledger-aggregates.ts), else by SQL over the fact table (ledger-sql.ts). Every figure equals
// the domain's count functions; the contract suite checks that on random specs.

import type { ActivityId, PersonId } from '../../src/domain/ids'
import { aggregateQuery, breakdownPrefix, type AggregateTarget } from '../../src/domain/ledger/aggregates'
import { activityFacts, type CountSpec } from '../../src/domain/ledger/count'
import type { ActivityRepository, LedgerQueries } from '../../src/domain/ports'
import type { LedgerAggregates } from './ledger-aggregates'
import { activityClause, breakdownSql, countSql, drillSql, factClause, neededAttendances, type Clause } from './ledger-sql'
import { guard, type SqliteContext } from './table'

/** Activities-rule figures cached per store (distinct specs; a dashboard asks a dozen). */
const MAX_CACHED_ACTIVITY_FIGURES = 500

const clauseFor = (spec: CountSpec): Clause | null => (spec.rule === 'activities' ? activityClause(spec) : factClause(spec))

/** The clause's parameters plus @need where the SQL uses it. */
const bind = (spec: CountSpec, sql: string, clause: Clause): Record<string, unknown> =>
  sql.includes('@need') ? { ...clause.params, need: neededAttendances(spec) } : clause.params

export function sqliteLedgerQueries(
  ctx: SqliteContext,
  aggregates: LedgerAggregates,
  activities: Pick<ActivityRepository, 'getActivities'>,
): LedgerQueries {
  /**
   * The activities rule's figures, cached until an activity's counted columns change (the version kept
   * by migration 16's triggers; one indexed read per figure): a dashboard holds a dozen of them, each a
   * scan of the activities, and activities change rarely while check-ins pour in.
   */
  const activityVersion = ctx.statement('SELECT v FROM ledger_activity_version WHERE k = 0').pluck()
  const activityFigures = new Map<string, unknown>()
  let activityFiguresOf: unknown = null
  const activityFigure = <T>(key: string, compute: () => T): { hit: true; value: T } | { hit: false; value: () => T } => {
    const version = guard(() => activityVersion.get())
    if (version !== activityFiguresOf) {
      activityFigures.clear()
      activityFiguresOf = version
    }
    if (activityFigures.has(key)) return { hit: true, value: activityFigures.get(key) as T }
    return {
      hit: false,
      value: () => {
        const value = compute()
        if (activityFigures.size < MAX_CACHED_ACTIVITY_FIGURES) activityFigures.set(key, value)
        return value
      },
    }
  }
  /**
   * `compute` once per spec and version for the activities rule; every time for the others. A miss
   * waits for the next event-loop turn first: a first dashboard's dozen scans (~10 ms each at 5,000
   * activities) then let the check-ins between them instead of holding them up for all twelve.
   */
  const cachedFor = async <T>(spec: CountSpec, what: string, compute: () => T): Promise<T> => {
    if (spec.rule !== 'activities') return compute()
    const key = `${what}:${JSON.stringify(spec)}`
    const cached = activityFigure(key, compute)
    if (cached.hit) return cached.value
    await new Promise((resolve) => setImmediate(resolve))
    const found = activityFigure(key, compute)
    return found.hit ? found.value : found.value()
  }

  const rowsOf = (spec: CountSpec, sql: string | null, clause: Clause | null): Array<[string, number]> => {
    if (sql === null || clause === null) return []
    const rows = guard(() => ctx.statement(sql).all(bind(spec, sql, clause)) as { k?: string; id?: string; n: number }[])
    return rows.map((r): [string, number] => [String(r.k ?? r.id), Number(r.n)]).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  }

  /**
   * The kept aggregate target answering `spec` (created and built on first use, outside the write
   * section but for short steps: ledger-build.ts), or null when the spec has none or we are inside a
   * transaction (which must not wait for a build).
   */
  const aggregateFor = async (spec: CountSpec): Promise<{ id: number; target: AggregateTarget; scope: string } | null> => {
    const q = aggregateQuery(spec)
    if (q === null || ctx.inTransaction()) return null
    const id = aggregates.lookup(q.target) ?? (await aggregates.ensure(q.target))
    return { id, ...q }
  }

  return {
    async countFacts(spec) {
      const kept = await aggregateFor(spec)
      if (kept) return guard(() => aggregates.figure(kept.id, kept.target, kept.scope))
      return cachedFor(spec, 'count', () => {
        const clause = clauseFor(spec)
        if (clause === null) return 0
        const sql = countSql(spec, clause)
        return Number(guard(() => ctx.statement(sql).pluck().get(bind(spec, sql, clause))) ?? 0)
      })
    },
    async breakdownFacts(spec, by) {
      const kept = await aggregateFor(spec)
      const prefix = kept && breakdownPrefix(kept.target, kept.scope, by)
      if (kept && prefix) return guard(() => aggregates.breakdown(kept.id, kept.target, prefix))
      const rows = await cachedFor(spec, `breakdown:${by}`, () => {
        const clause = clauseFor(spec)
        return rowsOf(spec, clause && breakdownSql(spec, by, clause), clause)
      })
      return rows.map(([k, n]): [string, number] => [k, n])
    },
    async drillActivities(spec) {
      const clause = clauseFor(spec)
      return rowsOf(spec, clause && drillSql(spec, 'activities', clause), clause).map(([id, n]) => ({ activityId: id as ActivityId, facts: n }))
    },
    async drillPersons(spec) {
      const clause = clauseFor(spec)
      return rowsOf(spec, clause && drillSql(spec, 'persons', clause), clause).map(([id, n]) => ({ personId: id as PersonId, facts: n }))
    },
    async listVolunteerServices(period) {
      const from = Date.parse(period.from)
      const to = Date.parse(period.to)
      if (!Number.isFinite(from) || !Number.isFinite(to) || from >= to) return []
      // Driven by the grants (few), each activity's check-ins found by index.
      const rows = guard(
        () =>
          ctx
            .statement(
              `SELECT c.operator_id AS user_id, c.activity_id AS activity_id, min(c.at) AS at
               FROM scanner_grants g, json_each(g.activity_ids) j
               JOIN checkins c ON c.activity_id = j.value AND c.operator_id = g.user_id
               WHERE c.kind = 'in' AND c.at >= ? AND c.at < ?
               GROUP BY c.operator_id, c.activity_id ORDER BY c.operator_id, c.activity_id`,
            )
            .all(new Date(from).toISOString(), new Date(to).toISOString()) as { user_id: string; activity_id: string; at: string }[],
      )
      const byId = new Map((await activities.getActivities([...new Set(rows.map((r) => r.activity_id as ActivityId))])).map((a) => [a.id as string, a]))
      return rows.flatMap((r) => {
        const a = byId.get(r.activity_id)
        return a ? [{ userId: r.user_id, at: r.at, activity: activityFacts(a) }] : []
      })
    },
  }
}

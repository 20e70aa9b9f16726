// The ledger's figures on CloudBase (LedgerQueries in src/domain/ports.ts). Figures the maintained
// counts can give (cloudbase-ledger-aggregates.ts) are read from them. The rest (activities, several
// units or areas, a target still building) are counted from the facts: the candidates are read in
// pages, narrowed by the period and the filters the database can test, and counted in memory by the
// domain functions themselves, so they equal the specification by construction.

import type { ActivityId, PersonId } from '../src/domain/ids'
import { activityFacts, breakdown, countFacts, factQualifies, type ActivityFacts, type CountSpec } from '../src/domain/ledger/count'
import type { ListFilterKey } from '../src/domain/ledger/filters'
import type { ActivityRepository, LedgerQueries, StoredFact } from '../src/domain/ports'
import { ms } from '../src/domain/time'
import type { DatabaseCommand, FieldCondition } from './cloudbase-types'
import { ACTIVITY_FACT_FIELDS, toActivityFacts } from './cloudbase-activities'
import { toCheckIn, toGrant } from './cloudbase-checkins'
import type { CloudContext } from './cloudbase-collection'
import type { CloudBaseLedgerAggregates } from './cloudbase-ledger-aggregates'
import { currentCancellation, toFact } from './cloudbase-ledger'
import { msOrNull } from './cloudbase-reader'

const byText = <T>(key: (x: T) => string) => (a: T, b: T): number => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)

type Conditions = Record<string, FieldCondition>

/** The document field each list filter narrows, on facts and on activities (a target group is the attending person's, so facts only). */
const FACT_FIELDS: Partial<Record<ListFilterKey, string>> = {
  types: 'type',
  targetGroups: 'personTargetGroup',
  departments: 'departmentCode',
  areaIds: 'areaId',
  tags: 'tags',
  actions: 'actions',
  projects: 'projects',
}
const ACTIVITY_FIELDS: Partial<Record<ListFilterKey, string>> = Object.fromEntries(Object.entries(FACT_FIELDS).filter(([key]) => key !== 'targetGroups'))

/** The period's range on `base` plus the list filters the database can test; null when nothing can qualify. */
function conditions(_: DatabaseCommand, spec: CountSpec, base: (range: FieldCondition) => Conditions, fields: Partial<Record<ListFilterKey, string>>): Conditions | null {
  const from = msOrNull(spec.period.from)
  const to = msOrNull(spec.period.to)
  if (from === null || to === null || !(to > from)) return null
  const out = base(_.and(_.gte(from), _.lt(to)))
  // `in` on an array field matches when it shares any value, as passesAny requires.
  for (const [key, field] of Object.entries(fields) as [ListFilterKey, string][]) {
    const values = spec.filters[key]
    if (values && values.length > 0) out[field] = _.in([...values])
  }
  return out
}

/** Field conditions narrowing facts to the candidates of a spec; null when nothing can qualify. */
export const factConditions = (_: DatabaseCommand, spec: CountSpec): Conditions | null => conditions(_, spec, (range) => ({ atMs: range }), FACT_FIELDS)

/** The same for the activities a 场次 figure counts: published ones starting in the period. */
const activityConditions = (_: DatabaseCommand, spec: CountSpec): Conditions | null =>
  conditions(_, spec, (range) => ({ status: 'published', startAtMs: range }), ACTIVITY_FIELDS)

export function cloudBaseLedgerQueries(
  ctx: CloudContext,
  aggregates: CloudBaseLedgerAggregates,
  activities: Pick<ActivityRepository, 'getActivities'>,
): LedgerQueries {
  const { _ } = ctx

  async function candidateFacts(spec: CountSpec): Promise<StoredFact[]> {
    const fields = factConditions(_, spec)
    if (!fields) return []
    return currentCancellation(ctx, (await ctx.keyset('ledgerFacts', fields)).map(toFact))
  }

  async function candidateActivities(spec: CountSpec): Promise<ActivityFacts[]> {
    const fields = activityConditions(_, spec)
    if (!fields) return []
    return (await ctx.keyset(ctx.coll('activities').field(ACTIVITY_FACT_FIELDS), fields)).map(toActivityFacts)
  }

  /** The persons a figure counts with their qualifying facts, and those facts (see the Store port). */
  async function counted(spec: CountSpec): Promise<{ persons: Map<string, number>; facts: StoredFact[] }> {
    const qualifying = (await candidateFacts(spec)).filter((f) => factQualifies(f, spec))
    const need = spec.rule === 'unique_persons' ? Math.max(1, spec.filters.minAttendance ?? 1) : 1
    const perPerson = new Map<string, number>()
    for (const f of qualifying) perPerson.set(f.personId, (perPerson.get(f.personId) ?? 0) + 1)
    const persons = new Map([...perPerson].filter(([, n]) => n >= need))
    return { persons, facts: qualifying.filter((f) => persons.has(f.personId)) }
  }

  return {
    async listVolunteerServices(period) {
      const from = Date.parse(period.from)
      const to = Date.parse(period.to)
      if (!Number.isFinite(from) || !Number.isFinite(to) || from >= to) return []
      // Driven by the grants (few): each granted activity's check-ins by that volunteer.
      const grants = (await ctx.keyset('scannerGrants')).map(toGrant)
      const first = new Map<string, { userId: string; activityId: string; at: string }>()
      for (const g of grants) {
        for (const activityId of g.activityIds) {
          const mine = (
            await ctx.list(ctx.coll('checkins').where({ activityId, operatorId: g.userId, kind: 'in' }).orderBy('_id', 'asc'), toCheckIn)
          ).filter((c) => ms(c.at) >= from && ms(c.at) < to)
          for (const c of mine) {
            const key = `${g.userId}\u0000${activityId}`
            const seen = first.get(key)
            if (!seen || ms(c.at) < ms(seen.at)) first.set(key, { userId: g.userId, activityId, at: c.at })
          }
        }
      }
      const rows = [...first.values()].sort((a, b) => (a.userId + a.activityId < b.userId + b.activityId ? -1 : 1))
      const byId = new Map((await activities.getActivities(rows.map((r) => r.activityId as ActivityId))).map((a) => [a.id as string, a]))
      return rows.flatMap((r) => {
        const a = byId.get(r.activityId)
        return a ? [{ userId: r.userId, at: r.at, activity: activityFacts(a) }] : []
      })
    },
    async countFacts(spec) {
      // 场次: the conditions are the whole rule (published, start in the period, every list filter), so the database counts.
      if (spec.rule === 'activities') {
        const fields = activityConditions(_, spec)
        return fields ? (await ctx.coll('activities').where(fields).count()).total : 0
      }
      return (await aggregates.figure(spec)) ?? countFacts(spec, await candidateFacts(spec))
    },
    async breakdownFacts(spec, by) {
      const kept = spec.rule === 'activities' ? null : await aggregates.breakdown(spec, by)
      if (kept) return kept.sort(byText(([k]) => k))
      const result =
        spec.rule === 'activities' ? breakdown(spec, [], by, await candidateActivities(spec)) : breakdown(spec, await candidateFacts(spec), by)
      return [...result].sort(byText(([k]) => k))
    },
    async drillActivities(spec) {
      if (spec.rule === 'activities') {
        return (await candidateActivities(spec)).map((a) => ({ activityId: a.activityId as ActivityId, facts: 0 })).sort(byText((x) => x.activityId))
      }
      const perActivity = new Map<string, number>()
      for (const f of (await counted(spec)).facts) perActivity.set(f.activity.activityId, (perActivity.get(f.activity.activityId) ?? 0) + 1)
      return [...perActivity].map(([id, facts]) => ({ activityId: id as ActivityId, facts })).sort(byText((x) => x.activityId))
    },
    async drillPersons(spec) {
      if (spec.rule === 'activities') return []
      return [...(await counted(spec)).persons].map(([id, facts]) => ({ personId: id as PersonId, facts })).sort(byText((x) => x.personId))
    },
  }
}

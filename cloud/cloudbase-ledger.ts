// The ledger's facts and plans on CloudBase (LedgerRepository, LedgerTx in src/domain/ports.ts):
// `ledgerFacts` (kept in step with the maintained counts, cloudbase-ledger-aggregates.ts), `plans`,
// `indicators`, `indicatorChanges` and `attendanceCorrections`.

import type { ActivityFacts } from '../src/domain/ledger/count'
import { decodeIndicatorFilters } from '../src/domain/ledger/filters'
import { COUNTING_RULES } from '../src/domain/ledger/count'
import type { EnteredFigure, Indicator, IndicatorChange, PeriodKind, Plan } from '../src/domain/ledger/indicators'
import type { LedgerRepository, LedgerTx, StoredFact } from '../src/domain/ports'
import type { CloudDocument, DocData, DocValue, Transaction } from './cloudbase-types'
import { BATCH_SIZE_MAX, byIdCollection, chunk, type CloudContext } from './cloudbase-collection'
import { fromCorrection, toCorrection } from './cloudbase-corrections'
import type { CloudBaseLedgerAggregates } from './cloudbase-ledger-aggregates'
import { msOrNull, reader } from './cloudbase-reader'
import { PERIOD_KINDS } from '../src/domain/value-lists'

// Ledger facts are flat documents keyed by registration id; `atMs` is the check-in instant as epoch
// ms for range conditions. `cancelled` is the activity's status when the fact was written; the
// activity's current status overrides it when counting (see currentCancellation).

export function toFact(doc: CloudDocument): StoredFact {
  const r = reader('ledgerFacts', doc)
  return {
    registrationId: r.id(),
    personId: r.str('personId'),
    personTargetGroup: r.str('personTargetGroup') as StoredFact['personTargetGroup'],
    at: r.str('at'),
    activity: {
      activityId: r.str('activityId'),
      type: r.str('type') as ActivityFacts['type'],
      startAt: r.str('startAt'),
      cancelled: r.bool('cancelled'),
      actions: r.strs('actions') as ActivityFacts['actions'][number][],
      projects: r.strs('projects') as ActivityFacts['projects'][number][],
      tags: r.strs('tags'),
      departmentCode: r.str('departmentCode') as ActivityFacts['departmentCode'],
      areaId: r.str('areaId'),
    },
  }
}

/** A fact's document (without the aggregate marks `aggT`/`aggC`); exported for bulk loads. */
export const factDocument = (f: StoredFact): DocData => ({
  personId: f.personId,
  personTargetGroup: f.personTargetGroup,
  at: f.at,
  atMs: msOrNull(f.at),
  activityId: f.activity.activityId,
  type: f.activity.type,
  startAt: f.activity.startAt,
  cancelled: f.activity.cancelled,
  actions: [...f.activity.actions],
  projects: [...f.activity.projects],
  tags: [...f.activity.tags],
  departmentCode: f.activity.departmentCode,
  areaId: f.activity.areaId,
})
const fromFact = factDocument

function toPlan(doc: CloudDocument): Plan {
  const r = reader('plans', doc)
  return { id: r.id(), name: r.str('name'), period: { from: r.str('periodFrom'), to: r.str('periodTo') } }
}

const fromPlan = (p: Plan): DocData => ({ name: p.name, periodFrom: p.period.from, periodTo: p.period.to, periodFromMs: msOrNull(p.period.from) })


/** Plain JSON without undefined members (the database refuses undefined). */
const plainJson = (value: unknown): DocValue => JSON.parse(JSON.stringify(value)) as DocValue

function indicatorFields(i: Indicator): DocData {
  return {
    planId: i.planId,
    name: i.name,
    unit: i.unit,
    rule: i.rule,
    periodKind: i.periodKind,
    target: i.target,
    filters: plainJson(i.filters),
    countingNote: i.countingNote,
    entered: i.entered === null ? null : plainJson(i.entered),
    sort: i.sort,
  }
}

/** An indicator from its document (collection `indicators`) or from an embedded copy in a change. */
function toIndicatorFrom(collection: string, doc: CloudDocument): Indicator {
  const r = reader(collection, doc)
  const filters = decodeIndicatorFilters(r.raw('filters'))
  if (!filters.ok) return r.bad(filters.field ? `filters.${filters.field}` : 'filters')
  const enteredRaw = r.raw('entered')
  let entered: EnteredFigure | null = null
  if (enteredRaw !== null && enteredRaw !== undefined) {
    const e = enteredRaw as Record<string, unknown>
    if (typeof e !== 'object' || typeof e.value !== 'number' || typeof e.source !== 'string' || typeof e.asOf !== 'string') return r.bad('entered')
    entered = { value: e.value, source: e.source, asOf: e.asOf }
  }
  const target = r.raw('target')
  if (target !== null && typeof target !== 'number') return r.bad('target')
  return {
    id: r.id(),
    planId: r.str('planId'),
    name: r.str('name'),
    unit: r.str('unit'),
    rule: r.oneOf('rule', COUNTING_RULES),
    periodKind: r.oneOf('periodKind', PERIOD_KINDS),
    target,
    filters: filters.value,
    countingNote: r.str('countingNote'),
    entered,
    sort: r.num('sort'),
  }
}

const toIndicator = (doc: CloudDocument): Indicator => toIndicatorFrom('indicators', doc)

/** A whole indicator embedded in a change document, with its id as `id`. */
const embeddedIndicator = (i: Indicator): DocData => ({ id: i.id, ...indicatorFields(i) })

function toIndicatorChange(doc: CloudDocument): IndicatorChange {
  const r = reader('indicatorChanges', doc)
  const embedded = (f: string): Indicator => {
    const v = r.raw(f)
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return r.bad(f)
    const o = v as DocData
    if (typeof o.id !== 'string') return r.bad(`${f}.id`)
    return toIndicatorFrom(`indicatorChanges.${f}`, { ...o, _id: o.id })
  }
  return {
    id: r.id(),
    indicatorId: r.str('indicatorId'),
    at: r.str('at'),
    by: r.str('by'),
    before: r.raw('before') === null ? null : embedded('before'),
    after: embedded('after'),
  }
}

const fromIndicatorChange = (c: IndicatorChange): DocData => ({
  indicatorId: c.indicatorId,
  at: c.at,
  atMs: msOrNull(c.at),
  by: c.by,
  before: c.before === null ? null : embeddedIndicator(c.before),
  after: embeddedIndicator(c.after),
})

/**
 * Facts take their activity's current cancellation: an activity cancelled after the check-in no
 * longer counts (transactions cannot rewrite facts by query, so this is applied when reading).
 * A fact whose activity is no longer stored keeps the flag it was written with.
 */
export async function currentCancellation(ctx: CloudContext, facts: StoredFact[]): Promise<StoredFact[]> {
  const { _ } = ctx
  const cancelledIds = new Set((await ctx.keyset('activities', { status: 'cancelled' })).map((d) => d._id))
  const flaggedIds = [...new Set(facts.filter((f) => f.activity.cancelled && !cancelledIds.has(f.activity.activityId)).map((f) => f.activity.activityId))]
  const reinstated = new Set<string>()
  for (const part of chunk(flaggedIds, BATCH_SIZE_MAX)) {
    const { data } = await ctx.coll('activities').where({ _id: _.in(part), status: 'published' }).limit(BATCH_SIZE_MAX).get()
    for (const doc of data) reinstated.add(doc._id)
  }
  return facts.map((f) => {
    const cancelled = cancelledIds.has(f.activity.activityId) ? true : reinstated.has(f.activity.activityId) ? false : f.activity.cancelled
    return cancelled === f.activity.cancelled ? f : { ...f, activity: { ...f.activity, cancelled } }
  })
}

export function cloudBaseLedger(
  ctx: CloudContext,
  aggregates: CloudBaseLedgerAggregates,
): { repository: LedgerRepository; tx(t: Transaction): LedgerTx } {
  const plans = byIdCollection(ctx, { collection: 'plans', toDomain: toPlan, toDocument: fromPlan })
  const indicators = byIdCollection(ctx, { collection: 'indicators', toDomain: toIndicator, toDocument: indicatorFields })
  const changes = byIdCollection(ctx, { collection: 'indicatorChanges', toDomain: toIndicatorChange, toDocument: fromIndicatorChange })
  const corrections = byIdCollection(ctx, { collection: 'attendanceCorrections', toDomain: toCorrection, toDocument: fromCorrection })
  return {
    repository: {
      async listFacts() {
        return currentCancellation(ctx, (await ctx.keyset('ledgerFacts')).map(toFact))
      },
      listPlans: () => plans.list(plans.query().orderBy('periodFromMs', 'asc').orderBy('_id', 'asc')),
      putPlan: (p) => plans.put(p),
      listIndicators: (planId) => indicators.list(indicators.query().where({ planId }).orderBy('sort', 'asc').orderBy('_id', 'asc')),
      getIndicator: (id) => indicators.get(id),
      putIndicator: (i) => indicators.put(i),
      listIndicatorChanges: (indicatorId) => changes.list(changes.query().where({ indicatorId }).orderBy('atMs', 'asc').orderBy('_id', 'asc')),
      putIndicatorChange: (c) => changes.put(c),
      async listAttendanceCorrections(query) {
        const limit = Math.max(0, Math.min(Math.trunc(query.limit), BATCH_SIZE_MAX))
        if (limit === 0) return []
        const base = query.activityId ? corrections.query().where({ activityId: query.activityId }) : corrections.query()
        const { data } = await base.orderBy('atMs', 'desc').orderBy('_id', 'desc').limit(limit).get()
        return data.map(toCorrection)
      },
    },
    tx(t) {
      const counts = aggregates.inTransaction(t)
      const log = corrections.inTx(t)
      return {
        // The maintained counts change with the fact, in the same transaction.
        putFact: (f) => counts.putFact(f),
        deleteFact: (registrationId) => counts.deleteFact(registrationId),
        putAttendanceCorrection: (c) => log.put(c),
      }
    },
  }
}

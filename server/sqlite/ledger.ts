// The ledger's facts and plans (LedgerRepository, LedgerTx in src/domain/ports.ts): the fact table with
// its label index and incremental aggregates kept in step, plans, indicators, their change log, the
// attendance-correction log, and the recount (`npm run ledger:recount`). Rows: ledger-rows.ts.

import type Database from 'better-sqlite3'
import type { ActivityId, PersonId, RegistrationId } from '../../src/domain/ids'
import { activityFacts, attendanceFacts } from '../../src/domain/ledger/count'
import type { CompletionDifference, FactDifference } from '../../src/domain/ledger/reconcile'
import type { LedgerRepository, LedgerTx, StoredFact } from '../../src/domain/ports'
import type { Activity, Person, Registration } from '../../src/domain/types'
import { correctionToRow, prepareCorrectionStatements, rowToCorrection } from './correction-sql'
import { LedgerAggregates, type Disagreement } from './ledger-aggregates'
import { reconcileLedger } from './ledger-reconcile'
import {
  FACT_COLUMNS,
  INDICATOR_CHANGE_COLUMNS,
  INDICATOR_COLUMNS,
  PLAN_COLUMNS,
  factToRow,
  indicatorChangeToRow,
  indicatorToRow,
  planToRow,
  rowToFact,
  rowToIndicator,
  rowToIndicatorChange,
  rowToPlan,
  type FactRow,
} from './ledger-rows'
import { byIdTable, guard, type SqliteContext, type SyncPort } from './table'

export interface RecountReport {
  readonly facts: number
  readonly targets: number
  readonly cells: number
  readonly disagreements: Disagreement[]
  /** Facts that differ from what their registrations say (missing, left behind, or with other values). */
  readonly factDifferences: FactDifference[]
  /** Completions that differ from what the lessons attended say. */
  readonly completionDifferences: CompletionDifference[]
}

/** What the recount's repair reads of the other ports (synchronously, inside its transaction). */
export interface RecountSources {
  getRegistration(id: RegistrationId): Registration | null
  getActivity(id: ActivityId): Activity | null
  getPerson(id: PersonId): Person | null
}

/** Facts per recount batch: large enough that a batch's fixed costs vanish, small enough to stay a few MB. */
const RECOUNT_BATCH_FACTS = 10_000

function prepareFactStatements(db: Database.Database) {
  return {
    // A fact of an activity already stored takes the activity's current cancellation, so a fact
    // written after its activity was cancelled is excluded as well.
    putFact: db.prepare<[FactRow]>(
      `INSERT INTO ledger_facts (${FACT_COLUMNS.join(', ')})
       VALUES (${FACT_COLUMNS.map((c) =>
         c === 'activity_cancelled' ? `coalesce((SELECT status = 'cancelled' FROM activities WHERE id = @activity_id), @activity_cancelled)` : `@${c}`,
       ).join(', ')})
       ON CONFLICT (registration_id) DO UPDATE SET ${FACT_COLUMNS.filter((c) => c !== 'registration_id')
         .map((c) => `${c} = excluded.${c}`)
         .join(', ')}`,
    ),
    clearFactLabels: db.prepare<[string]>('DELETE FROM ledger_fact_labels WHERE registration_id = ?'),
    addFactLabels: db.prepare<[FactRow]>(
      `INSERT OR IGNORE INTO ledger_fact_labels (registration_id, kind, value, at)
       SELECT @registration_id, 'tag', value, @at FROM json_each(@tags)
       UNION ALL SELECT @registration_id, 'action', value, @at FROM json_each(@actions)
       UNION ALL SELECT @registration_id, 'project', value, @at FROM json_each(@projects)`,
    ),
    deleteFact: db.prepare<[string]>('DELETE FROM ledger_facts WHERE registration_id = ?'),
    syncFactsCancelled: db.prepare<{ activityId: string; cancelled: number }>(
      'UPDATE ledger_facts SET activity_cancelled = @cancelled WHERE activity_id = @activityId AND activity_cancelled <> @cancelled',
    ),
    listFacts: db.prepare<[], FactRow>(`SELECT ${FACT_COLUMNS.join(', ')} FROM ledger_facts ORDER BY at, registration_id`),
    // By the person index, so a person's facts come together (the recount's batches of whole persons).
    factsByPerson: db.prepare<[], FactRow>(`SELECT ${FACT_COLUMNS.join(', ')} FROM ledger_facts INDEXED BY ledger_facts_person ORDER BY person_id`),
  }
}

export interface SqliteLedger {
  readonly repository: LedgerRepository
  readonly tx: SyncPort<LedgerTx>
  /** The ledger's incremental aggregates, kept in step with every fact change. */
  readonly aggregates: LedgerAggregates
  /** Facts copy the activity when written; its cancellation is the one change they follow (inside the activity's write). */
  followCancellation(activityId: string, cancelled: boolean): void
  /** Rebuilds and recounts the ledger (SqliteStore.recountLedger); runs inside the store's exclusive section. */
  recount(sources: RecountSources, repair: boolean): RecountReport
}

export function sqliteLedger(ctx: SqliteContext): SqliteLedger {
  const { db } = ctx
  const s = prepareFactStatements(db)
  const corrections = prepareCorrectionStatements(db)
  // Builds take the write section in short steps, each guarded (a lock held by another process is SYSTEM.BUSY).
  const aggregates = new LedgerAggregates(db, <T>(what: string, step: () => T): Promise<T> => ctx.exclusive(what, () => guard(step)))
  const plans = byIdTable(db, { table: 'plans', columns: PLAN_COLUMNS, toRow: planToRow, fromRow: rowToPlan })
  const indicators = byIdTable(db, { table: 'indicators', columns: INDICATOR_COLUMNS, toRow: indicatorToRow, fromRow: rowToIndicator })
  const changes = byIdTable(db, {
    table: 'indicator_changes',
    columns: INDICATOR_CHANGE_COLUMNS,
    toRow: indicatorChangeToRow,
    fromRow: rowToIndicatorChange,
  })
  const listPlans = plans.query<[]>('ORDER BY period_from, id')
  const indicatorsOfPlan = indicators.query<[string]>('WHERE plan_id = ? ORDER BY sort, id')
  const changesOfIndicator = changes.query<[string]>('WHERE indicator_id = ? ORDER BY at, id')

  const writeFactAtomically = db.transaction((row: FactRow) => {
    const before = aggregates.factOf(row.registration_id)
    s.putFact.run(row)
    s.clearFactLabels.run(row.registration_id)
    s.addFactLabels.run(row)
    aggregates.replace(before, aggregates.factOf(row.registration_id))
  })
  const removeFact = (registrationId: string): void => {
    const before = aggregates.factOf(registrationId)
    s.deleteFact.run(registrationId)
    s.clearFactLabels.run(registrationId)
    aggregates.replace(before, null)
  }

  /**
   * Every fact, read row by row. Facts of one activity share one activity object (equal values), so a
   * million facts hold a few thousand activities instead of a million copies.
   */
  const readAllFacts = (): StoredFact[] => {
    const facts: StoredFact[] = []
    const shared = new Map<string, StoredFact['activity']>()
    for (const row of s.listFacts.iterate()) {
      const fact = rowToFact(row)
      const key = JSON.stringify(fact.activity)
      const activity = shared.get(key)
      if (activity) facts.push({ ...fact, activity })
      else {
        shared.set(key, fact.activity)
        facts.push(fact)
      }
    }
    return facts
  }

  /**
   * Every fact in batches of about RECOUNT_BATCH_FACTS, each holding all the facts of its persons (a
   * person's facts never split across two batches), read row by row.
   */
  function* factBatchesByPerson(): Generator<StoredFact[]> {
    let batch: StoredFact[] = []
    for (const row of s.factsByPerson.iterate()) {
      if (batch.length >= RECOUNT_BATCH_FACTS && batch[batch.length - 1].personId !== row.person_id) {
        yield batch
        batch = []
      }
      batch.push(rowToFact(row))
    }
    if (batch.length > 0) yield batch
  }

  /** Rewrites each differing fact from its registration (or removes it), the aggregates following, in one transaction. */
  const repairFacts = (sources: RecountSources, differences: readonly FactDifference[]): void => {
    db.transaction(() => {
      for (const d of new Map(differences.map((x) => [x.registrationId, x])).values()) {
        const registration = sources.getRegistration(d.registrationId as RegistrationId)
        const activity = registration ? sources.getActivity(registration.activityId) : null
        const before = aggregates.factOf(d.registrationId)
        const group = before?.personTargetGroup ?? (registration ? sources.getPerson(registration.personId)?.targetGroup : undefined) ?? 'public'
        const [fact] = registration && activity ? attendanceFacts([registration], () => activityFacts(activity), () => group) : []
        if (fact) writeFactAtomically(factToRow(fact as StoredFact))
        else removeFact(d.registrationId)
      }
    })()
  }

  return {
    aggregates,
    followCancellation(activityId, cancelled) {
      const changing = aggregates.factsChangingCancellation(activityId, cancelled)
      s.syncFactsCancelled.run({ activityId, cancelled: cancelled ? 1 : 0 })
      for (const f of changing) aggregates.replace(f, { ...f, activity: { ...f.activity, cancelled } })
    },
    recount(sources, repair) {
      return guard(() => {
        const reconciled = reconcileLedger(db)
        if (repair && reconciled.facts.length > 0) repairFacts(sources, reconciled.facts)
        return { ...aggregates.recount(factBatchesByPerson(), repair), factDifferences: reconciled.facts, completionDifferences: reconciled.completions }
      })
    },
    repository: {
      listFacts: async () => guard(readAllFacts),
      listPlans: async () => plans.all(listPlans),
      putPlan: (plan) => ctx.write('putPlan', () => plans.put(plan)),
      listIndicators: async (planId) => indicators.all(indicatorsOfPlan, planId),
      getIndicator: async (id) => indicators.get(id),
      putIndicator: (indicator) => ctx.write('putIndicator', () => indicators.put(indicator)),
      listIndicatorChanges: async (indicatorId) => changes.all(changesOfIndicator, indicatorId),
      putIndicatorChange: (change) => ctx.write('putIndicatorChange', () => changes.put(change)),
      async listAttendanceCorrections(query) {
        const limit = Math.max(0, Math.trunc(query.limit))
        const rows = guard(() => (query.activityId ? corrections.listByActivity.all(query.activityId, limit) : corrections.list.all(limit)))
        return rows.map(rowToCorrection)
      },
    },
    tx: {
      putFact: (fact) => {
        const row = factToRow(fact)
        guard(() => writeFactAtomically(row))
      },
      deleteFact: (registrationId) => guard(() => removeFact(registrationId)),
      putAttendanceCorrection: (correction) => {
        const row = correctionToRow(correction)
        guard(() => corrections.put.run(row))
      },
    },
  }
}

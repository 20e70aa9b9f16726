// The ledger on PostgreSQL: its facts (ledger-facts.ts), its figures (ledger-queries.ts), and here the
// plan with its indicators, the indicators' change log and the attendance-correction log. Tables:
// schema-ledger.ts. Inside a transaction the facts and corrections are written with the check-in or
// correction that makes them (LedgerTx).

import type { AttendanceCorrection } from '../../src/domain/ledger/corrections'
import type { Indicator, IndicatorChange, Plan } from '../../src/domain/ledger/indicators'
import type { LedgerQueries, LedgerRepository, LedgerTx } from '../../src/domain/ports'
import type { PgDatabase, Sql } from './db'
import { docTable } from './doc-table'
import { c, canonicalInstant, nonNegativeInt } from './columns'
import { facts, listFacts } from './ledger-facts'
import { pgLedgerQueries } from './ledger-queries'

const plans = docTable<Plan>({
  table: 'ledger_plans',
  id: (p) => p.id,
  columns: { period_from: (p) => canonicalInstant(p.period.from) },
})

const indicators = docTable<Indicator>({
  table: 'ledger_indicators',
  id: (i) => i.id,
  columns: { plan_id: (i) => i.planId, sort: (i) => i.sort },
})

const indicatorChanges = docTable<IndicatorChange>({
  table: 'ledger_indicator_changes',
  id: (x) => x.id,
  columns: { indicator_id: (x) => x.indicatorId, at: (x) => canonicalInstant(x.at) },
})

/** Corrections are never edited: an id written twice is a bug, so it is inserted, not upserted. */
async function insertCorrection(sql: Sql, x: AttendanceCorrection): Promise<void> {
  await sql.query('INSERT INTO attendance_corrections (id, doc, activity_id, at) VALUES ($1, $2, $3, $4)', [
    x.id,
    JSON.stringify(x),
    x.activityId,
    canonicalInstant(x.at),
  ])
}

/** The ledger's part of a transaction, on its connection. */
export function pgLedgerTx(sql: Sql): LedgerTx {
  return {
    putFact: (fact) => facts.put(sql, fact),
    deleteFact: (registrationId) => facts.remove(sql, registrationId),
    putAttendanceCorrection: (correction) => insertCorrection(sql, correction),
  }
}

/** The ledger's figures and its facts, plans, indicators and logs, outside transactions. */
export function pgLedger(db: PgDatabase): LedgerQueries & LedgerRepository {
  return {
    ...pgLedgerQueries(db),
    listFacts: () => listFacts(db),
    listPlans: () => plans.select(db, `ORDER BY ${c('period_from')}, ${c('id')}`),
    putPlan: (plan) => plans.put(db, plan),
    listIndicators: (planId) => indicators.select(db, `WHERE plan_id = $1 ORDER BY sort, ${c('id')}`, [planId]),
    getIndicator: (id) => indicators.get(db, id),
    putIndicator: (indicator) => indicators.put(db, indicator),
    listIndicatorChanges: (indicatorId) => indicatorChanges.select(db, `WHERE indicator_id = $1 ORDER BY ${c('at')}, ${c('id')}`, [indicatorId]),
    putIndicatorChange: (change) => indicatorChanges.put(db, change),
    async listAttendanceCorrections({ activityId, limit }) {
      const n = nonNegativeInt(limit)
      const rows = await db.query<{ doc: AttendanceCorrection }>(
        !activityId
          ? `SELECT doc FROM attendance_corrections ORDER BY ${c('at')} DESC, ${c('id')} DESC LIMIT $1`
          : `SELECT doc FROM attendance_corrections WHERE activity_id = $2 ORDER BY ${c('at')} DESC, ${c('id')} DESC LIMIT $1`,
        !activityId ? [n] : [n, activityId],
      )
      return rows.map((r) => r.doc)
    },
  }
}

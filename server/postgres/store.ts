// The Store port on PostgreSQL: the self-hosted runtime's database for several gateway processes.
// A short composition: each port lives in a file of its own, built on the one by-id table helper
// (doc-table.ts); a transaction hands `work` the per-port Tx parts on its own connection, where every
// by-id read locks its row (db.ts explains the concurrency).

import type { Store, TxStore } from '../../src/domain/ports'
import type { ActivityDraftRepository } from '../../src/domain/activities/drafts-port'
import type { StaffRepository } from '../../src/domain/staff/port'
import type { FeedbackRepository } from '../../src/domain/feedback/port'
import type { WishRepository } from '../../src/domain/wishes/port'
import type { PosterRepository } from '../../src/domain/uploads/port'
import { openPgDatabase, type PgDatabase, type Sql } from './db'
import { pgAccounts, pgAccountTx, type SessionStore } from './accounts'
import { pgAreas } from './areas'
import { pgActivities, pgActivityTx } from './activities'
import { pgPersons, pgPersonTx } from './persons'
import { pgRegistrations, pgRegistrationTx } from './registrations'
import { pgCheckIns, pgCheckInTx } from './checkins'
import { pgReminders, pgReminderTx } from './reminders'
import { pgCourses, pgCourseTx } from './courses'
import { recountPgLedger, type PgRecountReport } from './recount'
import { pgLedger, pgLedgerTx } from './ledger'
import { pgDrafts } from './drafts'
import { pgStaff } from './staff'
import { pgFeedback } from './feedback'
import { pgWishes } from './wishes'
import { pgPosters } from './posters'

export interface PgStore extends Store, SessionStore {
  /** The database: pool, transactions; for benchmarks, maintenance and the ports kept beside the Store. */
  readonly db: PgDatabase
  close(): Promise<void>
  /** Unpublished activities, in the same database. */
  readonly drafts: ActivityDraftRepository
  /** Organizer invites, the staff log and the units' organizers, in the same database. */
  readonly staff: StaffRepository
  /** Ratings of attended registrations (评单), in the same database. */
  readonly feedback: FeedbackRepository
  /** 点单 wishes and their supporters, in the same database. */
  readonly wishes: WishRepository
  /** Uploaded posters: their records in the database, their pictures in `dir`. */
  postersIn(dir: string): PosterRepository
  /**
   * Rebuilds what the ledger's facts and completions should be from the registrations, check-ins and
   * lesson attendance and reports every difference (recount.ts); `repair` rewrites the differing facts
   * from their registrations (completions are reported only: a certificate may hang on one).
   */
  recountLedger(options?: { repair?: boolean }): Promise<PgRecountReport>
}

// ---- composition

function txStoreOn(sql: Sql): TxStore {
  const ledger = pgLedgerTx(sql)
  return {
    ...pgActivityTx(sql),
    ...pgRegistrationTx(sql),
    ...pgPersonTx(sql),
    ...pgCheckInTx(sql),
    putFact: (fact) => ledger.putFact(fact),
    deleteFact: (registrationId) => ledger.deleteFact(registrationId),
    putAttendanceCorrection: (correction) => ledger.putAttendanceCorrection(correction),
    ...pgReminderTx(sql),
    ...pgAccountTx(sql),
    ...pgCourseTx(sql),
  }
}

/**
 * Opens the database at `url` (applying missing migrations) and composes the store on it.
 * @example const store = await openPgStore(process.env.KEPU_DATABASE_URL!)
 */
export async function openPgStore(url: string, options: { schema?: string; max?: number } = {}): Promise<PgStore> {
  const db = await openPgDatabase(url, options)
  const ledger = pgLedger(db)
  const store: PgStore = {
    db,
    ...pgAccounts(db),
    ...pgAreas(db),
    ...pgActivities(db),
    ...pgPersons(db),
    ...pgRegistrations(db),
    ...pgReminders(db),
    ...pgCheckIns(db),
    ...pgCourses(db),
    // The ledger's two ports (LedgerQueries & LedgerRepository) as one object's methods.
    countFacts: (spec) => ledger.countFacts(spec),
    breakdownFacts: (spec, by) => ledger.breakdownFacts(spec, by),
    drillActivities: (spec) => ledger.drillActivities(spec),
    drillPersons: (spec) => ledger.drillPersons(spec),
    listVolunteerServices: (period) => ledger.listVolunteerServices(period),
    listFacts: () => ledger.listFacts(),
    listPlans: () => ledger.listPlans(),
    putPlan: (plan) => ledger.putPlan(plan),
    listIndicators: (planId) => ledger.listIndicators(planId),
    getIndicator: (id) => ledger.getIndicator(id),
    putIndicator: (indicator) => ledger.putIndicator(indicator),
    listIndicatorChanges: (indicatorId) => ledger.listIndicatorChanges(indicatorId),
    putIndicatorChange: (change) => ledger.putIndicatorChange(change),
    listAttendanceCorrections: (query) => ledger.listAttendanceCorrections(query),
    transaction: (work) => db.transaction((sql) => work(txStoreOn(sql))),
    drafts: pgDrafts(db),
    staff: pgStaff(db),
    feedback: pgFeedback(db),
    wishes: pgWishes(db),
    postersIn: (dir) => pgPosters(db, dir),
    recountLedger: (options) => recountPgLedger(db, store, options),
    close: () => db.close(),
  }
  return store
}

// The Store port on the CloudBase document database (wx-server-sdk). Each entity is one document
// whose `_id` is the entity id. A get returns 100 documents unless given a larger limit (at most 1000,
// and a reply of at most 1 MB), so every list is read in pages of 100 with a total order (…, _id)
// that keeps pages stable; transactions use only single-document reads and writes, as CloudBase
// requires. Documents written before a field existed read back with that field's default (see the
// `…Or` readers). This file composes the per-port files (cloudbase-accounts.ts, cloudbase-areas.ts,
// cloudbase-activities.ts, cloudbase-persons.ts, cloudbase-registrations.ts, cloudbase-reminders.ts,
// cloudbase-checkins.ts, cloudbase-ledger.ts, cloudbase-ledger-queries.ts, cloudbase-courses.ts) on one
// database; the generic by-id collection helper is in cloudbase-collection.ts.

import type { Registration } from '../src/domain/types'
import type { Store, TxStore } from '../src/domain/ports'
import type { ActivityDraftRepository } from '../src/domain/activities/drafts-port'
import type { WishRepository } from '../src/domain/wishes/port'
import type { FeedbackRepository } from '../src/domain/feedback/port'
import type { StaffRepository } from '../src/domain/staff/port'
import type { PosterRepository } from '../src/domain/uploads/port'
import type { CloudDb, CloudDocument, DocData, Query, Transaction } from './cloudbase-types'
import { byIdCollection, cloudContext, fetchAll, isNotFound, readDoc, type CollectionName } from './cloudbase-collection'
import { cloudBaseAccounts, toUser } from './cloudbase-accounts'
import { cloudBaseActivities } from './cloudbase-activities'
import { cloudBaseAreas } from './cloudbase-areas'
import { cloudBaseCheckIns } from './cloudbase-checkins'
import { cloudBaseCourses } from './cloudbase-courses'
import { cloudBaseLedger, factDocument, toFact } from './cloudbase-ledger'
import { cloudBaseLedgerQueries, factConditions } from './cloudbase-ledger-queries'
import { cloudBasePersons } from './cloudbase-persons'
import { cloudBaseRegistrations } from './cloudbase-registrations'
import { cloudBaseReminders } from './cloudbase-reminders'
import { cloudBaseDraftRepository } from './cloudbase-drafts'
import { cloudBaseFeedbackRepository } from './cloudbase-feedback'
import { cloudBaseWishRepository } from './cloudbase-wishes'
import { cloudBaseStaffRepository } from './cloudbase-staff'
import { cloudBasePosterRepository, type CloudStorage } from './cloudbase-posters'
import { isConflict, runTransaction } from './cloudbase-transaction'
import { cloudBaseLedgerAggregates, DEFAULT_GRACE_MS, type CloudBaseLedgerAggregates } from './cloudbase-ledger-aggregates'

export { BATCH_SIZE_MAX, COLLECTIONS, escapeRegExp, type CollectionName } from './cloudbase-collection'
export { factDocument } from './cloudbase-ledger'

export interface CloudBaseStoreOptions {
  /** Prepended to every collection name, e.g. a random prefix per test run in a shared environment. */
  readonly collectionPrefix?: string
  /**
   * How long after a ledger aggregate target is registered it may become ready (cloudbase-ledger-aggregates.ts);
   * tests with no concurrent writers set 0.
   */
  readonly aggregateGraceMs?: number
  /** The clock of the aggregates' grace period and caches (tests move it). */
  readonly now?: () => number
}
/**
 * The Store, plus a plain registration write for seeding and tests (the contract suite and the SQLite
 * adapter have it; handlers write registrations only inside transactions).
 */
export type CloudBaseStore = Store & {
  putRegistration(registration: Registration): Promise<void>
  /** Unpublished activities (cloudbase-drafts.ts). */
  readonly drafts: ActivityDraftRepository
  /** Ratings of attended registrations (cloudbase-feedback.ts). */
  readonly feedback: FeedbackRepository
  /** 点单 wishes and their supporters (cloudbase-wishes.ts). */
  readonly wishes: WishRepository
  /** Organizer invites, the staff log and the units' organizers (cloudbase-staff.ts). */
  readonly staff: StaffRepository
  /** Uploaded posters, their pictures in `storage` (cloudbase-posters.ts). */
  postersIn(storage: CloudStorage): PosterRepository
  /** The ledger's maintained counts: the timer's maintain() and the recount (cloudbase-ledger-aggregates.ts). */
  readonly ledgerAggregates: CloudBaseLedgerAggregates
}
/** A CloudBase-backed Store; `db` is `cloud.database()` from wx-server-sdk. */
export function createCloudBaseStore(db: CloudDb, options: CloudBaseStoreOptions = {}): CloudBaseStore {
  const ctx = cloudContext(db, options.collectionPrefix ?? '')
  const { name, coll } = ctx

  const getDoc = <T>(c: CollectionName, id: string, map: (d: CloudDocument) => T): Promise<T | null> => readDoc(coll(c).doc(id), map)
  const list = async <T>(query: Query, map: (d: CloudDocument) => T): Promise<T[]> => (await fetchAll(query)).map(map)

  /** A transaction, run again on conflicts, then SYSTEM.BUSY (cloudbase-transaction.ts). */
  const runTx = <T>(work: (t: Transaction) => Promise<T>): Promise<T> => runTransaction(db, work)

  const aggregates = cloudBaseLedgerAggregates({
    db,
    coll: (c) => coll(c),
    txName: (c) => name(c),
    runTx,
    toFact,
    fromFact: factDocument,
    factConditions: (spec) => factConditions(db.command, spec),
    isNotFound,
    now: options.now ?? Date.now,
    graceMs: options.aggregateGraceMs ?? DEFAULT_GRACE_MS,
  })

  const accounts = cloudBaseAccounts(ctx)
  const activities = cloudBaseActivities(ctx, () => aggregates.activityWritten())
  const persons = cloudBasePersons(ctx)
  const registrations = cloudBaseRegistrations(ctx)
  const reminders = cloudBaseReminders(ctx)
  const checkIns = cloudBaseCheckIns(ctx)
  const ledger = cloudBaseLedger(ctx, aggregates)
  const courses = cloudBaseCourses(ctx)
  const txStore = (t: Transaction): TxStore => ({
    ...activities.tx(t),
    ...registrations.tx(t),
    ...persons.tx(t),
    ...checkIns.tx(t),
    ...ledger.tx(t),
    ...reminders.tx(t),
    ...accounts.tx(t),
    ...courses.tx(t),
  })

  return {
    ...accounts.repository,
    ...cloudBaseAreas(ctx),
    ...activities.repository,
    ...persons.repository,
    ...registrations.repository,
    ...reminders.repository,
    ...checkIns.repository,
    ...cloudBaseLedgerQueries(ctx, aggregates, activities.repository),
    ...ledger.repository,
    ...courses.repository,
    transaction: <T>(work: (tx: TxStore) => Promise<T>): Promise<T> => runTx((t) => work(txStore(t))),
    ledgerAggregates: aggregates,
    postersIn: (storage) =>
      cloudBasePosterRepository({
        getDoc: (id, map) => getDoc('posters', id, map),
        addDoc: async (id, data) => {
          await coll('posters').add({ data: { _id: id, ...data } })
        },
        storage,
      }),
    staff: cloudBaseStaffRepository({ db, name, getDoc, list, toUser, isNotFound, isConflict }),
    wishes: cloudBaseWishRepository({ db, name, getDoc, list, isNotFound, isConflict }),
    feedback: cloudBaseFeedbackRepository({
      query: () => coll('feedback'),
      getDoc: (id, map) => getDoc('feedback', id, map),
      getDocs: (ids, map) => byIdDocs('feedback', ids, map),
      putDoc: (id, data) => putDoc('feedback', id, data),
      list,
    }),
    drafts: cloudBaseDraftRepository({
      query: () => coll('activityDrafts'),
      getDoc: (id, map) => getDoc('activityDrafts', id, map),
      putDoc: (id, data) => putDoc('activityDrafts', id, data),
      list,
    }),
  }

  async function putDoc(c: CollectionName, id: string, data: DocData): Promise<void> {
    await coll(c).doc(id).set({ data })
  }

  /** Documents by id, one read per 100: in the order asked for, each once, missing ids skipped. */
  function byIdDocs<T>(c: CollectionName, ids: readonly string[], map: (d: CloudDocument) => T): Promise<T[]> {
    return byIdCollection(ctx, { collection: c, toDomain: map, toDocument: () => ({}) }).getMany(ids)
  }
}

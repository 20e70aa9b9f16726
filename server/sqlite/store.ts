// The Store port on an embedded SQLite file (better-sqlite3): the local runtime's database and the
// default for small self-hosted installs. This file composes the per-port files (accounts.ts,
// activities.ts, persons.ts, registrations.ts, reminders.ts, checkins.ts, ledger.ts, ledger-queries.ts,
// courses.ts, sessions.ts) on one connection and owns what they share: the serialization of writes and
// transactions, and the unit of work.

import { AsyncLocalStorage } from 'node:async_hooks'
import Database from 'better-sqlite3'
import type { UserId } from '../../src/domain/ids'
import type { Store, TxStore } from '../../src/domain/ports'
import type { Instant } from '../../src/domain/time'
import type { User } from '../../src/domain/types'
import type { WishRepository } from '../../src/domain/wishes/port'
import type { FeedbackRepository } from '../../src/domain/feedback/port'
import type { PosterRepository } from '../../src/domain/uploads/port'
import type { StaffRepository } from '../../src/domain/staff/port'
import type { ActivityDraftRepository } from '../../src/domain/activities/drafts-port'
import { migrate } from './migrations'
import { sqliteAccounts } from './accounts'
import { sqliteActivities } from './activities'
import { sqliteAreas } from './areas'
import { sqliteCheckIns } from './checkins'
import { sqliteCourses } from './courses'
import { sqliteLedger, type RecountReport } from './ledger'
import { sqliteLedgerQueries } from './ledger-queries'
import { sqlitePersons } from './persons'
import { sqliteRegistrations } from './registrations'
import { sqliteReminders } from './reminders'
import { sqliteSessions } from './sessions'
import { guard, type SqliteContext, type SyncPort } from './table'
import { sqliteDraftRepository } from './drafts-sql'
import { sqliteStaffRepository } from './staff-sql'
import { sqliteFeedbackRepository } from './feedback-sql'
import { sqliteWishRepository } from './wishes-sql'
import { sqlitePosterRepository } from './posters-sql'

export type { RecountReport } from './ledger'

/** How long a write waits for another process holding the database lock before giving up. */
export const DEFAULT_BUSY_TIMEOUT_MS = 5000

export interface SqliteStoreOptions {
  readonly busyTimeoutMs?: number
}

export interface SqliteStore extends Store {
  /** The raw connection, for benchmarks and maintenance; writes through it bypass the store's lock. */
  readonly db: Database.Database
  close(): void
  /** Demo sign-in sessions of the local gateway. */
  createSession(token: string, userId: UserId, expiresAt: Instant, createdAt?: Instant): Promise<void>
  /** The session's user while `now` is before its expiry, else null. */
  getSessionUser(token: string, now: Instant): Promise<UserId | null>
  /** The session's account while `now` is before its expiry, else null (one statement). */
  getSessionAccount(token: string, now: Instant): Promise<User | null>
  deleteSession(token: string): Promise<void>
  /** Removes sessions expired at `now`; returns how many. */
  deleteExpiredSessions(now: Instant): Promise<number>
  /**
   * Runs `step` on the connection in turn with the store's own transactions and writes, so a port kept
   * beside the Store on the same file (staff-sql.ts, …) never writes into another caller's open transaction.
   * `step` is synchronous; inside it `db.transaction(...)` gives atomicity.
   */
  serialized<T>(what: string, step: (db: Database.Database) => T): Promise<T>
  /** Unpublished activities, in the same file (drafts-sql.ts). */
  readonly drafts: ActivityDraftRepository
  /** Organizer invites, the staff log and the units' organizers, in the same file (staff-sql.ts). */
  readonly staff: StaffRepository
  /** Ratings of attended registrations (评单), in the same file (feedback-sql.ts). */
  readonly feedback: FeedbackRepository
  /** 点单 wishes and their supporters, in the same file (wishes-sql.ts). */
  readonly wishes: WishRepository
  /** Uploaded posters: their records in this file, their pictures in `dir` (posters-sql.ts). */
  postersIn(dir: string): PosterRepository
  /**
   * Rebuilds what the ledger's facts and completions should be from the registrations, check-ins and
   * lesson attendance, and recounts every kept aggregate from the fact table with the domain's counting
   * functions; reports every difference (`npm run ledger:recount`). `repair` rewrites the facts from
   * their registrations, then rebuilds the disagreeing targets; completions are reported only (a
   * certificate may hang on one, so an admin decides).
   */
  recountLedger(options?: { repair?: boolean }): Promise<RecountReport>
}

/**
 * Opens (creating and migrating when needed) the database at `file`.
 * @example const store = openSqliteStore('data/kepu.sqlite')
 */
export function openSqliteStore(file: string, options: SqliteStoreOptions = {}): SqliteStore {
  const db = new Database(file)
  try {
    db.pragma('journal_mode = WAL')
    db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS))}`)
    db.pragma('foreign_keys = ON')
    db.pragma('synchronous = NORMAL')
    guard(() => migrate(db))
    const pending = indexesToAnalyze(db)
    const store = composeStore(db)
    if (pending.length > 0) setImmediate(() => void analyzeInTurn(store, pending))
    return store
  } catch (err) {
    db.close()
    throw err
  }
}

/** An index whose analyzed row count is this many times below its table's best-known one is re-analyzed. */
const STALE_INDEX_FACTOR = 10

/**
 * The indexes whose statistics the planner lacks or has outgrown: those of the tables SQLite's
 * `optimize` for a newly opened long-lived connection (0x10002) would analyze, asked in its debug mode
 * (0x10003), which only lists them; and those an interrupted earlier pass left behind (SQLite judges a
 * table by one of its indexes, so once that one is analyzed it no longer lists the table).
 */
function indexesToAnalyze(db: Database.Database): string[] {
  const plan = db.pragma('optimize = 0x10003') as Array<Record<string, unknown>>
  const tables = plan.map((row) => /^ANALYZE "main"\."([A-Za-z0-9_]+)"$/.exec(String(Object.values(row)[0] ?? ''))?.[1]).filter((t): t is string => !!t)
  const indexesOf = (table: string) => db.pragma(`index_list("${table}")`) as Array<{ name: string; partial: number }>
  const names = new Set(
    tables.flatMap((table) => {
      const indexes = indexesOf(table).map((i) => i.name)
      return indexes.length > 0 ? indexes : [table]
    }),
  )
  const analyzed = db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_stat1'").get() !== undefined
  if (analyzed) {
    // The first number of a stat1 row is the row count its analysis saw; a partial index has fewer rows by design.
    const lagging = db
      .prepare<[number], { tbl: string; idx: string }>(
        `SELECT s.tbl, s.idx FROM sqlite_stat1 s WHERE s.idx IS NOT NULL
           AND CAST(s.stat AS INTEGER) * ? < (SELECT max(CAST(t.stat AS INTEGER)) FROM sqlite_stat1 t WHERE t.tbl = s.tbl)`,
      )
      .all(STALE_INDEX_FACTOR)
    for (const { tbl, idx } of lagging) {
      if (/^[A-Za-z0-9_]+$/.test(tbl) && /^[A-Za-z0-9_]+$/.test(idx) && indexesOf(tbl).some((i) => i.name === idx && !i.partial)) names.add(idx)
    }
  }
  return [...names]
}

/**
 * ANALYZE of `names` (indexes, or tables without any), one at a time on the store's write turn, after
 * the open has returned. SQLite's advice is to run `optimize` when a long-lived connection opens; done
 * at once it stalled the start: a 1,000,000-fact table grown 25-fold since its last analysis takes
 * 2–3 s to analyze, holding the write lock and the event loop throughout, before the server could
 * listen. One index at a time, each step holds them about a tenth of that, and requests are answered
 * between the steps. Statistics only tune the planner, so a failure here is ignored.
 */
async function analyzeInTurn(store: SqliteStore, names: readonly string[]): Promise<void> {
  for (const name of names) {
    if (!store.db.open) return
    try {
      await store.serialized('analyze', (db) => {
        if (db.open) db.exec(`ANALYZE "${name}"`)
      })
    } catch {
      /* statistics are an optimization; a busy or closed database leaves them for the next open */
    }
    await new Promise((resolve) => setImmediate(resolve))
  }
}

/** Marks async work running inside one of this store's transactions. */
const IN_TRANSACTION = true
/** At most this many transactions share one commit. */
const GROUP_MAX = 64

function composeStore(db: Database.Database): SqliteStore {
  /** Tail of the promise chain that serializes transactions and writes outside them. */
  let tail: Promise<unknown> = Promise.resolve()
  const scope = new AsyncLocalStorage<boolean>()
  const statements = new Map<string, Database.Statement>()
  const inTransaction = (): boolean => scope.getStore() === IN_TRANSACTION

  /**
   * Runs `step` after every earlier transaction and write of this store has finished. One
   * connection has one transaction state: a write issued while another caller's transaction is
   * open would silently join it (and vanish with its rollback), so writes wait their turn.
   */
  const exclusive = <T>(what: string, step: () => Promise<T> | T): Promise<T> => {
    if (inTransaction()) {
      // Waiting here would deadlock: the open transaction is waiting for us.
      return Promise.reject(new Error(`${what} called inside a transaction; use the tx object instead`))
    }
    const run = tail.then(step)
    tail = run.catch(() => undefined)
    return run
  }
  const ctx: SqliteContext = {
    db,
    exclusive,
    write: (what, step) =>
      exclusive(what, () => {
        guard(step)
      }),
    inTransaction,
    statement(sql) {
      let statement = statements.get(sql)
      if (!statement) {
        statement = db.prepare(sql)
        statements.set(sql, statement)
      }
      return statement
    },
  }

  const ledger = sqliteLedger(ctx)
  const accounts = sqliteAccounts(ctx)
  const activities = sqliteActivities(ctx, ledger.followCancellation)
  const persons = sqlitePersons(ctx)
  const registrations = sqliteRegistrations(ctx)
  const reminders = sqliteReminders(ctx)
  const checkIns = sqliteCheckIns(ctx)
  const courses = sqliteCourses(ctx)
  const steps: SyncPort<TxStore> = {
    ...activities.tx,
    ...registrations.tx,
    ...persons.tx,
    ...checkIns.tx,
    ...ledger.tx,
    ...reminders.tx,
    ...accounts.tx,
    ...courses.tx,
  }
  const begin = db.prepare('BEGIN IMMEDIATE')
  const commit = db.prepare('COMMIT')
  const rollback = db.prepare('ROLLBACK')
  const rollbackQuietly = (): void => {
    // SQLite may already have rolled back by itself (e.g. after SQLITE_FULL); keep the first error.
    if (db.inTransaction) {
      try {
        rollback.run()
      } catch {
        /* the original error is more useful */
      }
    }
  }

  // Group commit: transactions that queue up while one runs are run one after another inside one
  // SQLite transaction, each in its own savepoint (a failing one rolls back alone), and committed
  // together; every caller is answered only after that commit. A commit writes the pages the group
  // touched once, instead of once per caller (a sign-up rush shares the activity's pages).
  interface Unit {
    readonly work: (tx: TxStore) => Promise<unknown>
    readonly resolve: (value: unknown) => void
    readonly reject: (err: unknown) => void
  }
  const queued: Unit[] = []
  let draining = false
  const savepoint = db.prepare('SAVEPOINT unit')
  const release = db.prepare('RELEASE unit')
  const rollbackUnit = db.prepare('ROLLBACK TO unit')

  /** Runs one unit in its savepoint; its result, or its error after undoing its writes. */
  const runUnit = async (unit: Unit): Promise<{ ok: true; value: unknown } | { ok: false; err: unknown }> => {
    guard(() => savepoint.run())
    let open = true
    // Only the TxStore methods, and only while the unit runs.
    const tx = Object.fromEntries(
      Object.entries(steps).map(([name, step]) => [
        name,
        async (...args: unknown[]) => {
          if (!open) throw new Error('transaction already finished; the tx object cannot be used after it')
          return (step as (...a: unknown[]) => unknown)(...args)
        },
      ]),
    ) as unknown as TxStore
    try {
      const value = await scope.run(IN_TRANSACTION, () => unit.work(tx))
      open = false
      guard(() => release.run())
      return { ok: true, value }
    } catch (err) {
      open = false
      // SQLite may have rolled the whole transaction back by itself (e.g. after SQLITE_FULL).
      if (db.inTransaction) {
        try {
          rollbackUnit.run()
          release.run()
        } catch {
          /* the original error is more useful */
        }
      }
      return { ok: false, err }
    }
  }

  /** Runs one group of the queued units (at most GROUP_MAX) as one SQLite transaction. */
  const runGroup = async (): Promise<void> => {
    const done: Array<{ unit: Unit; value: unknown }> = []
    // Refusals are answered after the group too, once the connection is out of the transaction.
    const failed: Array<{ unit: Unit; err: unknown }> = []
    try {
      guard(() => begin.run())
    } catch (err) {
      for (const unit of queued.splice(0)) unit.reject(err)
      return
    }
    let lost: unknown = null
    while (queued.length > 0 && done.length < GROUP_MAX) {
      const unit = queued.shift()!
      const outcome = await runUnit(unit)
      if (outcome.ok) done.push({ unit, value: outcome.value })
      else failed.push({ unit, err: outcome.err })
      if (!db.inTransaction) {
        // The group went with it: the units before it were not committed either.
        lost = outcome.ok ? new Error('transaction rolled back by SQLite') : outcome.err
        break
      }
      // Let requests that are ready (their sockets readable) queue their transactions into this group.
      if (queued.length === 0 && done.length < GROUP_MAX) await new Promise<void>((r) => setImmediate(r))
    }
    if (lost === null) {
      try {
        guard(() => commit.run())
      } catch (err) {
        lost = err
      }
    }
    if (lost !== null) {
      rollbackQuietly()
      for (const d of done) d.unit.reject(lost)
    } else for (const d of done) d.unit.resolve(d.value)
    for (const f of failed) f.unit.reject(f.err)
  }

  /**
   * Queues a group behind every earlier transaction and write; the next group queues behind whatever
   * was queued meanwhile, so writes outside transactions are not starved by a stream of transactions.
   */
  const scheduleGroup = (): void => {
    void exclusive('transaction', runGroup)
      .catch((err: unknown) => {
        for (const unit of queued.splice(0)) unit.reject(err)
      })
      .finally(() => {
        if (queued.length > 0) scheduleGroup()
        else draining = false
      })
  }

  const transaction = <T>(work: (tx: TxStore) => Promise<T>): Promise<T> => {
    if (inTransaction()) return Promise.reject(new Error('transaction called inside a transaction; use the tx object instead'))
    return new Promise<T>((resolve, reject) => {
      queued.push({ work, resolve: resolve as (value: unknown) => void, reject })
      if (!draining) {
        draining = true
        scheduleGroup()
      }
    })
  }

  const store: Omit<SqliteStore, 'drafts' | 'staff' | 'feedback' | 'wishes'> & { aggregates: typeof ledger.aggregates } = {
    ...accounts.repository,
    ...sqliteAreas(ctx),
    ...activities.repository,
    ...persons.repository,
    ...registrations.repository,
    ...reminders.repository,
    ...checkIns.repository,
    ...sqliteLedgerQueries(ctx, ledger.aggregates, activities.repository),
    ...ledger.repository,
    ...courses.repository,
    ...sqliteSessions(ctx),
    transaction,
    db,
    aggregates: ledger.aggregates,
    close() {
      if (!db.open) return
      try {
        db.pragma('optimize')
      } catch {
        /* statistics are an optimization; closing must not fail because of them */
      }
      db.close()
    },
    serialized: (what, step) => exclusive(what, () => guard(() => step(db))),
    postersIn: (dir) => sqlitePosterRepository(full, dir),
    recountLedger: (options = {}) =>
      exclusive('recountLedger', () =>
        ledger.recount({ getRegistration: steps.getRegistration, getActivity: steps.getActivity, getPerson: steps.getPerson }, options.repair ?? false),
      ),
  }
  const full = store as unknown as SqliteStore
  return Object.assign(full, {
    drafts: sqliteDraftRepository(full),
    staff: sqliteStaffRepository(full),
    feedback: sqliteFeedbackRepository(full),
    wishes: sqliteWishRepository(full),
  })
}

// The Store port on an embedded SQLite file (better-sqlite3): the local runtime's database and the
// default for small self-hosted installs.

import { AsyncLocalStorage } from 'node:async_hooks'
import Database from 'better-sqlite3'
import type { ActivityQuery } from '../../src/domain/activities/query'
import { AppError, fail } from '../../src/domain/errors'
import type { ActivityId, AreaId, CourseId, PersonId, RegistrationId, UserId } from '../../src/domain/ids'
import type { Course, CourseCompletion } from '../../src/domain/courses/rules'
import { aggregateQuery, breakdownPrefix, type AggregateTarget } from '../../src/domain/ledger/aggregates'
import { activityFacts, attendanceFacts, type BreakdownKey, type CountSpec, type Period, type VolunteerService } from '../../src/domain/ledger/count'
import type { Indicator, IndicatorChange, Plan } from '../../src/domain/ledger/indicators'
import type { AttendanceCorrection } from '../../src/domain/ledger/corrections'
import type { Page, Store, StoredFact, TxStore } from '../../src/domain/ports'
import type { Instant } from '../../src/domain/time'
import type { Activity, Area, Person, Registration, User } from '../../src/domain/types'
import type { CheckIn, ScannerGrant, ScannerInvite } from '../../src/domain/checkin/rules'
import { LedgerAggregates, type Disagreement } from './ledger-aggregates'
import { activityClause, breakdownSql, countSql, drillSql, factClause, neededAttendances, type Clause } from './ledger-sql'
import { migrate } from './migrations'
import { prepareOwnDataStatements, type OwnDataStatements } from './own-data-sql'
import {
  consentToRow,
  linkCodeToRow,
  reminderToRow,
  rowToConsent,
  rowToLinkCode,
  rowToReminder,
  rowToSubscription,
  subscriptionToRow,
} from './rows'
import type { Reminder, ReminderKind, Subscription } from '../../src/domain/reminders/schedule'
import type { LinkCode } from '../../src/domain/family/link-codes'
import type { Consent } from '../../src/domain/privacy/notice'
import { completionToRow, courseToRow, prepareCourseStatements, rowToCompletion, rowToCourse, type CourseStatements } from './course-sql'
import { correctionToRow, prepareCorrectionStatements, rowToCorrection, type CorrectionStatements } from './correction-sql'
import { reconcileLedger } from './ledger-reconcile'
import { sqliteDraftRepository } from './drafts-sql'
import { sqliteStaffRepository } from './staff-sql'
import { sqliteFeedbackRepository } from './feedback-sql'
import { sqliteWishRepository } from './wishes-sql'
import type { WishRepository } from '../../src/domain/wishes/port'
import type { FeedbackRepository } from '../../src/domain/feedback/port'
import { sqlitePosterRepository } from './posters-sql'
import type { PosterRepository } from '../../src/domain/uploads/port'
import type { StaffRepository } from '../../src/domain/staff/port'
import type { ActivityDraftRepository } from '../../src/domain/activities/drafts-port'
import type { CompletionDifference, FactDifference } from '../../src/domain/ledger/reconcile'
import {
  activityToRow,
  areaToRow,
  canonicalInstant,
  checkInToRow,
  factToRow,
  indicatorChangeToRow,
  indicatorToRow,
  planToRow,
  rowToFact,
  rowToIndicator,
  rowToIndicatorChange,
  rowToPlan,
  grantToRow,
  inviteToRow,
  personToRow,
  registrationToRow,
  rowToActivity,
  rowToArea,
  rowToCheckIn,
  rowToGrant,
  rowToInvite,
  rowToPerson,
  rowToRegistration,
  rowToUser,
  userToRow,
  type ActivityRow,
  type AreaRow,
  type CheckInRow,
  type FactRow,
  type IndicatorChangeRow,
  type IndicatorRow,
  type PlanRow,
  type PersonRow,
  type RegistrationRow,
  type ScannerGrantRow,
  type ScannerInviteRow,
  type UserRow,
} from './rows'

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
    // Lets the planner gather statistics it lacks (SQLite's advice for long-lived connections).
    db.pragma('optimize = 0x10002')
    return new SqliteStoreImpl(db)
  } catch (err) {
    db.close()
    throw err
  }
}

// ---- errors

/**
 * By error code, not `instanceof`: the native addon keeps the SqliteError class of the first copy of
 * better-sqlite3 loaded in the process, so where modules are re-loaded (jest, one realm per test
 * file) its errors are instances of neither this copy's SqliteError nor this realm's Error.
 */
function isBusy(err: unknown): boolean {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined
  return typeof code === 'string' && (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_'))
}

/** Runs one synchronous database step; a lock still held by another process after the busy timeout becomes SYSTEM.BUSY. */
function guard<T>(step: () => T): T {
  try {
    return step()
  } catch (err) {
    if (isBusy(err)) throw new AppError(fail('SYSTEM.BUSY').error)
    throw err
  }
}

// ---- statements

const columns = {
  users: ['id', 'role', 'display_name', 'department_code', 'created_at'],
  areas: ['id', 'name', 'kind', 'sort'],
  activities: [
    'id', 'title', 'type', 'description', 'start_at', 'end_at', 'place', 'area_id', 'department_code',
    'target_groups', 'actions', 'projects', 'tags', 'capacity', 'waitlist_limit', 'signup_opens_at', 'signup_closes_at',
    'status', 'confirmed_count', 'waitlist_count', 'next_seq', 'checkout_enabled', 'walk_ins_allowed',
    'attendance_closed_at', 'created_at', 'updated_at', 'course_id', 'details',
  ],
  persons: [
    'id', 'owner_id', 'is_self', 'name', 'birth_year', 'target_group', 'area_id', 'phone', 'guardian_consent_at',
    'card_version', 'created_at', 'updated_at',
  ],
  registrations: [
    'id', 'activity_id', 'person_id', 'owner_id', 'created_by', 'status', 'seq', 'created_at', 'updated_at',
    'cancelled_at', 'promoted_at', 'walk_in', 'attendance', 'checked_in_at', 'checked_out_at',
  ],
  checkins: [
    'id', 'activity_id', 'registration_id', 'person_id', 'kind', 'method', 'at', 'recorded_at', 'operator_id',
    'device_id', 'nonce', 'reason', 'duplicates',
  ],
  scanner_invites: ['id', 'activity_ids', 'valid_from', 'valid_to', 'created_by', 'created_at', 'redeemed_by', 'redeemed_at'],
  scanner_grants: ['id', 'user_id', 'activity_ids', 'valid_from', 'valid_to', 'created_by', 'created_at'],
  plans: ['id', 'name', 'period_from', 'period_to'],
  indicators: ['id', 'plan_id', 'name', 'unit', 'rule', 'period_kind', 'target', 'filters', 'counting_note', 'entered', 'sort'],
  indicator_changes: ['id', 'indicator_id', 'at', 'by_user', 'before', 'after'],
} as const

const FACT_COLUMNS = [
  'registration_id', 'person_id', 'person_group', 'activity_id', 'type', 'department_code', 'area_id', 'tags',
  'actions', 'projects', 'activity_start_at', 'activity_cancelled', 'at',
] as const

type Table = keyof typeof columns

const selectList = (table: Table, alias = ''): string => columns[table].map((c) => (alias ? `${alias}.${c}` : c)).join(', ')

/** Insert, or overwrite every column of the row with the same id. */
function upsertSql(table: Table): string {
  const cols = columns[table]
  const updates = cols.filter((c) => c !== 'id').map((c) => `${c} = excluded.${c}`)
  return `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})
    ON CONFLICT (id) DO UPDATE SET ${updates.join(', ')}`
}

function prepareStatements(db: Database.Database) {
  const byId = <R>(table: Table) => db.prepare<[string], R>(`SELECT ${selectList(table)} FROM ${table} WHERE id = ?`)
  return {
    begin: db.prepare('BEGIN IMMEDIATE'),
    commit: db.prepare('COMMIT'),
    rollback: db.prepare('ROLLBACK'),

    getUser: byId<UserRow>('users'),
    putUser: db.prepare<[UserRow]>(upsertSql('users')),
    listUsers: db.prepare<[], UserRow>(`SELECT ${selectList('users')} FROM users ORDER BY id`),

    getArea: byId<AreaRow>('areas'),
    putArea: db.prepare<[AreaRow]>(upsertSql('areas')),
    listAreas: db.prepare<[], AreaRow>(`SELECT ${selectList('areas')} FROM areas ORDER BY sort, id`),

    getActivity: byId<ActivityRow>('activities'),
    putActivity: db.prepare<[ActivityRow]>(upsertSql('activities')),
    clearTargetGroups: db.prepare<[string]>('DELETE FROM activity_target_groups WHERE activity_id = ?'),
    addTargetGroups: db.prepare<[string, string]>(
      'INSERT OR IGNORE INTO activity_target_groups (activity_id, target_group) SELECT ?, value FROM json_each(?)',
    ),
    getActivities: db.prepare<[string], ActivityRow>(
      `SELECT ${selectList('activities')} FROM activities WHERE id IN (SELECT value FROM json_each(?))`,
    ),
    listActivitiesByDepartment: db.prepare<[string, string, string], ActivityRow>(
      `SELECT ${selectList('activities')} FROM activities
       WHERE department_code = ? AND start_at > ? AND start_at < ? ORDER BY start_at, id`,
    ),

    getPerson: byId<PersonRow>('persons'),
    getPersons: db.prepare<[string], PersonRow>(`SELECT ${selectList('persons')} FROM persons WHERE id IN (SELECT value FROM json_each(?))`),
    putPerson: db.prepare<[PersonRow]>(upsertSql('persons')),
    deletePerson: db.prepare<[string]>('DELETE FROM persons WHERE id = ?'),
    listPersonsByOwner: db.prepare<[string], PersonRow>(
      `SELECT ${selectList('persons')} FROM persons WHERE owner_id = ? ORDER BY created_at, id`,
    ),

    getRegistration: byId<RegistrationRow>('registrations'),
    putRegistration: db.prepare<[RegistrationRow]>(upsertSql('registrations')),
    listRegistrationsByOwner: db.prepare<[string], RegistrationRow>(
      `SELECT ${selectList('registrations')} FROM registrations WHERE owner_id = ? ORDER BY created_at, id`,
    ),
    listActiveRegistrationsByPerson: db.prepare<[string], RegistrationRow>(
      `SELECT ${selectList('registrations')} FROM registrations
       WHERE person_id = ? AND status IN ('confirmed', 'waitlisted') ORDER BY created_at, id`,
    ),
    firstWaitlisted: db.prepare<[string], RegistrationRow>(
      `SELECT ${selectList('registrations')} FROM registrations
       WHERE activity_id = ? AND status = 'waitlisted' ORDER BY seq, id LIMIT 1`,
    ),
    countWaitlistedBefore: db
      .prepare<[string, number], number>(
        `SELECT count(*) FROM registrations WHERE activity_id = ? AND status = 'waitlisted' AND seq < ?`,
      )
      .pluck(),
    listRegistrationsByActivity: db.prepare<[string], RegistrationRow>(
      `SELECT ${selectList('registrations')} FROM registrations WHERE activity_id = ? ORDER BY seq, id`,
    ),
    listRegistrationsByActivityAndStatus: db.prepare<[string, string], RegistrationRow>(
      `SELECT ${selectList('registrations')} FROM registrations WHERE activity_id = ? AND status = ? ORDER BY seq, id`,
    ),

    getCheckIn: byId<CheckInRow>('checkins'),
    putCheckIn: db.prepare<[CheckInRow]>(upsertSql('checkins')),
    deleteCheckIn: db.prepare<[string]>('DELETE FROM checkins WHERE id = ?'),
    listCheckInsByActivity: db.prepare<[string], CheckInRow>(
      `SELECT ${selectList('checkins')} FROM checkins WHERE activity_id = ? ORDER BY id`,
    ),

    getInvite: byId<ScannerInviteRow>('scanner_invites'),
    putInvite: db.prepare<[ScannerInviteRow]>(upsertSql('scanner_invites')),
    putGrant: db.prepare<[ScannerGrantRow]>(upsertSql('scanner_grants')),
    listGrantsByUser: db.prepare<[string], ScannerGrantRow>(
      `SELECT ${selectList('scanner_grants')} FROM scanner_grants WHERE user_id = ? ORDER BY created_at, id`,
    ),

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

    putPlan: db.prepare<[PlanRow]>(upsertSql('plans')),
    listPlans: db.prepare<[], PlanRow>(`SELECT ${selectList('plans')} FROM plans ORDER BY period_from, id`),
    getIndicator: byId<IndicatorRow>('indicators'),
    putIndicator: db.prepare<[IndicatorRow]>(upsertSql('indicators')),
    listIndicators: db.prepare<[string], IndicatorRow>(
      `SELECT ${selectList('indicators')} FROM indicators WHERE plan_id = ? ORDER BY sort, id`,
    ),
    putIndicatorChange: db.prepare<[IndicatorChangeRow]>(upsertSql('indicator_changes')),
    listIndicatorChanges: db.prepare<[string], IndicatorChangeRow>(
      `SELECT ${selectList('indicator_changes')} FROM indicator_changes WHERE indicator_id = ? ORDER BY at, id`,
    ),

    createSession: db.prepare<[string, string, string, string]>(
      'INSERT INTO sessions (token, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
    ),
    getSessionUser: db
      .prepare<[string, string], string>('SELECT user_id FROM sessions WHERE token = ? AND expires_at > ?')
      .pluck(),
    deleteSession: db.prepare<[string]>('DELETE FROM sessions WHERE token = ?'),
    deleteExpiredSessions: db.prepare<[string]>('DELETE FROM sessions WHERE expires_at <= ?'),
  }
}

type Statements = ReturnType<typeof prepareStatements>

// ---- activity listing

/** Which optional parts of an ActivityQuery are present; one prepared statement pair per shape. */
interface QueryShape {
  readonly targetGroup: boolean
  readonly type: boolean
  readonly areaId: boolean
  readonly startsBefore: boolean
  readonly text: boolean
}

interface ListingStatements {
  readonly items: Database.Statement<[Record<string, unknown>], ActivityRow>
  readonly total: Database.Statement<[Record<string, unknown>], number>
}

/** JavaScript's lower-casing, so the text filter folds case exactly like `matchesQuery` (SQLite's lower() is ASCII-only). */
const LOWER_FN = 'kp_lower'

function prepareListing(db: Database.Database, shape: QueryShape): ListingStatements {
  const where = [`a.status = 'published'`, 'a.end_at > @endsAfter']
  if (shape.startsBefore) where.push('a.start_at < @startsBefore')
  if (shape.type) where.push('a.type = @type')
  if (shape.areaId) where.push('a.area_id = @areaId')
  if (shape.targetGroup) {
    where.push('a.id IN (SELECT g.activity_id FROM activity_target_groups g WHERE g.target_group = @targetGroup)')
  }
  if (shape.text) {
    // instr() matches literally, so `%`, `_` and `\` in the search text need no LIKE escaping.
    where.push(
      `(instr(${LOWER_FN}(a.title), @text) > 0 OR instr(${LOWER_FN}(a.place), @text) > 0 OR instr(${LOWER_FN}(a.description), @text) > 0)`,
    )
  }
  const from = `FROM activities a WHERE ${where.join(' AND ')}`
  return {
    items: db.prepare<[Record<string, unknown>], ActivityRow>(
      `SELECT ${selectList('activities', 'a')} ${from} ORDER BY a.start_at, a.id LIMIT @limit OFFSET @offset`,
    ),
    total: db.prepare<[Record<string, unknown>], number>(`SELECT count(*) ${from}`).pluck(),
  }
}

const nonNegativeInt = (n: number): number => (Number.isFinite(n) ? Math.max(0, Math.trunc(n)) : 0)

// ---- the store

/** Marks async work running inside one of this store's transactions. */
const IN_TRANSACTION = true

/** Rows by id through a `WHERE id IN (json_each(?))` statement: in the order asked for, each once, missing ids skipped. */
function readByIds<Row extends { id: string }, T>(stmt: Database.Statement<[string], Row>, ids: readonly string[], map: (row: Row) => T): T[] {
  const unique = [...new Set(ids)]
  if (unique.length === 0) return []
  const byId = new Map(guard(() => stmt.all(JSON.stringify(unique))).map((r) => [r.id, r]))
  return unique.flatMap((id) => {
    const row = byId.get(id)
    return row ? [map(row)] : []
  })
}

class SqliteStoreImpl implements SqliteStore {
  private readonly s: Statements
  /** Courses and completions (course-sql.ts). */
  private readonly cs: CourseStatements
  /** The ledger's attendance-correction log (correction-sql.ts). */
  private readonly corrections: CorrectionStatements
  readonly drafts: ActivityDraftRepository
  readonly staff: StaffRepository
  readonly feedback: FeedbackRepository
  readonly wishes: WishRepository
  postersIn(dir: string): PosterRepository {
    return sqlitePosterRepository(this, dir)
  }
  private readonly listings = new Map<string, ListingStatements>()
  /** Consents, reminders, subscriptions and link codes (own-data-sql.ts). */
  private readonly od: OwnDataStatements
  /** Tail of the promise chain that serializes transactions and writes outside them. */
  private tail: Promise<unknown> = Promise.resolve()
  private readonly scope = new AsyncLocalStorage<boolean>()
  private readonly writeActivityAtomically: (row: ActivityRow, targetGroups: readonly string[]) => void
  private readonly writeFactAtomically: (row: FactRow) => void
  /** The ledger's incremental aggregates, kept in step with every fact change. */
  readonly aggregates: LedgerAggregates
  /** Ledger queries prepared once per SQL text (one per spec shape). */
  private readonly ledgerStatements = new Map<string, Database.Statement>()
  private readonly readPage: (
    statements: ListingStatements,
    params: Record<string, unknown>,
    offset: number,
    limit: number,
  ) => { rows: ActivityRow[]; total: number }

  constructor(readonly db: Database.Database) {
    db.function(LOWER_FN, { deterministic: true }, (value: unknown) =>
      typeof value === 'string' ? value.toLowerCase() : value,
    )
    this.s = prepareStatements(db)
    this.od = prepareOwnDataStatements(db)
    this.cs = prepareCourseStatements(db)
    this.corrections = prepareCorrectionStatements(db)
    this.drafts = sqliteDraftRepository(this)
    this.staff = sqliteStaffRepository(this)
    this.feedback = sqliteFeedbackRepository(this)
    this.wishes = sqliteWishRepository(this)
    this.aggregates = new LedgerAggregates(db)
    // Inside an open transaction better-sqlite3 turns this into a savepoint.
    this.writeActivityAtomically = db
      .transaction((row: ActivityRow, targetGroups: readonly string[]) => {
        this.s.putActivity.run(row)
        this.s.clearTargetGroups.run(row.id)
        this.s.addTargetGroups.run(row.id, JSON.stringify(targetGroups))
        // Facts copy the activity when written; cancellation is the one change they follow.
        const cancelled = row.status === 'cancelled'
        const changing = this.aggregates.factsChangingCancellation(row.id, cancelled)
        this.s.syncFactsCancelled.run({ activityId: row.id, cancelled: cancelled ? 1 : 0 })
        for (const f of changing) this.aggregates.replace(f, { ...f, activity: { ...f.activity, cancelled } })
      })
      .immediate
    this.writeFactAtomically = db.transaction((row: FactRow) => {
      const before = this.aggregates.factOf(row.registration_id)
      this.s.putFact.run(row)
      this.s.clearFactLabels.run(row.registration_id)
      this.s.addFactLabels.run(row)
      this.aggregates.replace(before, this.aggregates.factOf(row.registration_id))
    })
    // Items and total from one snapshot, so the total matches the page even with other writers.
    this.readPage = db.transaction((statements: ListingStatements, params: Record<string, unknown>, offset: number, limit: number) => ({
      rows: limit === 0 ? [] : statements.items.all({ ...params, offset, limit }),
      total: statements.total.get(params) ?? 0,
    }))
  }

  close(): void {
    if (!this.db.open) return
    try {
      this.db.pragma('optimize')
    } catch {
      /* statistics are an optimization; closing must not fail because of them */
    }
    this.db.close()
  }

  // -- serialization

  /**
   * Runs `step` after every earlier transaction and write of this store has finished. One
   * connection has one transaction state: a write issued while another caller's transaction is
   * open would silently join it (and vanish with its rollback), so writes wait their turn.
   */
  private exclusive<T>(what: string, step: () => Promise<T> | T): Promise<T> {
    if (this.scope.getStore() === IN_TRANSACTION) {
      // Waiting here would deadlock: the open transaction is waiting for us.
      return Promise.reject(new Error(`${what} called inside a transaction; use the tx object instead`))
    }
    const run = this.tail.then(step)
    this.tail = run.catch(() => undefined)
    return run
  }

  serialized<T>(what: string, step: (db: Database.Database) => T): Promise<T> {
    return this.exclusive(what, () => guard(() => step(this.db)))
  }

  /** A write outside any transaction; resolves to nothing (not better-sqlite3's RunResult). */
  private write(what: string, step: () => unknown): Promise<void> {
    return this.exclusive(what, () => {
      guard(step)
    })
  }

  private rollbackQuietly(): void {
    // SQLite may already have rolled back by itself (e.g. after SQLITE_FULL); keep the first error.
    if (this.db.inTransaction) {
      try {
        this.s.rollback.run()
      } catch {
        /* the original error is more useful */
      }
    }
  }

  transaction<T>(work: (tx: TxStore) => Promise<T>): Promise<T> {
    return this.exclusive('transaction', async () => {
      guard(() => this.s.begin.run())
      let open = true
      const check = (): void => {
        if (!open) throw new Error('transaction already finished; the tx object cannot be used after it')
      }
      // Only the TxStore methods, and only while the transaction is open.
      const tx: TxStore = {
        getActivity: async (id) => {
          check()
          return this.readActivity(id)
        },
        putActivity: async (activity) => {
          check()
          this.writeActivity(activity)
        },
        getRegistration: async (id) => {
          check()
          return this.readRegistration(id)
        },
        putRegistration: async (registration) => {
          check()
          this.writeRegistration(registration)
        },
        getPerson: async (id) => {
          check()
          return this.readPerson(id)
        },
        putPerson: async (person) => {
          check()
          this.writePerson(person)
        },
        getCheckIn: async (id) => {
          check()
          return this.readCheckIn(id)
        },
        putCheckIn: async (checkIn) => {
          check()
          this.writeCheckIn(checkIn)
        },
        deleteCheckIn: async (id) => {
          check()
          guard(() => this.s.deleteCheckIn.run(id))
        },
        getInvite: async (id) => {
          check()
          return this.readInvite(id)
        },
        putInvite: async (invite) => {
          check()
          this.writeInvite(invite)
        },
        putGrant: async (grant) => {
          check()
          this.writeGrant(grant)
        },
        putFact: async (fact) => {
          check()
          const row = factToRow(fact)
          guard(() => this.writeFactAtomically(row))
        },
        deleteFact: async (registrationId) => {
          check()
          guard(() => {
            const before = this.aggregates.factOf(registrationId)
            this.s.deleteFact.run(registrationId)
            this.s.clearFactLabels.run(registrationId)
            this.aggregates.replace(before, null)
          })
        },
        getReminder: async (id) => {
          check()
          return this.readReminder(id)
        },
        putReminder: async (reminder) => {
          check()
          const row = reminderToRow(reminder)
          guard(() => this.od.putReminder.run(row))
        },
        getSubscription: async (userId, kind) => {
          check()
          const row = guard(() => this.od.getSubscription.get(userId, kind))
          return row ? rowToSubscription(row) : null
        },
        putSubscription: async (subscription) => {
          check()
          const row = subscriptionToRow(subscription)
          guard(() => this.od.putSubscription.run(row))
        },
        getLinkCode: async (id) => {
          check()
          return this.readLinkCode(id)
        },
        putLinkCode: async (linkCode) => {
          check()
          const row = linkCodeToRow(linkCode)
          guard(() => this.od.putLinkCode.run(row))
        },
        getCourse: async (id) => {
          check()
          return this.readCourse(id)
        },
        putCourse: async (course) => {
          check()
          const row = courseToRow(course)
          guard(() => this.cs.putCourse.run(row))
        },
        getCompletion: async (id) => {
          check()
          const row = guard(() => this.cs.getCompletion.get(id))
          return row ? rowToCompletion(row) : null
        },
        putCompletion: async (completion) => {
          check()
          const row = completionToRow(completion)
          guard(() => this.cs.putCompletion.run(row))
        },
        deleteCompletion: async (id) => {
          check()
          guard(() => this.cs.deleteCompletion.run(id))
        },
        putAttendanceCorrection: async (correction) => {
          check()
          const row = correctionToRow(correction)
          guard(() => this.corrections.put.run(row))
        },
      }
      let result: T
      try {
        result = await this.scope.run(IN_TRANSACTION, () => work(tx))
      } catch (err) {
        open = false
        this.rollbackQuietly()
        throw err
      }
      open = false
      try {
        guard(() => this.s.commit.run())
      } catch (err) {
        this.rollbackQuietly()
        throw err
      }
      return result
    })
  }

  // -- shared read/write steps (also used by tx)

  private readActivity(id: ActivityId): Activity | null {
    const row = guard(() => this.s.getActivity.get(id))
    return row ? rowToActivity(row) : null
  }

  private writeActivity(activity: Activity): void {
    const row = activityToRow(activity)
    guard(() => this.writeActivityAtomically(row, activity.targetGroups))
  }

  private writeRegistration(registration: Registration): void {
    const row = registrationToRow(registration)
    guard(() => this.s.putRegistration.run(row))
  }

  private readRegistration(id: RegistrationId): Registration | null {
    const row = guard(() => this.s.getRegistration.get(id))
    return row ? rowToRegistration(row) : null
  }

  private readPerson(id: PersonId): Person | null {
    const row = guard(() => this.s.getPerson.get(id))
    return row ? rowToPerson(row) : null
  }

  private writePerson(person: Person): void {
    const row = personToRow(person)
    guard(() => this.s.putPerson.run(row))
  }

  private readCheckIn(id: string): CheckIn | null {
    const row = guard(() => this.s.getCheckIn.get(id))
    return row ? rowToCheckIn(row) : null
  }

  private writeCheckIn(checkIn: CheckIn): void {
    const row = checkInToRow(checkIn)
    guard(() => this.s.putCheckIn.run(row))
  }

  private readInvite(id: string): ScannerInvite | null {
    const row = guard(() => this.s.getInvite.get(id))
    return row ? rowToInvite(row) : null
  }

  private writeInvite(invite: ScannerInvite): void {
    const row = inviteToRow(invite)
    guard(() => this.s.putInvite.run(row))
  }

  private writeGrant(grant: ScannerGrant): void {
    const row = grantToRow(grant)
    guard(() => this.s.putGrant.run(row))
  }

  // -- users and areas

  async getUser(id: UserId): Promise<User | null> {
    const row = guard(() => this.s.getUser.get(id))
    return row ? rowToUser(row) : null
  }

  putUser(user: User): Promise<void> {
    return this.write('putUser', () => this.s.putUser.run(userToRow(user)))
  }

  async listUsers(): Promise<User[]> {
    return guard(() => this.s.listUsers.all()).map(rowToUser)
  }

  async listAreas(): Promise<Area[]> {
    return guard(() => this.s.listAreas.all()).map(rowToArea)
  }

  async getArea(id: AreaId): Promise<Area | null> {
    const row = guard(() => this.s.getArea.get(id))
    return row ? rowToArea(row) : null
  }

  putArea(area: Area): Promise<void> {
    return this.write('putArea', () => this.s.putArea.run(areaToRow(area)))
  }

  // -- activities

  async getActivity(id: ActivityId): Promise<Activity | null> {
    return this.readActivity(id)
  }

  async listActivities(query: ActivityQuery): Promise<Page<Activity>> {
    // Mirrors matchesQuery: an unparseable bound matches nothing, an empty optional field is no filter.
    const endsAfter = Date.parse(query.endsAfter)
    const startsBefore = query.startsBefore ? Date.parse(query.startsBefore) : null
    if (Number.isNaN(endsAfter) || (startsBefore !== null && Number.isNaN(startsBefore))) return { items: [], total: 0 }

    const shape: QueryShape = {
      targetGroup: !!query.targetGroup,
      type: !!query.type,
      areaId: !!query.areaId,
      startsBefore: startsBefore !== null,
      text: !!query.text,
    }
    const params: Record<string, unknown> = {
      endsAfter: new Date(endsAfter).toISOString(),
      ...(shape.startsBefore ? { startsBefore: new Date(startsBefore!).toISOString() } : {}),
      ...(shape.type ? { type: query.type } : {}),
      ...(shape.areaId ? { areaId: query.areaId } : {}),
      ...(shape.targetGroup ? { targetGroup: query.targetGroup } : {}),
      ...(shape.text ? { text: query.text!.toLowerCase() } : {}),
    }
    const statements = this.listing(shape)
    const offset = nonNegativeInt(query.offset)
    const limit = nonNegativeInt(query.limit)
    const { rows, total } = guard(() => this.readPage(statements, params, offset, limit))
    return { items: rows.map(rowToActivity), total }
  }

  private listing(shape: QueryShape): ListingStatements {
    const key = JSON.stringify(shape)
    let statements = this.listings.get(key)
    if (!statements) {
      statements = prepareListing(this.db, shape)
      this.listings.set(key, statements)
    }
    return statements
  }

  putActivity(activity: Activity): Promise<void> {
    return this.exclusive('putActivity', () => this.writeActivity(activity))
  }

  async listActivitiesByDepartment(departmentCode: string, startsAfter: Instant, startsBefore: Instant): Promise<Activity[]> {
    // Like listActivities: an unparseable bound matches nothing.
    const after = Date.parse(startsAfter)
    const before = Date.parse(startsBefore)
    if (Number.isNaN(after) || Number.isNaN(before)) return []
    const rows = guard(() =>
      this.s.listActivitiesByDepartment.all(departmentCode, new Date(after).toISOString(), new Date(before).toISOString()),
    )
    return rows.map(rowToActivity)
  }

  async getActivities(ids: readonly ActivityId[]): Promise<Activity[]> {
    return readByIds(this.s.getActivities, ids, rowToActivity)
  }

  // -- persons

  async getPerson(id: PersonId): Promise<Person | null> {
    return this.readPerson(id)
  }

  async getPersons(ids: readonly PersonId[]): Promise<Person[]> {
    return readByIds(this.s.getPersons, ids, rowToPerson)
  }

  async listPersonsByName(name: string): Promise<Person[]> {
    const rows = guard(() => this.ledgerStatement(`SELECT * FROM persons WHERE name = ? ORDER BY created_at, id LIMIT 200`).all(name) as PersonRow[])
    return rows.map(rowToPerson)
  }

  async listPersonsByPhone(phone: string): Promise<Person[]> {
    const rows = guard(() => this.ledgerStatement(`SELECT * FROM persons WHERE phone = ? ORDER BY created_at, id LIMIT 200`).all(phone) as PersonRow[])
    return rows.map(rowToPerson)
  }

  async listPersonsByOwner(ownerId: UserId): Promise<Person[]> {
    return guard(() => this.s.listPersonsByOwner.all(ownerId)).map(rowToPerson)
  }

  putPerson(person: Person): Promise<void> {
    return this.exclusive('putPerson', () => this.writePerson(person))
  }

  deletePerson(id: PersonId): Promise<void> {
    return this.write('deletePerson', () => this.s.deletePerson.run(id))
  }

  // -- registrations

  async getRegistration(id: RegistrationId): Promise<Registration | null> {
    return this.readRegistration(id)
  }

  async listRegistrationsByOwner(ownerId: UserId): Promise<Registration[]> {
    return guard(() => this.s.listRegistrationsByOwner.all(ownerId)).map(rowToRegistration)
  }

  async listActiveRegistrationsByPerson(personId: PersonId): Promise<Registration[]> {
    return guard(() => this.s.listActiveRegistrationsByPerson.all(personId)).map(rowToRegistration)
  }

  async firstWaitlisted(activityId: ActivityId): Promise<Registration | null> {
    const row = guard(() => this.s.firstWaitlisted.get(activityId))
    return row ? rowToRegistration(row) : null
  }

  async countWaitlistedBefore(activityId: ActivityId, seq: number): Promise<number> {
    return guard(() => this.s.countWaitlistedBefore.get(activityId, seq)) ?? 0
  }

  async listRegistrationsByActivity(activityId: ActivityId, status?: Registration['status']): Promise<Registration[]> {
    const rows = guard(() =>
      status === undefined
        ? this.s.listRegistrationsByActivity.all(activityId)
        : this.s.listRegistrationsByActivityAndStatus.all(activityId, status),
    )
    return rows.map(rowToRegistration)
  }

  // -- own-data rights and reminders

  private readReminder(id: string): Reminder | null {
    const row = guard(() => this.od.getReminder.get(id))
    return row ? rowToReminder(row) : null
  }

  private readLinkCode(id: string): LinkCode | null {
    const row = guard(() => this.od.getLinkCode.get(id))
    return row ? rowToLinkCode(row) : null
  }

  async listRegistrationsByPerson(personId: PersonId): Promise<Registration[]> {
    return guard(() => this.od.listRegistrationsByPerson.all(personId)).map(rowToRegistration)
  }

  deleteUser(id: UserId): Promise<void> {
    return this.write('deleteUser', () => this.od.deleteUser.run(id))
  }

  async getConsent(id: string): Promise<Consent | null> {
    const row = guard(() => this.od.getConsent.get(id))
    return row ? rowToConsent(row) : null
  }

  putConsent(consent: Consent): Promise<void> {
    return this.write('putConsent', () => this.od.putConsent.run(consentToRow(consent)))
  }

  async listConsentsByUser(userId: UserId): Promise<Consent[]> {
    return guard(() => this.od.listConsentsByUser.all(userId)).map(rowToConsent)
  }

  deleteConsent(id: string): Promise<void> {
    return this.write('deleteConsent', () => this.od.deleteConsent.run(id))
  }

  async getReminder(id: string): Promise<Reminder | null> {
    return this.readReminder(id)
  }

  async listDueReminders(now: Instant, limit: number): Promise<Reminder[]> {
    return guard(() => this.od.listDueReminders.all(canonicalInstant(now), nonNegativeInt(limit))).map(rowToReminder)
  }

  async listReminders(limit: number): Promise<Reminder[]> {
    return guard(() => this.od.listReminders.all(nonNegativeInt(limit))).map(rowToReminder)
  }

  async listRemindersByUser(userId: UserId): Promise<Reminder[]> {
    return guard(() => this.od.listRemindersByUser.all(userId)).map(rowToReminder)
  }

  async listSubscriptionsByUser(userId: UserId): Promise<Subscription[]> {
    return guard(() => this.od.listSubscriptionsByUser.all(userId)).map(rowToSubscription)
  }

  deleteSubscription(userId: UserId, kind: ReminderKind): Promise<void> {
    return this.write('deleteSubscription', () => this.od.deleteSubscription.run(userId, kind))
  }

  async getLinkCode(id: string): Promise<LinkCode | null> {
    return this.readLinkCode(id)
  }

  // -- check-in

  async getCheckIn(id: string): Promise<CheckIn | null> {
    return this.readCheckIn(id)
  }

  async listCheckInsByActivity(activityId: ActivityId): Promise<CheckIn[]> {
    return guard(() => this.s.listCheckInsByActivity.all(activityId)).map(rowToCheckIn)
  }

  async getInvite(id: string): Promise<ScannerInvite | null> {
    return this.readInvite(id)
  }

  putInvite(invite: ScannerInvite): Promise<void> {
    return this.exclusive('putInvite', () => this.writeInvite(invite))
  }

  async listGrantsByUser(userId: UserId): Promise<ScannerGrant[]> {
    return guard(() => this.s.listGrantsByUser.all(userId)).map(rowToGrant)
  }

  // -- ledger

  private ledgerStatement(sql: string): Database.Statement {
    let statement = this.ledgerStatements.get(sql)
    if (!statement) {
      statement = this.db.prepare(sql)
      this.ledgerStatements.set(sql, statement)
    }
    return statement
  }

  private clauseFor(spec: CountSpec): Clause | null {
    return spec.rule === 'activities' ? activityClause(spec) : factClause(spec)
  }

  /** The clause's parameters plus @need where the SQL uses it. */
  private static bind(spec: CountSpec, sql: string, clause: Clause): Record<string, unknown> {
    return sql.includes('@need') ? { ...clause.params, need: neededAttendances(spec) } : clause.params
  }

  private rowsOf(spec: CountSpec, sql: string | null, clause: Clause | null): Array<[string, number]> {
    if (sql === null || clause === null) return []
    const rows = guard(() => this.ledgerStatement(sql).all(SqliteStoreImpl.bind(spec, sql, clause)) as { k?: string; id?: string; n: number }[])
    return rows.map((r): [string, number] => [String(r.k ?? r.id), Number(r.n)]).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  }

  /**
   * The kept aggregate target answering `spec` (created and built on first use), or null when the
   * spec has none or we are inside a transaction (which must not wait for a build).
   */
  private async aggregateFor(spec: CountSpec): Promise<{ id: number; target: AggregateTarget; scope: string } | null> {
    const q = aggregateQuery(spec)
    if (q === null || this.scope.getStore() === IN_TRANSACTION) return null
    const id = this.aggregates.lookup(q.target) ?? (await this.exclusive('ledger aggregate', () => guard(() => this.aggregates.create(q.target))))
    return { id, ...q }
  }

  async countFacts(spec: CountSpec): Promise<number> {
    const kept = await this.aggregateFor(spec)
    if (kept) return guard(() => this.aggregates.figure(kept.id, kept.target, kept.scope))
    const clause = this.clauseFor(spec)
    if (clause === null) return 0
    const sql = countSql(spec, clause)
    return Number(guard(() => this.ledgerStatement(sql).pluck().get(SqliteStoreImpl.bind(spec, sql, clause))) ?? 0)
  }

  async breakdownFacts(spec: CountSpec, by: BreakdownKey): Promise<Array<[string, number]>> {
    const kept = await this.aggregateFor(spec)
    const prefix = kept && breakdownPrefix(kept.target, kept.scope, by)
    if (kept && prefix) return guard(() => this.aggregates.breakdown(kept.id, kept.target, prefix))
    const clause = this.clauseFor(spec)
    return this.rowsOf(spec, clause && breakdownSql(spec, by, clause), clause)
  }

  async drillActivities(spec: CountSpec): Promise<Array<{ activityId: ActivityId; facts: number }>> {
    const clause = this.clauseFor(spec)
    return this.rowsOf(spec, clause && drillSql(spec, 'activities', clause), clause).map(([id, n]) => ({ activityId: id as ActivityId, facts: n }))
  }

  async drillPersons(spec: CountSpec): Promise<Array<{ personId: PersonId; facts: number }>> {
    const clause = this.clauseFor(spec)
    return this.rowsOf(spec, clause && drillSql(spec, 'persons', clause), clause).map(([id, n]) => ({ personId: id as PersonId, facts: n }))
  }

  async listVolunteerServices(period: Period): Promise<VolunteerService[]> {
    const from = Date.parse(period.from)
    const to = Date.parse(period.to)
    if (!Number.isFinite(from) || !Number.isFinite(to) || from >= to) return []
    // Driven by the grants (few), each activity's check-ins found by index.
    const rows = guard(
      () =>
        this.ledgerStatement(
          `SELECT c.operator_id AS user_id, c.activity_id AS activity_id, min(c.at) AS at
           FROM scanner_grants g, json_each(g.activity_ids) j
           JOIN checkins c ON c.activity_id = j.value AND c.operator_id = g.user_id
           WHERE c.kind = 'in' AND c.at >= ? AND c.at < ?
           GROUP BY c.operator_id, c.activity_id ORDER BY c.operator_id, c.activity_id`,
        ).all(new Date(from).toISOString(), new Date(to).toISOString()) as { user_id: string; activity_id: string; at: string }[],
    )
    const activities = new Map((await this.getActivities([...new Set(rows.map((r) => r.activity_id as ActivityId))])).map((a) => [a.id as string, a]))
    return rows.flatMap((r) => {
      const a = activities.get(r.activity_id)
      return a ? [{ userId: r.user_id, at: r.at, activity: activityFacts(a) }] : []
    })
  }

  recountLedger(options: { repair?: boolean } = {}): Promise<RecountReport> {
    return this.exclusive('recountLedger', () =>
      guard(() => {
        const reconciled = reconcileLedger(this.db)
        if (options.repair && reconciled.facts.length > 0) this.repairFacts(reconciled.facts)
        const facts = this.readAllFacts()
        return { facts: facts.length, ...this.aggregates.recount(facts, options.repair ?? false), factDifferences: reconciled.facts, completionDifferences: reconciled.completions }
      }),
    )
  }

  /** Rewrites each differing fact from its registration (or removes it), the aggregates following, in one transaction. */
  private repairFacts(differences: readonly FactDifference[]): void {
    this.db.transaction(() => {
      for (const d of new Map(differences.map((x) => [x.registrationId, x])).values()) {
        const registration = this.readRegistration(d.registrationId as RegistrationId)
        const activity = registration ? this.readActivity(registration.activityId) : null
        const before = this.aggregates.factOf(d.registrationId)
        const group = before?.personTargetGroup ?? (registration ? this.readPerson(registration.personId)?.targetGroup : undefined) ?? 'public'
        const [fact] = registration && activity ? attendanceFacts([registration], () => activityFacts(activity), () => group) : []
        if (fact) this.writeFactAtomically(factToRow(fact as StoredFact))
        else {
          this.s.deleteFact.run(d.registrationId)
          this.s.clearFactLabels.run(d.registrationId)
          this.aggregates.replace(before, null)
        }
      }
    })()
  }

  async listFacts(): Promise<StoredFact[]> {
    return guard(() => this.readAllFacts())
  }

  /**
   * Every fact, read row by row. Facts of one activity share one activity object (equal values), so a
   * million facts hold a few thousand activities instead of a million copies.
   */
  private readAllFacts(): StoredFact[] {
    const facts: StoredFact[] = []
    const shared = new Map<string, StoredFact['activity']>()
    for (const row of this.s.listFacts.iterate()) {
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

  async listPlans(): Promise<Plan[]> {
    return guard(() => this.s.listPlans.all()).map(rowToPlan)
  }

  putPlan(plan: Plan): Promise<void> {
    return this.write('putPlan', () => this.s.putPlan.run(planToRow(plan)))
  }

  async listIndicators(planId: string): Promise<Indicator[]> {
    return guard(() => this.s.listIndicators.all(planId)).map(rowToIndicator)
  }

  async getIndicator(id: string): Promise<Indicator | null> {
    const row = guard(() => this.s.getIndicator.get(id))
    return row ? rowToIndicator(row) : null
  }

  putIndicator(indicator: Indicator): Promise<void> {
    return this.write('putIndicator', () => this.s.putIndicator.run(indicatorToRow(indicator)))
  }

  async listAttendanceCorrections(query: { activityId?: ActivityId; limit: number }): Promise<AttendanceCorrection[]> {
    const limit = Math.max(0, Math.trunc(query.limit))
    const rows = guard(() => (query.activityId ? this.corrections.listByActivity.all(query.activityId, limit) : this.corrections.list.all(limit)))
    return rows.map(rowToCorrection)
  }

  async listIndicatorChanges(indicatorId: string): Promise<IndicatorChange[]> {
    return guard(() => this.s.listIndicatorChanges.all(indicatorId)).map(rowToIndicatorChange)
  }

  putIndicatorChange(change: IndicatorChange): Promise<void> {
    return this.write('putIndicatorChange', () => this.s.putIndicatorChange.run(indicatorChangeToRow(change)))
  }

  // -- courses and completions

  private readCourse(id: string): Course | null {
    const row = guard(() => this.cs.getCourse.get(id))
    return row ? rowToCourse(row) : null
  }

  async getCourse(id: CourseId): Promise<Course | null> {
    return this.readCourse(id)
  }

  putCourse(course: Course): Promise<void> {
    const row = courseToRow(course)
    return this.write('putCourse', () => this.cs.putCourse.run(row))
  }

  async listCoursesByDepartment(departmentCode: string): Promise<Course[]> {
    return guard(() => this.cs.listCoursesByDepartment.all(departmentCode)).map(rowToCourse)
  }

  async getCompletion(id: string): Promise<CourseCompletion | null> {
    const row = guard(() => this.cs.getCompletion.get(id))
    return row ? rowToCompletion(row) : null
  }

  async getCompletionByCertificate(certificateNo: string): Promise<CourseCompletion | null> {
    const row = guard(() => this.cs.getCompletionByCertificate.get(certificateNo))
    return row ? rowToCompletion(row) : null
  }

  async listCompletionsByCourse(courseId: CourseId): Promise<CourseCompletion[]> {
    return guard(() => this.cs.listCompletionsByCourse.all(courseId)).map(rowToCompletion)
  }

  async listCompletions(range: { from: Instant; to: Instant }): Promise<CourseCompletion[]> {
    // Like listActivities: an unparseable bound matches nothing.
    const from = Date.parse(range.from)
    const to = Date.parse(range.to)
    if (Number.isNaN(from) || Number.isNaN(to)) return []
    return guard(() => this.cs.listCompletions.all(new Date(from).toISOString(), new Date(to).toISOString())).map(rowToCompletion)
  }

  // -- sessions (local gateway)

  createSession(token: string, userId: UserId, expiresAt: Instant, createdAt: Instant = new Date().toISOString()): Promise<void> {
    return this.write('createSession', () =>
      this.s.createSession.run(token, userId, canonicalInstant(createdAt), canonicalInstant(expiresAt)),
    )
  }

  async getSessionUser(token: string, now: Instant): Promise<UserId | null> {
    const userId = guard(() => this.s.getSessionUser.get(token, canonicalInstant(now)))
    return userId === undefined ? null : (userId as UserId)
  }

  deleteSession(token: string): Promise<void> {
    return this.write('deleteSession', () => this.s.deleteSession.run(token))
  }

  deleteExpiredSessions(now: Instant): Promise<number> {
    return this.exclusive('deleteExpiredSessions', () =>
      guard(() => this.s.deleteExpiredSessions.run(canonicalInstant(now)).changes),
    )
  }
}

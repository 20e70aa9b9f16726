// Ports: what the handlers need from storage and the outside world. Adapters implement them
// (server/sqlite, cloud/cloudbase); one contract suite (tests/contract) runs against each.

import type { ActivityQuery } from './activities/query'
import type { ActivityId, AreaId, PersonId, RegistrationId, UserId } from './ids'
import type { Instant } from './time'
import type { Activity, Area, Person, Registration, User } from './types'
import type { CheckIn, ScannerGrant, ScannerInvite } from './checkin/rules'
import type { AttendanceFact, BreakdownKey, CountSpec, Period, VolunteerService } from './ledger/count'
import type { Indicator, IndicatorChange, Plan } from './ledger/indicators'
import type { Reminder, ReminderKind, Subscription } from './reminders/schedule'
import type { LinkCode } from './family/link-codes'
import type { Consent } from './privacy/notice'
import type { Course, CourseCompletion } from './courses/rules'
import type { CourseId } from './ids'
import type { AttendanceCorrection } from './ledger/corrections'
import type { ActivityDraftRepository } from './activities/drafts-port'
import type { ImageReader, PosterRepository } from './uploads/port'
import type { StaffRepository } from './staff/port'
import type { FeedbackRepository } from './feedback/port'
import type { WishRepository } from './wishes/port'

/** A fact as stored in the ledger's fact table: one per checked-in registration. */
export type StoredFact = AttendanceFact & { readonly registrationId: string }

export interface Page<T> {
  readonly items: T[]
  readonly total: number
}

// One port per concept the handlers speak in. `Store` and `TxStore` are their compositions: an adapter
// implements each port in a file of its own and composes them; the contract suite (tests/contract)
// checks every port on every adapter. Method names are unique across ports so the compositions stay
// flat for the handlers.

// ---- Inside a transaction: document-level reads and writes only. CloudBase transactions allow only
// operations on single documents by id, so nothing here queries. A unit of work (`Store.transaction`)
// hands out all of them together, because a check-in writes the check-in, the registration, the fact
// and the completion at once.

export interface ActivityTx {
  /** The activity, held for this transaction to change it (PostgreSQL: FOR UPDATE). */
  getActivity(id: ActivityId): Promise<Activity | null>
  /**
   * The activity for a decision that leaves it as it is (a check-in that seats nobody): it cannot
   * change before this transaction ends, yet other transactions may read it so at the same time
   * (PostgreSQL: FOR SHARE), so check-ins of one activity do not wait for each other. A transaction
   * that may write the activity reads it with getActivity instead.
   */
  readActivity(id: ActivityId): Promise<Activity | null>
  putActivity(activity: Activity): Promise<void>
}

export interface RegistrationTx {
  getRegistration(id: RegistrationId): Promise<Registration | null>
  putRegistration(registration: Registration): Promise<void>
}

export interface PersonTx {
  getPerson(id: PersonId): Promise<Person | null>
  putPerson(person: Person): Promise<void>
}

export interface CheckInTx {
  getCheckIn(id: string): Promise<CheckIn | null>
  putCheckIn(checkIn: CheckIn): Promise<void>
  /** Only an admin's attendance correction removes a check-in (ledger/corrections.ts). */
  deleteCheckIn(id: string): Promise<void>
  getInvite(id: string): Promise<ScannerInvite | null>
  putInvite(invite: ScannerInvite): Promise<void>
  putGrant(grant: ScannerGrant): Promise<void>
}

export interface LedgerTx {
  /** The ledger's fact table is kept in step with check-ins, in the same transaction. */
  putFact(fact: StoredFact): Promise<void>
  deleteFact(registrationId: string): Promise<void>
  /** The ledger's change log of attendance corrections, written with the correction itself. */
  putAttendanceCorrection(correction: AttendanceCorrection): Promise<void>
}

/** Reminders (the outbox) and one-time subscriptions: claimed and settled inside transactions. */
export interface ReminderTx {
  getReminder(id: string): Promise<Reminder | null>
  putReminder(reminder: Reminder): Promise<void>
  getSubscription(userId: UserId, kind: ReminderKind): Promise<Subscription | null>
  putSubscription(subscription: Subscription): Promise<void>
}

/** One-time link codes are consumed in the same transaction that hands the person over. */
export interface AccountTx {
  getLinkCode(id: string): Promise<LinkCode | null>
  putLinkCode(linkCode: LinkCode): Promise<void>
}

/** Courses: created with their lessons, and completed inside the check-in that reaches the k-th lesson. */
export interface CourseTx {
  getCourse(id: CourseId): Promise<Course | null>
  putCourse(course: Course): Promise<void>
  getCompletion(id: string): Promise<CourseCompletion | null>
  putCompletion(completion: CourseCompletion): Promise<void>
  /** A completion goes when a correction or a merge leaves it without its lessons or makes it a duplicate. */
  deleteCompletion(id: string): Promise<void>
}

export interface TxStore extends ActivityTx, RegistrationTx, PersonTx, CheckInTx, LedgerTx, ReminderTx, AccountTx, CourseTx {}

// ---- Outside transactions.

/** Reading the ledger's attendance-correction log (修改记录). */
export interface AttendanceCorrectionLog {
  /** Corrections, newest first (by `at`, then id), of one activity or of all, at most `limit`. */
  listAttendanceCorrections(query: { activityId?: ActivityId; limit: number }): Promise<AttendanceCorrection[]>
}

/** Accounts and what hangs on them: consents, link codes. */
export interface AccountRepository {
  getUser(id: UserId): Promise<User | null>
  putUser(user: User): Promise<void>
  listUsers(): Promise<User[]>
  deleteUser(id: UserId): Promise<void>
  getConsent(id: string): Promise<Consent | null>
  putConsent(consent: Consent): Promise<void>
  listConsentsByUser(userId: UserId): Promise<Consent[]>
  deleteConsent(id: string): Promise<void>
  getLinkCode(id: string): Promise<LinkCode | null>
}

/** Towns and streets (镇街). */
export interface AreaRepository {
  listAreas(): Promise<Area[]>
  getArea(id: AreaId): Promise<Area | null>
  putArea(area: Area): Promise<void>
}

export interface ActivityRepository {
  getActivity(id: ActivityId): Promise<Activity | null>
  /** Matching published activities ordered by start time, then id. */
  listActivities(query: ActivityQuery): Promise<Page<Activity>>
  /** Insert or replace (seed and organizer tools). */
  putActivity(activity: Activity): Promise<void>
  getActivities(ids: readonly ActivityId[]): Promise<Activity[]>
  /** Activities of one department, ordered by start time (organizer consoles). */
  listActivitiesByDepartment(departmentCode: string, startsAfter: Instant, startsBefore: Instant): Promise<Activity[]>
}

export interface PersonRepository {
  getPerson(id: PersonId): Promise<Person | null>
  /** The persons with these ids, each once, in the order asked, missing ids skipped (one read per 100 in the cloud). */
  getPersons(ids: readonly PersonId[]): Promise<Person[]>
  listPersonsByOwner(ownerId: UserId): Promise<Person[]>
  /** Persons with exactly this name, oldest first (admins looking for duplicate records). */
  listPersonsByName(name: string): Promise<Person[]>
  /** Persons with exactly this phone number, oldest first (the same search by phone). */
  listPersonsByPhone(phone: string): Promise<Person[]>
  putPerson(person: Person): Promise<void>
  deletePerson(id: PersonId): Promise<void>
}

export interface RegistrationRepository {
  getRegistration(id: RegistrationId): Promise<Registration | null>
  /** All registrations of the persons an account manages, any status. */
  listRegistrationsByOwner(ownerId: UserId): Promise<Registration[]>
  /** Registrations of one person that are confirmed or waitlisted. */
  listActiveRegistrationsByPerson(personId: PersonId): Promise<Registration[]>
  /** The waitlisted registration with the lowest seq, or null. */
  firstWaitlisted(activityId: ActivityId): Promise<Registration | null>
  /** How many waitlisted registrations of the activity have a lower seq than `seq`. */
  countWaitlistedBefore(activityId: ActivityId, seq: number): Promise<number>
  /** Registrations of an activity, optionally by status, ordered by seq. */
  listRegistrationsByActivity(activityId: ActivityId, status?: Registration['status']): Promise<Registration[]>
  /** Every registration of one person, any status (handing a person over, anonymizing). */
  listRegistrationsByPerson(personId: PersonId): Promise<Registration[]>
}

/** Reminders (the outbox) and one-time subscriptions. */
export interface ReminderRepository {
  getReminder(id: string): Promise<Reminder | null>
  /** Pending or sending reminders with nextAttemptAt ≤ now, soonest first (then id), at most `limit`. */
  listDueReminders(now: Instant, limit: number): Promise<Reminder[]>
  /** The outbox for admins: the latest `limit` reminders by updatedAt, newest first (then id). */
  listReminders(limit: number): Promise<Reminder[]>
  listRemindersByUser(userId: UserId): Promise<Reminder[]>
  listSubscriptionsByUser(userId: UserId): Promise<Subscription[]>
  deleteSubscription(userId: UserId, kind: ReminderKind): Promise<void>
}

/** Check-ins, scanner invites and the grants they turn into. */
export interface CheckInRepository {
  getCheckIn(id: string): Promise<CheckIn | null>
  /** All check-ins (and check-outs) of an activity, any order. */
  listCheckInsByActivity(activityId: ActivityId): Promise<CheckIn[]>
  getInvite(id: string): Promise<ScannerInvite | null>
  putInvite(invite: ScannerInvite): Promise<void>
  listGrantsByUser(userId: UserId): Promise<ScannerGrant[]>
}

/**
 * The ledger's figures. Every count must equal src/domain/ledger/count.ts over the stored facts and
 * activities (the contract suite checks this on random specs); adapters may compute it in the database.
 */
export interface LedgerQueries {
  countFacts(spec: CountSpec): Promise<number>
  breakdownFacts(spec: CountSpec, by: BreakdownKey): Promise<Array<[string, number]>>
  /** Drill-down: the activities behind a figure, with how many qualifying facts each has (0 for `activities`). */
  drillActivities(spec: CountSpec): Promise<Array<{ activityId: ActivityId; facts: number }>>
  /** Drill-down for admins: the persons behind a figure, with their qualifying attendances. */
  drillPersons(spec: CountSpec): Promise<Array<{ personId: PersonId; facts: number }>>
  /**
   * Volunteer services in [period.from, period.to): per (scanner-grant holder, activity of the grant)
   * the first check-in they made there, with the activity's ledger attributes (count.ts `volunteers`).
   */
  listVolunteerServices(period: Period): Promise<VolunteerService[]>
}

/** The ledger's facts and the plan (规划) with its indicators and their change log. */
export interface LedgerRepository extends AttendanceCorrectionLog {
  /** Every stored fact (for the recount command and tests; pages internally). */
  listFacts(): Promise<StoredFact[]>
  listPlans(): Promise<Plan[]>
  putPlan(plan: Plan): Promise<void>
  listIndicators(planId: string): Promise<Indicator[]>
  getIndicator(id: string): Promise<Indicator | null>
  putIndicator(indicator: Indicator): Promise<void>
  listIndicatorChanges(indicatorId: string): Promise<IndicatorChange[]>
  putIndicatorChange(change: IndicatorChange): Promise<void>
}

/**
 * Courses (系列课程) and completions (结业). Completions are what the plan ledger counts for course
 * indicators: one per (course, person), with the person's target group, the unit, the area and the
 * lessons' type/tags/actions/projects copied in.
 */
export interface CourseRepository {
  getCourse(id: CourseId): Promise<Course | null>
  /** Insert or replace (seed; handlers write courses inside transactions). */
  putCourse(course: Course): Promise<void>
  /** Courses of one unit, any status, newest first (by createdAt, then id). */
  listCoursesByDepartment(departmentCode: string): Promise<Course[]>
  getCompletion(id: string): Promise<CourseCompletion | null>
  /** The completion whose certificate has this number, or null. */
  getCompletionByCertificate(certificateNo: string): Promise<CourseCompletion | null>
  /** Completions of one course, by completedAt, then id. */
  listCompletionsByCourse(courseId: CourseId): Promise<CourseCompletion[]>
  /** Every completion with completedAt in [from, to), by completedAt, then id (pages internally). */
  listCompletions(range: { from: Instant; to: Instant }): Promise<CourseCompletion[]>
}

/** A unit of work: runs `work` atomically with every per-concept transaction port handed out together. */
export interface UnitOfWork {
  /**
   * Either all of `work`'s writes land or none do. Conflicting concurrent transactions are retried or
   * serialized by the adapter; `work` may therefore run more than once and must not have side
   * effects outside `tx`.
   */
  transaction<T>(work: (tx: TxStore) => Promise<T>): Promise<T>
}

export interface Store
  extends AccountRepository,
    AreaRepository,
    ActivityRepository,
    PersonRepository,
    RegistrationRepository,
    ReminderRepository,
    CheckInRepository,
    LedgerQueries,
    LedgerRepository,
    CourseRepository,
    UnitOfWork {}

/** One message as the scheduler hands it to a sender. */
export interface OutgoingMessage {
  readonly reminderId: string
  readonly kind: ReminderKind
  readonly toUserId: UserId
  readonly activityId: ActivityId
  readonly activityTitle: string
  readonly startAt: Instant
  readonly place: string
  readonly personName: string
  /** For a 活动变更通知: what changed, or that the activity was cancelled; null for reminders. */
  readonly notice: string | null
}

/** `retryable: false` gives up at once (e.g. WeChat says the user never subscribed: 43101). */
export type SendOutcome = { readonly ok: true } | { readonly ok: false; readonly error: string; readonly retryable: boolean }

/** Sends subscribe messages: WeChat's subscribeMessage.send in the cloud, the local outbox elsewhere. */
export interface Notifier {
  readonly channel: 'outbox' | 'wechat'
  /** Template ids per kind, for the client's subscribe request; empty where there are none (local). */
  readonly templates: Partial<Record<ReminderKind, string>>
  send(message: OutgoingMessage): Promise<SendOutcome>
}

export interface Clock {
  now(): Instant
}

/** Everything a handler may use; identity comes from the platform, never the request body. */
export interface Deps {
  readonly store: Store
  /** Unpublished activities (activities/drafts-port.ts); absent where a caller never needs them. */
  readonly drafts?: ActivityDraftRepository
  /** Organizer invites, the staff log and who organizes which unit (staff/port.ts); the staff actions need it. */
  readonly staff?: StaffRepository
  /** Ratings of attended registrations (feedback/port.ts); the feedback actions need it. */
  readonly feedback?: FeedbackRepository
  /** 点单 wishes and their supporters (wishes/port.ts); the wishes actions and linking an activity to a wish need it. */
  readonly wishes?: WishRepository
  /** Uploaded posters (uploads/port.ts) and the image reader that checks and resizes them; the upload action needs both. */
  readonly posters?: PosterRepository
  readonly images?: ImageReader
  /** Pictures a mini-program put into cloud storage for the function to take (WeChat only). */
  readonly cloudFiles?: { read(fileId: string): Promise<Uint8Array | null>; remove(fileId: string): Promise<void> }
  readonly clock: Clock
  readonly random: () => number
  /**
   * The server's master key for check-in codes (tickets, cards, activity codes). Only server-side
   * entries set it; it never reaches a client. Actions that sign or verify codes need it.
   */
  readonly signingKey?: Uint8Array
  /**
   * Renders an unlimited mini-program code (PNG) for a page and a ≤32-character scene. Only the WeChat
   * cloud has it; elsewhere the activity code is shown as a link instead.
   */
  readonly miniProgramCode?: (scene: string, page: string) => Promise<Uint8Array>
  /** Sends reminders; absent means the local outbox (every message recorded, none leaves the machine). */
  readonly notifier?: Notifier
}

/** The staff port of `deps`; a runtime that serves the staff actions must wire it (server/main.ts, cloud/entry.ts). */
export function staffRepositoryOf(deps: Pick<Deps, 'staff'>): StaffRepository {
  if (!deps.staff) throw new Error('staff repository not configured: pass deps.staff (the SQLite or CloudBase store\'s .staff)')
  return deps.staff
}

/** The feedback port of `deps`; a runtime that serves the feedback actions must wire it (server/main.ts, cloud/entry.ts). */
export function feedbackRepositoryOf(deps: Pick<Deps, 'feedback'>): FeedbackRepository {
  if (!deps.feedback) throw new Error('feedback repository not configured: pass deps.feedback (the SQLite or CloudBase store\'s .feedback)')
  return deps.feedback
}

/** The wishes port of `deps`; a runtime that serves the wishes actions must wire it (server/main.ts, cloud/entry.ts). */
export function wishRepositoryOf(deps: Pick<Deps, 'wishes'>): WishRepository {
  if (!deps.wishes) throw new Error('wishes repository not configured: pass deps.wishes (the SQLite or CloudBase store\'s .wishes)')
  return deps.wishes
}

// Ports: what the handlers need from storage and the outside world. Adapters implement them
// (server/sqlite, cloud/cloudbase); one contract suite (tests/contract) runs against each.

import type { ActivityQuery } from './activities/query'
import type { ActivityId, AreaId, PersonId, RegistrationId, UserId } from './ids'
import type { Instant } from './time'
import type { Activity, Area, Person, Registration, User } from './types'
import type { CheckIn, ScannerGrant, ScannerInvite } from './checkin/rules'
import type { AttendanceFact, BreakdownKey, CountSpec, Period, VolunteerService } from './ledger/count'
import type { Indicator, IndicatorChange, Plan } from './ledger/indicators'

/** A fact as stored in the ledger's fact table: one per checked-in registration. */
export type StoredFact = AttendanceFact & { readonly registrationId: string }

export interface Page<T> {
  readonly items: T[]
  readonly total: number
}

/**
 * Document-level reads and writes allowed inside a transaction. CloudBase transactions allow only
 * operations on single documents by id, so nothing here queries.
 */
export interface TxStore {
  getActivity(id: ActivityId): Promise<Activity | null>
  putActivity(activity: Activity): Promise<void>
  getRegistration(id: RegistrationId): Promise<Registration | null>
  putRegistration(registration: Registration): Promise<void>
  getPerson(id: PersonId): Promise<Person | null>
  putPerson(person: Person): Promise<void>
  getCheckIn(id: string): Promise<CheckIn | null>
  putCheckIn(checkIn: CheckIn): Promise<void>
  getInvite(id: string): Promise<ScannerInvite | null>
  putInvite(invite: ScannerInvite): Promise<void>
  putGrant(grant: ScannerGrant): Promise<void>
  /** The ledger's fact table is kept in step with check-ins, in the same transaction. */
  putFact(fact: StoredFact): Promise<void>
  deleteFact(registrationId: string): Promise<void>
}

export interface Store {
  // Users and areas
  getUser(id: UserId): Promise<User | null>
  putUser(user: User): Promise<void>
  listUsers(): Promise<User[]>
  listAreas(): Promise<Area[]>
  getArea(id: AreaId): Promise<Area | null>
  putArea(area: Area): Promise<void>

  // Activities
  getActivity(id: ActivityId): Promise<Activity | null>
  /** Matching published activities ordered by start time, then id. */
  listActivities(query: ActivityQuery): Promise<Page<Activity>>
  /** Insert or replace (seed and organizer tools). */
  putActivity(activity: Activity): Promise<void>
  getActivities(ids: readonly ActivityId[]): Promise<Activity[]>

  // Persons
  getPerson(id: PersonId): Promise<Person | null>
  listPersonsByOwner(ownerId: UserId): Promise<Person[]>
  /** Persons with exactly this name, oldest first (admins looking for duplicate records). */
  listPersonsByName(name: string): Promise<Person[]>
  putPerson(person: Person): Promise<void>
  deletePerson(id: PersonId): Promise<void>

  // Registrations
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

  // Check-in
  getCheckIn(id: string): Promise<CheckIn | null>
  /** All check-ins (and check-outs) of an activity, any order. */
  listCheckInsByActivity(activityId: ActivityId): Promise<CheckIn[]>
  /** Activities of one department, ordered by start time (organizer consoles). */
  listActivitiesByDepartment(departmentCode: string, startsAfter: Instant, startsBefore: Instant): Promise<Activity[]>
  getInvite(id: string): Promise<ScannerInvite | null>
  putInvite(invite: ScannerInvite): Promise<void>
  listGrantsByUser(userId: UserId): Promise<ScannerGrant[]>

  // Ledger. Every count must equal src/domain/ledger/count.ts over the stored facts and activities
  // (the contract suite checks this on random specs); adapters may compute it in the database.
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
  /** Every stored fact (for the recount command and tests; pages internally). */
  listFacts(): Promise<StoredFact[]>
  listPlans(): Promise<Plan[]>
  putPlan(plan: Plan): Promise<void>
  listIndicators(planId: string): Promise<Indicator[]>
  getIndicator(id: string): Promise<Indicator | null>
  putIndicator(indicator: Indicator): Promise<void>
  listIndicatorChanges(indicatorId: string): Promise<IndicatorChange[]>
  putIndicatorChange(change: IndicatorChange): Promise<void>

  /**
   * Runs `work` atomically: either all its writes land or none do. Conflicting concurrent
   * transactions are retried or serialized by the adapter; `work` may therefore run more than once
   * and must not have side effects outside `tx`.
   */
  transaction<T>(work: (tx: TxStore) => Promise<T>): Promise<T>
}

export interface Clock {
  now(): Instant
}

/** Everything a handler may use; identity comes from the platform, never the request body. */
export interface Deps {
  readonly store: Store
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
}

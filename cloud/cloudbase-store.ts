// The Store port on the CloudBase document database (wx-server-sdk). Each entity is one document
// whose `_id` is the entity id. A get returns 100 documents unless given a larger limit (at most 1000,
// and a reply of at most 1 MB), so every list is read in pages of 100 with a total order (…, _id)
// that keeps pages stable; transactions use only single-document reads and writes, as CloudBase
// requires. Documents written before a field existed read back with that field's default (see the
// `…Or` readers).

import { ms } from '../src/domain/time'
import type { ActivityQuery } from '../src/domain/activities/query'
import type { ActivityId, AreaId, PersonId, RegistrationId, UserId } from '../src/domain/ids'
import {
  activityFacts,
  breakdown,
  COUNTING_RULES,
  countFacts,
  factQualifies,
  type ActivityFacts,
  type BreakdownKey,
  type CountingRule,
  type CountSpec,
  type IndicatorFilters,
} from '../src/domain/ledger/count'
import type { EnteredFigure, Indicator, IndicatorChange, PeriodKind, Plan } from '../src/domain/ledger/indicators'
import type { Page, Store, StoredFact, TxStore } from '../src/domain/ports'
import type { Activity, ActivityDetails, Area, Attendance, Person, Registration, RegistrationStatus, User } from '../src/domain/types'
import {
  CHECKIN_METHODS,
  type CheckIn,
  type CheckInKind,
  type DuplicateScan,
  type ScannerGrant,
  type ScannerInvite,
} from '../src/domain/checkin/rules'
import type { CloudDb, CloudDocument, DocData, DocValue, FieldCondition, Query, QueryCondition, Transaction } from './cloudbase-types'
import {
  fromConsent,
  fromLinkCode,
  fromReminder,
  fromSubscription,
  subscriptionDocId,
  toConsent,
  toLinkCode,
  toReminder,
  toSubscription,
} from './cloudbase-own-data'
import { byCompletedAt, fromCompletion, fromCourse, toCompletion, toCourse } from './cloudbase-courses'
import { fromCorrection, toCorrection } from './cloudbase-corrections'
import { decodeActivityDetails } from '../src/domain/activities/details-codec'
import type { ActivityDraftRepository } from '../src/domain/activities/drafts-port'
import { cloudBaseDraftRepository } from './cloudbase-drafts'
import { cloudBaseFeedbackRepository } from './cloudbase-feedback'
import { cloudBaseWishRepository } from './cloudbase-wishes'
import type { WishRepository } from '../src/domain/wishes/port'
import type { FeedbackRepository } from '../src/domain/feedback/port'
import type { StaffRepository } from '../src/domain/staff/port'
import { cloudBaseStaffRepository } from './cloudbase-staff'
import type { PosterRepository } from '../src/domain/uploads/port'
import { cloudBasePosterRepository, type CloudStorage } from './cloudbase-posters'
import { msOrNull, reader } from './cloudbase-reader'
import { isConflict, runTransaction } from './cloudbase-transaction'
import { AGGREGATE_COLLECTIONS, cloudBaseLedgerAggregates, DEFAULT_GRACE_MS, type CloudBaseLedgerAggregates } from './cloudbase-ledger-aggregates'

/** Documents per get: the SDK's default, well inside CloudBase's 1000 and its 1 MB reply limit. */
export const BATCH_SIZE_MAX = 100

/** Collections the adapter uses; in a real environment they must exist before the first write. */
export const COLLECTIONS = [
  'users',
  'areas',
  'activities',
  'persons',
  'registrations',
  'checkins',
  'scannerInvites',
  'scannerGrants',
  'ledgerFacts',
  'plans',
  'indicators',
  'indicatorChanges',
  'consents',
  'reminders',
  'subscriptions',
  'linkCodes',
  'courses',
  'courseCompletions',
  'attendanceCorrections',
  'activityDrafts',
  'staffInvites',
  'staffEvents',
  'posters',
  'feedback',
  'wishes',
  'wishSupports',
  ...AGGREGATE_COLLECTIONS,
] as const
export type CollectionName = (typeof COLLECTIONS)[number]

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

// ---- Documents <-> domain objects ----
// Activities carry two adapter-only fields, the start and end as epoch milliseconds, so range filters
// and ordering compare instants rather than strings (matchesQuery compares Date.parse values).

const ROLES = ['resident', 'organizer', 'admin'] as const
const AREA_KINDS = ['town', 'street'] as const
const ACTIVITY_STATUSES = ['published', 'cancelled'] as const
const REGISTRATION_STATUSES = ['confirmed', 'waitlisted', 'cancelled'] as const
const ACTIVE_STATUSES: RegistrationStatus[] = ['confirmed', 'waitlisted']
const ATTENDANCES: readonly Attendance[] = ['attended', 'no_show']
const CHECKIN_KINDS: readonly CheckInKind[] = ['in', 'out']

function toUser(doc: CloudDocument): User {
  const r = reader('users', doc)
  return {
    id: r.id() as UserId,
    role: r.oneOf('role', ROLES),
    displayName: r.str('displayName'),
    ...(r.has('departmentCode') ? { departmentCode: r.str('departmentCode') as User['departmentCode'] } : {}),
    createdAt: r.str('createdAt'),
  }
}

function fromUser(u: User): DocData {
  return {
    role: u.role,
    displayName: u.displayName,
    ...(u.departmentCode ? { departmentCode: u.departmentCode } : {}),
    createdAt: u.createdAt,
  }
}

function toArea(doc: CloudDocument): Area {
  const r = reader('areas', doc)
  return { id: r.id() as AreaId, name: r.str('name'), kind: r.oneOf('kind', AREA_KINDS), sort: r.num('sort') }
}

const fromArea = (a: Area): DocData => ({ name: a.name, kind: a.kind, sort: a.sort })

function toActivity(doc: CloudDocument): Activity {
  const r = reader('activities', doc)
  return {
    id: r.id() as ActivityId,
    title: r.str('title'),
    type: r.str('type') as Activity['type'],
    description: r.str('description'),
    startAt: r.str('startAt'),
    endAt: r.str('endAt'),
    place: r.str('place'),
    areaId: r.str('areaId') as AreaId,
    departmentCode: r.str('departmentCode') as Activity['departmentCode'],
    targetGroups: r.strs('targetGroups') as Activity['targetGroups'][number][],
    actions: r.strs('actions') as Activity['actions'][number][],
    projects: r.strs('projects') as Activity['projects'][number][],
    tags: r.strsOr('tags', []),
    capacity: r.num('capacity'),
    waitlistLimit: r.num('waitlistLimit'),
    signupOpensAt: r.str('signupOpensAt'),
    signupClosesAt: r.str('signupClosesAt'),
    status: r.oneOf('status', ACTIVITY_STATUSES),
    confirmedCount: r.num('confirmedCount'),
    waitlistCount: r.num('waitlistCount'),
    nextSeq: r.num('nextSeq'),
    checkoutEnabled: r.boolOr('checkoutEnabled', false),
    walkInsAllowed: r.boolOr('walkInsAllowed', false),
    attendanceClosedAt: r.strOrNull('attendanceClosedAt'),
    createdAt: r.str('createdAt'),
    updatedAt: r.str('updatedAt'),
    ...(r.has('courseId') ? { courseId: r.str('courseId') as Activity['courseId'] } : {}),
    ...(r.has('details') ? { details: detailsOf(r) } : {}),
  }
}

/** The fields of an activity the ledger counts by (activityFacts), read with a projection of just those. */
const ACTIVITY_FACT_FIELDS = { type: true, startAt: true, status: true, actions: true, projects: true, tags: true, departmentCode: true, areaId: true } as const
function toActivityFacts(doc: CloudDocument): ActivityFacts {
  const r = reader('activities', doc)
  return activityFacts({
    id: r.id() as ActivityId,
    type: r.str('type') as Activity['type'],
    startAt: r.str('startAt'),
    status: r.oneOf('status', ACTIVITY_STATUSES),
    actions: r.strs('actions') as Activity['actions'][number][],
    projects: r.strs('projects') as Activity['projects'][number][],
    tags: r.strsOr('tags', []),
    departmentCode: r.str('departmentCode') as Activity['departmentCode'],
    areaId: r.str('areaId') as AreaId,
  })
}

function detailsOf(r: ReturnType<typeof reader>): ActivityDetails {
  const decoded = decodeActivityDetails(r.raw('details'))
  return decoded.ok ? decoded.value : r.bad(decoded.field)
}

function fromActivity(a: Activity): DocData {
  return {
    title: a.title,
    type: a.type,
    description: a.description,
    startAt: a.startAt,
    endAt: a.endAt,
    place: a.place,
    areaId: a.areaId,
    departmentCode: a.departmentCode,
    targetGroups: [...a.targetGroups],
    actions: [...a.actions],
    projects: [...a.projects],
    tags: [...a.tags],
    capacity: a.capacity,
    waitlistLimit: a.waitlistLimit,
    signupOpensAt: a.signupOpensAt,
    signupClosesAt: a.signupClosesAt,
    status: a.status,
    confirmedCount: a.confirmedCount,
    waitlistCount: a.waitlistCount,
    nextSeq: a.nextSeq,
    checkoutEnabled: a.checkoutEnabled,
    walkInsAllowed: a.walkInsAllowed,
    attendanceClosedAt: a.attendanceClosedAt,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
    startAtMs: msOrNull(a.startAt),
    endAtMs: msOrNull(a.endAt),
    courseId: a.courseId ?? null,
    details: a.details ? { ...a.details, location: a.details.location ? { ...a.details.location } : null, changeNotice: a.details.changeNotice ? { ...a.details.changeNotice } : null, poster: a.details.poster ? { ...a.details.poster } : null } : null,
  }
}

function toPerson(doc: CloudDocument): Person {
  const r = reader('persons', doc)
  return {
    id: r.id() as PersonId,
    ownerId: r.str('ownerId') as UserId,
    isSelf: r.bool('isSelf'),
    name: r.str('name'),
    birthYear: r.num('birthYear'),
    targetGroup: r.str('targetGroup') as Person['targetGroup'],
    areaId: r.str('areaId') as AreaId,
    phone: r.strOrNull('phone'),
    guardianConsentAt: r.strOrNull('guardianConsentAt'),
    cardVersion: r.numOr('cardVersion', 0),
    createdAt: r.str('createdAt'),
    updatedAt: r.str('updatedAt'),
  }
}

function fromPerson(p: Person): DocData {
  return {
    ownerId: p.ownerId,
    isSelf: p.isSelf,
    name: p.name,
    birthYear: p.birthYear,
    targetGroup: p.targetGroup,
    areaId: p.areaId,
    phone: p.phone,
    guardianConsentAt: p.guardianConsentAt,
    cardVersion: p.cardVersion,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  }
}

function toRegistration(doc: CloudDocument): Registration {
  const r = reader('registrations', doc)
  return {
    id: r.id() as RegistrationId,
    activityId: r.str('activityId') as ActivityId,
    personId: r.str('personId') as PersonId,
    ownerId: r.str('ownerId') as UserId,
    createdBy: r.str('createdBy') as UserId,
    status: r.oneOf('status', REGISTRATION_STATUSES),
    seq: r.num('seq'),
    createdAt: r.str('createdAt'),
    updatedAt: r.str('updatedAt'),
    cancelledAt: r.strOrNull('cancelledAt'),
    promotedAt: r.strOrNull('promotedAt'),
    walkIn: r.boolOr('walkIn', false),
    attendance: r.oneOfOrNull('attendance', ATTENDANCES),
    checkedInAt: r.strOrNull('checkedInAt'),
    checkedOutAt: r.strOrNull('checkedOutAt'),
  }
}

function fromRegistration(g: Registration): DocData {
  return {
    activityId: g.activityId,
    personId: g.personId,
    ownerId: g.ownerId,
    createdBy: g.createdBy,
    status: g.status,
    seq: g.seq,
    createdAt: g.createdAt,
    updatedAt: g.updatedAt,
    cancelledAt: g.cancelledAt,
    promotedAt: g.promotedAt,
    walkIn: g.walkIn,
    attendance: g.attendance,
    checkedInAt: g.checkedInAt,
    checkedOutAt: g.checkedOutAt,
  }
}

function toDuplicate(r: ReturnType<typeof reader>, d: unknown): DuplicateScan {
  if (typeof d !== 'object' || d === null || Array.isArray(d)) return r.bad('duplicates')
  const o = d as Record<string, unknown>
  if (!['nonce', 'at', 'operatorId', 'deviceId'].every((k) => typeof o[k] === 'string')) return r.bad('duplicates')
  return { nonce: o.nonce as string, at: o.at as string, operatorId: o.operatorId as UserId, deviceId: o.deviceId as string }
}

function toCheckIn(doc: CloudDocument): CheckIn {
  const r = reader('checkins', doc)
  const duplicates = r.raw('duplicates')
  if (!Array.isArray(duplicates)) return r.bad('duplicates')
  return {
    id: r.id(),
    activityId: r.str('activityId') as ActivityId,
    registrationId: r.str('registrationId') as RegistrationId,
    personId: r.str('personId') as PersonId,
    kind: r.oneOf('kind', CHECKIN_KINDS),
    method: r.oneOf('method', CHECKIN_METHODS),
    at: r.str('at'),
    recordedAt: r.str('recordedAt'),
    operatorId: r.str('operatorId') as UserId,
    deviceId: r.str('deviceId'),
    nonce: r.str('nonce'),
    reason: r.strOrNull('reason'),
    duplicates: duplicates.map((d) => toDuplicate(r, d)),
  }
}

function fromCheckIn(c: CheckIn): DocData {
  return {
    activityId: c.activityId,
    registrationId: c.registrationId,
    personId: c.personId,
    kind: c.kind,
    method: c.method,
    at: c.at,
    recordedAt: c.recordedAt,
    operatorId: c.operatorId,
    deviceId: c.deviceId,
    nonce: c.nonce,
    reason: c.reason,
    duplicates: c.duplicates.map((d) => ({ nonce: d.nonce, at: d.at, operatorId: d.operatorId, deviceId: d.deviceId })),
  }
}

function toInvite(doc: CloudDocument): ScannerInvite {
  const r = reader('scannerInvites', doc)
  return {
    id: r.id(),
    activityIds: r.strs('activityIds') as ActivityId[],
    validFrom: r.str('validFrom'),
    validTo: r.str('validTo'),
    createdBy: r.str('createdBy') as UserId,
    createdAt: r.str('createdAt'),
    redeemedBy: r.strOrNull('redeemedBy') as UserId | null,
    redeemedAt: r.strOrNull('redeemedAt'),
  }
}

const fromInvite = (i: ScannerInvite): DocData => ({
  activityIds: [...i.activityIds],
  validFrom: i.validFrom,
  validTo: i.validTo,
  createdBy: i.createdBy,
  createdAt: i.createdAt,
  redeemedBy: i.redeemedBy,
  redeemedAt: i.redeemedAt,
})

function toGrant(doc: CloudDocument): ScannerGrant {
  const r = reader('scannerGrants', doc)
  return {
    id: r.id(),
    userId: r.str('userId') as UserId,
    activityIds: r.strs('activityIds') as ActivityId[],
    validFrom: r.str('validFrom'),
    validTo: r.str('validTo'),
    createdBy: r.str('createdBy') as UserId,
    createdAt: r.str('createdAt'),
  }
}

const fromGrant = (g: ScannerGrant): DocData => ({
  userId: g.userId,
  activityIds: [...g.activityIds],
  validFrom: g.validFrom,
  validTo: g.validTo,
  createdBy: g.createdBy,
  createdAt: g.createdAt,
})

// Ledger facts are flat documents keyed by registration id; `atMs` is the check-in instant as epoch
// ms for range conditions. `cancelled` is the activity's status when the fact was written; the
// activity's current status overrides it when counting (see currentCancellation).

function toFact(doc: CloudDocument): StoredFact {
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

const PERIOD_KINDS: readonly PeriodKind[] = ['plan', 'annual']
const LIST_FILTERS = ['types', 'targetGroups', 'actions', 'projects', 'tags', 'departments', 'areaIds'] as const

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
  const filtersRaw = r.raw('filters')
  if (typeof filtersRaw !== 'object' || filtersRaw === null || Array.isArray(filtersRaw)) return r.bad('filters')
  const fo = filtersRaw as Record<string, unknown>
  const filters: Record<string, unknown> = {}
  for (const key of LIST_FILTERS) {
    if (fo[key] === undefined) continue
    const list = fo[key]
    if (!Array.isArray(list) || !list.every((x) => typeof x === 'string')) return r.bad(`filters.${key}`)
    filters[key] = list
  }
  if (fo.minAttendance !== undefined) {
    if (typeof fo.minAttendance !== 'number') return r.bad('filters.minAttendance')
    filters.minAttendance = fo.minAttendance
  }
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
    filters: filters as IndicatorFilters,
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

const byText = <T>(key: (x: T) => string) => (a: T, b: T): number => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)

// ---- Helpers ----

/**
 * The SDK's doc(id).get() rejects with "document.get:fail document with _id X does not exist" for a
 * missing document; anything else (a missing collection, the network) is a real failure.
 */
const isNotFound = (err: unknown): boolean => {
  const e = err as { message?: unknown; errMsg?: unknown } | null
  return !!e && [e.message, e.errMsg].some((m) => typeof m === 'string' && /document with _id .* does not exist/.test(m))
}

/** Escapes regular-expression metacharacters so user text is matched literally. */
export const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

const chunk = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/** Reads `count` documents from `offset` (all of them when count is Infinity), 100 at a time. */
async function fetchRange(query: Query, offset: number, count: number): Promise<CloudDocument[]> {
  const out: CloudDocument[] = []
  const seen = new Set<string>()
  let skip = offset
  while (out.length < count) {
    const want = Math.min(BATCH_SIZE_MAX, count - out.length)
    const { data } = await query.skip(skip).limit(want).get()
    for (const doc of data) {
      // Pages are read one after another; a document moved by a concurrent write must not appear twice.
      if (!seen.has(doc._id)) {
        seen.add(doc._id)
        out.push(doc)
      }
    }
    if (data.length < want) break
    skip += data.length
  }
  return out
}

const fetchAll = (query: Query): Promise<CloudDocument[]> => fetchRange(query, 0, Infinity)

/**
 * Every document matching `fields`, 100 at a time in `_id` order, each page starting after the last
 * id seen (keyset paging: no growing skip over a large collection, and no document read twice).
 */
async function fetchByKeyset(collection: Query, fields: Record<string, FieldCondition>, gt: (id: string) => FieldCondition): Promise<CloudDocument[]> {
  const out: CloudDocument[] = []
  let after: string | null = null
  for (;;) {
    const cond: Record<string, FieldCondition> = after === null ? fields : { ...fields, _id: gt(after) }
    const { data } = await collection.where(cond).orderBy('_id', 'asc').limit(BATCH_SIZE_MAX).get()
    out.push(...data)
    if (data.length < BATCH_SIZE_MAX) return out
    after = data[data.length - 1]._id
  }
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
  const prefix = options.collectionPrefix ?? ''
  const name = (c: CollectionName): string => `${prefix}${c}`
  const coll = (c: CollectionName) => db.collection(name(c))
  const _ = db.command

  /** Documents by id, one read per 100: in the order asked for, each once, missing ids skipped. */
  async function getDocs<T>(c: CollectionName, ids: readonly string[], map: (d: CloudDocument) => T): Promise<T[]> {
    const unique = [...new Set(ids)]
    const found = new Map<string, T>()
    for (const part of chunk(unique, BATCH_SIZE_MAX)) {
      const { data } = await coll(c).where({ _id: _.in(part) }).limit(BATCH_SIZE_MAX).get()
      for (const doc of data) found.set(doc._id, map(doc))
    }
    return unique.flatMap((id) => (found.has(id) ? [found.get(id)!] : []))
  }

  async function getDoc<T>(c: CollectionName, id: string, map: (d: CloudDocument) => T): Promise<T | null> {
    let data: CloudDocument | null
    try {
      data = (await coll(c).doc(id).get()).data
    } catch (err) {
      if (isNotFound(err)) return null
      throw err
    }
    return data ? map(data) : null
  }

  async function putDoc(c: CollectionName, id: string, data: DocData): Promise<void> {
    await coll(c).doc(id).set({ data })
  }

  const list = async <T>(query: Query, map: (d: CloudDocument) => T): Promise<T[]> => (await fetchAll(query)).map(map)

  /** The where() condition equivalent to matchesQuery, or null when no activity can match. */
  function activityCondition(q: ActivityQuery): QueryCondition | null {
    const endsAfter = msOrNull(q.endsAfter)
    const startsBefore = q.startsBefore === undefined ? undefined : msOrNull(q.startsBefore)
    if (endsAfter === null || startsBefore === null) return null
    const fields: Record<string, FieldCondition> = {
      status: 'published',
      endAtMs: _.gt(endsAfter),
    }
    if (startsBefore !== undefined) fields.startAtMs = _.lt(startsBefore)
    // An array field equals a value when it contains it.
    if (q.targetGroup) fields.targetGroups = q.targetGroup
    if (q.type) fields.type = q.type
    if (q.areaId) fields.areaId = q.areaId
    if (!q.text) return fields
    const re = db.RegExp({ regexp: escapeRegExp(q.text), options: 'i' })
    return _.and([fields, _.or([{ title: re }, { place: re }, { description: re }])])
  }

  function txStore(t: Transaction): TxStore {
    const tcoll = (c: CollectionName) => t.collection(name(c))
    const counts = aggregates.inTransaction(t)
    async function get<T>(c: CollectionName, id: string, map: (d: CloudDocument) => T): Promise<T | null> {
      let data: CloudDocument | null
      try {
        data = (await tcoll(c).doc(id).get()).data
      } catch (err) {
        if (isNotFound(err)) return null
        throw err
      }
      return data ? map(data) : null
    }
    const put = async (c: CollectionName, id: string, data: DocData): Promise<void> => {
      await tcoll(c).doc(id).set({ data })
    }
    return {
      getActivity: (id) => get('activities', id, toActivity),
      putActivity: async (a) => {
        await put('activities', a.id, fromActivity(a))
        aggregates.activityWritten()
      },
      getRegistration: (id) => get('registrations', id, toRegistration),
      putRegistration: (r) => put('registrations', r.id, fromRegistration(r)),
      getPerson: (id) => get('persons', id, toPerson),
      putPerson: (p) => put('persons', p.id, fromPerson(p)),
      getCheckIn: (id) => get('checkins', id, toCheckIn),
      putCheckIn: (c) => put('checkins', c.id, fromCheckIn(c)),
      async deleteCheckIn(id) {
        await tcoll('checkins').doc(id).remove()
      },
      getInvite: (id) => get('scannerInvites', id, toInvite),
      putInvite: (i) => put('scannerInvites', i.id, fromInvite(i)),
      putGrant: (g) => put('scannerGrants', g.id, fromGrant(g)),
      // The maintained counts change with the fact, in the same transaction.
      putFact: (f) => counts.putFact(f),
      deleteFact: (registrationId) => counts.deleteFact(registrationId),
      getReminder: (id) => get('reminders', id, toReminder),
      putReminder: (m) => put('reminders', m.id, fromReminder(m)),
      getSubscription: (userId, kind) => get('subscriptions', subscriptionDocId(userId, kind), toSubscription),
      putSubscription: (x) => put('subscriptions', subscriptionDocId(x.userId, x.kind), fromSubscription(x)),
      getLinkCode: (id) => get('linkCodes', id, toLinkCode),
      putLinkCode: (c) => put('linkCodes', c.id, fromLinkCode(c)),
      getCourse: (id) => get('courses', id, toCourse),
      putCourse: (c) => put('courses', c.id, fromCourse(c)),
      getCompletion: (id) => get('courseCompletions', id, toCompletion),
      putCompletion: (c) => put('courseCompletions', c.id, fromCompletion(c)),
      async deleteCompletion(id) {
        await tcoll('courseCompletions').doc(id).remove()
      },
      putAttendanceCorrection: (c) => put('attendanceCorrections', c.id, fromCorrection(c)),
    }
  }

  // ---- Ledger ----
  // Figures the maintained counts can give (cloudbase-ledger-aggregates.ts) are read from them. The
  // rest (activities, several units or areas, a target still building) are counted from the facts:
  // the candidates are read in pages, narrowed by the period and the filters the database can test,
  // and counted in memory by the domain functions themselves, so they equal the specification by
  // construction.

  /** Field conditions narrowing to the candidates of a spec; null when nothing can qualify. */
  function factConditions(spec: CountSpec): Record<string, FieldCondition> | null {
    const from = msOrNull(spec.period.from)
    const to = msOrNull(spec.period.to)
    if (from === null || to === null || !(to > from)) return null
    const f = spec.filters
    const fields: Record<string, FieldCondition> = { atMs: _.and(_.gte(from), _.lt(to)) }
    // `in` on an array field matches when it shares any value, as passesAny requires.
    const list = (values: readonly string[] | undefined, field: string): void => {
      if (values && values.length > 0) fields[field] = _.in([...values])
    }
    list(f.types, 'type')
    list(f.targetGroups, 'personTargetGroup')
    list(f.departments, 'departmentCode')
    list(f.areaIds, 'areaId')
    list(f.tags, 'tags')
    list(f.actions, 'actions')
    list(f.projects, 'projects')
    return fields
  }

  function activityConditions(spec: CountSpec): Record<string, FieldCondition> | null {
    const from = msOrNull(spec.period.from)
    const to = msOrNull(spec.period.to)
    if (from === null || to === null || !(to > from)) return null
    const f = spec.filters
    const fields: Record<string, FieldCondition> = { status: 'published', startAtMs: _.and(_.gte(from), _.lt(to)) }
    const list = (values: readonly string[] | undefined, field: string): void => {
      if (values && values.length > 0) fields[field] = _.in([...values])
    }
    list(f.types, 'type')
    list(f.departments, 'departmentCode')
    list(f.areaIds, 'areaId')
    list(f.tags, 'tags')
    list(f.actions, 'actions')
    list(f.projects, 'projects')
    return fields
  }

  /**
   * Facts take their activity's current cancellation: an activity cancelled after the check-in no
   * longer counts (transactions cannot rewrite facts by query, so this is applied when reading).
   * A fact whose activity is no longer stored keeps the flag it was written with.
   */
  async function currentCancellation(facts: StoredFact[]): Promise<StoredFact[]> {
    const cancelledIds = new Set((await fetchByKeyset(coll('activities'), { status: 'cancelled' }, (id) => _.gt(id))).map((d) => d._id))
    const flaggedIds = [...new Set(facts.filter((f) => f.activity.cancelled && !cancelledIds.has(f.activity.activityId)).map((f) => f.activity.activityId))]
    const reinstated = new Set<string>()
    for (const part of chunk(flaggedIds, BATCH_SIZE_MAX)) {
      const { data } = await coll('activities').where({ _id: _.in(part), status: 'published' }).limit(BATCH_SIZE_MAX).get()
      for (const doc of data) reinstated.add(doc._id)
    }
    return facts.map((f) => {
      const cancelled = cancelledIds.has(f.activity.activityId) ? true : reinstated.has(f.activity.activityId) ? false : f.activity.cancelled
      return cancelled === f.activity.cancelled ? f : { ...f, activity: { ...f.activity, cancelled } }
    })
  }

  async function candidateFacts(spec: CountSpec): Promise<StoredFact[]> {
    const fields = factConditions(spec)
    if (!fields) return []
    const docs = await fetchByKeyset(coll('ledgerFacts'), fields, (id) => _.gt(id))
    return currentCancellation(docs.map(toFact))
  }

  async function candidateActivities(spec: CountSpec): Promise<ActivityFacts[]> {
    const fields = activityConditions(spec)
    if (!fields) return []
    return (await fetchByKeyset(coll('activities').field(ACTIVITY_FACT_FIELDS), fields, (id) => _.gt(id))).map(toActivityFacts)
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

  /** A transaction, run again on conflicts, then SYSTEM.BUSY (cloudbase-transaction.ts). */
  const runTx = <T>(work: (t: Transaction) => Promise<T>): Promise<T> => runTransaction(db, work)

  const aggregates = cloudBaseLedgerAggregates({
    db,
    coll: (c) => coll(c),
    txName: (c) => name(c),
    runTx,
    toFact,
    fromFact,
    factConditions,
    isNotFound,
    now: options.now ?? Date.now,
    graceMs: options.aggregateGraceMs ?? DEFAULT_GRACE_MS,
  })

  return {
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
      getDocs: (ids, map) => getDocs('feedback', ids, map),
      putDoc: (id, data) => putDoc('feedback', id, data),
      list,
    }),
    drafts: cloudBaseDraftRepository({
      query: () => coll('activityDrafts'),
      getDoc: (id, map) => getDoc('activityDrafts', id, map),
      putDoc: (id, data) => putDoc('activityDrafts', id, data),
      list,
    }),
    getUser: (id) => getDoc('users', id, toUser),
    putUser: (u) => putDoc('users', u.id, fromUser(u)),
    listUsers: () => list(coll('users').orderBy('_id', 'asc'), toUser),
    listAreas: () => list(coll('areas').orderBy('sort', 'asc').orderBy('_id', 'asc'), toArea),
    getArea: (id) => getDoc('areas', id, toArea),
    putArea: (a) => putDoc('areas', a.id, fromArea(a)),

    getActivity: (id) => getDoc('activities', id, toActivity),
    async listActivities(q: ActivityQuery): Promise<Page<Activity>> {
      const cond = activityCondition(q)
      if (!cond) return { items: [], total: 0 }
      const query = coll('activities').where(cond)
      const offset = Math.max(0, Math.floor(q.offset))
      const limit = Math.max(0, Math.floor(q.limit))
      const [docs, { total }] = await Promise.all([
        limit > 0 ? fetchRange(query.orderBy('startAtMs', 'asc').orderBy('_id', 'asc'), offset, limit) : Promise.resolve([]),
        query.count(),
      ])
      return { items: docs.map(toActivity), total }
    },
    async putActivity(a) {
      await putDoc('activities', a.id, fromActivity(a))
      aggregates.activityWritten()
    },
    getActivities: (ids) => getDocs('activities', ids, toActivity),

    getPerson: (id) => getDoc('persons', id, toPerson),
    getPersons: (ids) => getDocs('persons', ids, toPerson),
    listPersonsByName: (name) => list(coll('persons').where({ name }).orderBy('createdAt', 'asc').orderBy('_id', 'asc'), toPerson),
    listPersonsByPhone: (phone) => list(coll('persons').where({ phone }).orderBy('createdAt', 'asc').orderBy('_id', 'asc'), toPerson),
    listPersonsByOwner: (ownerId) =>
      list(coll('persons').where({ ownerId }).orderBy('createdAt', 'asc').orderBy('_id', 'asc'), toPerson),
    putPerson: (p) => putDoc('persons', p.id, fromPerson(p)),
    async deletePerson(id) {
      await coll('persons').doc(id).remove()
    },

    getRegistration: (id) => getDoc('registrations', id, toRegistration),
    putRegistration: (r) => putDoc('registrations', r.id, fromRegistration(r)),
    listRegistrationsByOwner: (ownerId) =>
      list(coll('registrations').where({ ownerId }).orderBy('createdAt', 'asc').orderBy('_id', 'asc'), toRegistration),
    listActiveRegistrationsByPerson: (personId) =>
      list(
        coll('registrations').where({ personId, status: _.in(ACTIVE_STATUSES) }).orderBy('seq', 'asc').orderBy('_id', 'asc'),
        toRegistration,
      ),
    async firstWaitlisted(activityId) {
      const { data } = await coll('registrations')
        .where({ activityId, status: 'waitlisted' })
        .orderBy('seq', 'asc')
        .orderBy('_id', 'asc')
        .limit(1)
        .get()
      return data.length > 0 ? toRegistration(data[0]) : null
    },
    async countWaitlistedBefore(activityId, seq) {
      const { total } = await coll('registrations').where({ activityId, status: 'waitlisted', seq: _.lt(seq) }).count()
      return total
    },
    listRegistrationsByActivity: (activityId, status) =>
      list(
        coll('registrations')
          .where({ activityId, ...(status ? { status } : {}) })
          .orderBy('seq', 'asc')
          .orderBy('_id', 'asc'),
        toRegistration,
      ),

    listRegistrationsByPerson: (personId) =>
      list(coll('registrations').where({ personId }).orderBy('createdAt', 'asc').orderBy('_id', 'asc'), toRegistration),

    async deleteUser(id) {
      await coll('users').doc(id).remove()
    },
    getConsent: (id) => getDoc('consents', id, toConsent),
    putConsent: (c) => putDoc('consents', c.id, fromConsent(c)),
    listConsentsByUser: (userId) => list(coll('consents').where({ userId }).orderBy('atMs', 'asc').orderBy('_id', 'asc'), toConsent),
    async deleteConsent(id) {
      await coll('consents').doc(id).remove()
    },
    getReminder: (id) => getDoc('reminders', id, toReminder),
    async listDueReminders(now, limit) {
      const nowMs = msOrNull(now)
      if (nowMs === null || limit <= 0) return []
      const query = coll('reminders')
        .where({ status: _.in(['pending', 'sending']), nextAttemptAtMs: _.lte(nowMs) })
        .orderBy('nextAttemptAtMs', 'asc')
        .orderBy('_id', 'asc')
      return (await fetchRange(query, 0, Math.floor(limit))).map(toReminder)
    },
    async listReminders(limit) {
      if (limit <= 0) return []
      return (await fetchRange(coll('reminders').orderBy('updatedAtMs', 'desc').orderBy('_id', 'desc'), 0, Math.floor(limit))).map(toReminder)
    },
    listRemindersByUser: (userId) => list(coll('reminders').where({ userId }).orderBy('createdAtMs', 'asc').orderBy('_id', 'asc'), toReminder),
    listSubscriptionsByUser: (userId) => list(coll('subscriptions').where({ userId }).orderBy('kind', 'asc'), toSubscription),
    async deleteSubscription(userId, kind) {
      await coll('subscriptions').doc(subscriptionDocId(userId, kind)).remove()
    },
    getLinkCode: (id) => getDoc('linkCodes', id, toLinkCode),

    getCheckIn: (id) => getDoc('checkins', id, toCheckIn),
    listCheckInsByActivity: (activityId) =>
      list(coll('checkins').where({ activityId }).orderBy('_id', 'asc'), toCheckIn),
    async listActivitiesByDepartment(departmentCode, startsAfter, startsBefore) {
      const after = msOrNull(startsAfter)
      const before = msOrNull(startsBefore)
      if (after === null || before === null) return []
      return list(
        coll('activities')
          .where({ departmentCode, startAtMs: _.and(_.gt(after), _.lt(before)) })
          .orderBy('startAtMs', 'asc')
          .orderBy('_id', 'asc'),
        toActivity,
      )
    },
    getInvite: (id) => getDoc('scannerInvites', id, toInvite),
    putInvite: (i) => putDoc('scannerInvites', i.id, fromInvite(i)),
    listGrantsByUser: (userId) =>
      list(coll('scannerGrants').where({ userId }).orderBy('createdAt', 'asc').orderBy('_id', 'asc'), toGrant),

    async listVolunteerServices(period) {
      const from = Date.parse(period.from)
      const to = Date.parse(period.to)
      if (!Number.isFinite(from) || !Number.isFinite(to) || from >= to) return []
      // Driven by the grants (few): each granted activity's check-ins by that volunteer.
      const grants = (await fetchByKeyset(coll('scannerGrants'), {}, (id) => _.gt(id))).map(toGrant)
      const first = new Map<string, { userId: string; activityId: string; at: string }>()
      for (const g of grants) {
        for (const activityId of g.activityIds) {
          const mine = (await list(coll('checkins').where({ activityId, operatorId: g.userId, kind: 'in' }).orderBy('_id', 'asc'), toCheckIn)).filter(
            (c) => ms(c.at) >= from && ms(c.at) < to,
          )
          for (const c of mine) {
            const key = `${g.userId}\u0000${activityId}`
            const seen = first.get(key)
            if (!seen || ms(c.at) < ms(seen.at)) first.set(key, { userId: g.userId, activityId, at: c.at })
          }
        }
      }
      const rows = [...first.values()].sort((a, b) => (a.userId + a.activityId < b.userId + b.activityId ? -1 : 1))
      const activities = new Map((await this.getActivities(rows.map((r) => r.activityId as ActivityId))).map((a) => [a.id as string, a]))
      return rows.flatMap((r) => {
        const a = activities.get(r.activityId)
        return a ? [{ userId: r.userId, at: r.at, activity: activityFacts(a) }] : []
      })
    },
    async countFacts(spec) {
      // 场次: the conditions are the whole rule (published, start in the period, every list filter), so the database counts.
      if (spec.rule === 'activities') {
        const fields = activityConditions(spec)
        return fields ? (await coll('activities').where(fields).count()).total : 0
      }
      return (await aggregates.figure(spec)) ?? countFacts(spec, await candidateFacts(spec))
    },
    async breakdownFacts(spec: CountSpec, by: BreakdownKey) {
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
    async listFacts() {
      const docs = await fetchByKeyset(coll('ledgerFacts'), {}, (id) => _.gt(id))
      return currentCancellation(docs.map(toFact))
    },
    listPlans: () => list(coll('plans').orderBy('periodFromMs', 'asc').orderBy('_id', 'asc'), toPlan),
    putPlan: (p) => putDoc('plans', p.id, fromPlan(p)),
    listIndicators: (planId) => list(coll('indicators').where({ planId }).orderBy('sort', 'asc').orderBy('_id', 'asc'), toIndicator),
    getIndicator: (id) => getDoc('indicators', id, toIndicator),
    putIndicator: (i) => putDoc('indicators', i.id, indicatorFields(i)),
    listIndicatorChanges: (indicatorId) =>
      list(coll('indicatorChanges').where({ indicatorId }).orderBy('atMs', 'asc').orderBy('_id', 'asc'), toIndicatorChange),
    putIndicatorChange: (c) => putDoc('indicatorChanges', c.id, fromIndicatorChange(c)),
    async listAttendanceCorrections(query) {
      const limit = Math.max(0, Math.min(Math.trunc(query.limit), BATCH_SIZE_MAX))
      if (limit === 0) return []
      const base = query.activityId ? coll('attendanceCorrections').where({ activityId: query.activityId }) : coll('attendanceCorrections')
      const { data } = await base.orderBy('atMs', 'desc').orderBy('_id', 'desc').limit(limit).get()
      return data.map(toCorrection)
    },

    getCourse: (id) => getDoc('courses', id, toCourse),
    putCourse: (c) => putDoc('courses', c.id, fromCourse(c)),
    listCoursesByDepartment: (departmentCode) =>
      list(coll('courses').where({ departmentCode }).orderBy('createdAtMs', 'desc').orderBy('_id', 'desc'), toCourse),
    getCompletion: (id) => getDoc('courseCompletions', id, toCompletion),
    async getCompletionByCertificate(certificateNo) {
      const { data } = await coll('courseCompletions').where({ certificateNo }).limit(1).get()
      return data.length > 0 ? toCompletion(data[0]) : null
    },
    async listCompletionsByCourse(courseId) {
      return (await fetchByKeyset(coll('courseCompletions'), { courseId }, (id) => _.gt(id))).map(toCompletion).sort(byCompletedAt)
    },
    async listCompletions(range) {
      const from = msOrNull(range.from)
      const to = msOrNull(range.to)
      if (from === null || to === null) return []
      const docs = await fetchByKeyset(coll('courseCompletions'), { completedAtMs: _.and(_.gte(from), _.lt(to)) }, (id) => _.gt(id))
      return docs.map(toCompletion).sort(byCompletedAt)
    },

    transaction: <T>(work: (tx: TxStore) => Promise<T>): Promise<T> => runTx((t) => work(txStore(t))),
  }
}

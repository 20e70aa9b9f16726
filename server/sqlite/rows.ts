// Row <-> domain mapping for the SQLite adapter: the only place that knows column names and
// encodings. Rows read back are checked minimally (types, enums, JSON shape), then trusted.

import type { ActivityType, DepartmentCode, PlanAction, PlanProject, TargetGroup } from '../../src/domain/catalog'
import type { ActivityId, AreaId, CourseId, PersonId, RegistrationId, UserId } from '../../src/domain/ids'
import {
  CHECKIN_METHODS,
  type CheckIn,
  type CheckInKind,
  type CheckInMethod,
  type DuplicateScan,
  type ScannerGrant,
  type ScannerInvite,
} from '../../src/domain/checkin/rules'
import { COUNTING_RULES, type CountingRule, type IndicatorFilters } from '../../src/domain/ledger/count'
import type { EnteredFigure, Indicator, IndicatorChange, PeriodKind, Plan } from '../../src/domain/ledger/indicators'
import type { StoredFact } from '../../src/domain/ports'
import { REMINDER_KINDS, REMINDER_STATUSES, type Reminder, type Subscription } from '../../src/domain/reminders/schedule'
import type { LinkCode } from '../../src/domain/family/link-codes'
import { CONSENT_KINDS, type Consent } from '../../src/domain/privacy/notice'
import type { Instant } from '../../src/domain/time'
import { decodeActivityDetails } from '../../src/domain/activities/details-codec'
import {
  ROLES,
  type Activity,
  type Area,
  type Attendance,
  type Person,
  type Registration,
  type Role,
  type User,
} from '../../src/domain/types'

export interface UserRow {
  id: string
  role: string
  display_name: string
  department_code: string | null
  created_at: string
}

export interface AreaRow {
  id: string
  name: string
  kind: string
  sort: number
}

export interface ActivityRow {
  id: string
  title: string
  type: string
  description: string
  start_at: string
  end_at: string
  place: string
  area_id: string
  department_code: string
  target_groups: string
  actions: string
  projects: string
  tags: string
  capacity: number
  waitlist_limit: number
  signup_opens_at: string
  signup_closes_at: string
  status: string
  confirmed_count: number
  waitlist_count: number
  next_seq: number
  checkout_enabled: number
  walk_ins_allowed: number
  attendance_closed_at: string | null
  created_at: string
  updated_at: string
  course_id: string | null
  /** ActivityDetails as JSON; null on seeded and older activities. */
  details: string | null
}

export interface PersonRow {
  id: string
  owner_id: string
  is_self: number
  name: string
  birth_year: number
  target_group: string
  area_id: string
  phone: string | null
  guardian_consent_at: string | null
  card_version: number
  created_at: string
  updated_at: string
}

export interface RegistrationRow {
  id: string
  activity_id: string
  person_id: string
  owner_id: string
  created_by: string
  status: string
  seq: number
  created_at: string
  updated_at: string
  cancelled_at: string | null
  promoted_at: string | null
  walk_in: number
  attendance: string | null
  checked_in_at: string | null
  checked_out_at: string | null
}

export interface CheckInRow {
  id: string
  activity_id: string
  registration_id: string
  person_id: string
  kind: string
  method: string
  at: string
  recorded_at: string
  operator_id: string
  device_id: string
  nonce: string
  reason: string | null
  /** JSON array of { nonce, at, operatorId, deviceId }. */
  duplicates: string
}

export interface ScannerInviteRow {
  id: string
  activity_ids: string
  valid_from: string
  valid_to: string
  created_by: string
  created_at: string
  redeemed_by: string | null
  redeemed_at: string | null
}

export interface ScannerGrantRow {
  id: string
  user_id: string
  activity_ids: string
  valid_from: string
  valid_to: string
  created_by: string
  created_at: string
}

/** A row that does not decode is a bug or a damaged file, never an expected failure. */
export class CorruptRowError extends Error {
  constructor(table: string, id: unknown, detail: string) {
    super(`corrupt row in ${table} (id ${String(id)}): ${detail}`)
    this.name = 'CorruptRowError'
  }
}

/**
 * The canonical form of an instant (`toISOString`). Stored instants must share one format so that
 * comparing and ordering them as text in SQL equals comparing them as times.
 */
export function canonicalInstant(value: string): Instant {
  const t = Date.parse(value)
  if (Number.isNaN(t)) throw new TypeError(`not an instant: ${JSON.stringify(value)}`)
  return new Date(t).toISOString()
}

export const nullableInstant = (value: string | null): Instant | null => (value === null ? null : canonicalInstant(value))

/** Small decoding helpers bound to one row, so every failure names its table, row and column. */
export function reader(table: string, row: Record<string, unknown>) {
  const bad = (column: string, why: string): never => {
    throw new CorruptRowError(table, row.id, `${column} ${why}`)
  }
  const str = (column: string): string => {
    const v = row[column]
    return typeof v === 'string' ? v : bad(column, 'is not text')
  }
  const oneOf = <T extends string>(column: string, allowed: readonly T[]): T => {
    const v = str(column)
    return (allowed as readonly string[]).includes(v) ? (v as T) : bad(column, `has unknown value ${JSON.stringify(v)}`)
  }
  const json = (column: string): unknown => {
    try {
      return JSON.parse(str(column))
    } catch {
      return bad(column, 'is not JSON')
    }
  }
  return {
    bad,
    str,
    optStr: (column: string): string | null => (row[column] === null ? null : str(column)),
    int: (column: string): number => {
      const v = row[column]
      // STRICT tables return INTEGER columns as JS numbers (or bigint when enabled, which we do not).
      return typeof v === 'number' && Number.isInteger(v) ? v : bad(column, 'is not an integer')
    },
    bool: (column: string): boolean => {
      const v = row[column]
      return v === 1 ? true : v === 0 ? false : bad(column, 'is not 0/1')
    },
    oneOf,
    optOneOf: <T extends string>(column: string, allowed: readonly T[]): T | null => (row[column] === null ? null : oneOf(column, allowed)),
    json,
    strings: (column: string): string[] => {
      const v = json(column)
      return Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : bad(column, 'is not a JSON array of strings')
    },
  }
}

// ---- users

export const userToRow = (u: User): UserRow => ({
  id: u.id,
  role: u.role,
  display_name: u.displayName,
  department_code: u.departmentCode ?? null,
  created_at: canonicalInstant(u.createdAt),
})

export function rowToUser(row: UserRow): User {
  const r = reader('users', row as unknown as Record<string, unknown>)
  const departmentCode = r.optStr('department_code')
  return {
    id: r.str('id') as UserId,
    role: r.oneOf<Role>('role', ROLES),
    displayName: r.str('display_name'),
    ...(departmentCode !== null ? { departmentCode: departmentCode as DepartmentCode } : {}),
    createdAt: r.str('created_at'),
  }
}

// ---- areas

export const areaToRow = (a: Area): AreaRow => ({ id: a.id, name: a.name, kind: a.kind, sort: a.sort })

export function rowToArea(row: AreaRow): Area {
  const r = reader('areas', row as unknown as Record<string, unknown>)
  return {
    id: r.str('id') as AreaId,
    name: r.str('name'),
    kind: r.oneOf<Area['kind']>('kind', ['town', 'street']),
    sort: r.int('sort'),
  }
}

// ---- activities

export const activityToRow = (a: Activity): ActivityRow => ({
  id: a.id,
  title: a.title,
  type: a.type,
  description: a.description,
  start_at: canonicalInstant(a.startAt),
  end_at: canonicalInstant(a.endAt),
  place: a.place,
  area_id: a.areaId,
  department_code: a.departmentCode,
  target_groups: JSON.stringify(a.targetGroups),
  actions: JSON.stringify(a.actions),
  projects: JSON.stringify(a.projects),
  tags: JSON.stringify(a.tags),
  capacity: a.capacity,
  waitlist_limit: a.waitlistLimit,
  signup_opens_at: canonicalInstant(a.signupOpensAt),
  signup_closes_at: canonicalInstant(a.signupClosesAt),
  status: a.status,
  confirmed_count: a.confirmedCount,
  waitlist_count: a.waitlistCount,
  next_seq: a.nextSeq,
  checkout_enabled: a.checkoutEnabled ? 1 : 0,
  walk_ins_allowed: a.walkInsAllowed ? 1 : 0,
  attendance_closed_at: nullableInstant(a.attendanceClosedAt),
  created_at: canonicalInstant(a.createdAt),
  updated_at: canonicalInstant(a.updatedAt),
  course_id: a.courseId ?? null,
  details: a.details ? JSON.stringify(a.details) : null,
})

export function rowToActivity(row: ActivityRow): Activity {
  const r = reader('activities', row as unknown as Record<string, unknown>)
  return {
    id: r.str('id') as ActivityId,
    title: r.str('title'),
    type: r.str('type') as ActivityType,
    description: r.str('description'),
    startAt: r.str('start_at'),
    endAt: r.str('end_at'),
    place: r.str('place'),
    areaId: r.str('area_id') as AreaId,
    departmentCode: r.str('department_code') as DepartmentCode,
    targetGroups: r.strings('target_groups') as TargetGroup[],
    actions: r.strings('actions') as PlanAction[],
    projects: r.strings('projects') as PlanProject[],
    tags: r.strings('tags'),
    capacity: r.int('capacity'),
    waitlistLimit: r.int('waitlist_limit'),
    signupOpensAt: r.str('signup_opens_at'),
    signupClosesAt: r.str('signup_closes_at'),
    status: r.oneOf<Activity['status']>('status', ['published', 'cancelled']),
    confirmedCount: r.int('confirmed_count'),
    waitlistCount: r.int('waitlist_count'),
    nextSeq: r.int('next_seq'),
    checkoutEnabled: r.bool('checkout_enabled'),
    walkInsAllowed: r.bool('walk_ins_allowed'),
    attendanceClosedAt: r.optStr('attendance_closed_at'),
    createdAt: r.str('created_at'),
    updatedAt: r.str('updated_at'),
    ...(row.course_id != null ? { courseId: r.str('course_id') as CourseId } : {}),
    ...(row.details != null ? { details: activityDetailsOf(r) } : {}),
  }
}

function activityDetailsOf(r: ReturnType<typeof reader>) {
  const decoded = decodeActivityDetails(r.json('details'))
  return decoded.ok ? decoded.value : r.bad('details', `has a malformed ${decoded.field}`)
}

// ---- persons

export const personToRow = (p: Person): PersonRow => ({
  id: p.id,
  owner_id: p.ownerId,
  is_self: p.isSelf ? 1 : 0,
  name: p.name,
  birth_year: p.birthYear,
  target_group: p.targetGroup,
  area_id: p.areaId,
  phone: p.phone,
  guardian_consent_at: nullableInstant(p.guardianConsentAt),
  card_version: p.cardVersion,
  created_at: canonicalInstant(p.createdAt),
  updated_at: canonicalInstant(p.updatedAt),
})

export function rowToPerson(row: PersonRow): Person {
  const r = reader('persons', row as unknown as Record<string, unknown>)
  return {
    id: r.str('id') as PersonId,
    ownerId: r.str('owner_id') as UserId,
    isSelf: r.bool('is_self'),
    name: r.str('name'),
    birthYear: r.int('birth_year'),
    targetGroup: r.str('target_group') as TargetGroup,
    areaId: r.str('area_id') as AreaId,
    phone: r.optStr('phone'),
    guardianConsentAt: r.optStr('guardian_consent_at'),
    cardVersion: r.int('card_version'),
    createdAt: r.str('created_at'),
    updatedAt: r.str('updated_at'),
  }
}

// ---- registrations

const REGISTRATION_STATUSES: readonly Registration['status'][] = ['confirmed', 'waitlisted', 'cancelled']
const ATTENDANCES: readonly Attendance[] = ['attended', 'no_show']

export const registrationToRow = (g: Registration): RegistrationRow => ({
  id: g.id,
  activity_id: g.activityId,
  person_id: g.personId,
  owner_id: g.ownerId,
  created_by: g.createdBy,
  status: g.status,
  seq: g.seq,
  created_at: canonicalInstant(g.createdAt),
  updated_at: canonicalInstant(g.updatedAt),
  cancelled_at: nullableInstant(g.cancelledAt),
  promoted_at: nullableInstant(g.promotedAt),
  walk_in: g.walkIn ? 1 : 0,
  attendance: g.attendance,
  checked_in_at: nullableInstant(g.checkedInAt),
  checked_out_at: nullableInstant(g.checkedOutAt),
})

export function rowToRegistration(row: RegistrationRow): Registration {
  const r = reader('registrations', row as unknown as Record<string, unknown>)
  return {
    id: r.str('id') as RegistrationId,
    activityId: r.str('activity_id') as ActivityId,
    personId: r.str('person_id') as PersonId,
    ownerId: r.str('owner_id') as UserId,
    createdBy: r.str('created_by') as UserId,
    status: r.oneOf<Registration['status']>('status', REGISTRATION_STATUSES),
    seq: r.int('seq'),
    createdAt: r.str('created_at'),
    updatedAt: r.str('updated_at'),
    cancelledAt: r.optStr('cancelled_at'),
    promotedAt: r.optStr('promoted_at'),
    walkIn: r.bool('walk_in'),
    attendance: r.optOneOf<Attendance>('attendance', ATTENDANCES),
    checkedInAt: r.optStr('checked_in_at'),
    checkedOutAt: r.optStr('checked_out_at'),
  }
}

// ---- check-ins

const CHECKIN_KINDS: readonly CheckInKind[] = ['in', 'out']

export const checkInToRow = (c: CheckIn): CheckInRow => ({
  id: c.id,
  activity_id: c.activityId,
  registration_id: c.registrationId,
  person_id: c.personId,
  kind: c.kind,
  method: c.method,
  at: canonicalInstant(c.at),
  recorded_at: canonicalInstant(c.recordedAt),
  operator_id: c.operatorId,
  device_id: c.deviceId,
  nonce: c.nonce,
  reason: c.reason,
  duplicates: JSON.stringify(
    c.duplicates.map((d) => ({ nonce: d.nonce, at: canonicalInstant(d.at), operatorId: d.operatorId, deviceId: d.deviceId })),
  ),
})

export function rowToCheckIn(row: CheckInRow): CheckIn {
  const r = reader('checkins', row as unknown as Record<string, unknown>)
  const raw = r.json('duplicates')
  const isDuplicate = (d: unknown): d is DuplicateScan => {
    if (typeof d !== 'object' || d === null || Array.isArray(d)) return false
    const o = d as Record<string, unknown>
    return ['nonce', 'at', 'operatorId', 'deviceId'].every((k) => typeof o[k] === 'string')
  }
  if (!Array.isArray(raw) || !raw.every(isDuplicate)) return r.bad('duplicates', 'is not a JSON array of scans')
  return {
    id: r.str('id'),
    activityId: r.str('activity_id') as ActivityId,
    registrationId: r.str('registration_id') as RegistrationId,
    personId: r.str('person_id') as PersonId,
    kind: r.oneOf<CheckInKind>('kind', CHECKIN_KINDS),
    method: r.oneOf<CheckInMethod>('method', CHECKIN_METHODS),
    at: r.str('at'),
    recordedAt: r.str('recorded_at'),
    operatorId: r.str('operator_id') as UserId,
    deviceId: r.str('device_id'),
    nonce: r.str('nonce'),
    reason: r.optStr('reason'),
    // Only the four known fields, whatever else the JSON held.
    duplicates: raw.map((d) => ({ nonce: d.nonce, at: d.at, operatorId: d.operatorId as UserId, deviceId: d.deviceId })),
  }
}

// ---- scanner invites and grants

export const inviteToRow = (i: ScannerInvite): ScannerInviteRow => ({
  id: i.id,
  activity_ids: JSON.stringify(i.activityIds),
  valid_from: canonicalInstant(i.validFrom),
  valid_to: canonicalInstant(i.validTo),
  created_by: i.createdBy,
  created_at: canonicalInstant(i.createdAt),
  redeemed_by: i.redeemedBy,
  redeemed_at: nullableInstant(i.redeemedAt),
})

export function rowToInvite(row: ScannerInviteRow): ScannerInvite {
  const r = reader('scanner_invites', row as unknown as Record<string, unknown>)
  return {
    id: r.str('id'),
    activityIds: r.strings('activity_ids') as ActivityId[],
    validFrom: r.str('valid_from'),
    validTo: r.str('valid_to'),
    createdBy: r.str('created_by') as UserId,
    createdAt: r.str('created_at'),
    redeemedBy: r.optStr('redeemed_by') as UserId | null,
    redeemedAt: r.optStr('redeemed_at'),
  }
}

export const grantToRow = (g: ScannerGrant): ScannerGrantRow => ({
  id: g.id,
  user_id: g.userId,
  activity_ids: JSON.stringify(g.activityIds),
  valid_from: canonicalInstant(g.validFrom),
  valid_to: canonicalInstant(g.validTo),
  created_by: g.createdBy,
  created_at: canonicalInstant(g.createdAt),
})

export function rowToGrant(row: ScannerGrantRow): ScannerGrant {
  const r = reader('scanner_grants', row as unknown as Record<string, unknown>)
  return {
    id: r.str('id'),
    userId: r.str('user_id') as UserId,
    activityIds: r.strings('activity_ids') as ActivityId[],
    validFrom: r.str('valid_from'),
    validTo: r.str('valid_to'),
    createdBy: r.str('created_by') as UserId,
    createdAt: r.str('created_at'),
  }
}

// ---- ledger: facts, plans, indicators, changes

export interface FactRow {
  registration_id: string
  person_id: string
  person_group: string
  activity_id: string
  type: string
  department_code: string
  area_id: string
  tags: string
  actions: string
  projects: string
  activity_start_at: string
  activity_cancelled: number
  at: string
}

export interface PlanRow {
  id: string
  name: string
  period_from: string
  period_to: string
}

export interface IndicatorRow {
  id: string
  plan_id: string
  name: string
  unit: string
  rule: string
  period_kind: string
  target: number | null
  filters: string
  counting_note: string
  entered: string | null
  sort: number
}

export interface IndicatorChangeRow {
  id: string
  indicator_id: string
  at: string
  by_user: string
  before: string | null
  after: string
}

export const factToRow = (f: StoredFact): FactRow => ({
  registration_id: f.registrationId,
  person_id: f.personId,
  person_group: f.personTargetGroup,
  activity_id: f.activity.activityId,
  type: f.activity.type,
  department_code: f.activity.departmentCode,
  area_id: f.activity.areaId,
  tags: JSON.stringify(f.activity.tags),
  actions: JSON.stringify(f.activity.actions),
  projects: JSON.stringify(f.activity.projects),
  activity_start_at: canonicalInstant(f.activity.startAt),
  activity_cancelled: f.activity.cancelled ? 1 : 0,
  at: canonicalInstant(f.at),
})

export function rowToFact(row: FactRow): StoredFact {
  const r = reader('ledger_facts', { ...row, id: row.registration_id } as unknown as Record<string, unknown>)
  return {
    registrationId: r.str('registration_id'),
    personId: r.str('person_id'),
    personTargetGroup: r.str('person_group') as TargetGroup,
    at: r.str('at'),
    activity: {
      activityId: r.str('activity_id'),
      type: r.str('type') as ActivityType,
      startAt: r.str('activity_start_at'),
      cancelled: r.bool('activity_cancelled'),
      actions: r.strings('actions') as PlanAction[],
      projects: r.strings('projects') as PlanProject[],
      tags: r.strings('tags'),
      departmentCode: r.str('department_code') as DepartmentCode,
      areaId: r.str('area_id'),
    },
  }
}

export const planToRow = (p: Plan): PlanRow => ({
  id: p.id,
  name: p.name,
  period_from: canonicalInstant(p.period.from),
  period_to: canonicalInstant(p.period.to),
})

export function rowToPlan(row: PlanRow): Plan {
  const r = reader('plans', row as unknown as Record<string, unknown>)
  return { id: r.str('id'), name: r.str('name'), period: { from: r.str('period_from'), to: r.str('period_to') } }
}

const PERIOD_KINDS: readonly PeriodKind[] = ['plan', 'annual']
const LIST_FILTERS = ['types', 'targetGroups', 'actions', 'projects', 'tags', 'departments', 'areaIds'] as const

/** Only the known filter keys, each checked; `bad` names what is wrong. */
function decodeFilters(value: unknown, bad: (why: string) => never): IndicatorFilters {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return bad('is not an object')
  const o = value as Record<string, unknown>
  const out: Record<string, unknown> = {}
  for (const key of LIST_FILTERS) {
    if (o[key] === undefined) continue
    const list = o[key]
    if (!Array.isArray(list) || !list.every((x) => typeof x === 'string')) return bad(`.${key} is not a list of strings`)
    out[key] = list
  }
  if (o.minAttendance !== undefined) {
    if (typeof o.minAttendance !== 'number') return bad('.minAttendance is not a number')
    out.minAttendance = o.minAttendance
  }
  return out as IndicatorFilters
}

function decodeEntered(value: unknown, bad: (why: string) => never): EnteredFigure | null {
  if (value === null) return null
  if (typeof value !== 'object' || Array.isArray(value)) return bad('is not an object')
  const o = value as Record<string, unknown>
  if (typeof o.value !== 'number' || typeof o.source !== 'string' || typeof o.asOf !== 'string') return bad('is not { value, source, asOf }')
  return { value: o.value, source: o.source, asOf: o.asOf }
}

const indicatorJson = (i: Indicator): Record<string, unknown> => ({
  id: i.id,
  planId: i.planId,
  name: i.name,
  unit: i.unit,
  rule: i.rule,
  periodKind: i.periodKind,
  target: i.target,
  filters: i.filters,
  countingNote: i.countingNote,
  entered: i.entered,
  sort: i.sort,
})

/** An indicator stored whole as JSON (the audit trail's before and after). */
function decodeIndicatorJson(value: unknown, bad: (why: string) => never): Indicator {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return bad('is not an object')
  const o = value as Record<string, unknown>
  const str = (k: string): string => (typeof o[k] === 'string' ? (o[k] as string) : bad(`.${k} is not text`))
  const rule = str('rule')
  const periodKind = str('periodKind')
  if (!(COUNTING_RULES as readonly string[]).includes(rule)) bad('.rule is unknown')
  if (!(PERIOD_KINDS as readonly string[]).includes(periodKind)) bad('.periodKind is unknown')
  if (o.target !== null && typeof o.target !== 'number') bad('.target is not a number')
  if (typeof o.sort !== 'number') bad('.sort is not a number')
  return {
    id: str('id'),
    planId: str('planId'),
    name: str('name'),
    unit: str('unit'),
    rule: rule as CountingRule,
    periodKind: periodKind as PeriodKind,
    target: o.target as number | null,
    filters: decodeFilters(o.filters, (why) => bad(`.filters ${why}`)),
    countingNote: str('countingNote'),
    entered: decodeEntered(o.entered ?? null, (why) => bad(`.entered ${why}`)),
    sort: o.sort as number,
  }
}

export const indicatorToRow = (i: Indicator): IndicatorRow => ({
  id: i.id,
  plan_id: i.planId,
  name: i.name,
  unit: i.unit,
  rule: i.rule,
  period_kind: i.periodKind,
  target: i.target,
  filters: JSON.stringify(i.filters),
  counting_note: i.countingNote,
  entered: i.entered === null ? null : JSON.stringify(i.entered),
  sort: i.sort,
})

export function rowToIndicator(row: IndicatorRow): Indicator {
  const r = reader('indicators', row as unknown as Record<string, unknown>)
  const target = row.target
  if (target !== null && typeof target !== 'number') r.bad('target', 'is not a number')
  return {
    id: r.str('id'),
    planId: r.str('plan_id'),
    name: r.str('name'),
    unit: r.str('unit'),
    rule: r.oneOf<CountingRule>('rule', COUNTING_RULES),
    periodKind: r.oneOf<PeriodKind>('period_kind', PERIOD_KINDS),
    target,
    filters: decodeFilters(r.json('filters'), (why) => r.bad('filters', why)),
    countingNote: r.str('counting_note'),
    entered: row.entered === null ? null : decodeEntered(r.json('entered'), (why) => r.bad('entered', why)),
    sort: r.int('sort'),
  }
}

export const indicatorChangeToRow = (c: IndicatorChange): IndicatorChangeRow => ({
  id: c.id,
  indicator_id: c.indicatorId,
  at: canonicalInstant(c.at),
  by_user: c.by,
  before: c.before === null ? null : JSON.stringify(indicatorJson(c.before)),
  after: JSON.stringify(indicatorJson(c.after)),
})

export function rowToIndicatorChange(row: IndicatorChangeRow): IndicatorChange {
  const r = reader('indicator_changes', row as unknown as Record<string, unknown>)
  return {
    id: r.str('id'),
    indicatorId: r.str('indicator_id'),
    at: r.str('at'),
    by: r.str('by_user'),
    before: row.before === null ? null : decodeIndicatorJson(r.json('before'), (why) => r.bad('before', why)),
    after: decodeIndicatorJson(r.json('after'), (why) => r.bad('after', why)),
  }
}

// ---- own-data rights and reminders: consents, reminders, subscriptions, link codes

export interface ConsentRow {
  id: string
  user_id: string
  kind: string
  version: string
  subject_id: string | null
  at: string
}

export const consentToRow = (c: Consent): ConsentRow => ({
  id: c.id,
  user_id: c.userId,
  kind: c.kind,
  version: c.version,
  subject_id: c.subjectId,
  at: canonicalInstant(c.at),
})

export function rowToConsent(row: ConsentRow): Consent {
  const r = reader('consents', row as unknown as Record<string, unknown>)
  return {
    id: r.str('id'),
    userId: r.str('user_id') as UserId,
    kind: r.oneOf('kind', CONSENT_KINDS),
    version: r.str('version'),
    subjectId: r.optStr('subject_id'),
    at: r.str('at'),
  }
}

export interface ReminderRow {
  id: string
  kind: string
  registration_id: string
  activity_id: string
  person_id: string
  user_id: string
  due_at: string
  next_attempt_at: string
  status: string
  attempts: number
  note: string | null
  sent_at: string | null
  created_at: string
  updated_at: string
}

export const reminderToRow = (m: Reminder): ReminderRow => ({
  id: m.id,
  kind: m.kind,
  registration_id: m.registrationId,
  activity_id: m.activityId,
  person_id: m.personId,
  user_id: m.userId,
  due_at: canonicalInstant(m.dueAt),
  next_attempt_at: canonicalInstant(m.nextAttemptAt),
  status: m.status,
  attempts: m.attempts,
  note: m.note,
  sent_at: nullableInstant(m.sentAt),
  created_at: canonicalInstant(m.createdAt),
  updated_at: canonicalInstant(m.updatedAt),
})

export function rowToReminder(row: ReminderRow): Reminder {
  const r = reader('reminders', row as unknown as Record<string, unknown>)
  return {
    id: r.str('id'),
    kind: r.oneOf('kind', REMINDER_KINDS),
    registrationId: r.str('registration_id') as RegistrationId,
    activityId: r.str('activity_id') as ActivityId,
    personId: r.str('person_id') as PersonId,
    userId: r.str('user_id') as UserId,
    dueAt: r.str('due_at'),
    nextAttemptAt: r.str('next_attempt_at'),
    status: r.oneOf('status', REMINDER_STATUSES),
    attempts: r.int('attempts'),
    note: r.optStr('note'),
    sentAt: r.optStr('sent_at'),
    createdAt: r.str('created_at'),
    updatedAt: r.str('updated_at'),
  }
}

export interface SubscriptionRow {
  user_id: string
  kind: string
  credits: number
  updated_at: string
}

export const subscriptionToRow = (s: Subscription): SubscriptionRow => ({
  user_id: s.userId,
  kind: s.kind,
  credits: s.credits,
  updated_at: canonicalInstant(s.updatedAt),
})

export function rowToSubscription(row: SubscriptionRow): Subscription {
  const r = reader('subscriptions', { ...row, id: `${row.user_id}/${row.kind}` } as unknown as Record<string, unknown>)
  return { userId: r.str('user_id') as UserId, kind: r.oneOf('kind', REMINDER_KINDS), credits: r.int('credits'), updatedAt: r.str('updated_at') }
}

export interface LinkCodeRow {
  id: string
  person_id: string
  created_by: string
  created_at: string
  expires_at: string
  used_by: string | null
  used_at: string | null
}

export const linkCodeToRow = (c: LinkCode): LinkCodeRow => ({
  id: c.id,
  person_id: c.personId,
  created_by: c.createdBy,
  created_at: canonicalInstant(c.createdAt),
  expires_at: canonicalInstant(c.expiresAt),
  used_by: c.usedBy,
  used_at: nullableInstant(c.usedAt),
})

export function rowToLinkCode(row: LinkCodeRow): LinkCode {
  const r = reader('link_codes', row as unknown as Record<string, unknown>)
  return {
    id: r.str('id'),
    personId: r.str('person_id') as PersonId,
    createdBy: r.str('created_by') as UserId,
    createdAt: r.str('created_at'),
    expiresAt: r.str('expires_at'),
    usedBy: r.optStr('used_by') as UserId | null,
    usedAt: r.optStr('used_at'),
  }
}

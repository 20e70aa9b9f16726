// Small factories for domain entities with fixed, deterministic ids and times. Pass overrides for
// what a test is about; everything else is a valid, boring default.

import { registrationIdFor, type ActivityId, type AreaId, type PersonId, type RegistrationId, type UserId } from '../../src/domain/ids'
import { checkInIdFor, type CheckIn, type ScannerGrant, type ScannerInvite } from '../../src/domain/checkin/rules'
import { activityFacts } from '../../src/domain/ledger/count'
import type { Indicator } from '../../src/domain/ledger/indicators'
import type { StoredFact } from '../../src/domain/ports'
import type { Instant } from '../../src/domain/time'
import type { Activity, Area, Person, Registration, User } from '../../src/domain/types'

/** The reference instant of the test data: 2026-09-01 08:00 in Shanghai. */
export const T0: Instant = '2026-09-01T00:00:00.000Z'

const HOUR_MS = 3_600_000

/** `T0` shifted by whole or fractional hours, e.g. `at(24)` is a day later; `at(-1)` an hour earlier. */
export const at = (hours: number): Instant => new Date(Date.parse(T0) + hours * HOUR_MS).toISOString()

/** Zero-padded ids such as `act-0007`, so their text order is their numeric order. */
const pad = (n: number): string => String(n).padStart(4, '0')
export const userId = (n: number | string): UserId => `usr-${typeof n === 'number' ? pad(n) : n}` as UserId
export const areaId = (n: number | string): AreaId => `area-${typeof n === 'number' ? pad(n) : n}` as AreaId
export const activityId = (n: number | string): ActivityId => `act-${typeof n === 'number' ? pad(n) : n}` as ActivityId
export const personId = (n: number | string): PersonId => `per-${typeof n === 'number' ? pad(n) : n}` as PersonId

export function makeUser(overrides: Partial<User> = {}): User {
  return {
    id: userId(1),
    role: 'resident',
    displayName: '张三',
    createdAt: T0,
    ...overrides,
  }
}

export function makeArea(overrides: Partial<Area> = {}): Area {
  return {
    id: areaId(1),
    name: '环翠楼街道',
    kind: 'street',
    sort: 1,
    ...overrides,
  }
}

/** A published lecture next week with sign-up open from `T0`; 30 seats, 10 waitlist places. */
export function makeActivity(overrides: Partial<Activity> = {}): Activity {
  return {
    id: activityId(1),
    title: '科普讲座：海洋与气候',
    type: 'lecture',
    description: '面向社会公众的科普讲座。',
    startAt: at(7 * 24),
    endAt: at(7 * 24 + 2),
    place: '环翠区科技馆报告厅',
    areaId: areaId(1),
    departmentCode: 'kx',
    targetGroups: ['public'],
    actions: [],
    projects: ['project_resources'],
    tags: [],
    capacity: 30,
    waitlistLimit: 10,
    signupOpensAt: T0,
    signupClosesAt: at(7 * 24 - 1),
    status: 'published',
    confirmedCount: 0,
    waitlistCount: 0,
    nextSeq: 1,
    checkoutEnabled: false,
    walkInsAllowed: false,
    attendanceClosedAt: null,
    createdAt: at(-24),
    updatedAt: at(-24),
    ...overrides,
  }
}

export function makePerson(overrides: Partial<Person> = {}): Person {
  return {
    id: personId(1),
    ownerId: userId(1),
    isSelf: true,
    name: '张三',
    birthYear: 1960,
    targetGroup: 'senior',
    areaId: areaId(1),
    phone: null,
    guardianConsentAt: null,
    cardVersion: 0,
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  }
}

/** A confirmed registration; its id follows the activity and person unless given. */
export function makeRegistration(overrides: Partial<Registration> = {}): Registration {
  const activity = overrides.activityId ?? activityId(1)
  const person = overrides.personId ?? personId(1)
  const id: RegistrationId = overrides.id ?? registrationIdFor(activity, person)
  return {
    activityId: activity,
    personId: person,
    ownerId: userId(1),
    createdBy: userId(1),
    status: 'confirmed',
    seq: 1,
    createdAt: T0,
    updatedAt: T0,
    cancelledAt: null,
    promotedAt: null,
    walkIn: false,
    attendance: null,
    checkedInAt: null,
    checkedOutAt: null,
    ...overrides,
    id,
  }
}

/**
 * A ticket check-in of `makeRegistration()` 30 minutes before the activity of `makeActivity()`
 * starts; its id follows the registration and kind unless given.
 */
export function makeCheckIn(overrides: Partial<CheckIn> = {}): CheckIn {
  const registration = overrides.registrationId ?? makeRegistration().id
  const kind = overrides.kind ?? 'in'
  return {
    activityId: activityId(1),
    registrationId: registration,
    personId: personId(1),
    kind,
    method: 'ticket',
    at: at(7 * 24 - 0.5),
    recordedAt: at(7 * 24 - 0.5),
    operatorId: userId('org'),
    deviceId: 'dev-1',
    nonce: 'nonce-1',
    reason: null,
    duplicates: [],
    ...overrides,
    id: overrides.id ?? checkInIdFor(registration, kind),
  }
}

/** A scanner grant for `makeActivity()`'s day, given by an organizer to user 2. */
export function makeGrant(overrides: Partial<ScannerGrant> = {}): ScannerGrant {
  return {
    id: 'grant-0001',
    userId: userId(2),
    activityIds: [activityId(1)],
    validFrom: at(7 * 24 - 3),
    validTo: at(7 * 24 + 4),
    createdBy: userId('org'),
    createdAt: T0,
    ...overrides,
  }
}

/** An unredeemed invite for `makeActivity()`'s day. */
export function makeInvite(overrides: Partial<ScannerInvite> = {}): ScannerInvite {
  return {
    id: 'invite-0001',
    activityIds: [activityId(1)],
    validFrom: at(7 * 24 - 3),
    validTo: at(7 * 24 + 4),
    createdBy: userId('org'),
    createdAt: T0,
    redeemedBy: null,
    redeemedAt: null,
    ...overrides,
  }
}

/**
 * An attendance fact of `makeRegistration()` at `makeActivity()`: checked in 30 minutes before the
 * start. Override `activity` with `activityFacts(makeActivity({...}))` for other activities.
 */
export function makeFact(overrides: Partial<StoredFact> = {}): StoredFact {
  const activity = overrides.activity ?? activityFacts(makeActivity())
  const person = overrides.personId ?? personId(1)
  return {
    registrationId: registrationIdFor(activity.activityId as ActivityId, person as PersonId),
    personId: person,
    personTargetGroup: 'senior',
    at: at(7 * 24 - 0.5),
    ...overrides,
    activity,
  }
}

/** A unique-persons indicator of the 2021–2025 plan without filters or target. */
export function makeIndicator(overrides: Partial<Indicator> = {}): Indicator {
  return {
    id: 'ind-0001',
    planId: 'plan-2021-2025',
    name: '参与人数',
    unit: '人',
    rule: 'unique_persons',
    periodKind: 'plan',
    target: null,
    filters: {},
    countingNote: '规划期内签到参加活动的人数',
    entered: null,
    sort: 1,
    ...overrides,
  }
}

// The closed value lists of the domain's union types, for the adapters that check what they read back
// (server/sqlite, cloud, server/postgres) so no adapter keeps a copy. Each list is checked against its
// type in both directions: a value added to the type and not here fails to compile.

import type { CheckInKind } from './checkin/rules'
import type { CourseStatus } from './courses/rules'
import type { PeriodKind } from './ledger/indicators'
import type { ActivityStatus, Area, Attendance, RegistrationStatus } from './types'

/** `true` only when the list holds exactly the union's values. */
type Exactly<Union, List extends readonly unknown[]> = [Exclude<Union, List[number]>] extends [never] ? ([Exclude<List[number], Union>] extends [never] ? true : false) : false
const exact = <Union>() => <const List extends readonly Union[]>(list: List & (Exactly<Union, List> extends true ? unknown : never)): List => list

export const AREA_KINDS = exact<Area['kind']>()(['town', 'street'])
export const ACTIVITY_STATUSES = exact<ActivityStatus>()(['published', 'cancelled'])
export const REGISTRATION_STATUSES = exact<RegistrationStatus>()(['confirmed', 'waitlisted', 'cancelled'])
/** The statuses that hold a seat or a place on the waitlist. */
export const ACTIVE_REGISTRATION_STATUSES = ['confirmed', 'waitlisted'] as const satisfies readonly RegistrationStatus[]
export const ATTENDANCES = exact<Attendance>()(['attended', 'no_show'])
export const CHECKIN_KINDS = exact<CheckInKind>()(['in', 'out'])
export const PERIOD_KINDS = exact<PeriodKind>()(['plan', 'annual'])
export const COURSE_STATUSES = exact<CourseStatus>()(['published', 'cancelled'])

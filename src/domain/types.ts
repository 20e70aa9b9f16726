import type { PosterRef } from './uploads/rules'
import type { ActivityType, DepartmentCode, PlanAction, PlanProject, TargetGroup } from './catalog'
import type { ActivityId, AreaId, CourseId, PersonId, RegistrationId, UserId } from './ids'
import type { Instant } from './time'

export type Role = 'resident' | 'organizer' | 'admin'
export const ROLES: readonly Role[] = ['resident', 'organizer', 'admin']

/** An account: a WeChat OPENID in the cloud, a demo identity locally. */
export interface User {
  readonly id: UserId
  readonly role: Role
  readonly displayName: string
  /** Organizers act for one unit. */
  readonly departmentCode?: DepartmentCode
  readonly createdAt: Instant
}

/** 镇街: towns and sub-districts, editable by admins. */
export interface Area {
  readonly id: AreaId
  readonly name: string
  readonly kind: 'town' | 'street'
  readonly sort: number
}

export type ActivityStatus = 'published' | 'cancelled'

/** 活动: one dated occurrence. `confirmedCount`/`waitlistCount`/`nextSeq` are kept by the sign-up transaction. */
export interface Activity {
  readonly id: ActivityId
  readonly title: string
  readonly type: ActivityType
  readonly description: string
  readonly startAt: Instant
  readonly endAt: Instant
  readonly place: string
  readonly areaId: AreaId
  readonly departmentCode: DepartmentCode
  readonly targetGroups: readonly TargetGroup[]
  readonly actions: readonly PlanAction[]
  readonly projects: readonly PlanProject[]
  /** Free tags the ledger's indicators count by, e.g. `science_tutor_training` (see ledger/indicators.ts TAGS). */
  readonly tags: readonly string[]
  readonly capacity: number
  /** Maximum waitlist length; 0 means no waitlist. */
  readonly waitlistLimit: number
  readonly signupOpensAt: Instant
  readonly signupClosesAt: Instant
  readonly status: ActivityStatus
  readonly confirmedCount: number
  readonly waitlistCount: number
  /** Next waitlist sequence number; orders the waitlist first come, first served. */
  readonly nextSeq: number
  /** 签退 is recorded too (training hours). */
  readonly checkoutEnabled: boolean
  /** People not signed up may join on the spot (现场报名) through the activity code. */
  readonly walkInsAllowed: boolean
  /** When the organizer finalised attendance (attended / no-show); null before. */
  readonly attendanceClosedAt: Instant | null
  readonly createdAt: Instant
  readonly updatedAt: Instant
  /** The 系列课程 this activity is a lesson (or make-up lesson) of; absent for stand-alone activities. */
  readonly courseId?: CourseId
  /** What organizers set in the app beyond the listing fields (absent on seeded and older activities). */
  readonly details?: ActivityDetails
}

/** An activity's details no query filters by: kept together (one JSON column / one sub-document). */
export interface ActivityDetails {
  readonly address: string
  /** The venue, GCJ-02 (wx.chooseLocation / wx.openLocation); null when not given. */
  readonly location: { readonly latitude: number; readonly longitude: number } | null
  /** Eligibility by age in years; null is no bound. */
  readonly minAge: number | null
  readonly maxAge: number | null
  /** Who created it in the app (null: seeded or unknown). */
  readonly createdBy: UserId | null
  /** The last change of time or place after publishing, as told to everyone signed up. */
  readonly changeNotice: { readonly at: Instant; readonly text: string } | null
  readonly cancelReason: string | null
  readonly cancelledAt: Instant | null
  /** The uploaded poster (uploads/rules.ts), served resized; null when none. Absent in data written before posters. */
  readonly poster?: PosterRef | null
  /** The 点单 wish this activity answers (wishes/rules.ts); absent when none. */
  readonly wishId?: string | null
}

/** 参与人: someone who attends; managed by one account (themselves, or a child managing a parent). */
export interface Person {
  readonly id: PersonId
  readonly ownerId: UserId
  readonly isSelf: boolean
  readonly name: string
  readonly birthYear: number
  readonly targetGroup: TargetGroup
  readonly areaId: AreaId
  readonly phone: string | null
  /** When a guardian consented for a child under 14 (PIPL Art. 31); null when not needed. */
  readonly guardianConsentAt: Instant | null
  /** Version of the printed 签到卡; 0 until one is issued, bumped to revoke the old card. */
  readonly cardVersion: number
  readonly createdAt: Instant
  readonly updatedAt: Instant
}

export type RegistrationStatus = 'confirmed' | 'waitlisted' | 'cancelled'

/** 报名: person × activity. Its id is derived from both, so there is at most one per pair. */
export interface Registration {
  readonly id: RegistrationId
  readonly activityId: ActivityId
  readonly personId: PersonId
  /** The account that manages the person (and may cancel). */
  readonly ownerId: UserId
  /** The account that performed the sign-up. */
  readonly createdBy: UserId
  readonly status: RegistrationStatus
  /** Waitlist order; set when the registration (re)joins the activity. */
  readonly seq: number
  readonly createdAt: Instant
  readonly updatedAt: Instant
  readonly cancelledAt: Instant | null
  readonly promotedAt: Instant | null
  /** Signed up on the spot at the activity (现场报名). */
  readonly walkIn: boolean
  /** Set on check-in (attended) or when attendance is finalised (no_show). */
  readonly attendance: Attendance | null
  readonly checkedInAt: Instant | null
  readonly checkedOutAt: Instant | null
}

export type Attendance = 'attended' | 'no_show'

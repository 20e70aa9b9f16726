import { availability, hasEnded, seatsLeft, signupWindowState } from './activities/rules'
import type { ActivityView, PersonView, RegistrationView } from './contracts'
import type { Instant } from './time'
import type { Activity, Person, Registration } from './types'

/** What a client sees of an activity at `now`; the internal counters stay behind. */
export function toActivityView(a: Activity, areaName: string, now: Instant): ActivityView {
  return {
    id: a.id,
    title: a.title,
    type: a.type,
    description: a.description,
    startAt: a.startAt,
    endAt: a.endAt,
    place: a.place,
    areaId: a.areaId,
    areaName,
    departmentCode: a.departmentCode,
    targetGroups: a.targetGroups,
    actions: a.actions,
    projects: a.projects,
    capacity: a.capacity,
    seatsLeft: seatsLeft(a),
    waitlistLimit: a.waitlistLimit,
    waitlistCount: a.waitlistCount,
    signupOpensAt: a.signupOpensAt,
    signupClosesAt: a.signupClosesAt,
    signupWindow: signupWindowState(a, now),
    availability: availability(a),
    status: a.status,
    ended: hasEnded(a, now),
    ...(a.courseId ? { courseId: a.courseId } : {}),
    address: a.details?.address ?? '',
    location: a.details?.location ?? null,
    changeNotice: a.details?.changeNotice ?? null,
    poster: a.details?.poster ? { url: a.details.poster.url, thumbUrl: a.details.poster.thumbUrl } : null,
    cancelReason: a.details?.cancelReason ?? null,
    minAge: a.details?.minAge ?? null,
    maxAge: a.details?.maxAge ?? null,
    tags: a.tags,
  }
}

/** The person as their manager sees them (full phone: they entered it). */
export const toPersonView = (p: Person): PersonView => ({
  id: p.id,
  isSelf: p.isSelf,
  name: p.name,
  birthYear: p.birthYear,
  targetGroup: p.targetGroup,
  areaId: p.areaId,
  phone: p.phone,
  guardianConsentAt: p.guardianConsentAt,
})

export const toRegistrationView = (r: Registration, personName: string, waitlistPosition: number | null, cancellable: boolean): RegistrationView => ({
  id: r.id,
  activityId: r.activityId,
  personId: r.personId,
  personName,
  status: r.status,
  waitlistPosition: r.status === 'waitlisted' ? waitlistPosition : null,
  createdAt: r.createdAt,
  cancelledAt: r.cancelledAt,
  promotedAt: r.promotedAt,
  cancellable,
})

/** A person record as an admin sees it when looking for duplicates (ledger.findPersons). */
export interface PersonRecordView {
  readonly id: string
  readonly name: string
  readonly birthYear: number
  readonly targetGroup: string
  readonly areaName: string
  readonly phone: string | null
  /** The account managing the record. */
  readonly ownerName: string
  readonly isSelf: boolean
  /** Registrations not cancelled, and how many of them were attended. */
  readonly registrations: number
  readonly attended: number
}

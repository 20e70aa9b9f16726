// Organizers publish and run their own activities (issue 11): what an activity form may hold, the
// review an organizer's activity goes through (草稿 → 待审核 → 已退回 | 已发布), changes after publishing
// (notified to everyone signed up) and cancellation (with a reason; every registration cancelled).
// Pure: `now` and ids are inputs.
//
// Decisions where the plan is silent:
// - An unpublished activity is a draft kept apart from published activities (drafts/port.ts), so no
//   resident listing, sign-up, ticket or ledger count can ever see it. Approval turns it into a
//   published activity under the same id.
// - Editing a draft that waits for review takes it back to 草稿: what the admin reviews is what was submitted.
// - Once anyone is checked in, the time, place and what the activity counts for no longer change (the
//   ledger's facts carry them), and it can no longer be cancelled: cancelling would stop attendance
//   that already counted from counting. An activity that has ended changes no more.

import { ACTIVITY_TAGS, ACTIVITY_TYPES, type ActivityTag, type ActivityType, type DepartmentCode, type PlanAction, type PlanProject, type TargetGroup } from '../catalog'
import { fail, ok, type Failure, type Result } from '../errors'
import type { ActivityId, AreaId, UserId } from '../ids'
import { ms, shanghaiParts, type Instant } from '../time'
import type { Activity, ActivityDetails, Registration, User } from '../types'
import { hasEnded, hasStarted } from './rules'
import type { PosterRef } from '../uploads/rules'

export const ACTIVITY_TITLE_MAX = 30
export const ACTIVITY_DESCRIPTION_MAX = 1000
export const ACTIVITY_PLACE_MAX = 60
export const ACTIVITY_ADDRESS_MAX = 100
export const ACTIVITY_CAPACITY_MAX = 5000
export const ACTIVITY_WAITLIST_MAX = 1000
export const REVIEW_REASON_MAX = 200
export const CANCEL_REASON_MAX = 100
const REASON_MIN = 2
/** An activity lasts at most this long (a day's training; longer series are several activities or a course). */
export const ACTIVITY_HOURS_MAX = 24

/** What the organizer's form holds: every field of an activity an organizer decides. */
export interface ActivityInput {
  readonly title: string
  readonly type: ActivityType
  readonly description: string
  readonly startAt: Instant
  readonly endAt: Instant
  readonly place: string
  readonly address: string
  readonly areaId: AreaId
  /** The venue, GCJ-02 (what wx.chooseLocation returns); null when not given. */
  readonly location: { readonly latitude: number; readonly longitude: number } | null
  readonly capacity: number
  readonly waitlistLimit: number
  readonly signupOpensAt: Instant
  readonly signupClosesAt: Instant
  readonly targetGroups: readonly TargetGroup[]
  /** Eligibility by age in years (null: no bound). */
  readonly minAge: number | null
  readonly maxAge: number | null
  readonly walkInsAllowed: boolean
  readonly checkoutEnabled: boolean
  readonly actions: readonly PlanAction[]
  readonly projects: readonly PlanProject[]
  readonly tags: readonly ActivityTag[]
  readonly departmentCode: DepartmentCode
  /** The uploaded poster (the server re-reads its reference by id); null when none. */
  readonly poster: PosterRef | null
  /**
   * The 点单 wish the activity answers: set by the server from activities.create's `wishId` (never part of a
   * request's form), kept with a draft, and in the published activity's details.
   */
  readonly wishId?: string
}

export type DraftState = 'draft' | 'pending' | 'returned'
export const DRAFT_STATES: readonly DraftState[] = ['draft', 'pending', 'returned']

/** An activity before it is published: 草稿, 待审核 or 已退回 (with the reviewer's reason). */
export interface ActivityDraft {
  /** The id the activity keeps once published. */
  readonly id: ActivityId
  readonly input: ActivityInput
  readonly state: DraftState
  readonly returnReason: string | null
  readonly createdBy: UserId
  readonly createdAt: Instant
  readonly updatedAt: Instant
  readonly submittedAt: Instant | null
  readonly reviewedBy: UserId | null
  readonly reviewedAt: Instant | null
}

/** Each problem of a form, with the field it belongs to, in the form's order (the page shows them all). */
export function activityInputProblems(input: ActivityInput, ctx: { now: Instant; areaIds: readonly string[]; confirmedCount?: number; keepsStart?: boolean }): Failure[] {
  const out: Failure[] = []
  const add = (r: { ok: false; error: Failure }) => out.push(r.error)
  const title = input.title.trim()
  if (title.length < 2 || title.length > ACTIVITY_TITLE_MAX) add(fail('ACTIVITY.TITLE', 'title'))
  if (!ACTIVITY_TYPES.some((t) => t.code === input.type)) add(fail('ACTIVITY.TYPE', 'type'))
  if (input.description.length > ACTIVITY_DESCRIPTION_MAX) add(fail('INPUT.TOO_LONG', 'description', `活动介绍不能超过${ACTIVITY_DESCRIPTION_MAX}字`))
  const start = ms(input.startAt)
  const end = ms(input.endAt)
  if (!ctx.keepsStart && !(start > ms(ctx.now))) add(fail('ACTIVITY.IN_PAST', 'startAt'))
  if (!(end > start)) add(fail('ACTIVITY.TIME', 'endAt'))
  else if (end - start > ACTIVITY_HOURS_MAX * 3_600_000) add(fail('ACTIVITY.TOO_LONG', 'endAt'))
  const place = input.place.trim()
  if (!place || place.length > ACTIVITY_PLACE_MAX) add(fail('ACTIVITY.PLACE', 'place'))
  if (input.address.length > ACTIVITY_ADDRESS_MAX) add(fail('INPUT.TOO_LONG', 'address', `详细地址不能超过${ACTIVITY_ADDRESS_MAX}字`))
  if (!ctx.areaIds.includes(input.areaId)) add(fail('AREA.NOT_FOUND', 'areaId'))
  const loc = input.location
  if (loc && !(Math.abs(loc.latitude) <= 90 && Math.abs(loc.longitude) <= 180)) add(fail('ACTIVITY.LOCATION', 'location'))
  if (!Number.isInteger(input.capacity) || input.capacity < 1 || input.capacity > ACTIVITY_CAPACITY_MAX) add(fail('ACTIVITY.CAPACITY', 'capacity'))
  else if (ctx.confirmedCount !== undefined && input.capacity < ctx.confirmedCount) {
    add(fail('ACTIVITY.CAPACITY_BELOW_CONFIRMED', 'capacity', `已有${ctx.confirmedCount}人报名，名额不能少于${ctx.confirmedCount}`))
  }
  if (!Number.isInteger(input.waitlistLimit) || input.waitlistLimit < 0 || input.waitlistLimit > ACTIVITY_WAITLIST_MAX) add(fail('ACTIVITY.WAITLIST', 'waitlistLimit'))
  if (!(ms(input.signupOpensAt) < ms(input.signupClosesAt)) || ms(input.signupClosesAt) > start) add(fail('ACTIVITY.SIGNUP_WINDOW', 'signupClosesAt'))
  if (input.targetGroups.length === 0) add(fail('ACTIVITY.NO_TARGET_GROUP', 'targetGroups'))
  const age = (v: number | null) => v === null || (Number.isInteger(v) && v >= 0 && v <= 120)
  if (!age(input.minAge) || !age(input.maxAge) || (input.minAge !== null && input.maxAge !== null && input.minAge > input.maxAge)) add(fail('ACTIVITY.AGE_RANGE', 'maxAge'))
  return out
}

/** A series made in one go holds at most this many dates. */
export const SERIES_COUNT_MAX = 12
/** Every week, or every other week. */
export const SERIES_INTERVAL_DAYS = [7, 14] as const
export type SeriesIntervalDays = (typeof SERIES_INTERVAL_DAYS)[number]
export interface SeriesRepeat {
  readonly count: number
  readonly intervalDays: SeriesIntervalDays
}

/**
 * 重复活动: "every Tuesday for 6 weeks" as the forms of separate activities, each its own sign-up and
 * check-in. The first is the form as given; each next one is `intervalDays` later (its start, end and
 * sign-up deadline move with it; sign-up opens for all at once). Shanghai has no daylight saving, so a
 * fixed number of hours keeps the clock time. Attendance that should add up to 结业 is a course instead.
 */
export function seriesInputs(input: ActivityInput, repeat: SeriesRepeat): Result<ActivityInput[]> {
  if (!Number.isInteger(repeat.count) || repeat.count < 2 || repeat.count > SERIES_COUNT_MAX) return fail('ACTIVITY.SERIES', 'repeat')
  if (!SERIES_INTERVAL_DAYS.includes(repeat.intervalDays)) return fail('ACTIVITY.SERIES', 'repeat')
  const step = repeat.intervalDays * 86_400_000
  const moved = (at: Instant, k: number): Instant => new Date(ms(at) + k * step).toISOString()
  return ok(
    Array.from({ length: repeat.count }, (_, k) =>
      k === 0 ? input : { ...input, startAt: moved(input.startAt, k), endAt: moved(input.endAt, k), signupClosesAt: moved(input.signupClosesAt, k) },
    ),
  )
}

/** The first problem of a form as a failure, for the server (the form shows them all). */
export function checkActivityInput(input: ActivityInput, ctx: Parameters<typeof activityInputProblems>[1]): Result<ActivityInput> {
  const [first] = activityInputProblems(input, ctx)
  return first ? { ok: false, error: first } : ok({ ...input, title: input.title.trim(), place: input.place.trim(), address: input.address.trim() })
}

const checkReason = (raw: string, max: number, code: 'ACTIVITY.REVIEW_REASON' | 'ACTIVITY.CANCEL_REASON'): Result<string> => {
  const reason = raw.trim()
  return reason.length < REASON_MIN || reason.length > max ? fail(code, 'reason') : ok(reason)
}

/** A new draft (草稿) of `input`, by an organizer of its unit or an admin. */
export const newDraft = (id: ActivityId, input: ActivityInput, by: UserId, now: Instant): ActivityDraft => ({
  id,
  input,
  state: 'draft',
  returnReason: null,
  createdBy: by,
  createdAt: now,
  updatedAt: now,
  submittedAt: null,
  reviewedBy: null,
  reviewedAt: null,
})

/** An edited draft: a draft waiting for review goes back to 草稿; a returned one stays 已退回 until resubmitted. */
export const editDraft = (draft: ActivityDraft, input: ActivityInput, now: Instant): ActivityDraft => ({
  ...draft,
  input,
  state: draft.state === 'pending' ? 'draft' : draft.state,
  updatedAt: now,
})

/** 提交审核: a draft or a returned draft waits for 区科协. */
export function decideSubmit(draft: ActivityDraft | null, now: Instant): Result<ActivityDraft> {
  if (!draft) return fail('ACTIVITY.NOT_FOUND', 'id')
  if (draft.state === 'pending') return fail('ACTIVITY.ALREADY_SUBMITTED', 'id')
  if (ms(draft.input.startAt) <= ms(now)) return fail('ACTIVITY.IN_PAST', 'startAt')
  return ok({ ...draft, state: 'pending', submittedAt: now, updatedAt: now })
}

/** 区科协's review: approve (the draft becomes a published activity) or return it with a reason. */
export function decideReview(
  draft: ActivityDraft | null,
  decision: { approve: true } | { approve: false; reason: string },
  reviewer: UserId,
  now: Instant,
): Result<{ kind: 'approved'; activity: Activity } | { kind: 'returned'; draft: ActivityDraft }> {
  if (!draft) return fail('ACTIVITY.NOT_FOUND', 'id')
  if (draft.state !== 'pending') return fail('ACTIVITY.NOT_PENDING', 'id')
  if (!decision.approve) {
    const reason = checkReason(decision.reason, REVIEW_REASON_MAX, 'ACTIVITY.REVIEW_REASON')
    if (!reason.ok) return reason
    return ok({ kind: 'returned', draft: { ...draft, state: 'returned', returnReason: reason.value, reviewedBy: reviewer, reviewedAt: now, updatedAt: now } })
  }
  if (ms(draft.input.startAt) <= ms(now)) return fail('ACTIVITY.IN_PAST', 'startAt')
  return ok({ kind: 'approved', activity: publishedActivity(draft.id, draft.input, draft.createdBy, now) })
}

/** A published activity from a form: no seats taken yet. */
export function publishedActivity(id: ActivityId, input: ActivityInput, createdBy: UserId, now: Instant): Activity {
  return {
    id,
    title: input.title,
    type: input.type,
    description: input.description,
    startAt: input.startAt,
    endAt: input.endAt,
    place: input.place,
    areaId: input.areaId,
    departmentCode: input.departmentCode,
    targetGroups: [...input.targetGroups],
    actions: [...input.actions],
    projects: [...input.projects],
    tags: [...input.tags],
    capacity: input.capacity,
    waitlistLimit: input.waitlistLimit,
    signupOpensAt: input.signupOpensAt,
    signupClosesAt: input.signupClosesAt,
    status: 'published',
    confirmedCount: 0,
    waitlistCount: 0,
    nextSeq: 1,
    checkoutEnabled: input.checkoutEnabled,
    walkInsAllowed: input.walkInsAllowed,
    attendanceClosedAt: null,
    createdAt: now,
    updatedAt: now,
    details: { ...detailsOf(input), createdBy, changeNotice: null, cancelReason: null, cancelledAt: null },
  }
}

const detailsOf = (input: ActivityInput): Pick<ActivityDetails, 'address' | 'location' | 'minAge' | 'maxAge' | 'poster' | 'wishId'> => ({
  address: input.address,
  location: input.location,
  minAge: input.minAge,
  maxAge: input.maxAge,
  poster: input.poster,
  ...(input.wishId ? { wishId: input.wishId } : {}),
})

/** The form of an existing activity (to change it, or to copy it into a new draft). */
export function inputOf(a: Activity): ActivityInput {
  const d = a.details
  return {
    title: a.title,
    type: a.type,
    description: a.description,
    startAt: a.startAt,
    endAt: a.endAt,
    place: a.place,
    address: d?.address ?? '',
    areaId: a.areaId,
    location: d?.location ?? null,
    capacity: a.capacity,
    waitlistLimit: a.waitlistLimit,
    signupOpensAt: a.signupOpensAt,
    signupClosesAt: a.signupClosesAt,
    targetGroups: [...a.targetGroups],
    minAge: d?.minAge ?? null,
    maxAge: d?.maxAge ?? null,
    walkInsAllowed: a.walkInsAllowed,
    checkoutEnabled: a.checkoutEnabled,
    actions: [...a.actions],
    projects: [...a.projects],
    tags: a.tags.filter((t): t is ActivityTag => ACTIVITY_TAGS.some((c) => c.code === t)),
    departmentCode: a.departmentCode,
    poster: d?.poster ?? null,
  }
}

/** 10月28日 14:00 */
const when = (at: Instant): string => {
  const { date, time } = shanghaiParts(at)
  const [, m, d] = date.split('-').map(Number)
  return `${m}月${d}日 ${time}`
}

/** What changed for the people signed up, in one line, or null when nothing they planned around changed. */
export function changeNoticeText(before: Activity, after: ActivityInput): string | null {
  const parts: string[] = []
  if (ms(before.startAt) !== ms(after.startAt) || ms(before.endAt) !== ms(after.endAt)) parts.push(`时间改为 ${when(after.startAt)}–${shanghaiParts(after.endAt).time}（原为 ${when(before.startAt)}）`)
  const beforeAddress = before.details?.address ?? ''
  if (before.place !== after.place || beforeAddress !== after.address) parts.push(`地点改为 ${after.place}${after.address ? `（${after.address}）` : ''}（原为 ${before.place}）`)
  return parts.length ? `活动${parts.join('；')}` : null
}

/** Whether a change touches what checked-in attendance already carries into the ledger. */
const touchesLedger = (a: Activity, i: ActivityInput): boolean =>
  ms(a.startAt) !== ms(i.startAt) ||
  ms(a.endAt) !== ms(i.endAt) ||
  a.place !== i.place ||
  a.areaId !== i.areaId ||
  a.type !== i.type ||
  JSON.stringify([...a.tags].sort()) !== JSON.stringify([...i.tags].sort()) ||
  JSON.stringify([...a.actions].sort()) !== JSON.stringify([...i.actions].sort()) ||
  JSON.stringify([...a.projects].sort()) !== JSON.stringify([...i.projects].sort())

/**
 * A change to a published activity. The unit stays the activity's own. Returns the new activity and
 * the notice for everyone signed up or waitlisted (null when the change does not concern them).
 */
export function decideActivityChange(input: { activity: Activity | null; change: ActivityInput; hasAttendance: boolean; now: Instant }): Result<{ activity: Activity; notice: string | null }> {
  const { activity: a, hasAttendance, now } = input
  if (!a) return fail('ACTIVITY.NOT_FOUND', 'id')
  if (a.status === 'cancelled') return fail('ACTIVITY.CANCELLED', 'id')
  if (hasEnded(a, now)) return fail('ACTIVITY.ENDED', 'id')
  const change = { ...input.change, departmentCode: a.departmentCode }
  if (change.capacity < a.confirmedCount) return fail('ACTIVITY.CAPACITY_BELOW_CONFIRMED', 'capacity', `已有${a.confirmedCount}人报名，名额不能少于${a.confirmedCount}`)
  if (hasAttendance && touchesLedger(a, change)) return fail('ACTIVITY.HAS_ATTENDANCE', 'startAt')
  const notice = changeNoticeText(a, change)
  const activity: Activity = {
    ...a,
    title: change.title,
    type: change.type,
    description: change.description,
    startAt: change.startAt,
    endAt: change.endAt,
    place: change.place,
    areaId: change.areaId,
    targetGroups: [...change.targetGroups],
    actions: [...change.actions],
    projects: [...change.projects],
    tags: [...change.tags],
    capacity: change.capacity,
    waitlistLimit: change.waitlistLimit,
    signupOpensAt: change.signupOpensAt,
    signupClosesAt: change.signupClosesAt,
    checkoutEnabled: change.checkoutEnabled,
    walkInsAllowed: change.walkInsAllowed,
    updatedAt: now,
    details: {
      createdBy: a.details?.createdBy ?? null,
      cancelReason: null,
      cancelledAt: null,
      ...a.details,
      ...detailsOf(change),
      changeNotice: notice ? { at: now, text: notice } : (a.details?.changeNotice ?? null),
    },
  }
  return ok({ activity, notice })
}

/**
 * 取消活动, with a reason: before anyone is checked in and before the start, so nothing that counted
 * stops counting. The activity stays visible as 已取消 with the reason; every registration is cancelled
 * (cancelRegistrationOf), which voids its tickets.
 */
export function decideActivityCancel(input: { activity: Activity | null; reason: string; hasAttendance: boolean; now: Instant }): Result<Activity> {
  const { activity: a, hasAttendance, now } = input
  if (!a) return fail('ACTIVITY.NOT_FOUND', 'id')
  if (a.status === 'cancelled') return fail('ACTIVITY.CANCELLED', 'id')
  if (hasStarted(a, now) || hasAttendance) return fail('ACTIVITY.STARTED', 'id')
  const reason = checkReason(input.reason, CANCEL_REASON_MAX, 'ACTIVITY.CANCEL_REASON')
  if (!reason.ok) return reason
  return ok({
    ...a,
    status: 'cancelled',
    confirmedCount: 0,
    waitlistCount: 0,
    updatedAt: now,
    details: { createdBy: null, changeNotice: null, address: '', location: null, minAge: null, maxAge: null, ...a.details, cancelReason: reason.value, cancelledAt: now },
  })
}

/** A registration of a cancelled activity: cancelled too (already cancelled ones stay as they are). */
export const cancelRegistrationOf = (r: Registration, now: Instant): Registration | null =>
  r.status === 'cancelled' ? null : { ...r, status: 'cancelled', cancelledAt: now, updatedAt: now }

/** 草稿 / 待审核 / 已退回 / 已发布 / 进行中 / 已结束 / 已取消, as the organizer's home says it. */
export type OrganizerState = DraftState | 'published' | 'under_way' | 'ended' | 'cancelled'
export const ORGANIZER_STATE_NAMES: Record<OrganizerState, string> = {
  draft: '草稿',
  pending: '待审核',
  returned: '已退回',
  published: '已发布',
  under_way: '进行中',
  ended: '已结束',
  cancelled: '已取消',
}

export function organizerState(x: { draft: ActivityDraft } | { activity: Activity }, now: Instant): OrganizerState {
  if ('draft' in x) return x.draft.state
  const a = x.activity
  if (a.status === 'cancelled') return 'cancelled'
  if (hasEnded(a, now)) return 'ended'
  return hasStarted(a, now) ? 'under_way' : 'published'
}

/** What a 活动变更通知 says, read from the activity when it is sent: the cancellation, else the latest change. */
export function activityNoticeText(a: Activity): string {
  if (a.status === 'cancelled') return `活动已取消${a.details?.cancelReason ? `：${a.details.cancelReason}` : ''}`
  return a.details?.changeNotice?.text ?? '活动信息有变更，请查看活动详情'
}

/** Who may create and run a unit's activities: its organizers, and admins (区科协) for every unit. */
export const organizesUnit = (user: Pick<User, 'role' | 'departmentCode'>, departmentCode: DepartmentCode): boolean =>
  user.role === 'admin' || (user.role === 'organizer' && user.departmentCode === departmentCode)

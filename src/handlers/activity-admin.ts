// The organizer's side of `activities`: create (a draft, or published at once by an admin), update (a
// draft's form, or a published activity, whose sign-ups are told), submit, review (区科协), cancel
// (every registration cancelled and told), the organizer's home list and one form to edit or copy.
// Rules are in domain/activities/editing.ts; this file only reads, decides and writes.

import { DEPARTMENTS, nameOf, type DepartmentCode } from '../domain/catalog'
import type { ActivityDraftRepository } from '../domain/activities/drafts-port'
import {
  ORGANIZER_STATE_NAMES,
  cancelRegistrationOf,
  checkActivityInput,
  seriesInputs,
  type SeriesRepeat,
  decideActivityCancel,
  decideActivityChange,
  decideReview,
  decideSubmit,
  editDraft,
  inputOf,
  newDraft,
  organizerState,
  organizesUnit,
  publishedActivity,
  type ActivityDraft,
  type ActivityInput,
  type OrganizerState,
} from '../domain/activities/editing'
import { schemas } from '../domain/contracts'
import { raise, unwrap } from '../domain/errors'
import { newId, type ActivityId } from '../domain/ids'
import type { Deps, Store } from '../domain/ports'
import { planActivityNotice } from '../domain/reminders/schedule'
import { ms, toInstant, type Instant } from '../domain/time'
import type { Activity, Registration, User } from '../domain/types'
import { areaNames } from './views'
import { promoteWaitlist } from './registrations'
import { arrangeWishOf, wishToAnswer } from './wishes'
import { action, userOf } from './table'

/** Registrations are cancelled and told in transactions of this many (CloudBase keeps transactions small). */
const CASCADE_BATCH = 20
/** The organizer's home lists the unit's activities from this long ago to this far ahead. */
const ORGANIZED_PAST_DAYS = 90
const ORGANIZED_AHEAD_DAYS = 366
const DAY_MS = 86_400_000

/** One row of the organizer's home: a draft or a published activity, with its state in words and live counts. */
export interface OrganizedItem {
  readonly id: ActivityId
  readonly kind: 'draft' | 'activity'
  readonly state: OrganizerState
  readonly stateName: string
  readonly title: string
  readonly startAt: Instant
  readonly endAt: Instant
  readonly place: string
  readonly areaName: string
  readonly departmentCode: DepartmentCode
  readonly departmentName: string
  /** 已退回: why; 已取消: why. */
  readonly returnReason: string | null
  readonly cancelReason: string | null
  readonly counts: { readonly confirmed: number; readonly waitlisted: number; readonly checkedIn: number; readonly capacity: number } | null
  /** A lesson of a 系列课程: changed and cancelled in its course, not here. */
  readonly lesson: boolean
}

/** The form of one draft or activity, to edit it (or copy it into a new draft). */
export interface EditingView {
  readonly id: ActivityId
  readonly kind: 'draft' | 'activity'
  readonly state: OrganizerState
  readonly stateName: string
  readonly input: ActivityInput
  readonly returnReason: string | null
  readonly confirmedCount: number
  /** False once anyone is checked in: time, place and plan attribution are fixed then. */
  readonly planFieldsEditable: boolean
  readonly editable: boolean
}

function draftsOf(deps: Deps): ActivityDraftRepository {
  if (!deps.drafts) throw new Error('drafts port not configured (Deps.drafts)')
  return deps.drafts
}

const requireUnit = (user: User, departmentCode: DepartmentCode): void => {
  if (!organizesUnit(user, departmentCode)) raise('AUTH.FORBIDDEN')
}

async function checkedInCount(store: Store, activityId: ActivityId): Promise<number> {
  return (await store.listCheckInsByActivity(activityId)).filter((c) => c.kind === 'in').length
}

async function checkedInput(deps: Deps, input: ActivityInput, now: Instant, extra: { confirmedCount?: number; keepsStart?: boolean } = {}): Promise<ActivityInput> {
  const areaIds = (await deps.store.listAreas()).map((a) => a.id as string)
  const checked = unwrap(checkActivityInput(input, { now, areaIds, ...extra }))
  // The poster's served addresses come from the poster store, never from the request.
  const poster = input.poster ? ((await deps.posters?.refOf(input.poster.id)) ?? raise('UPLOAD.NOT_FOUND', 'poster')) : null
  return { ...checked, poster }
}

function draftItem(d: ActivityDraft, areaName: (id: string) => string, now: Instant): OrganizedItem {
  const state = organizerState({ draft: d }, now)
  return {
    id: d.id,
    kind: 'draft',
    state,
    stateName: ORGANIZER_STATE_NAMES[state],
    title: d.input.title,
    startAt: d.input.startAt,
    endAt: d.input.endAt,
    place: d.input.place,
    areaName: areaName(d.input.areaId),
    departmentCode: d.input.departmentCode,
    departmentName: nameOf(DEPARTMENTS, d.input.departmentCode),
    returnReason: d.state === 'returned' ? d.returnReason : null,
    cancelReason: null,
    counts: null,
    lesson: false,
  }
}

async function activityItem(store: Store, a: Activity, areaName: (id: string) => string, now: Instant): Promise<OrganizedItem> {
  const state = organizerState({ activity: a }, now)
  return {
    id: a.id,
    kind: 'activity',
    state,
    stateName: ORGANIZER_STATE_NAMES[state],
    title: a.title,
    startAt: a.startAt,
    endAt: a.endAt,
    place: a.place,
    areaName: areaName(a.areaId),
    departmentCode: a.departmentCode,
    departmentName: nameOf(DEPARTMENTS, a.departmentCode),
    returnReason: null,
    cancelReason: a.details?.cancelReason ?? null,
    counts: { confirmed: a.confirmedCount, waitlisted: a.waitlistCount, checkedIn: await checkedInCount(store, a.id), capacity: a.capacity },
    lesson: !!a.courseId,
  }
}

/** Tells everyone signed up or waitlisted (after a change), or cancels and tells them (a cancellation). */
async function cascade(store: Store, activity: Activity, previousStartAt: Instant, cancel: boolean, now: Instant): Promise<number> {
  const regs = (await store.listRegistrationsByActivity(activity.id)).filter((r) => r.status !== 'cancelled')
  for (let i = 0; i < regs.length; i += CASCADE_BATCH) {
    const batch = regs.slice(i, i + CASCADE_BATCH)
    await store.transaction(async (tx) => {
      for (const listed of batch) {
        const current = (await tx.getRegistration(listed.id)) ?? listed
        if (current.status === 'cancelled') continue
        const r: Registration = cancel ? (cancelRegistrationOf(current, now) ?? current) : current
        if (cancel) await tx.putRegistration(r)
        const notice = planActivityNotice(r, previousStartAt, now)
        if (notice) await tx.putReminder(notice)
      }
    })
  }
  return regs.length
}

export const activityAdminHandlers = {
  create: action({
    access: ['organizer', 'admin'],
    input: schemas.activities.create,
    /** The (first) activity created; with `repeat`, `series` lists every one of them, the first included, by date. */
    run: async (input, ctx): Promise<OrganizedItem & { series?: OrganizedItem[] }> => {
      const { store, clock, random } = ctx.deps
      const user = userOf(ctx)
      const now = clock.now()
      requireUnit(user, input.input.departmentCode)
      if (input.publish && user.role !== 'admin') raise('AUTH.FORBIDDEN')
      const checked = await checkedInput(ctx.deps, input.input as ActivityInput, now)
      // 据此创建活动: the wish must exist before anything is written.
      const form = input.wishId ? { ...checked, wishId: (await wishToAnswer(ctx.deps, input.wishId)).id } : checked
      // Every date is checked before any is written: a series is created whole or not at all.
      const forms = input.repeat ? unwrap(seriesInputs(form, input.repeat as SeriesRepeat)).map((f) => unwrap(checkActivityInput(f, { now, areaIds: [f.areaId] }))) : [form]
      const areaName = await areaNames(store)
      const items: OrganizedItem[] = []
      for (const f of forms) {
        const id = newId<ActivityId>('act', random)
        if (input.publish) {
          const activity = publishedActivity(id, f, user.id, now)
          await store.putActivity(activity)
          await arrangeWishOf(ctx.deps, activity, now)
          items.push(await activityItem(store, activity, areaName, now))
        } else {
          const draft = newDraft(id, f, user.id, now)
          await draftsOf(ctx.deps).put(draft)
          items.push(draftItem(draft, areaName, now))
        }
      }
      return input.repeat ? { ...items[0], series: items } : items[0]
    },
  }),
  update: action({
    access: ['organizer', 'admin'],
    input: schemas.activities.update,
    run: async (input, ctx): Promise<OrganizedItem> => {
      const { store, clock } = ctx.deps
      const user = userOf(ctx)
      const now = clock.now()
      const areaName = await areaNames(store)
      const drafts = draftsOf(ctx.deps)
      const draft = await drafts.get(input.id)
      if (draft) {
        requireUnit(user, draft.input.departmentCode)
        // The wish a draft answers stays with it (the form never carries it).
        const form = await checkedInput(ctx.deps, { ...(input.input as ActivityInput), departmentCode: draft.input.departmentCode, ...(draft.input.wishId ? { wishId: draft.input.wishId } : {}) }, now)
        const edited = editDraft(draft, form, now)
        await drafts.put(edited)
        return draftItem(edited, areaName, now)
      }
      const before = (await store.getActivity(input.id)) ?? raise('ACTIVITY.NOT_FOUND', 'id')
      requireUnit(user, before.departmentCode)
      if (before.courseId) raise('ACTIVITY.NOT_EDITABLE', 'id')
      const hasAttendance = (await checkedInCount(store, before.id)) > 0
      const form = await checkedInput(ctx.deps, input.input as ActivityInput, now, { confirmedCount: before.confirmedCount, keepsStart: ms(input.input.startAt) === ms(before.startAt) })
      const changed = await store.transaction(async (tx) => {
        const current = await tx.getActivity(before.id)
        const d = unwrap(decideActivityChange({ activity: current, change: form, hasAttendance, now }))
        await tx.putActivity(d.activity)
        return { ...d, previousStartAt: current!.startAt }
      })
      if (changed.notice) await cascade(store, changed.activity, changed.previousStartAt, false, now)
      // More seats: the waitlist moves up, in order.
      if (changed.activity.capacity > before.capacity) await promoteWaitlist(store, changed.activity.id, now)
      return activityItem(store, (await store.getActivity(before.id)) ?? changed.activity, areaName, now)
    },
  }),
  submit: action({
    access: ['organizer', 'admin'],
    input: schemas.activities.submit,
    run: async (input, ctx): Promise<OrganizedItem> => {
      const user = userOf(ctx)
      const now = ctx.deps.clock.now()
      const drafts = draftsOf(ctx.deps)
      const draft = await drafts.get(input.id)
      if (draft) requireUnit(user, draft.input.departmentCode)
      const submitted = unwrap(decideSubmit(draft, now))
      await drafts.put(submitted)
      return draftItem(submitted, await areaNames(ctx.deps.store), now)
    },
  }),
  review: action({
    access: ['admin'],
    input: schemas.activities.review,
    run: async (input, ctx): Promise<OrganizedItem> => {
      const { store, clock } = ctx.deps
      const user = userOf(ctx)
      const now = clock.now()
      const drafts = draftsOf(ctx.deps)
      const areaName = await areaNames(store)
      const draft = await drafts.get(input.id)
      // Approved already (the draft outlived a crash between the two writes): only the draft is left to remove.
      const published = await store.getActivity(input.id)
      if (published) {
        if (draft) await drafts.delete(input.id)
        await arrangeWishOf(ctx.deps, published, now)
        return activityItem(store, published, areaName, now)
      }
      const d = unwrap(decideReview(draft, input.approve ? { approve: true } : { approve: false, reason: input.reason ?? '' }, user.id, now))
      if (d.kind === 'returned') {
        await drafts.put(d.draft)
        return draftItem(d.draft, areaName, now)
      }
      await store.putActivity(d.activity)
      await arrangeWishOf(ctx.deps, d.activity, now)
      await drafts.delete(input.id)
      return activityItem(store, d.activity, areaName, now)
    },
  }),
  cancel: action({
    access: ['organizer', 'admin'],
    input: schemas.activities.cancel,
    run: async (input, ctx): Promise<OrganizedItem & { told: number }> => {
      const { store, clock } = ctx.deps
      const user = userOf(ctx)
      const now = clock.now()
      const before = (await store.getActivity(input.id)) ?? raise('ACTIVITY.NOT_FOUND', 'id')
      requireUnit(user, before.departmentCode)
      if (before.courseId) raise('ACTIVITY.NOT_EDITABLE', 'id')
      const hasAttendance = (await checkedInCount(store, before.id)) > 0
      const cancelled = await store.transaction(async (tx) => {
        const a = unwrap(decideActivityCancel({ activity: await tx.getActivity(before.id), reason: input.reason, hasAttendance, now }))
        await tx.putActivity(a)
        return a
      })
      const told = await cascade(store, cancelled, before.startAt, true, now)
      return { ...(await activityItem(store, cancelled, await areaNames(store), now)), told }
    },
  }),
  organized: action({
    access: ['organizer', 'admin'],
    input: schemas.activities.organized,
    /** Drafts first (most recently changed), then activities by start, latest first. */
    run: async (input, ctx): Promise<{ items: OrganizedItem[]; departmentCode: DepartmentCode | null }> => {
      const { store, clock } = ctx.deps
      const user = userOf(ctx)
      const now = clock.now()
      const drafts = draftsOf(ctx.deps)
      const areaName = await areaNames(store)
      if (input.state === 'pending') {
        if (user.role !== 'admin') raise('AUTH.FORBIDDEN')
        return { items: (await drafts.listByState('pending')).map((d) => draftItem(d, areaName, now)), departmentCode: null }
      }
      const unit = user.role === 'admin' ? (input.departmentCode ?? null) : (user.departmentCode ?? raise('AUTH.FORBIDDEN'))
      if (unit && user.role !== 'admin' && unit !== user.departmentCode) raise('AUTH.FORBIDDEN')
      const units = unit ? [unit] : DEPARTMENTS.map((d) => d.code)
      const from = toInstant(ms(now) - ORGANIZED_PAST_DAYS * DAY_MS)
      const to = toInstant(ms(now) + ORGANIZED_AHEAD_DAYS * DAY_MS)
      const draftItems = (await Promise.all(units.map((u) => drafts.listByUnit(u)))).flat().map((d) => draftItem(d, areaName, now))
      const activities = (await Promise.all(units.map((u) => store.listActivitiesByDepartment(u, from, to)))).flat().sort((a, b) => ms(b.startAt) - ms(a.startAt))
      const activityItems = await Promise.all(activities.map((a) => activityItem(store, a, areaName, now)))
      return { items: [...draftItems, ...activityItems], departmentCode: unit }
    },
  }),
  editing: action({
    access: ['organizer', 'admin'],
    input: schemas.activities.editing,
    run: async (input, ctx): Promise<EditingView> => {
      const { store, clock } = ctx.deps
      const user = userOf(ctx)
      const now = clock.now()
      const draft = await draftsOf(ctx.deps).get(input.id)
      if (draft) {
        requireUnit(user, draft.input.departmentCode)
        const state = organizerState({ draft }, now)
        return { id: draft.id, kind: 'draft', state, stateName: ORGANIZER_STATE_NAMES[state], input: draft.input, returnReason: draft.returnReason, confirmedCount: 0, planFieldsEditable: true, editable: true }
      }
      const a = (await store.getActivity(input.id)) ?? raise('ACTIVITY.NOT_FOUND', 'id')
      requireUnit(user, a.departmentCode)
      const state = organizerState({ activity: a }, now)
      return {
        id: a.id,
        kind: 'activity',
        state,
        stateName: ORGANIZER_STATE_NAMES[state],
        input: inputOf(a),
        returnReason: null,
        confirmedCount: a.confirmedCount,
        planFieldsEditable: (await checkedInCount(store, a.id)) === 0,
        editable: state === 'published' && !a.courseId,
      }
    },
  }),
}

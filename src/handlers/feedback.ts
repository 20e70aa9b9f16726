// Cloud function `feedback` (评单): the account that manages an attended registration rates it 1–5
// with an optional comment (feedback.submit, read back with feedback.get); organizers read what was
// said about their unit's activities and the admin about any unit's, per activity, per unit and per
// project of the plan (feedback.summary). Rules: domain/feedback/rules.ts; storage: the feedback port.

import { DEPARTMENTS, PLAN_PROJECTS, nameOf, type DepartmentCode } from '../domain/catalog'
import { organizesActivity } from '../domain/checkin/rules'
import { raise, unwrap } from '../domain/errors'
import type { FeedbackScope } from '../domain/feedback/port'
import {
  averageOf,
  decideFeedback,
  editableUntil,
  feedbackAllowed,
  satisfiedPercent,
  tallyCount,
  type Feedback,
  type RatingTally,
} from '../domain/feedback/rules'
import {
  feedbackSchemas,
  type FeedbackActivityRow,
  type FeedbackFormView,
  type FeedbackSummaryView,
  type FeedbackView,
  type TallyView,
} from '../domain/feedback/schemas'
import type { ActivityId } from '../domain/ids'
import { feedbackRepositoryOf, type Store } from '../domain/ports'
import type { Activity, Registration, User } from '../domain/types'
import { action, userOf, type Ctx } from './table'

/** The summary shows this many of the latest comments and of the most rated activities. */
const COMMENTS_SHOWN = 50
const ACTIVITIES_SHOWN = 50
/** Shown when the person of a registration no longer exists. */
const GONE_PERSON_NAME = '已删除的参与人'

const viewOf = (f: Feedback): FeedbackView => ({
  registrationId: f.id,
  rating: f.rating,
  comment: f.comment,
  createdAt: f.createdAt,
  updatedAt: f.updatedAt,
  editableUntil: editableUntil(f.createdAt),
})

const tallyView = (t: RatingTally): TallyView => ({ count: tallyCount(t), average: averageOf(t), satisfiedPercent: satisfiedPercent(t), distribution: t })

/** The registration and its activity, when the caller manages it; refused as not found otherwise. */
async function ownRegistration(store: Store, user: User, id: Registration['id']): Promise<{ registration: Registration; activity: Activity }> {
  const registration = await store.getRegistration(id)
  // Someone else's registration reads as missing: its existence is not the caller's business.
  if (!registration || registration.ownerId !== user.id) return raise('REGISTRATION.NOT_FOUND')
  const activity = await store.getActivity(registration.activityId)
  if (!activity) return raise('ACTIVITY.NOT_FOUND')
  return { registration, activity }
}

/** What the caller may read: one activity they organize, their unit, or (the admin) any unit or all. */
async function scopeFor(ctx: Ctx, input: { activityId?: ActivityId; departmentCode?: string }): Promise<{ scope: FeedbackScope; label: string; unit: DepartmentCode | null; activity: Activity | null }> {
  const user = userOf(ctx)
  const { store } = ctx.deps
  if (input.departmentCode !== undefined && !DEPARTMENTS.some((d) => d.code === input.departmentCode)) return raise('STAFF.UNKNOWN_UNIT', 'departmentCode')
  const asked = input.departmentCode as DepartmentCode | undefined
  if (user.role !== 'admin' && asked !== undefined && asked !== user.departmentCode) return raise('AUTH.FORBIDDEN')
  if (input.activityId) {
    const activity = await store.getActivity(input.activityId)
    if (!activity) return raise('ACTIVITY.NOT_FOUND', 'activityId')
    if (!organizesActivity(user, activity)) return raise('AUTH.FORBIDDEN')
    return { scope: { activityId: activity.id }, label: activity.title, unit: activity.departmentCode, activity }
  }
  const unit = user.role === 'admin' ? (asked ?? null) : (user.departmentCode ?? raise('AUTH.FORBIDDEN'))
  return unit ? { scope: { departmentCode: unit }, label: nameOf(DEPARTMENTS, unit), unit, activity: null } : { scope: {}, label: '全区', unit: null, activity: null }
}

export const feedbackHandlers = {
  get: action({
    access: 'signedIn',
    input: feedbackSchemas.get,
    run: async (input, ctx): Promise<FeedbackFormView> => {
      const user = userOf(ctx)
      const { store, clock } = ctx.deps
      const { registration, activity } = await ownRegistration(store, user, input.registrationId)
      const [existing, person] = await Promise.all([feedbackRepositoryOf(ctx.deps).get(registration.id), store.getPerson(registration.personId)])
      const allowed = feedbackAllowed({ actor: user, registration, activity, existing, now: clock.now() })
      return {
        registrationId: registration.id,
        activityId: activity.id,
        activityTitle: activity.title,
        startAt: activity.startAt,
        personName: person?.name ?? GONE_PERSON_NAME,
        feedback: existing ? viewOf(existing) : null,
        canRate: allowed.ok,
        reason: allowed.ok ? null : allowed.error.message,
      }
    },
  }),
  submit: action({
    access: 'signedIn',
    input: feedbackSchemas.submit,
    run: async (input, ctx): Promise<FeedbackView> => {
      const user = userOf(ctx)
      const { store, clock } = ctx.deps
      const feedback = feedbackRepositoryOf(ctx.deps)
      const { registration, activity } = await ownRegistration(store, user, input.registrationId)
      const existing = await feedback.get(registration.id)
      const decided = unwrap(decideFeedback({ actor: user, registration, activity, existing, rating: input.rating, comment: input.comment, now: clock.now() }))
      await feedback.put(decided)
      return viewOf(decided)
    },
  }),
  summary: action({
    access: ['organizer', 'admin'],
    input: feedbackSchemas.summary,
    run: async (input, ctx): Promise<FeedbackSummaryView> => {
      const { store } = ctx.deps
      const feedback = feedbackRepositoryOf(ctx.deps)
      const { scope, label, unit, activity } = await scopeFor(ctx, input)
      const [total, latest, perActivity, perProject] = await Promise.all([
        feedback.tally(scope),
        feedback.comments(scope, COMMENTS_SHOWN),
        activity ? Promise.resolve([]) : feedback.tallyByActivity(unit ?? undefined),
        input.byProject
          ? Promise.all(PLAN_PROJECTS.map(async (p) => ({ project: p.code, name: p.name, ...tallyView(await feedback.tally(unit ? { project: p.code, departmentCode: unit } : { project: p.code })) })))
          : Promise.resolve([]),
      ])
      const mostRated = [...perActivity].sort((a, b) => tallyCount(b.tally) - tallyCount(a.tally) || (a.activityId < b.activityId ? -1 : 1)).slice(0, ACTIVITIES_SHOWN)
      const activities = await store.getActivities([...new Set([...mostRated.map((r) => r.activityId), ...latest.map((f) => f.activityId)])])
      const byId = new Map(activities.map((a) => [a.id as string, a]))
      if (activity) byId.set(activity.id, activity)
      const rows: FeedbackActivityRow[] = mostRated.flatMap((r) => {
        const a = byId.get(r.activityId)
        return a ? [{ activityId: a.id, title: a.title, startAt: a.startAt, ...tallyView(r.tally) }] : []
      })
      return {
        label,
        departmentCode: unit,
        total: tallyView(total),
        comments: latest.map((f) => ({ rating: f.rating, comment: f.comment ?? '', at: f.updatedAt, activityId: f.activityId, activityTitle: byId.get(f.activityId)?.title ?? '' })),
        activities: rows,
        projects: perProject,
      }
    },
  }),
}

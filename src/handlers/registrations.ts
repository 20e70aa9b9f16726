import { waitlistOwedSeats } from '../domain/activities/rules'
import { feedbackAllowed } from '../domain/feedback/rules'
import { schemas, type MyRegistrationView, type RegistrationView } from '../domain/contracts'
import { unwrap } from '../domain/errors'
import { checkManages } from '../domain/persons/rules'
import type { Store } from '../domain/ports'
import { decideCancel, decidePromotion, decideSignUp } from '../domain/registrations/rules'
import { registrationIdFor, type ActivityId } from '../domain/ids'
import { activityViews, registrationViews } from './views'
// Re-exported for the reminder scheduler, which imports it from here.
export { DELETED_PERSON_NAME } from './views'
import { action, userOf } from './table'
import { planPromotionNotice } from '../domain/reminders/schedule'
import { requirePrivacyAgreed } from './privacy-guard'
import { checkSignUpConsent } from '../domain/persons/rules'
import type { Instant } from '../domain/time'

/** A cancellation frees one seat; a few extra rounds cover heads that went stale meanwhile. */
const PROMOTION_ROUNDS_MAX = 5

/**
 * Gives free seats to the waitlist in order. Each promotion re-reads the activity and the candidate
 * inside a transaction, so two cancellations never promote the same person or overfill the activity.
 */
export async function promoteWaitlist(store: Store, activityId: ActivityId, now: Instant): Promise<number> {
  let promoted = 0
  for (let round = 0; round < PROMOTION_ROUNDS_MAX; round++) {
    const head = await store.firstWaitlisted(activityId)
    if (!head) break
    const outcome = await store.transaction(async (tx) => {
      const activity = await tx.getActivity(activityId)
      if (!activity) return 'stop' as const
      const candidate = await tx.getRegistration(head.id)
      const t = decidePromotion({ activity, candidate, now })
      if (!t) return candidate?.status === 'waitlisted' ? ('stop' as const) : ('stale' as const)
      await tx.putActivity(t.activity)
      await tx.putRegistration(t.registration)
      // The promotion notice, in the same transaction: one per registration (derived id).
      const notice = planPromotionNotice(t.registration, t.activity, now)
      if (notice && !(await tx.getReminder(notice.id))) await tx.putReminder(notice)
      return 'promoted' as const
    })
    if (outcome === 'stop') break
    if (outcome === 'promoted') promoted++
  }
  return promoted
}

export const registrationsHandlers = {
  signUp: action({
    access: 'signedIn',
    input: schemas.registrations.signUp,
    run: async (input, ctx): Promise<RegistrationView> => {
      const { store, clock } = ctx.deps
      const user = userOf(ctx)
      const now = clock.now()
      const person = unwrap(checkManages(await store.getPerson(input.personId), user.id))
      await requirePrivacyAgreed(store, user.id)
      unwrap(checkSignUpConsent(person, now))
      const t = await store.transaction(async (tx) => {
        const activity = await tx.getActivity(input.activityId)
        const existing = activity ? await tx.getRegistration(registrationIdFor(activity.id, person.id)) : null
        const decided = unwrap(decideSignUp({ activity, person, existing, actorId: user.id, now }))
        await tx.putActivity(decided.activity)
        await tx.putRegistration(decided.registration)
        return decided
      })
      // Free seats while others wait (e.g. after an interrupted promotion) go to the waitlist in order;
      // only then may this registration have changed since the transaction (it may have been promoted).
      const promoted = waitlistOwedSeats(t.activity) ? await promoteWaitlist(store, t.activity.id, now) : 0
      const fresh = promoted > 0 ? ((await store.getRegistration(t.registration.id)) ?? t.registration) : t.registration
      const [view] = await registrationViews(store, [fresh], [person], [t.activity], now)
      return view
    },
  }),
  cancel: action({
    access: 'signedIn',
    input: schemas.registrations.cancel,
    run: async (input, ctx): Promise<{ registration: RegistrationView; promoted: number }> => {
      const { store, clock } = ctx.deps
      const user = userOf(ctx)
      const now = clock.now()
      const cancelled = await store.transaction(async (tx) => {
        const registration = await tx.getRegistration(input.registrationId)
        const activity = registration ? await tx.getActivity(registration.activityId) : null
        const t = unwrap(decideCancel({ registration, activity, actorId: user.id, actorIsAdmin: user.role === 'admin', now }))
        await tx.putActivity(t.activity)
        await tx.putRegistration(t.registration)
        return t.registration
      })
      const promoted = await promoteWaitlist(store, cancelled.activityId, now)
      const persons = await store.listPersonsByOwner(cancelled.ownerId)
      const [view] = await registrationViews(store, [cancelled], persons, [], now)
      return { registration: view, promoted }
    },
  }),
  listMine: action({
    access: 'signedIn',
    input: schemas.registrations.listMine,
    /** Upcoming first (soonest first), then past (latest first). */
    run: async (_input, ctx): Promise<MyRegistrationView[]> => {
      const { store, clock } = ctx.deps
      const user = userOf(ctx)
      const now = clock.now()
      const [regs, persons] = await Promise.all([store.listRegistrationsByOwner(user.id), store.listPersonsByOwner(user.id)])
      const activities = await store.getActivities([...new Set(regs.map((r) => r.activityId))])
      const byId = new Map((await activityViews(store, activities, now)).map((a) => [a.id as string, a]))
      const views = await registrationViews(store, regs, persons, activities, now)
      // 评单: whether each attended registration can be rated now, and its rating so far.
      const attended = regs.filter((r) => r.attendance === 'attended')
      const ratings = new Map(((await ctx.deps.feedback?.getMany(attended.map((r) => r.id))) ?? []).map((f) => [f.id as string, f]))
      const activityOf = new Map(activities.map((a) => [a.id as string, a]))
      const feedbackOf = (id: string): MyRegistrationView['feedback'] => {
        const r = attended.find((g) => g.id === id)
        const activity = r && activityOf.get(r.activityId)
        if (!r || !activity || !ctx.deps.feedback) return null
        const existing = ratings.get(r.id) ?? null
        return { rating: existing?.rating ?? null, canRate: feedbackAllowed({ actor: user, registration: r, activity, existing, now }).ok }
      }
      return views
        .filter((v) => byId.has(v.activityId))
        .map((v) => ({ ...v, activity: byId.get(v.activityId)!, feedback: feedbackOf(v.id) }))
        .sort((a, b) =>
          a.activity.ended !== b.activity.ended
            ? Number(a.activity.ended) - Number(b.activity.ended)
            : a.activity.ended
              ? b.activity.startAt.localeCompare(a.activity.startAt)
              : a.activity.startAt.localeCompare(b.activity.startAt),
        )
    },
  }),
}

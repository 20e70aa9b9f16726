import { buildActivityQuery } from '../domain/activities/query'
import { schemas, type ActivityView, type RegistrationView } from '../domain/contracts'
import { raise } from '../domain/errors'
import { registrationIdFor } from '../domain/ids'
import { ACTIVITY_PAGE, activityScene, activitySharePath } from '../domain/activities/share'
import { base64url } from '../domain/checkin/codes'
import { activityViews, registrationViews } from './views'
import { action } from './table'

export const DEFAULT_PAGE_SIZE = 10

/** A share poster: the activity in brief and how to open it (a mini-program code in WeChat, the page's link elsewhere). */
export interface SharePosterView {
  readonly activity: ActivityView
  /** The page a share opens. */
  readonly path: string
  readonly scene: string | null
  /** base64url PNG of the mini-program code, when the platform can render one. */
  readonly image: string | null
}

export const activitiesHandlers = {
  list: action({
    access: 'public',
    input: schemas.activities.list,
    run: async (input, ctx): Promise<{ items: ActivityView[]; total: number; offset: number }> => {
      const { store, clock } = ctx.deps
      const now = clock.now()
      const offset = input.offset ?? 0
      const page = await store.listActivities(buildActivityQuery(input.filter ?? {}, now, offset, input.limit ?? DEFAULT_PAGE_SIZE))
      return { items: await activityViews(store, page.items, now), total: page.total, offset }
    },
  }),
  sharePoster: action({
    access: 'public',
    input: schemas.activities.sharePoster,
    run: async (input, ctx): Promise<SharePosterView> => {
      const { store, clock, miniProgramCode } = ctx.deps
      const activity = (await store.getActivity(input.id)) ?? raise('ACTIVITY.NOT_FOUND', 'id')
      const [view] = await activityViews(store, [activity], clock.now())
      const scene = activityScene(activity.id)
      const image = scene && miniProgramCode ? base64url(await miniProgramCode(scene, ACTIVITY_PAGE)) : null
      return { activity: view, path: activitySharePath(activity.id), scene, image }
    },
  }),
  get: action({
    access: 'public',
    input: schemas.activities.get,
    /** The activity, plus the caller's own registrations for it (one per managed person). */
    run: async (input, ctx): Promise<{ activity: ActivityView; mine: RegistrationView[] }> => {
      const { store, clock } = ctx.deps
      const activity = await store.getActivity(input.id)
      // A cancelled activity stays visible, so the people signed up for it can see that it was cancelled.
      if (!activity) return raise('ACTIVITY.NOT_FOUND', 'id')
      const now = clock.now()
      const [view] = await activityViews(store, [activity], now)
      if (!ctx.user) return { activity: view, mine: [] }
      const persons = await store.listPersonsByOwner(ctx.user.id)
      const regs = (await Promise.all(persons.map((p) => store.getRegistration(registrationIdFor(activity.id, p.id))))).filter(
        (r) => r !== null,
      )
      return { activity: view, mine: await registrationViews(store, regs, persons, [activity], now) }
    },
  }),
}

import { buildActivityQuery } from '../domain/activities/query'
import { schemas, type ActivityView, type RegistrationView } from '../domain/contracts'
import { raise } from '../domain/errors'
import { registrationIdFor } from '../domain/ids'
import type { Store } from '../domain/ports'
import type { Activity, Area } from '../domain/types'
import { toActivityView } from '../domain/views'
import { registrationViews } from './registrations'
import { action } from './table'

export const DEFAULT_PAGE_SIZE = 10

/** Area names for activity views, read once per request. */
export async function areaNames(store: Store): Promise<(id: string) => string> {
  const areas: Area[] = await store.listAreas()
  const byId = new Map(areas.map((a) => [a.id as string, a.name]))
  return (id) => byId.get(id) ?? ''
}

export const activityViews = async (store: Store, activities: Activity[], now: string): Promise<ActivityView[]> => {
  const name = await areaNames(store)
  return activities.map((a) => toActivityView(a, name(a.areaId), now))
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

// Read-side helpers shared by the handlers: activity and registration views with their names.
// Kept apart from the handler tables so that no handler file imports another's table (activities and
// registrations used to import each other).

import type { ActivityView, RegistrationView } from '../domain/contracts'
import type { Instant } from '../domain/time'
import type { Store } from '../domain/ports'
import type { Activity, Area, Person, Registration } from '../domain/types'
import { isCancellable } from '../domain/registrations/rules'
import { toActivityView, toRegistrationView } from '../domain/views'

/** Shown for a person whose record was deleted (their registrations and check-ins stay, anonymized). */
export const DELETED_PERSON_NAME = '（已删除的参与人）'

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

/** Views with person names, live waitlist positions and whether each can still be cancelled. */
export async function registrationViews(
  store: Store,
  regs: Registration[],
  persons: Person[],
  activities: readonly Activity[],
  now: Instant,
): Promise<RegistrationView[]> {
  const names = new Map(persons.map((p) => [p.id as string, p.name]))
  const byId = new Map(activities.map((a) => [a.id as string, a]))
  return Promise.all(
    regs.map(async (r) =>
      toRegistrationView(
        r,
        names.get(r.personId) ?? DELETED_PERSON_NAME,
        r.status === 'waitlisted' ? (await store.countWaitlistedBefore(r.activityId, r.seq)) + 1 : null,
        byId.has(r.activityId) ? isCancellable(r, byId.get(r.activityId)!, now) : false,
      ),
    ),
  )
}

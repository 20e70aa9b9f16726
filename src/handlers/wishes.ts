// Cloud function `wishes` (点单): a signed-in resident suggests a topic they want an activity on (what,
// for whom, which town), others add their support (我也想要, idempotent), and everyone, anonymous
// visitors included, reads the list by support. Organizers answer a wish by creating an activity from it
// (activities.create with `wishId`); once that activity is published the wish shows 已安排 with a link.
// Rules: domain/wishes/rules.ts; storage: the wishes port. Who suggested a wish is never shown.

import { TARGET_GROUPS, nameOf } from '../domain/catalog'
import { raise, unwrap } from '../domain/errors'
import { newId, type AreaId } from '../domain/ids'
import { wishRepositoryOf, type Deps } from '../domain/ports'
import type { Instant } from '../domain/time'
import type { Activity, User } from '../domain/types'
import { decideWish, wishStatus, wishWindowStart, WISH_STATUS_NAMES, type Wish, type WishId } from '../domain/wishes/rules'
import { WISHES_PAGE_SIZE, wishSchemas, type WishListView, type WishView } from '../domain/wishes/schemas'
import { areaNames } from './views'
import { action, userOf, type Ctx } from './table'

/** Where no town or street was named. */
const WHOLE_DISTRICT = '全区'

const canArrange = (user: User | null): boolean => user?.role === 'organizer' || user?.role === 'admin'

/** The caller's view of these wishes: names, their own support, and the activity that answers each. */
async function viewsOf(ctx: Ctx, wishes: readonly Wish[]): Promise<WishView[]> {
  const { store } = ctx.deps
  const repo = wishRepositoryOf(ctx.deps)
  const user = ctx.user
  const [areaName, supported, activities] = await Promise.all([
    areaNames(store),
    user ? repo.supportedBy(user.id, wishes.map((w) => w.id)) : Promise.resolve(new Set<WishId>()),
    Promise.all(wishes.map((w) => (w.arranged ? store.getActivity(w.arranged.activityId) : Promise.resolve(null)))),
  ])
  return wishes.map((w, i): WishView => {
    const status = wishStatus(w)
    const activity: Activity | null = activities[i]
    return {
      id: w.id,
      title: w.title,
      detail: w.detail,
      targetGroup: w.targetGroup,
      targetGroupName: nameOf(TARGET_GROUPS, w.targetGroup),
      areaId: w.areaId,
      areaName: w.areaId ? areaName(w.areaId) || WHOLE_DISTRICT : WHOLE_DISTRICT,
      createdAt: w.createdAt,
      supportCount: w.supportCount,
      supportedByMe: supported.has(w.id),
      mine: !!user && w.createdBy === user.id,
      status,
      statusName: WISH_STATUS_NAMES[status],
      arranged: w.arranged ? { activityId: w.arranged.activityId, title: activity?.title ?? '', startAt: activity?.startAt ?? w.arranged.at } : null,
    }
  })
}

/** The wish an activity being created answers; WISH.NOT_FOUND (nothing written yet) when it does not exist. */
export async function wishToAnswer(deps: Deps, id: WishId): Promise<Wish> {
  return (await wishRepositoryOf(deps).get(id)) ?? raise('WISH.NOT_FOUND', 'wishId')
}

/** A published activity answers the wish it was created from: the wish shows 已安排 (its first answer kept). */
export async function arrangeWishOf(deps: Deps, activity: Activity, now: Instant): Promise<void> {
  const wishId = activity.details?.wishId
  if (wishId && activity.status === 'published') await wishRepositoryOf(deps).markArranged(wishId, activity.id, now)
}

export const wishesHandlers = {
  create: action({
    access: 'signedIn',
    input: wishSchemas.create,
    run: async (input, ctx): Promise<WishView> => {
      const { store, clock, random } = ctx.deps
      const repo = wishRepositoryOf(ctx.deps)
      const user = userOf(ctx)
      const now = clock.now()
      const areaId = (input.areaId ?? null) as AreaId | null
      const [areaKnown, recentByActor] = await Promise.all([
        areaId ? store.getArea(areaId).then((a) => a !== null) : Promise.resolve(true),
        repo.countCreatedSince(user.id, wishWindowStart(now)),
      ])
      const wish = unwrap(
        decideWish({ id: newId<WishId>('wsh', random), actor: user, title: input.title, detail: input.detail, targetGroup: input.targetGroup, areaId, areaKnown, recentByActor, now }),
      )
      await repo.create(wish)
      return (await viewsOf(ctx, [wish]))[0]
    },
  }),
  support: action({
    access: 'signedIn',
    input: wishSchemas.support,
    /** 我也想要: counted once per account; a second tap changes nothing and answers the same. */
    run: async (input, ctx): Promise<WishView> => {
      const repo = wishRepositoryOf(ctx.deps)
      const user = userOf(ctx)
      if (!(await repo.get(input.id))) raise('WISH.NOT_FOUND', 'id')
      await repo.addSupport(input.id, user.id, ctx.deps.clock.now())
      const wish = (await repo.get(input.id)) ?? raise('WISH.NOT_FOUND', 'id')
      return (await viewsOf(ctx, [wish]))[0]
    },
  }),
  get: action({
    access: 'public',
    input: wishSchemas.get,
    run: async (input, ctx): Promise<WishView> => {
      const wish = (await wishRepositoryOf(ctx.deps).get(input.id)) ?? raise('WISH.NOT_FOUND', 'id')
      return (await viewsOf(ctx, [wish]))[0]
    },
  }),
  list: action({
    access: 'public',
    input: wishSchemas.list,
    run: async (input, ctx): Promise<WishListView> => {
      const offset = input.offset ?? 0
      const page = await wishRepositoryOf(ctx.deps).list({ limit: WISHES_PAGE_SIZE, offset })
      return { items: await viewsOf(ctx, page.items), total: page.total, offset, canArrange: canArrange(ctx.user) }
    },
  }),
}

// 点单: a resident suggests a topic they would like an activity on (what, for whom, which town); others
// add their support; organizers see the wishes by support and answer one by creating an activity from
// it, which then shows on the wish as 已安排 once it is published. Pure rules; handlers/wishes.ts stores
// what these decide through the wishes port.

import { TARGET_GROUPS, type TargetGroup } from '../catalog'
import { fail, ok, type Result } from '../errors'
import type { ActivityId, AreaId, UserId } from '../ids'
import { ms, toInstant, type Instant } from '../time'
import type { User } from '../types'

export const WISH_TITLE_MIN_CHARS = 2
export const WISH_TITLE_MAX_CHARS = 40
export const WISH_DETAIL_MAX_CHARS = 300
/** A resident may suggest at most this many topics in 24 hours (a guard against flooding the list). */
export const WISHES_PER_DAY_MAX = 5
const DAY_MS = 86_400_000

export type WishId = string & { readonly __wish?: never }

export interface Wish {
  readonly id: WishId
  readonly title: string
  readonly detail: string | null
  /** For whom: one of the plan's target groups. */
  readonly targetGroup: TargetGroup
  /** Which town or street; null for anywhere in the district. */
  readonly areaId: AreaId | null
  /** Who suggested it (never shown to others); null once that account was deleted. */
  readonly createdBy: UserId | null
  readonly createdAt: Instant
  /** Residents who want it, the suggester included. */
  readonly supportCount: number
  /** The published activity that answers it. */
  readonly arranged: { readonly activityId: ActivityId; readonly at: Instant } | null
}

export type WishStatus = 'open' | 'arranged'
export const WISH_STATUS_NAMES: Record<WishStatus, string> = { open: '征集中', arranged: '已安排' }
export const wishStatus = (w: Pick<Wish, 'arranged'>): WishStatus => (w.arranged ? 'arranged' : 'open')

/** The start of the 24 hours whose suggestions count against WISHES_PER_DAY_MAX; one exactly 24 hours old no longer counts. */
export const wishWindowStart = (now: Instant): Instant => toInstant(ms(now) - DAY_MS + 1)

/** A new wish, supported by its suggester, or why not. */
export function decideWish(input: {
  readonly id: WishId
  readonly actor: User
  readonly title: string
  readonly detail?: string | null
  readonly targetGroup: string
  readonly areaId?: AreaId | null
  /** Whether `areaId` names a town or street the district has. */
  readonly areaKnown: boolean
  /** How many the actor suggested in the last 24 hours. */
  readonly recentByActor: number
  readonly now: Instant
}): Result<Wish> {
  const title = input.title.trim()
  const titleChars = [...title].length
  if (titleChars < WISH_TITLE_MIN_CHARS || titleChars > WISH_TITLE_MAX_CHARS) return fail('WISH.TITLE', 'title')
  const detail = (input.detail ?? '').trim()
  if ([...detail].length > WISH_DETAIL_MAX_CHARS) return fail('WISH.DETAIL', 'detail')
  if (!TARGET_GROUPS.some((g) => g.code === input.targetGroup)) return fail('WISH.TARGET_GROUP', 'targetGroup')
  if (input.areaId && !input.areaKnown) return fail('AREA.NOT_FOUND', 'areaId')
  if (input.recentByActor >= WISHES_PER_DAY_MAX) return fail('WISH.TOO_MANY')
  return ok({
    id: input.id,
    title,
    detail: detail === '' ? null : detail,
    targetGroup: input.targetGroup as TargetGroup,
    areaId: input.areaId ?? null,
    createdBy: input.actor.id,
    createdAt: input.now,
    supportCount: 1,
    arranged: null,
  })
}

/** Wishes as organizers see them: open ones first, most supported first, then newest, then by id. */
export function compareWishes(a: Wish, b: Wish): number {
  if (!!a.arranged !== !!b.arranged) return a.arranged ? 1 : -1
  if (a.supportCount !== b.supportCount) return b.supportCount - a.supportCount
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

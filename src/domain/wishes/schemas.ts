// Request schemas of the `wishes` function's actions, and the views they return.

import { z } from 'zod'
import { ID_PATTERN, type ActivityId, type AreaId } from '../ids'
import type { Instant } from '../time'
import { WISH_DETAIL_MAX_CHARS, WISH_TITLE_MAX_CHARS, type WishId, type WishStatus } from './rules'

const id = <T extends string>() =>
  z
    .string({ error: 'invalid_id' })
    .regex(ID_PATTERN, { error: 'invalid_id' })
    .transform((s) => s as T)

/** Longer than any target group code. */
const CODE_MAX_CHARS = 40
/** The list shows this many per page. */
export const WISHES_PAGE_SIZE = 20

export const wishSchemas = {
  /** A signed-in resident suggests a topic. Lengths are checked by the rules, in characters. */
  create: z.strictObject({
    title: z.string({ error: 'wish_title' }).max(WISH_TITLE_MAX_CHARS * 4, { error: 'wish_title' }),
    detail: z.string({ error: 'wish_detail' }).max(WISH_DETAIL_MAX_CHARS * 4, { error: 'wish_detail' }).nullable().optional(),
    targetGroup: z.string({ error: 'wish_target_group' }).max(CODE_MAX_CHARS, { error: 'wish_target_group' }),
    areaId: id<AreaId>().nullable().optional(),
  }),
  /** 我也想要. */
  support: z.strictObject({ id: id<WishId>() }),
  /** One wish (据此创建活动 prefills the form with it); open to everyone. */
  get: z.strictObject({ id: id<WishId>() }),
  /** The wishes, most supported first; open to everyone. */
  list: z.strictObject({ offset: z.number().int().min(0).max(10_000).optional() }),
} as const

// ---- Views ----

export interface WishView {
  readonly id: WishId
  readonly title: string
  readonly detail: string | null
  readonly targetGroup: string
  readonly targetGroupName: string
  readonly areaId: AreaId | null
  /** 全区 when no town was named. */
  readonly areaName: string
  readonly createdAt: Instant
  readonly supportCount: number
  /** The caller supports it (false when anonymous). */
  readonly supportedByMe: boolean
  /** The caller suggested it. */
  readonly mine: boolean
  readonly status: WishStatus
  readonly statusName: string
  readonly arranged: { readonly activityId: ActivityId; readonly title: string; readonly startAt: Instant } | null
}

export interface WishListView {
  readonly items: readonly WishView[]
  readonly total: number
  readonly offset: number
  /** The caller may answer wishes with an activity (organizers and admins). */
  readonly canArrange: boolean
}

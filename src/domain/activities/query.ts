import type { ActivityType, TargetGroup } from '../catalog'
import type { AreaId } from '../ids'
import { shanghaiMonth, shanghaiWeek, type Instant } from '../time'

export type DateFilter = 'week' | 'month' | 'all'

/** What the home page asks for; the store turns it into a query. */
export interface ActivityFilter {
  readonly targetGroup?: TargetGroup
  readonly type?: ActivityType
  readonly areaId?: AreaId
  readonly date?: DateFilter
  readonly text?: string
}

/** A storage-neutral query: activities overlapping [endsAfter, startsBefore), matching every given field. */
export interface ActivityQuery {
  readonly targetGroup?: TargetGroup
  readonly type?: ActivityType
  readonly areaId?: AreaId
  /** Only activities that end after this instant (upcoming or under way). */
  readonly endsAfter: Instant
  /** Only activities that start before this instant, when set. */
  readonly startsBefore?: Instant
  /** Case-insensitive substring of title, place or description. */
  readonly text?: string
  readonly offset: number
  readonly limit: number
}

export const PAGE_SIZE_MAX = 50

/** Translates the home page filter into a query: upcoming activities, optionally this week or this month. */
export function buildActivityQuery(filter: ActivityFilter, now: Instant, offset: number, limit: number): ActivityQuery {
  const range = filter.date === 'week' ? shanghaiWeek(now) : filter.date === 'month' ? shanghaiMonth(now) : null
  const text = filter.text?.trim()
  return {
    ...(filter.targetGroup ? { targetGroup: filter.targetGroup } : {}),
    ...(filter.type ? { type: filter.type } : {}),
    ...(filter.areaId ? { areaId: filter.areaId } : {}),
    endsAfter: now,
    ...(range ? { startsBefore: range.to } : {}),
    ...(text ? { text } : {}),
    offset,
    limit: Math.min(Math.max(1, limit), PAGE_SIZE_MAX),
  }
}

/** The same predicate in memory; adapters that cannot express a query use it, and tests compare against it. */
export function matchesQuery(
  a: { targetGroups: readonly string[]; type: string; areaId: string; startAt: string; endAt: string; title: string; place: string; description: string; status: string },
  q: ActivityQuery,
): boolean {
  if (a.status !== 'published') return false
  if (q.targetGroup && !a.targetGroups.includes(q.targetGroup)) return false
  if (q.type && a.type !== q.type) return false
  if (q.areaId && a.areaId !== q.areaId) return false
  if (!(Date.parse(a.endAt) > Date.parse(q.endsAfter))) return false
  if (q.startsBefore && !(Date.parse(a.startAt) < Date.parse(q.startsBefore))) return false
  if (q.text) {
    const t = q.text.toLowerCase()
    if (![a.title, a.place, a.description].some((s) => s.toLowerCase().includes(t))) return false
  }
  return true
}

// The home list: filter, loaded items and paging. Filtering rules live on the server (domain query).

import { create } from 'zustand'
import type { ActivityFilter } from '../domain/activities/query'
import type { ActivityView } from '../domain/contracts'
import { api } from '../services/api'
import { toApiError, type ApiError } from '../services/transport'

export const PAGE_SIZE = 10

export type ListStatus = 'idle' | 'loading' | 'loadingMore' | 'ready' | 'error'

interface ActivitiesState {
  readonly filter: ActivityFilter
  readonly items: readonly ActivityView[]
  readonly total: number
  readonly status: ListStatus
  /** Set when the last request failed; `items` keeps what was already shown. */
  readonly error: ApiError | null
}

const initial: ActivitiesState = { filter: { date: 'all' }, items: [], total: 0, status: 'idle', error: null }

export const useActivitiesStore = create<ActivitiesState>()(() => initial)

// Only the latest request may write: a slow answer to an old filter must not overwrite a newer one.
let generation = 0

/** Drops empty fields so the request stays minimal and `hasActiveFilter` is simple. */
function clean(filter: ActivityFilter): ActivityFilter {
  const out: { -readonly [K in keyof ActivityFilter]: ActivityFilter[K] } = {}
  if (filter.targetGroup) out.targetGroup = filter.targetGroup
  if (filter.type) out.type = filter.type
  if (filter.areaId) out.areaId = filter.areaId
  if (filter.date && filter.date !== 'all') out.date = filter.date
  const text = filter.text?.trim()
  if (text) out.text = text
  return out
}

async function fetchPage(offset: number): Promise<void> {
  const gen = ++generation
  const { filter } = useActivitiesStore.getState()
  useActivitiesStore.setState({ status: offset === 0 ? 'loading' : 'loadingMore', error: null })
  try {
    const page = await api.activities.list({ filter: clean(filter), offset, limit: PAGE_SIZE })
    if (gen !== generation) return
    useActivitiesStore.setState((s) => ({
      items: offset === 0 ? page.items : [...s.items, ...page.items],
      total: page.total,
      status: 'ready',
      error: null,
    }))
  } catch (e) {
    if (gen !== generation) return
    useActivitiesStore.setState({ status: 'error', error: toApiError(e) })
  }
}

/** Reloads the first page for the current filter. */
export const reloadActivities = (): Promise<void> => fetchPage(0)

export function hasMoreActivities(s: Pick<ActivitiesState, 'items' | 'total'> = useActivitiesStore.getState()): boolean {
  return s.items.length < s.total
}

/** Appends the next page, unless one is already loading or everything is shown. */
export function loadMoreActivities(): Promise<void> {
  const s = useActivitiesStore.getState()
  if (s.status === 'loading' || s.status === 'loadingMore' || !hasMoreActivities(s)) return Promise.resolve()
  return fetchPage(s.items.length)
}

/** Changes part of the filter and reloads from the first page. */
export function updateFilter(patch: Partial<ActivityFilter>): Promise<void> {
  useActivitiesStore.setState((s) => ({ filter: { ...s.filter, ...patch }, items: [], total: 0 }))
  return reloadActivities()
}

export function clearFilter(): Promise<void> {
  useActivitiesStore.setState({ filter: { date: 'all' }, items: [], total: 0 })
  return reloadActivities()
}

export const hasActiveFilter = (filter: ActivityFilter): boolean => Object.keys(clean(filter)).length > 0

export const resetActivitiesStore = (): void => {
  generation++
  useActivitiesStore.setState(initial, true)
}

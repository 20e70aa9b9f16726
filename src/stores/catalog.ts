// Towns and streets (镇街): admin-editable, so read from the server and shared by the pages that need them.

import { create } from 'zustand'
import type { Area } from '../domain/types'
import { api } from '../services/api'
import { toApiError, type ApiError } from '../services/transport'

interface CatalogState {
  readonly areas: readonly Area[]
  readonly loaded: boolean
  readonly error: ApiError | null
}

const initial: CatalogState = { areas: [], loaded: false, error: null }

export const useCatalogStore = create<CatalogState>()(() => initial)

let pending: Promise<void> | null = null

export function loadCatalog(force = false): Promise<void> {
  if (!force && useCatalogStore.getState().loaded) return Promise.resolve()
  if (pending) return pending
  pending = api.catalog
    .get()
    .then((view) => useCatalogStore.setState({ areas: view.areas, loaded: true, error: null }))
    .catch((e: unknown) => useCatalogStore.setState({ error: toApiError(e) }))
    .finally(() => {
      pending = null
    })
  return pending
}

/** After an admin edit the server returns the new list. */
export const setAreas = (areas: readonly Area[]): void => useCatalogStore.setState({ areas, loaded: true, error: null })

export const areaName = (areas: readonly Area[], id: string): string => areas.find((a) => a.id === id)?.name ?? ''

export const resetCatalogStore = (): void => useCatalogStore.setState(initial, true)

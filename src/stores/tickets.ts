// 我的票: the tickets of every person I manage, their printed cards, and when to fetch fresh codes.
// Ticket codes rotate on the server; the page only asks again before they go stale.

import { create } from 'zustand'
import type { CardView, PersonView, TicketView } from '../domain/contracts'
import { api } from '../services/api'
import { toApiError, type ApiError } from '../services/transport'

export type TicketsStatus = 'idle' | 'loading' | 'ready' | 'error'

interface TicketsState {
  readonly tickets: readonly TicketView[]
  readonly cards: readonly CardView[]
  readonly persons: readonly PersonView[]
  readonly status: TicketsStatus
  /** The last refresh failed; codes on screen may be stale. */
  readonly error: ApiError | null
  readonly loadedAt: number | null
}

const initial: TicketsState = { tickets: [], cards: [], persons: [], status: 'idle', error: null, loadedAt: null }

export const useTicketsStore = create<TicketsState>()(() => initial)

let generation = 0

/** Loads tickets, cards and persons; a failed refresh keeps what is shown and sets `error`. */
export async function loadTickets(now: () => number = Date.now): Promise<void> {
  const gen = ++generation
  if (useTicketsStore.getState().loadedAt === null) useTicketsStore.setState({ status: 'loading', error: null })
  try {
    const [mine, persons] = await Promise.all([api.checkin.myTickets(), api.persons.list()])
    if (gen !== generation) return
    useTicketsStore.setState({ tickets: mine.tickets, cards: mine.cards, persons, status: 'ready', error: null, loadedAt: now() })
  } catch (e) {
    if (gen !== generation) return
    useTicketsStore.setState((s) => ({ status: s.loadedAt === null ? 'error' : 'ready', error: toApiError(e) }))
  }
}

/** Replaces one person's card after issuing or re-issuing it. */
export function putCard(card: CardView): void {
  useTicketsStore.setState((s) => ({ cards: [...s.cards.filter((c) => c.personId !== card.personId), card] }))
}

export const resetTicketsStore = (): void => {
  generation++
  useTicketsStore.setState(initial, true)
}

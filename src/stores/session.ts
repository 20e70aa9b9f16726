// Who is signed in. Identity comes from the server (OPENID in WeChat, the cookie session on H5).

import { create } from 'zustand'
import type { SessionView } from '../domain/contracts'
import { api } from '../services/api'
import { demoSignIn, demoSignOut } from '../services/demo'
import { toApiError, type ApiError } from '../services/transport'

export type SessionUser = NonNullable<SessionView['user']>
export type SessionStatus = 'unknown' | 'loading' | 'signedIn' | 'anonymous' | 'error'

interface SessionState {
  readonly status: SessionStatus
  readonly user: SessionUser | null
  readonly error: ApiError | null
}

const initial: SessionState = { status: 'unknown', user: null, error: null }

export const useSessionStore = create<SessionState>()(() => initial)

const apply = (view: SessionView): SessionUser | null => {
  useSessionStore.setState({ status: view.user ? 'signedIn' : 'anonymous', user: view.user, error: null })
  return view.user
}

let pending: Promise<SessionUser | null> | null = null

/** Asks the server who we are; concurrent callers share one request. */
export function loadSession(): Promise<SessionUser | null> {
  if (pending) return pending
  useSessionStore.setState({ status: 'loading', error: null })
  pending = api.session
    .whoami()
    .then(apply)
    .catch((e: unknown) => {
      useSessionStore.setState({ status: 'error', user: null, error: toApiError(e) })
      return null
    })
    .finally(() => {
      pending = null
    })
  return pending
}

/** Loads the session unless it is already known. */
export function ensureSession(): Promise<SessionUser | null> {
  const { status, user } = useSessionStore.getState()
  if (status === 'signedIn' || status === 'anonymous') return Promise.resolve(user)
  return loadSession()
}

/** The account as an action that changed it returns it (becoming an organizer, for one). */
export const setSessionUser = (user: SessionUser): void => useSessionStore.setState({ status: 'signedIn', user, error: null })

/** Local demo only: become one of the demo identities. */
export async function signInAsDemo(userId: string): Promise<SessionUser | null> {
  return apply(await demoSignIn(userId))
}

export async function signOut(): Promise<void> {
  await demoSignOut()
  useSessionStore.setState({ status: 'anonymous', user: null, error: null })
}

export const resetSessionStore = (): void => useSessionStore.setState(initial, true)

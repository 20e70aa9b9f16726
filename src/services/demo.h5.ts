// Local demo sign-in: POST /api/demo picks an identity and sets the session cookie.

import type { SessionView } from '../domain/contracts'
import { ApiError, postJson } from './transport.h5'
import type { DemoIdentity } from './demo-types'

export type { DemoIdentity } from './demo-types'

export const DEMO_SIGN_IN_AVAILABLE: boolean = true

async function demo<T>(action: string, data?: unknown): Promise<T> {
  const reply = await postJson('/api/demo', data === undefined ? { action } : { action, data })
  if (!reply.ok) throw new ApiError(reply.error.code, reply.error.message, reply.error.field)
  return reply.data as T
}

export const listDemoIdentities = (): Promise<DemoIdentity[]> => demo<DemoIdentity[]>('list')

export const demoSignIn = (userId: string): Promise<SessionView> => demo<SessionView>('signIn', { userId })

export const demoSignOut = async (): Promise<void> => {
  await demo<unknown>('signOut')
}

// In WeChat the caller's OPENID is the identity: there is no demo sign-in.

import type { SessionView } from '../domain/contracts'
import type { DemoIdentity } from './demo-types'

export type { DemoIdentity } from './demo-types'

export const DEMO_SIGN_IN_AVAILABLE: boolean = false

export const listDemoIdentities = async (): Promise<DemoIdentity[]> => []

export const demoSignIn = async (_userId: string): Promise<SessionView> => ({ user: null })

export const demoSignOut = async (): Promise<void> => {}

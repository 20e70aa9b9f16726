// Local demo sign-in (H5 only). Taro resolves './demo' to demo.h5.ts or demo.weapp.ts per platform;
// this file is the shared interface and the fallback: no demo identities outside the local server.

import type { SessionView } from '../domain/contracts'
import type { DemoIdentity } from './demo-types'

export type { DemoIdentity } from './demo-types'

/** Whether this platform offers a demo sign-in at all (false in WeChat, where the OPENID is the identity). */
export const DEMO_SIGN_IN_AVAILABLE: boolean = false

export const listDemoIdentities = async (): Promise<DemoIdentity[]> => []

export const demoSignIn = async (_userId: string): Promise<SessionView> => ({ user: null })

export const demoSignOut = async (): Promise<void> => {}

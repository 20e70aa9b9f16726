import { z } from 'zod'
import { schemas } from '../domain/contracts'
import type { SessionView } from '../domain/contracts'
import type { UserId } from '../domain/ids'
import { isId } from '../domain/ids'
import type { Store } from '../domain/ports'
import type { User } from '../domain/types'
import { action } from './table'

/** The name a WeChat account starts with, as in the cloud (cloud/entry.ts). */
export const WECHAT_NEW_USER_DISPLAY_NAME = '微信用户'

/** `POST /api/wechat {action: 'signIn', data: {code}}`: a `wx.login` code (WeChat's are 32 characters). */
export const wechatSignInInput = z.object({ code: z.string().min(1).max(128).regex(/^[A-Za-z0-9_-]+$/) }).strict()

/** What a session reply shows of its user. */
export const userView = (u: User): NonNullable<SessionView['user']> => ({
  id: u.id,
  role: u.role,
  displayName: u.displayName,
  ...(u.departmentCode ? { departmentCode: u.departmentCode } : {}),
})

/**
 * The account behind a WeChat openid, created as a resident on first sight, as the cloud entry does:
 * the openid is the account id on both runtimes, so records move between them unchanged. Null for an
 * openid that is no valid id. Two gateways seeing a new openid at once both write the same new
 * resident; the second write is the first one again.
 */
export async function accountForOpenid(store: Store, openid: string, now: string): Promise<User | null> {
  if (!isId(openid)) return null
  const id = openid as UserId
  const existing = await store.getUser(id)
  if (existing) return existing
  await store.putUser({ id, role: 'resident', displayName: WECHAT_NEW_USER_DISPLAY_NAME, createdAt: now })
  return store.getUser(id)
}

export const sessionHandlers = {
  whoami: action({
    access: 'public',
    input: schemas.session.whoami,
    run: async (_input, ctx): Promise<SessionView> => ({ user: ctx.user ? userView(ctx.user) : null }),
  }),
}

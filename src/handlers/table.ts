import type { z } from 'zod'
import type { Deps } from '../domain/ports'
import type { Role, User } from '../domain/types'
import { AppError, fail } from '../domain/errors'

/** Who may call an action: anyone, any signed-in account, or the listed roles. */
export type Access = 'public' | 'signedIn' | readonly Role[]

export interface Ctx {
  /** The signed-in account, resolved by the platform (OPENID or local session); null when anonymous. */
  readonly user: User | null
  readonly deps: Deps
}

/** The signed-in user; the dispatcher has already refused anonymous calls to non-public actions. */
export const userOf = (ctx: Ctx): User => {
  if (!ctx.user) throw new AppError(fail('AUTH.REQUIRED').error)
  return ctx.user
}

export interface ActionDef<S extends z.ZodType = z.ZodType, R = unknown> {
  readonly access: Access
  readonly input: S
  readonly run: (input: z.output<S>, ctx: Ctx) => Promise<R>
}

/** Typed helper so each action's `run` sees its schema's output type. */
export const action = <S extends z.ZodType, R>(def: ActionDef<S, R>): ActionDef<S, R> => def

export type HandlerTable = Record<string, ActionDef<any, any>>

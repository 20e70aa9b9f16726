import { parseInput } from '../domain/contracts'
import { AppError, fail, type Failure } from '../domain/errors'
import type { Deps } from '../domain/ports'
import type { User } from '../domain/types'
import type { HandlerTable } from './table'

/** The wire reply of every action, in the cloud and over HTTP alike. */
export type Reply<T = unknown> = { ok: true; data: T } | { ok: false; error: Failure }

const refuse = (f: { ok: false; error: Failure }): Reply => f

/**
 * Validates, authorizes and runs one action of one handler table. Expected failures come back as
 * values; anything else is a bug or broken infrastructure, logged and reported as SYSTEM.ERROR.
 */
export async function dispatch(
  table: HandlerTable,
  actionName: unknown,
  data: unknown,
  user: User | null,
  deps: Deps,
  log: (msg: string, err: unknown) => void = (m, e) => console.error(m, e),
): Promise<Reply> {
  if (typeof actionName !== 'string' || !Object.prototype.hasOwnProperty.call(table, actionName)) {
    return refuse(fail('ACTION.UNKNOWN', 'action'))
  }
  const def = table[actionName]
  if (def.access !== 'public') {
    if (!user) return refuse(fail('AUTH.REQUIRED'))
    if (def.access !== 'signedIn' && !def.access.includes(user.role)) return refuse(fail('AUTH.FORBIDDEN'))
  }
  const parsed = parseInput(def.input, data)
  if (!parsed.ok) return parsed
  try {
    return { ok: true, data: await def.run(parsed.value, { user, deps }) }
  } catch (err) {
    if (err instanceof AppError) return { ok: false, error: err.failure }
    log(`action ${actionName} failed`, err)
    return refuse(fail('SYSTEM.ERROR'))
  }
}

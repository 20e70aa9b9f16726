import { schemas } from '../domain/contracts'
import type { SessionView } from '../domain/contracts'
import { action } from './table'

export const sessionHandlers = {
  whoami: action({
    access: 'public',
    input: schemas.session.whoami,
    run: async (_input, ctx): Promise<SessionView> => {
      const u = ctx.user
      return { user: u ? { id: u.id, role: u.role, displayName: u.displayName, ...(u.departmentCode ? { departmentCode: u.departmentCode } : {}) } : null }
    },
  }),
}

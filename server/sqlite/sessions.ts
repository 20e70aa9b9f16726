// Demo sign-in sessions of the local gateway (SqliteStore's session methods). Table: sessions.

import type { UserId } from '../../src/domain/ids'
import type { Instant } from '../../src/domain/time'
import type { User } from '../../src/domain/types'
import { rowToUser, USER_COLUMNS, type UserRow } from './accounts'
import { canonicalInstant } from './rows'
import { guard, type SqliteContext } from './table'

export interface SessionStore {
  createSession(token: string, userId: UserId, expiresAt: Instant, createdAt?: Instant): Promise<void>
  /** The session's user while `now` is before its expiry, else null. */
  getSessionUser(token: string, now: Instant): Promise<UserId | null>
  /** The session's account while `now` is before its expiry, else null: every request's lookup, one statement. */
  getSessionAccount(token: string, now: Instant): Promise<User | null>
  deleteSession(token: string): Promise<void>
  /** Removes sessions expired at `now`; returns how many. */
  deleteExpiredSessions(now: Instant): Promise<number>
}

export function sqliteSessions(ctx: SqliteContext): SessionStore {
  const { db } = ctx
  const create = db.prepare<[string, string, string, string]>('INSERT INTO sessions (token, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)')
  const userOf = db.prepare<[string, string], string>('SELECT user_id FROM sessions WHERE token = ? AND expires_at > ?').pluck()
  const accountOf = db.prepare<[string, string], UserRow>(
    `SELECT ${USER_COLUMNS.map((col) => `u.${col}`).join(', ')} FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token = ? AND s.expires_at > ?`,
  )
  const remove = db.prepare<[string]>('DELETE FROM sessions WHERE token = ?')
  const removeExpired = db.prepare<[string]>('DELETE FROM sessions WHERE expires_at <= ?')
  return {
    createSession: (token, userId, expiresAt, createdAt = new Date().toISOString()) =>
      ctx.write('createSession', () => create.run(token, userId, canonicalInstant(createdAt), canonicalInstant(expiresAt))),
    async getSessionUser(token, now) {
      const userId = guard(() => userOf.get(token, canonicalInstant(now)))
      return userId === undefined ? null : (userId as UserId)
    },
    async getSessionAccount(token, now) {
      const row = guard(() => accountOf.get(token, canonicalInstant(now)))
      return row ? rowToUser(row) : null
    },
    deleteSession: (token) => ctx.write('deleteSession', () => remove.run(token)),
    deleteExpiredSessions: (now) => ctx.exclusive('deleteExpiredSessions', () => guard(() => removeExpired.run(canonicalInstant(now)).changes)),
  }
}

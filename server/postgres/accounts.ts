// Accounts and what hangs on them on PostgreSQL: users, consents, link codes, and the local gateway's
// sign-in sessions (shared by every gateway process, so a sign-in on one is valid on all).

import type { UserId } from '../../src/domain/ids'
import type { AccountRepository, AccountTx } from '../../src/domain/ports'
import type { Instant } from '../../src/domain/time'
import type { User } from '../../src/domain/types'
import type { LinkCode } from '../../src/domain/family/link-codes'
import type { Consent } from '../../src/domain/privacy/notice'
import type { Sql } from './db'
import { docTable } from './doc-table'
import { c, canonicalInstant } from './columns'

const users = docTable<User>({
  table: 'users',
  id: (u) => u.id,
  columns: { role: (u) => u.role, department_code: (u) => u.departmentCode ?? null },
})
const consents = docTable<Consent>({
  table: 'consents',
  id: (x) => x.id,
  columns: { user_id: (x) => x.userId, at: (x) => canonicalInstant(x.at) },
})
const linkCodes = docTable<LinkCode>({ table: 'link_codes', id: (x) => x.id })

/** The sign-in sessions of the HTTP gateway (as on SqliteStore). */
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

export function pgAccounts(sql: Sql): AccountRepository & SessionStore {
  return {
    getUser: (id) => users.get(sql, id),
    putUser: (user) => users.put(sql, user),
    listUsers: () => users.select(sql, `ORDER BY ${c('id')}`),
    async deleteUser(id) {
      // Sessions go with their user (SQLite: ON DELETE CASCADE).
      await sql.query('WITH s AS (DELETE FROM sessions WHERE user_id = $1) DELETE FROM users WHERE id = $1', [id])
    },
    getConsent: (id) => consents.get(sql, id),
    putConsent: (consent) => consents.put(sql, consent),
    listConsentsByUser: (userId) => consents.select(sql, `WHERE user_id = $1 ORDER BY ${c('at')}, ${c('id')}`, [userId]),
    deleteConsent: (id) => consents.remove(sql, id),
    getLinkCode: (id) => linkCodes.get(sql, id),

    async createSession(token, userId, expiresAt, createdAt = new Date().toISOString()) {
      await sql.query('INSERT INTO sessions (id, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)', [
        token,
        userId,
        canonicalInstant(createdAt),
        canonicalInstant(expiresAt),
      ])
    },
    async getSessionUser(token, now) {
      // Every request's first statement: prepared (db.ts).
      const rows = await sql.query<{ user_id: string }>(`SELECT user_id FROM sessions WHERE id = $1 AND ${c('expires_at')} > $2`, [token, canonicalInstant(now)], { prepare: true })
      return (rows[0]?.user_id as UserId | undefined) ?? null
    },
    async getSessionAccount(token, now) {
      // Every request's first statement: prepared (db.ts).
      const rows = await sql.query<{ doc: User }>(
        `SELECT u.doc FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = $1 AND s.${c('expires_at')} > $2`,
        [token, canonicalInstant(now)],
        { prepare: true },
      )
      return rows[0]?.doc ?? null
    },
    async deleteSession(token) {
      await sql.query('DELETE FROM sessions WHERE id = $1', [token])
    },
    async deleteExpiredSessions(now) {
      const rows = await sql.query(`DELETE FROM sessions WHERE ${c('expires_at')} <= $1 RETURNING id`, [canonicalInstant(now)])
      return rows.length
    },
  }
}

export function pgAccountTx(sql: Sql): AccountTx {
  return {
    getLinkCode: (id) => linkCodes.get(sql, id),
    putLinkCode: (linkCode) => linkCodes.put(sql, linkCode),
  }
}

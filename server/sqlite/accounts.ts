// Accounts and what hangs on them (AccountRepository, AccountTx in src/domain/ports.ts): users,
// consents and one-time link codes. Tables: users (migration 1), consents and link_codes (the migration
// "Own-data rights and reminders").

import type { DepartmentCode } from '../../src/domain/catalog'
import type { PersonId, UserId } from '../../src/domain/ids'
import type { LinkCode } from '../../src/domain/family/link-codes'
import type { AccountRepository, AccountTx } from '../../src/domain/ports'
import { CONSENT_KINDS, type Consent } from '../../src/domain/privacy/notice'
import { ROLES, type Role, type User } from '../../src/domain/types'
import { canonicalInstant, nullableInstant, reader } from './rows'
import { byIdTable, type SqliteContext, type SyncPort } from './table'

export interface UserRow {
  id: string
  role: string
  display_name: string
  department_code: string | null
  created_at: string
}

export const userToRow = (u: User): UserRow => ({
  id: u.id,
  role: u.role,
  display_name: u.displayName,
  department_code: u.departmentCode ?? null,
  created_at: canonicalInstant(u.createdAt),
})

export function rowToUser(row: UserRow): User {
  const r = reader('users', row as unknown as Record<string, unknown>)
  const departmentCode = r.optStr('department_code')
  return {
    id: r.str('id') as UserId,
    role: r.oneOf<Role>('role', ROLES),
    displayName: r.str('display_name'),
    ...(departmentCode !== null ? { departmentCode: departmentCode as DepartmentCode } : {}),
    createdAt: r.str('created_at'),
  }
}

// ---- consents and link codes

export interface ConsentRow {
  id: string
  user_id: string
  kind: string
  version: string
  subject_id: string | null
  at: string
}

export const consentToRow = (c: Consent): ConsentRow => ({
  id: c.id,
  user_id: c.userId,
  kind: c.kind,
  version: c.version,
  subject_id: c.subjectId,
  at: canonicalInstant(c.at),
})

export function rowToConsent(row: ConsentRow): Consent {
  const r = reader('consents', row as unknown as Record<string, unknown>)
  return {
    id: r.str('id'),
    userId: r.str('user_id') as UserId,
    kind: r.oneOf('kind', CONSENT_KINDS),
    version: r.str('version'),
    subjectId: r.optStr('subject_id'),
    at: r.str('at'),
  }
}

export interface LinkCodeRow {
  id: string
  person_id: string
  created_by: string
  created_at: string
  expires_at: string
  used_by: string | null
  used_at: string | null
}

export const linkCodeToRow = (c: LinkCode): LinkCodeRow => ({
  id: c.id,
  person_id: c.personId,
  created_by: c.createdBy,
  created_at: canonicalInstant(c.createdAt),
  expires_at: canonicalInstant(c.expiresAt),
  used_by: c.usedBy,
  used_at: nullableInstant(c.usedAt),
})

export function rowToLinkCode(row: LinkCodeRow): LinkCode {
  const r = reader('link_codes', row as unknown as Record<string, unknown>)
  return {
    id: r.str('id'),
    personId: r.str('person_id') as PersonId,
    createdBy: r.str('created_by') as UserId,
    createdAt: r.str('created_at'),
    expiresAt: r.str('expires_at'),
    usedBy: r.optStr('used_by') as UserId | null,
    usedAt: r.optStr('used_at'),
  }
}

export const USER_COLUMNS = ['id', 'role', 'display_name', 'department_code', 'created_at'] as const satisfies readonly (keyof UserRow)[]
const CONSENT_COLUMNS = ['id', 'user_id', 'kind', 'version', 'subject_id', 'at'] as const satisfies readonly (keyof ConsentRow)[]
const LINK_CODE_COLUMNS = ['id', 'person_id', 'created_by', 'created_at', 'expires_at', 'used_by', 'used_at'] as const satisfies readonly (keyof LinkCodeRow)[]

export function sqliteAccounts(ctx: SqliteContext): { repository: AccountRepository; tx: SyncPort<AccountTx> } {
  const users = byIdTable(ctx.db, { table: 'users', columns: USER_COLUMNS, toRow: userToRow, fromRow: rowToUser })
  const consents = byIdTable(ctx.db, { table: 'consents', columns: CONSENT_COLUMNS, toRow: consentToRow, fromRow: rowToConsent })
  const linkCodes = byIdTable(ctx.db, { table: 'link_codes', columns: LINK_CODE_COLUMNS, toRow: linkCodeToRow, fromRow: rowToLinkCode })
  const listUsers = users.query<[]>('ORDER BY id')
  const listConsentsByUser = consents.query<[string]>('WHERE user_id = ? ORDER BY at, id')
  return {
    repository: {
      getUser: async (id) => users.get(id),
      putUser: (user) => ctx.write('putUser', () => users.put(user)),
      listUsers: async () => users.all(listUsers),
      deleteUser: (id) => ctx.write('deleteUser', () => users.delete(id)),
      getConsent: async (id) => consents.get(id),
      putConsent: (consent) => ctx.write('putConsent', () => consents.put(consent)),
      listConsentsByUser: async (userId) => consents.all(listConsentsByUser, userId),
      deleteConsent: (id) => ctx.write('deleteConsent', () => consents.delete(id)),
      getLinkCode: async (id) => linkCodes.get(id),
    },
    tx: {
      getLinkCode: (id) => linkCodes.get(id),
      putLinkCode: (linkCode) => linkCodes.put(linkCode),
    },
  }
}

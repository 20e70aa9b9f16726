// Accounts and what hangs on them on CloudBase (AccountRepository, AccountTx in src/domain/ports.ts):
// `users`, `consents` and `linkCodes` (mapping of the last two: cloudbase-own-data.ts).

import type { UserId } from '../src/domain/ids'
import type { AccountRepository, AccountTx } from '../src/domain/ports'
import { ROLES, type User } from '../src/domain/types'
import type { CloudDocument, DocData, Transaction } from './cloudbase-types'
import { byIdCollection, type CloudContext } from './cloudbase-collection'
import { fromConsent, fromLinkCode, toConsent, toLinkCode } from './cloudbase-own-data'
import { reader } from './cloudbase-reader'

export function toUser(doc: CloudDocument): User {
  const r = reader('users', doc)
  return {
    id: r.id() as UserId,
    role: r.oneOf('role', ROLES),
    displayName: r.str('displayName'),
    ...(r.has('departmentCode') ? { departmentCode: r.str('departmentCode') as User['departmentCode'] } : {}),
    createdAt: r.str('createdAt'),
  }
}

function fromUser(u: User): DocData {
  return {
    role: u.role,
    displayName: u.displayName,
    ...(u.departmentCode ? { departmentCode: u.departmentCode } : {}),
    createdAt: u.createdAt,
  }
}

export function cloudBaseAccounts(ctx: CloudContext): { repository: AccountRepository; tx(t: Transaction): AccountTx } {
  const users = byIdCollection(ctx, { collection: 'users', toDomain: toUser, toDocument: fromUser })
  const consents = byIdCollection(ctx, { collection: 'consents', toDomain: toConsent, toDocument: fromConsent })
  const linkCodes = byIdCollection(ctx, { collection: 'linkCodes', toDomain: toLinkCode, toDocument: fromLinkCode })
  return {
    repository: {
      getUser: (id) => users.get(id),
      putUser: (u) => users.put(u),
      listUsers: () => users.list(users.query().orderBy('_id', 'asc')),
      deleteUser: (id) => users.remove(id),
      getConsent: (id) => consents.get(id),
      putConsent: (c) => consents.put(c),
      listConsentsByUser: (userId: UserId) => consents.list(consents.query().where({ userId }).orderBy('atMs', 'asc').orderBy('_id', 'asc')),
      deleteConsent: (id) => consents.remove(id),
      getLinkCode: (id) => linkCodes.get(id),
    },
    tx(t) {
      const codes = linkCodes.inTx(t)
      return { getLinkCode: (id) => codes.get(id), putLinkCode: (c) => codes.put(c) }
    },
  }
}

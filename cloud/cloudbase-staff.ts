// The staff port (src/domain/staff/port.ts) on the CloudBase document database: collections
// `staffInvites` (id = digest of the code) and `staffEvents`, and the organizers among `users`.
// Writes that must not race (creating an invite, claiming it, recording an event once) run in a
// transaction that reads the document by id first; a conflicting transaction is retried, so of
// concurrent claims exactly one wins. Instants used for ordering or ranges carry an epoch-ms twin.

import type { DepartmentCode } from '../src/domain/catalog'
import type { UserId } from '../src/domain/ids'
import { STAFF_EVENTS_LIMIT_MAX, type StaffRepository } from '../src/domain/staff/port'
import { STAFF_EVENT_KINDS, type StaffEvent, type StaffInvite } from '../src/domain/staff/rules'
import { ms } from '../src/domain/time'
import type { User } from '../src/domain/types'
import type { CloudDb, CloudDocument, DocData, FieldCondition, Query, Transaction } from './cloudbase-types'
import { msOrNull, reader } from './cloudbase-reader'
import { runTransaction } from './cloudbase-transaction'

type StaffCollection = 'staffInvites' | 'staffEvents' | 'users'

function toInvite(doc: CloudDocument): StaffInvite {
  const r = reader('staffInvites', doc)
  return {
    id: r.id(),
    departmentCode: r.str('departmentCode') as DepartmentCode,
    createdBy: r.str('createdBy') as UserId,
    createdAt: r.str('createdAt'),
    expiresAt: r.str('expiresAt'),
    usedBy: r.strOrNull('usedBy') as UserId | null,
    usedAt: r.strOrNull('usedAt'),
  }
}

const fromInvite = (i: StaffInvite): DocData => ({
  departmentCode: i.departmentCode,
  createdBy: i.createdBy,
  createdAt: i.createdAt,
  createdAtMs: msOrNull(i.createdAt),
  expiresAt: i.expiresAt,
  expiresAtMs: msOrNull(i.expiresAt),
  usedBy: i.usedBy,
  usedAt: i.usedAt,
})

function toEvent(doc: CloudDocument): StaffEvent {
  const r = reader('staffEvents', doc)
  return {
    id: r.id(),
    kind: r.oneOf('kind', STAFF_EVENT_KINDS),
    userId: r.str('userId') as UserId,
    departmentCode: r.str('departmentCode') as DepartmentCode,
    by: r.str('by') as UserId,
    at: r.str('at'),
    inviteId: r.strOrNull('inviteId'),
  }
}

const fromEvent = (e: StaffEvent): DocData => ({
  kind: e.kind,
  userId: e.userId,
  departmentCode: e.departmentCode,
  by: e.by,
  at: e.at,
  atMs: msOrNull(e.at),
  inviteId: e.inviteId,
})


/** What the staff port borrows from the store (cloudbase-store.ts): names, reads, and its error tests. */
export interface CloudBaseStaffHelpers {
  readonly db: CloudDb
  /** The collection's name with the store's prefix. */
  readonly name: (c: StaffCollection) => string
  readonly getDoc: <T>(c: StaffCollection, id: string, map: (d: CloudDocument) => T) => Promise<T | null>
  /** Every document of a query, read 100 at a time. */
  readonly list: <T>(query: Query, map: (d: CloudDocument) => T) => Promise<T[]>
  readonly toUser: (doc: CloudDocument) => User
  readonly isNotFound: (err: unknown) => boolean
  readonly isConflict: (err: unknown) => boolean
}

export function cloudBaseStaffRepository(h: CloudBaseStaffHelpers): StaffRepository {
  const { db } = h
  const _ = db.command
  const coll = (c: StaffCollection) => db.collection(h.name(c))

  /** A document read inside a transaction, or null when it does not exist. */
  async function txGet(t: Transaction, c: StaffCollection, id: string): Promise<CloudDocument | null> {
    try {
      return (await t.collection(h.name(c)).doc(id).get()).data ?? null
    } catch (err) {
      if (h.isNotFound(err)) return null
      throw err
    }
  }

  /** Run again on conflicts, then SYSTEM.BUSY (cloudbase-transaction.ts). */
  const transaction = <T>(work: (t: Transaction) => Promise<T>): Promise<T> => runTransaction(db, work)

  /** Writes the document unless one with this id exists; true when written. */
  const insertOnce = (c: StaffCollection, id: string, data: DocData): Promise<boolean> =>
    transaction(async (t) => {
      if (await txGet(t, c, id)) return false
      await t.collection(h.name(c)).doc(id).set({ data })
      return true
    })

  const unit = (departmentCode: DepartmentCode | undefined): Record<string, FieldCondition> => (departmentCode ? { departmentCode } : {})

  return {
    createInvite: (invite) => insertOnce('staffInvites', invite.id, fromInvite(invite)),
    getInvite: (id) => h.getDoc('staffInvites', id, toInvite),
    claimInvite: (id, userId, now) =>
      transaction(async (t) => {
        const doc = await txGet(t, 'staffInvites', id)
        if (!doc) return null
        const invite = toInvite(doc)
        if (invite.usedBy !== null) return invite.usedBy === userId ? invite : null
        if (ms(now) >= ms(invite.expiresAt)) return null
        const claimed: StaffInvite = { ...invite, usedBy: userId, usedAt: now }
        await t.collection(h.name('staffInvites')).doc(id).set({ data: fromInvite(claimed) })
        return claimed
      }),
    listOpenInvites({ departmentCode, now }) {
      const nowMs = msOrNull(now)
      if (nowMs === null) return Promise.resolve([])
      const query = coll('staffInvites')
        .where({ ...unit(departmentCode), usedBy: null, expiresAtMs: _.gt(nowMs) })
        .orderBy('createdAtMs', 'desc')
        .orderBy('_id', 'desc')
      return h.list(query, toInvite)
    },
    appendEvent: async (event) => {
      await insertOnce('staffEvents', event.id, fromEvent(event))
    },
    getEvent: (id) => h.getDoc('staffEvents', id, toEvent),
    async listEvents({ departmentCode, userId, kind, limit }) {
      const n = Math.max(0, Math.min(Math.trunc(limit), STAFF_EVENTS_LIMIT_MAX))
      if (n === 0) return []
      const fields: Record<string, FieldCondition> = { ...unit(departmentCode), ...(userId ? { userId } : {}), ...(kind ? { kind } : {}) }
      const base = Object.keys(fields).length ? coll('staffEvents').where(fields) : coll('staffEvents')
      const { data } = await base.orderBy('atMs', 'desc').orderBy('_id', 'desc').limit(n).get()
      return data.map(toEvent)
    },
    listOrganizers: (departmentCode) => h.list(coll('users').where({ role: 'organizer', ...unit(departmentCode) }).orderBy('_id', 'asc'), h.toUser),
  }
}

// SQLite side of the staff port (src/domain/staff/port.ts): tables staff_invites and staff_events and
// the organizers among users (migration 11). Every statement runs through the store's serialized(),
// in turn with its transactions, so nothing here writes into another caller's open transaction.

import type Database from 'better-sqlite3'
import type { DepartmentCode } from '../../src/domain/catalog'
import type { UserId } from '../../src/domain/ids'
import { STAFF_EVENTS_LIMIT_MAX, type StaffRepository } from '../../src/domain/staff/port'
import { STAFF_EVENT_KINDS, type StaffEvent, type StaffEventKind, type StaffInvite } from '../../src/domain/staff/rules'
import { rowToUser, type UserRow } from './accounts'
import { canonicalInstant, nullableInstant, reader } from './rows'
import type { SqliteStore } from './store'

interface InviteRow {
  id: string
  department_code: string
  created_by: string
  created_at: string
  expires_at: string
  used_by: string | null
  used_at: string | null
}

interface EventRow {
  id: string
  kind: string
  user_id: string
  department_code: string
  by_user: string
  at: string
  invite_id: string | null
}

const INVITE_COLUMNS = ['id', 'department_code', 'created_by', 'created_at', 'expires_at', 'used_by', 'used_at'] as const satisfies readonly (keyof InviteRow)[]
const EVENT_COLUMNS = ['id', 'kind', 'user_id', 'department_code', 'by_user', 'at', 'invite_id'] as const satisfies readonly (keyof EventRow)[]
const USER_COLUMNS = ['id', 'role', 'display_name', 'department_code', 'created_at'] as const satisfies readonly (keyof UserRow)[]

const inviteToRow = (i: StaffInvite): InviteRow => ({
  id: i.id,
  department_code: i.departmentCode,
  created_by: i.createdBy,
  created_at: canonicalInstant(i.createdAt),
  expires_at: canonicalInstant(i.expiresAt),
  used_by: i.usedBy,
  used_at: nullableInstant(i.usedAt),
})

function rowToInvite(row: InviteRow): StaffInvite {
  const r = reader('staff_invites', row as unknown as Record<string, unknown>)
  return {
    id: r.str('id'),
    departmentCode: r.str('department_code') as DepartmentCode,
    createdBy: r.str('created_by') as UserId,
    createdAt: r.str('created_at'),
    expiresAt: r.str('expires_at'),
    usedBy: r.optStr('used_by') as UserId | null,
    usedAt: r.optStr('used_at'),
  }
}

const eventToRow = (e: StaffEvent): EventRow => ({
  id: e.id,
  kind: e.kind,
  user_id: e.userId,
  department_code: e.departmentCode,
  by_user: e.by,
  at: canonicalInstant(e.at),
  invite_id: e.inviteId,
})

function rowToEvent(row: EventRow): StaffEvent {
  const r = reader('staff_events', row as unknown as Record<string, unknown>)
  return {
    id: r.str('id'),
    kind: r.oneOf<StaffEventKind>('kind', STAFF_EVENT_KINDS),
    userId: r.str('user_id') as UserId,
    departmentCode: r.str('department_code') as DepartmentCode,
    by: r.str('by_user') as UserId,
    at: r.str('at'),
    inviteId: r.optStr('invite_id'),
  }
}

function prepare(db: Database.Database) {
  const inviteCols = INVITE_COLUMNS.join(', ')
  const eventCols = EVENT_COLUMNS.join(', ')
  const userCols = USER_COLUMNS.join(', ')
  const values = (cols: readonly string[]) => cols.map((c) => `@${c}`).join(', ')
  return {
    createInvite: db.prepare<[InviteRow]>(`INSERT INTO staff_invites (${inviteCols}) VALUES (${values(INVITE_COLUMNS)}) ON CONFLICT (id) DO NOTHING`),
    getInvite: db.prepare<[string], InviteRow>(`SELECT ${inviteCols} FROM staff_invites WHERE id = ?`),
    // The claim is one conditional statement: of concurrent claims exactly one changes the row.
    claimInvite: db.prepare<{ id: string; user: string; now: string }>(
      `UPDATE staff_invites SET used_by = @user, used_at = @now WHERE id = @id AND used_by IS NULL AND expires_at > @now`,
    ),
    openInvites: db.prepare<[string], InviteRow>(
      `SELECT ${inviteCols} FROM staff_invites WHERE used_by IS NULL AND expires_at > ? ORDER BY created_at DESC, id DESC`,
    ),
    openInvitesOfUnit: db.prepare<[string, string], InviteRow>(
      `SELECT ${inviteCols} FROM staff_invites WHERE department_code = ? AND used_by IS NULL AND expires_at > ? ORDER BY created_at DESC, id DESC`,
    ),
    appendEvent: db.prepare<[EventRow]>(`INSERT INTO staff_events (${eventCols}) VALUES (${values(EVENT_COLUMNS)}) ON CONFLICT (id) DO NOTHING`),
    getEvent: db.prepare<[string], EventRow>(`SELECT ${eventCols} FROM staff_events WHERE id = ?`),
    organizers: db.prepare<[], UserRow>(`SELECT ${userCols} FROM users WHERE role = 'organizer' ORDER BY id`),
    organizersOfUnit: db.prepare<[string], UserRow>(`SELECT ${userCols} FROM users WHERE role = 'organizer' AND department_code = ? ORDER BY id`),
  }
}

type EventFilter = 'department_code' | 'user_id' | 'kind'
const EVENT_FILTERS = ['department_code', 'user_id', 'kind'] as const satisfies readonly EventFilter[]

/** The staff port on the store's connection. */
export function sqliteStaffRepository(store: Pick<SqliteStore, 'db' | 'serialized'>): StaffRepository {
  const s = prepare(store.db)
  // One statement per combination of filters, prepared on first use.
  const eventStatements = new Map<string, Database.Statement<Record<string, string | number>, EventRow>>()
  const eventsWhere = (filters: readonly EventFilter[]) => {
    const key = filters.join(',')
    let stmt = eventStatements.get(key)
    if (!stmt) {
      const where = filters.length ? `WHERE ${filters.map((f) => `${f} = @${f}`).join(' AND ')}` : ''
      stmt = store.db.prepare<Record<string, string | number>, EventRow>(
        `SELECT ${EVENT_COLUMNS.join(', ')} FROM staff_events ${where} ORDER BY at DESC, id DESC LIMIT @limit`,
      )
      eventStatements.set(key, stmt)
    }
    return stmt
  }
  return {
    createInvite(invite) {
      const row = inviteToRow(invite)
      return store.serialized('staff.createInvite', () => s.createInvite.run(row).changes === 1)
    },
    getInvite: (id) => store.serialized('staff.getInvite', () => s.getInvite.get(id)).then((row) => (row ? rowToInvite(row) : null)),
    claimInvite(id, userId, now) {
      const at = canonicalInstant(now)
      return store.serialized('staff.claimInvite', () => {
        s.claimInvite.run({ id, user: userId, now: at })
        // Claimed now, or by this user before (a retry); anyone else's claim is theirs.
        const row = s.getInvite.get(id)
        return row && row.used_by === userId ? rowToInvite(row) : null
      })
    },
    listOpenInvites({ departmentCode, now }) {
      const at = canonicalInstant(now)
      return store
        .serialized('staff.listOpenInvites', () => (departmentCode ? s.openInvitesOfUnit.all(departmentCode, at) : s.openInvites.all(at)))
        .then((rows) => rows.map(rowToInvite))
    },
    appendEvent(event) {
      const row = eventToRow(event)
      return store.serialized('staff.appendEvent', () => void s.appendEvent.run(row))
    },
    getEvent: (id) => store.serialized('staff.getEvent', () => s.getEvent.get(id)).then((row) => (row ? rowToEvent(row) : null)),
    listEvents({ departmentCode, userId, kind, limit }) {
      const params: Record<string, string | number> = { limit: Math.max(0, Math.min(Math.trunc(limit), STAFF_EVENTS_LIMIT_MAX)) }
      if (departmentCode) params.department_code = departmentCode
      if (userId) params.user_id = userId
      if (kind) params.kind = kind
      const filters = EVENT_FILTERS.filter((f) => f in params)
      return store.serialized('staff.listEvents', () => eventsWhere(filters).all(params)).then((rows) => rows.map(rowToEvent))
    },
    listOrganizers: (departmentCode) =>
      store
        .serialized('staff.listOrganizers', () => (departmentCode ? s.organizersOfUnit.all(departmentCode) : s.organizers.all()))
        .then((rows) => rows.map(rowToUser)),
  }
}

// The staff port on PostgreSQL (src/domain/staff/port.ts): tables staff_invites and staff_events
// (schema-ledger.ts ledger-003), and the organizers among the accounts (read from the users' documents).

import type { User } from '../../src/domain/types'
import { STAFF_EVENTS_LIMIT_MAX, type StaffRepository } from '../../src/domain/staff/port'
import type { StaffEvent, StaffInvite } from '../../src/domain/staff/rules'
import type { PgDatabase } from './db'
import { docTable } from './doc-table'
import { c, canonicalInstant, nonNegativeInt } from './columns'

const invites = docTable<StaffInvite>({
  table: 'staff_invites',
  id: (i) => i.id,
  columns: {
    department_code: (i) => i.departmentCode,
    created_at: (i) => canonicalInstant(i.createdAt),
    expires_at: (i) => canonicalInstant(i.expiresAt),
    used_by: (i) => i.usedBy,
  },
})

const events = docTable<StaffEvent>({ table: 'staff_events', id: (e) => e.id })

export function pgStaff(db: PgDatabase): StaffRepository {
  return {
    async createInvite(invite) {
      const rows = await db.query(
        `INSERT INTO staff_invites (id, doc, department_code, created_at, expires_at, used_by) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (id) DO NOTHING RETURNING 1`,
        [invite.id, JSON.stringify(invite), invite.departmentCode, canonicalInstant(invite.createdAt), canonicalInstant(invite.expiresAt), invite.usedBy],
      )
      return rows.length === 1
    },
    getInvite: (id) => invites.get(db, id),
    async claimInvite(id, userId, now) {
      const at = canonicalInstant(now)
      // One conditional update: of concurrent claims exactly one changes the row (the others, waiting
      // on its lock, re-check `used_by IS NULL` against the committed row and find it taken).
      await db.query(
        `UPDATE staff_invites SET used_by = $2, doc = doc || jsonb_build_object('usedBy', $2::text, 'usedAt', $3::text)
         WHERE id = $1 AND used_by IS NULL AND ${c('expires_at')} > $3`,
        [id, userId, at],
      )
      // Claimed now, or by this user before (a retry); anyone else's claim is theirs.
      const invite = await invites.get(db, id)
      return invite && invite.usedBy === userId ? invite : null
    },
    listOpenInvites({ departmentCode, now }) {
      const order = `ORDER BY ${c('created_at')} DESC, ${c('id')} DESC`
      const open = `used_by IS NULL AND ${c('expires_at')} > $1`
      const at = canonicalInstant(now)
      return departmentCode
        ? invites.select(db, `WHERE ${open} AND department_code = $2 ${order}`, [at, departmentCode])
        : invites.select(db, `WHERE ${open} ${order}`, [at])
    },
    async appendEvent(event) {
      // Recorded once: an id already there keeps its first event.
      await db.query(
        `INSERT INTO staff_events (id, doc, kind, user_id, department_code, at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
        [event.id, JSON.stringify(event), event.kind, event.userId, event.departmentCode, canonicalInstant(event.at)],
      )
    },
    getEvent: (id) => events.get(db, id),
    listEvents({ departmentCode, userId, kind, limit }) {
      const params: unknown[] = [Math.min(nonNegativeInt(limit), STAFF_EVENTS_LIMIT_MAX)]
      const where: string[] = []
      const filter = (column: string, value: string | undefined): void => {
        if (!value) return
        params.push(value)
        where.push(`${column} = $${params.length}`)
      }
      filter('department_code', departmentCode)
      filter('user_id', userId)
      filter('kind', kind)
      return events.select(db, `${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${c('at')} DESC, ${c('id')} DESC LIMIT $1`, params)
    },
    async listOrganizers(departmentCode) {
      const rows = await db.query<{ doc: User }>(
        `SELECT doc FROM users WHERE doc->>'role' = 'organizer'${departmentCode ? ` AND doc->>'departmentCode' = $1` : ''} ORDER BY ${c('id')}`,
        departmentCode ? [departmentCode] : [],
      )
      return rows.map((r) => r.doc)
    },
  }
}

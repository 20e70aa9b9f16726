// The ledger's fact table on PostgreSQL: one fact per checked-in registration, the fact whole in `doc`
// and its filter columns beside it (schema-ledger.ts ledger-001). A fact copies its activity when
// written; cancellation is the one change it follows, and it follows it by reading the activities
// table rather than by being rewritten: a fact of a stored activity counts only while that activity is
// not cancelled (also when the fact was written from a stale copy), a fact of an activity not stored
// keeps its own flag — what the SQLite adapter achieves by updating its facts on every activity write.

import { monthLabel } from '../../src/domain/ledger/count'
import type { StoredFact } from '../../src/domain/ports'
import type { Sql } from './db'
import { docTable } from './doc-table'
import { canonicalInstant } from './columns'

export const facts = docTable<StoredFact>({
  table: 'ledger_facts',
  id: (f) => f.registrationId,
  columns: {
    person_id: (f) => f.personId,
    person_group: (f) => f.personTargetGroup,
    activity_id: (f) => f.activity.activityId,
    type: (f) => f.activity.type,
    department_code: (f) => f.activity.departmentCode,
    area_id: (f) => f.activity.areaId,
    tags: (f) => [...f.activity.tags],
    actions: (f) => [...f.activity.actions],
    projects: (f) => [...f.activity.projects],
    activity_cancelled: (f) => f.activity.cancelled,
    at: (f) => canonicalInstant(f.at),
    month: (f) => monthLabel(f.at),
  },
})

/** SQL true for a fact on `f` whose activity is not cancelled (see the top of this file). */
export const FACT_ACTIVE =
  `f.activity_id NOT IN (SELECT x.id FROM activities x WHERE x.doc->>'status' = 'cancelled')` +
  ` AND (NOT f.activity_cancelled OR f.activity_id IN (SELECT x.id FROM activities x))`

/** Facts read per query by listFacts (paged along the primary key: any order will do, the port promises none). */
const PAGE = 5000

/**
 * Every fact with its activity's current cancellation, paged by id. Facts of one activity share one
 * activity object (equal values), so a million facts hold a few thousand activities, not a million copies.
 */
export async function listFacts(sql: Sql): Promise<StoredFact[]> {
  const out: StoredFact[] = []
  const shared = new Map<string, StoredFact['activity']>()
  let after: string | null = null
  for (;;) {
    const rows: { id: string; doc: StoredFact; cancelled: boolean }[] = await sql.query(
      `SELECT f.id, f.doc, coalesce(a.doc->>'status' = 'cancelled', f.activity_cancelled) AS cancelled
       FROM ledger_facts f LEFT JOIN activities a ON a.id = f.activity_id
       ${after === null ? '' : 'WHERE f.id > $2'}
       ORDER BY f.id LIMIT $1`,
      after === null ? [PAGE] : [PAGE, after],
    )
    for (const { doc, cancelled } of rows) {
      const activity = { ...doc.activity, cancelled }
      const key = JSON.stringify(activity)
      const known = shared.get(key)
      if (!known) shared.set(key, activity)
      out.push({ ...doc, activity: known ?? activity })
    }
    if (rows.length < PAGE) return out
    after = rows[rows.length - 1].id
  }
}

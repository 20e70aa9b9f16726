// The recount's second half: what the ledger's facts and completions should be, rebuilt from the
// registrations, check-ins and lesson attendance they come from (domain/ledger/reconcile.ts), with
// every difference. Reads row by row, so a million facts never sit in memory at once. Synchronous; runs
// inside the store's exclusive section.
import type Database from 'better-sqlite3'
import type { Attended } from '../../src/domain/courses/rules'
import type { ActivityId, PersonId, RegistrationId } from '../../src/domain/ids'
import { activityFacts, type ActivityFacts } from '../../src/domain/ledger/count'
import { reconcileCourse, reconcileFact, type CompletionDifference, type FactDifference } from '../../src/domain/ledger/reconcile'
import type { Registration } from '../../src/domain/types'
import { rowToCompletion, rowToCourse, type CompletionRow, type CourseRow } from './course-sql'
import { rowToActivity, type ActivityRow } from './activities'
import { rowToFact, type FactRow } from './ledger-rows'

interface RegistrationCells {
  r_id: string | null
  r_person_id: string | null
  r_activity_id: string | null
  r_status: string | null
  r_checked_in_at: string | null
  r_attendance: string | null
}

const REGISTRATION_CELLS = `r.id AS r_id, r.person_id AS r_person_id, r.activity_id AS r_activity_id, r.status AS r_status,
  r.checked_in_at AS r_checked_in_at, r.attendance AS r_attendance`

function registrationOf(c: RegistrationCells): Pick<Registration, 'id' | 'personId' | 'activityId' | 'status' | 'checkedInAt' | 'attendance'> | null {
  if (c.r_id === null) return null
  return {
    id: c.r_id as RegistrationId,
    personId: c.r_person_id as PersonId,
    activityId: c.r_activity_id as ActivityId,
    status: c.r_status as Registration['status'],
    checkedInAt: c.r_checked_in_at,
    attendance: c.r_attendance as Registration['attendance'],
  }
}

export interface Reconciliation {
  readonly facts: FactDifference[]
  readonly completions: CompletionDifference[]
}

export function reconcileLedger(db: Database.Database): Reconciliation {
  const activities = new Map<string, ActivityFacts>()
  for (const row of db.prepare<[], ActivityRow>('SELECT * FROM activities').iterate()) activities.set(row.id, activityFacts(rowToActivity(row)))
  const activityOf = (id: string | null) => (id === null ? null : (activities.get(id) ?? null))

  const facts: FactDifference[] = []
  // Every stored fact beside the registration it comes from (if any)…
  const stored = db.prepare<[], FactRow & RegistrationCells>(`SELECT f.*, ${REGISTRATION_CELLS} FROM ledger_facts f LEFT JOIN registrations r ON r.id = f.registration_id`)
  for (const row of stored.iterate()) {
    const registration = registrationOf(row)
    facts.push(...reconcileFact(registration, activityOf(registration?.activityId ?? row.activity_id), rowToFact(row)))
  }
  // …and every checked-in registration without one.
  const unfacted = db.prepare<[], RegistrationCells>(
    `SELECT ${REGISTRATION_CELLS} FROM registrations r
     WHERE r.status = 'confirmed' AND r.checked_in_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ledger_facts f WHERE f.registration_id = r.id)`,
  )
  for (const row of unfacted.iterate()) {
    const registration = registrationOf(row)!
    facts.push(...reconcileFact(registration, activityOf(registration.activityId), null))
  }

  const completions: CompletionDifference[] = []
  const attendedAt = db.prepare<[string], { person_id: string; activity_id: string; checked_in_at: string }>(
    `SELECT person_id, activity_id, checked_in_at FROM registrations
     WHERE activity_id IN (SELECT value FROM json_each(?)) AND status = 'confirmed' AND checked_in_at IS NOT NULL`,
  )
  const completionsOf = db.prepare<[string], CompletionRow>('SELECT * FROM course_completions WHERE course_id = ?')
  for (const course of db.prepare<[], CourseRow>('SELECT * FROM courses').all().map(rowToCourse)) {
    const attendedBy = new Map<string, Attended[]>()
    for (const r of attendedAt.all(JSON.stringify(course.lessons.map((l) => l.activityId)))) {
      const list = attendedBy.get(r.person_id) ?? []
      list.push({ activityId: r.activity_id as ActivityId, at: r.checked_in_at })
      attendedBy.set(r.person_id, list)
    }
    completions.push(...reconcileCourse(course, attendedBy, completionsOf.all(course.id).map(rowToCompletion)))
  }
  return { facts, completions }
}

// The ledger recount on PostgreSQL (`recountLedger`): what the ledger's facts and course completions
// should be, rebuilt from the registrations, check-ins and lesson attendance they come from
// (domain/ledger/reconcile.ts), with every difference; `repair` rewrites the differing facts from
// their registrations. Facts are read through the ledger port, so this depends on no ledger table.
// The figures are counted from the fact table by SQL, so there are no kept aggregates to recount:
// targets, cells and disagreements are always empty here. Holds every fact in memory (a million
// facts is a few hundred MB); the SQLite recount streams instead.

import type { Attended } from '../../src/domain/courses/rules'
import type { ActivityId, RegistrationId } from '../../src/domain/ids'
import { activityFacts, attendanceFacts, type ActivityFacts } from '../../src/domain/ledger/count'
import { reconcileCourse, reconcileFact, type CompletionDifference, type FactDifference } from '../../src/domain/ledger/reconcile'
import type { LedgerRepository, StoredFact, UnitOfWork } from '../../src/domain/ports'
import type { Activity, Registration } from '../../src/domain/types'
import type { Course } from '../../src/domain/courses/rules'
import type { Sql } from './db'
import { activities } from './activities'
import { registrations } from './registrations'
import { pgCourses } from './courses'

export interface PgRecountReport {
  readonly facts: number
  /** Always 0 and empty on PostgreSQL: no kept aggregates (same shape as the SQLite report). */
  readonly targets: number
  readonly cells: number
  readonly disagreements: never[]
  readonly factDifferences: FactDifference[]
  readonly completionDifferences: CompletionDifference[]
}

const CHECKED_IN = `status = 'confirmed' AND doc->>'checkedInAt' IS NOT NULL`

async function reconcile(sql: Sql, facts: readonly StoredFact[]): Promise<{ facts: FactDifference[]; completions: CompletionDifference[] }> {
  const byActivity = new Map<string, ActivityFacts>()
  for (const a of await activities.select(sql, '')) byActivity.set(a.id, activityFacts(a as Activity))
  const activityOf = (id: string | undefined) => (id === undefined ? null : (byActivity.get(id) ?? null))

  const differences: FactDifference[] = []
  // Every stored fact beside the registration it comes from (if any)…
  const ofFacts = new Map((await registrations.getMany(sql, facts.map((f) => f.registrationId as RegistrationId))).map((r) => [r.id as string, r]))
  for (const fact of facts) {
    const registration = ofFacts.get(fact.registrationId) ?? null
    differences.push(...reconcileFact(registration, activityOf(registration?.activityId ?? fact.activity.activityId), fact))
  }
  // …and every checked-in registration without one.
  const facted = new Set(facts.map((f) => f.registrationId))
  for (const registration of await registrations.select(sql, `WHERE ${CHECKED_IN}`)) {
    if (!facted.has(registration.id)) differences.push(...reconcileFact(registration, activityOf(registration.activityId), null))
  }

  const completions: CompletionDifference[] = []
  const courses = pgCourses(sql)
  for (const course of await sql.query<{ doc: Course }>('SELECT doc FROM courses').then((rows) => rows.map((r) => r.doc))) {
    const attendedBy = new Map<string, Attended[]>()
    const lessons = course.lessons.map((l) => l.activityId)
    for (const r of await registrations.select(sql, `WHERE activity_id = ANY($1::text[]) AND ${CHECKED_IN}`, [lessons])) {
      const list = attendedBy.get(r.personId) ?? []
      list.push({ activityId: r.activityId as ActivityId, at: r.checkedInAt! })
      attendedBy.set(r.personId, list)
    }
    completions.push(...reconcileCourse(course, attendedBy, await courses.listCompletionsByCourse(course.id)))
  }
  return { facts: differences, completions }
}

/** Rewrites each differing fact from its registration (or removes it), one transaction per registration. */
async function repairFacts(store: UnitOfWork, facts: readonly StoredFact[], differences: readonly FactDifference[]): Promise<void> {
  const storedGroup = new Map(facts.map((f) => [f.registrationId, f.personTargetGroup]))
  for (const registrationId of new Set(differences.map((d) => d.registrationId))) {
    await store.transaction(async (tx) => {
      const registration: Registration | null = await tx.getRegistration(registrationId as RegistrationId)
      const activity = registration ? await tx.getActivity(registration.activityId) : null
      const person = registration ? await tx.getPerson(registration.personId) : null
      const group = storedGroup.get(registrationId) ?? person?.targetGroup ?? 'public'
      const [fact] = registration && activity ? attendanceFacts([registration], () => activityFacts(activity), () => group) : []
      if (fact) await tx.putFact({ ...fact, registrationId })
      else await tx.deleteFact(registrationId)
    })
  }
}

export async function recountPgLedger(
  sql: Sql,
  store: UnitOfWork & Pick<LedgerRepository, 'listFacts'>,
  options: { repair?: boolean } = {},
): Promise<PgRecountReport> {
  const facts = await store.listFacts()
  const found = await reconcile(sql, facts)
  const repaired = options.repair === true && found.facts.length > 0
  if (repaired) await repairFacts(store, facts, found.facts)
  return { facts: repaired ? (await store.listFacts()).length : facts.length, targets: 0, cells: 0, disagreements: [], factDifferences: found.facts, completionDifferences: found.completions }
}

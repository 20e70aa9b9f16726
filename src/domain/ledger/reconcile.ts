// What the ledger's stored facts and completions should be, rebuilt from the records they come from,
// and every difference between the two. The recount command runs this over the whole database, so a
// fact left behind by a side door (a cancelled check-in, a merge, a hand edit) is reported, not only
// running totals that disagree with the fact table.
//
// - A registration should have a fact exactly when count.ts's rule 1 says it is an attendance
//   (attendanceFacts); the fact belongs to its person, at its check-in time, and carries the activity's
//   current attributes (type, unit, area, start, tags, actions, projects, cancelled). The person's target
//   group is the one they had when checked in, so it is not compared.
// - A course should have one completion per person whose attended lessons reach k (decideCompletion),
//   under the id completionIdFor(course, person), dated at the k-th distinct lesson; none for anyone else.

import { completionIdFor, decideCompletion, type Attended, type Course, type CourseCompletion } from '../courses/rules'
import type { PersonId } from '../ids'
import { ms } from '../time'
import type { Registration } from '../types'
import { attendanceFacts, type ActivityFacts, type AttendanceFact } from './count'

export type FactDifference =
  | { readonly kind: 'missing_fact'; readonly registrationId: string; readonly expected: AttendanceFact }
  | { readonly kind: 'orphan_fact'; readonly registrationId: string; readonly stored: AttendanceFact; readonly why: string }
  | { readonly kind: 'fact_differs'; readonly registrationId: string; readonly field: string; readonly stored: unknown; readonly expected: unknown }

export type CompletionDifference =
  | { readonly kind: 'missing_completion'; readonly courseId: string; readonly personId: string; readonly expected: CourseCompletion }
  | { readonly kind: 'orphan_completion'; readonly courseId: string; readonly personId: string; readonly completionId: string; readonly why: string }
  | { readonly kind: 'completion_differs'; readonly courseId: string; readonly personId: string; readonly completionId: string; readonly field: string; readonly stored: unknown; readonly expected: unknown }

type RegistrationFields = Pick<Registration, 'id' | 'personId' | 'activityId' | 'status' | 'checkedInAt' | 'attendance'>

/** Why a registration yields no fact, in words for the report. */
function noFactReason(r: RegistrationFields | null): string {
  if (!r) return 'registration_missing'
  if (r.status !== 'confirmed') return `registration_${r.status}`
  if (!r.checkedInAt) return 'not_checked_in'
  return r.attendance === 'no_show' ? 'no_show' : 'activity_missing'
}

const ACTIVITY_FIELDS = ['activityId', 'type', 'startAt', 'cancelled', 'departmentCode', 'areaId', 'tags', 'actions', 'projects'] as const
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b)

/**
 * The differences for one registration id between the fact it should have and the fact stored.
 * `registration` and `activity` are null when they do not exist.
 * @example reconcileFact(registration, activityFacts(activity), storedFact) // [] when they agree
 */
export function reconcileFact(registration: RegistrationFields | null, activity: ActivityFacts | null, stored: AttendanceFact | null): FactDifference[] {
  const [expected] = registration
    ? attendanceFacts([registration], () => activity ?? undefined, () => stored?.personTargetGroup ?? 'public')
    : []
  const id = registration?.id ?? stored?.registrationId ?? ''
  if (!expected) return stored ? [{ kind: 'orphan_fact', registrationId: id, stored, why: noFactReason(registration) }] : []
  if (!stored) return [{ kind: 'missing_fact', registrationId: id, expected }]
  const out: FactDifference[] = []
  if (stored.personId !== expected.personId) out.push({ kind: 'fact_differs', registrationId: id, field: 'personId', stored: stored.personId, expected: expected.personId })
  if (ms(stored.at) !== ms(expected.at)) out.push({ kind: 'fact_differs', registrationId: id, field: 'at', stored: stored.at, expected: expected.at })
  for (const f of ACTIVITY_FIELDS) {
    if (!same(stored.activity[f], expected.activity[f])) out.push({ kind: 'fact_differs', registrationId: id, field: `activity.${f}`, stored: stored.activity[f], expected: expected.activity[f] })
  }
  return out
}

/**
 * The differences for one course between the completions it should have (from each person's attended
 * lessons and make-ups) and those stored. `attendedBy` holds every person with an attended lesson.
 */
export function reconcileCourse(course: Course, attendedBy: ReadonlyMap<string, readonly Attended[]>, stored: readonly CourseCompletion[]): CompletionDifference[] {
  const out: CompletionDifference[] = []
  const byId = new Map(stored.map((c) => [c.id, c]))
  const base = { courseId: course.id as string }
  for (const c of stored) {
    const own = completionIdFor(course.id, c.personId)
    if (c.id !== own) out.push({ ...base, kind: 'orphan_completion', personId: c.personId, completionId: c.id, why: byId.has(own) ? 'duplicate_of_person' : 'id_not_of_person' })
  }
  const persons = new Set<string>([...attendedBy.keys(), ...stored.map((c) => c.personId)])
  for (const personId of persons) {
    const id = completionIdFor(course.id, personId as PersonId)
    const have = byId.get(id) ?? null
    const person = { id: personId as PersonId, targetGroup: have?.personTargetGroup ?? ('public' as const) }
    // A completion earned stays earned: the course's later status does not undo it.
    const want = decideCompletion({ course: { ...course, status: 'published' }, person, attended: attendedBy.get(personId) ?? [], existing: null, certificateNo: have?.certificateNo ?? '' })
    if (!want && have) out.push({ ...base, kind: 'orphan_completion', personId, completionId: id, why: 'below_required_lessons' })
    else if (want && !have) out.push({ ...base, kind: 'missing_completion', personId, expected: want })
    else if (want && have && ms(have.completedAt) !== ms(want.completedAt)) {
      out.push({ ...base, kind: 'completion_differs', personId, completionId: id, field: 'completedAt', stored: have.completedAt, expected: want.completedAt })
    }
  }
  return out
}

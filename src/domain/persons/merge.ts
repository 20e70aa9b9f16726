// Merging duplicate person records (合并重复参与人): the same human entered twice — by themselves and
// by a son, or once as a walk-in. An admin keeps one record; the other's registrations move to it so
// the ledger counts one person (count.ts: "deduplicated across duplicate person records once merged").
//
// Per registration R of the duplicate (cancelled ones stay where they are):
// - the kept person has no live registration for R's activity: R moves — a registration with the kept
//   person's id (ids are activity × person) takes R's place, status, seat, waitlist order and
//   attendance; R is closed as cancelled without freeing a seat (the seat moved with it);
// - the kept person is registered there too: R is a true duplicate. The kept registration takes R's
//   attendance if R attended earlier (earliest check-in wins, as everywhere), and R is cancelled,
//   freeing its seat or waitlist place in the activity's counters.
// Course completions follow (mergeCompletions): a completion counts once per person.

import { completionIdFor, decideCompletion, type Attended, type Course, type CourseCompletion } from '../courses/rules'
import { fail, ok, type Result } from '../errors'
import { registrationIdFor } from '../ids'
import type { Instant } from '../time'
import type { Person, Registration } from '../types'

export interface MergeStep {
  /** The duplicate's registration, closed. */
  readonly closed: Registration
  /** The kept person's registration for the activity after the merge. */
  readonly kept: Registration
  /** True when `kept` is new (R moved); false when an existing registration absorbed R. */
  readonly moved: boolean
  /** Change to the activity's counters (only when a true duplicate gives up its seat or place). */
  readonly confirmedDelta: number
  readonly waitlistDelta: number
}

const earlier = (a: Instant | null, b: Instant | null): Instant | null => (a === null ? b : b === null ? a : Date.parse(a) <= Date.parse(b) ? a : b)
const later = (a: Instant | null, b: Instant | null): Instant | null => (a === null ? b : b === null ? a : Date.parse(a) >= Date.parse(b) ? a : b)

/** Refuses merging a record into itself. */
export function checkMerge(duplicate: Person, kept: Person): Result<null> {
  if (duplicate.id === kept.id) return fail('PERSON.MERGE_SAME', 'intoPersonId')
  return ok(null)
}

/**
 * The step for one registration of the duplicate, given the kept person's registration for the same
 * activity (null when none). Null when nothing changes (R already cancelled).
 */
export function mergeStep(r: Registration, existing: Registration | null, kept: Person, now: Instant): MergeStep | null {
  if (r.status === 'cancelled') return null
  const closed: Registration = { ...r, status: 'cancelled', cancelledAt: now, updatedAt: now }
  if (!existing || existing.status === 'cancelled') {
    const moved: Registration = { ...r, id: registrationIdFor(r.activityId, kept.id), personId: kept.id, ownerId: kept.ownerId, updatedAt: now }
    return { closed, kept: moved, moved: true, confirmedDelta: 0, waitlistDelta: 0 }
  }
  const attended = r.attendance === 'attended' || existing.attendance === 'attended'
  const absorbed: Registration = {
    ...existing,
    attendance: attended ? 'attended' : (existing.attendance ?? r.attendance),
    checkedInAt: earlier(existing.checkedInAt, r.checkedInAt),
    checkedOutAt: later(existing.checkedOutAt, r.checkedOutAt),
    updatedAt: now,
  }
  return {
    closed,
    kept: absorbed,
    moved: false,
    confirmedDelta: r.status === 'confirmed' ? -1 : 0,
    waitlistDelta: r.status === 'waitlisted' ? -1 : 0,
  }
}

/**
 * A course's completion (结业) after merging a duplicate record into the kept one, given both records'
 * completions and the kept person's merged attendance at the course's lessons. One completion per
 * person and course remains, under the kept record's id (so 我的课程 and the plan count it once), decided
 * from the merged attendance (lessons split over the two records can reach k together; the earliest
 * check-ins date it). It keeps the certificate number of the kept record's completion, else of the
 * duplicate's, so a certificate already printed still verifies. `remove` lists the duplicate's
 * completion id to delete.
 */
export function mergeCompletions(input: {
  course: Course
  kept: Pick<Person, 'id' | 'targetGroup'>
  duplicateCompletion: CourseCompletion | null
  keptCompletion: CourseCompletion | null
  attended: readonly Attended[]
  certificateNo: string
}): { keep: CourseCompletion | null; remove: string[] } {
  const { course, kept, duplicateCompletion: dup, keptCompletion, attended } = input
  const survivor = keptCompletion ?? dup
  const decided = decideCompletion({ course, person: kept, attended, existing: null, certificateNo: survivor?.certificateNo ?? input.certificateNo })
  // A completion already earned stays, even where the lessons read here fall short (e.g. a cancelled course).
  const keep = decided ?? (survivor ? { ...survivor, id: completionIdFor(course.id, kept.id), personId: kept.id, personTargetGroup: kept.targetGroup } : null)
  return { keep, remove: dup ? [dup.id] : [] }
}

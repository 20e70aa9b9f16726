// 结业 is recorded inside the check-in transaction that reaches a course's k-th distinct lesson. Every
// check-in path (scan, roster tick, offline sync, self check-in, walk-in, seed, an admin's correction)
// records it through recordAttendance (attendance-ledger.ts), next to the ledger fact, so a completion
// cannot be missed; an admin's correction removing an attendance revises it the same way.

import { certificateNoFor } from '../domain/courses/certificate'
import { attendedFrom, completionIdFor, courseRegistrationIds, decideCompletion, type Attended, type Course, type CourseCompletion } from '../domain/courses/rules'
import type { ActivityId, PersonId } from '../domain/ids'
import type { TxStore } from '../domain/ports'
import type { Activity, Person, Registration } from '../domain/types'

/**
 * The person's attended lessons (and make-ups) of the course, read by id inside the transaction
 * (CloudBase transactions allow nothing else). `except` is left out: its registration was just written,
 * and a transaction may not read back its own write.
 */
async function attendedLessons(tx: TxStore, course: Course, personId: PersonId, except: ActivityId): Promise<Attended[]> {
  const regs: (Registration | null)[] = []
  // One read at a time: the transaction's reads are kept in order (CloudBase transactions are small).
  for (const l of courseRegistrationIds(course, personId)) if (l.activityId !== except) regs.push(await tx.getRegistration(l.registrationId))
  return attendedFrom(regs)
}

/**
 * Records the person's completion of the activity's course when this check-in completes it.
 * `checkedIn` is the check-in just written.
 */
export async function recordCompletionIfDue(
  tx: TxStore,
  activity: Pick<Activity, 'courseId'>,
  person: Pick<Person, 'id' | 'targetGroup'>,
  checkedIn: Attended,
): Promise<CourseCompletion | null> {
  if (!activity.courseId) return null
  const course = await tx.getCourse(activity.courseId)
  if (!course) return null
  const id = completionIdFor(course.id, person.id)
  if (await tx.getCompletion(id)) return null
  const attended = [checkedIn, ...(await attendedLessons(tx, course, person.id, checkedIn.activityId))]
  const completion = decideCompletion({ course, person, attended, existing: null, certificateNo: certificateNoFor(id) })
  if (completion) await tx.putCompletion(completion)
  return completion
}

/**
 * After an attendance at `activity` was removed (an admin's correction): the person's completion of its
 * course is decided again from the lessons left. It stays (same id and certificate number, dated by the
 * lessons left) while they still reach k, and goes when they no longer do.
 */
export async function reviseCompletion(tx: TxStore, activity: Pick<Activity, 'id' | 'courseId'>, personId: PersonId): Promise<void> {
  if (!activity.courseId) return
  const course = await tx.getCourse(activity.courseId)
  const existing = course ? await tx.getCompletion(completionIdFor(course.id, personId)) : null
  if (!course || !existing) return
  const attended = await attendedLessons(tx, course, personId, activity.id)
  const person = { id: personId, targetGroup: existing.personTargetGroup }
  const decided = decideCompletion({ course, person, attended, existing: null, certificateNo: existing.certificateNo })
  if (decided) await tx.putCompletion(decided)
  else await tx.deleteCompletion(existing.id)
}

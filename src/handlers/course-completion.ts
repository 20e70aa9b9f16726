// 结业 is recorded inside the check-in transaction that reaches a course's k-th distinct lesson. Every
// check-in path (scan, roster tick, offline sync, self check-in, walk-in, seed) calls this next to the
// ledger fact it writes, so a completion cannot be missed.

import { certificateNoFor } from '../domain/courses/certificate'
import { completionIdFor, decideCompletion, isAttended, type Attended, type CourseCompletion } from '../domain/courses/rules'
import { registrationIdFor } from '../domain/ids'
import type { TxStore } from '../domain/ports'
import type { Activity, Person } from '../domain/types'

/**
 * Records the person's completion of the activity's course when this check-in completes it. Reads
 * only documents by id (CloudBase transactions allow nothing else): the course, the completion, and
 * the person's registration at each other lesson and make-up. `checkedIn` is the check-in just written,
 * passed in because a transaction may not read back its own write.
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
  const attended: Attended[] = [checkedIn]
  for (const l of course.lessons) {
    if (l.activityId === checkedIn.activityId) continue
    const r = await tx.getRegistration(registrationIdFor(l.activityId, person.id))
    if (isAttended(r)) attended.push({ activityId: l.activityId, at: r.checkedInAt! })
  }
  const completion = decideCompletion({ course, person, attended, existing: null, certificateNo: certificateNoFor(id) })
  if (completion) await tx.putCompletion(completion)
  return completion
}

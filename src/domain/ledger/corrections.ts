// Attendance corrections (出勤更正): once an activity's attendance is closed (finalised by its organizer,
// or ATTENDANCE_LATE_SYNC_DAYS after its check-in window), consoles can no longer check anyone in or
// out, so a figure already reported cannot move silently. A mistake found later — someone who was there
// but not ticked, or ticked by mistake — is corrected by an admin (区科协), with a reason. The correction
// writes the registration, its check-in, the ledger fact and any course completion in one transaction,
// and is kept in the ledger's change log (修改记录) with who, when and why.

import { attendanceClosed, checkInIdFor, inCheckInWindow, type CheckIn } from '../checkin/rules'
import { fail, ok, type Result } from '../errors'
import type { ActivityId, PersonId, RegistrationId, UserId } from '../ids'
import type { Instant } from '../time'
import type { Activity, Registration } from '../types'

export const CORRECTION_REASON_MAX_CHARS = 200
const CORRECTION_REASON_MIN_CHARS = 2

/** A correction's reason, trimmed: at least a word, at most CORRECTION_REASON_MAX_CHARS (the form checks it too). */
export function checkCorrectionReason(raw: string): Result<string> {
  const reason = raw.trim()
  return reason.length < CORRECTION_REASON_MIN_CHARS || reason.length > CORRECTION_REASON_MAX_CHARS ? fail('LEDGER.CORRECTION_REASON', 'reason') : ok(reason)
}

/** One entry of the change log: an attendance an admin set or removed after attendance closed. */
export interface AttendanceCorrection {
  readonly id: string
  readonly activityId: ActivityId
  readonly registrationId: RegistrationId
  readonly personId: PersonId
  /** true: marked attended (with `checkedInAt`); false: the attendance was removed. */
  readonly attended: boolean
  /** The check-in time before and after the correction (null: not attended). */
  readonly checkedInAtBefore: Instant | null
  readonly checkedInAtAfter: Instant | null
  readonly reason: string
  readonly by: UserId
  readonly at: Instant
}

export interface CorrectionDecision {
  readonly registration: Registration
  /** The check-in to write (marking attended), or null. */
  readonly checkIn: CheckIn | null
  /** Check-in ids to delete (removing an attendance: its check-in and any check-out). */
  readonly removeCheckIns: readonly string[]
  readonly correction: AttendanceCorrection
}

/**
 * Decides an admin's correction of one registration's attendance. Only for closed attendance (before
 * that, the console is the place); only for confirmed registrations; `checkedInAt` (default: the
 * start) must lie in the activity's check-in window, so a correction cannot date an attendance into
 * another month or year than the activity's own.
 * @example decideAttendanceCorrection({ activity, registration, attended: true, checkedInAt: null, reason: '纸质签到表有签名', actorId, now, id })
 */
export function decideAttendanceCorrection(input: {
  activity: Activity | null
  registration: Registration | null
  attended: boolean
  checkedInAt: Instant | null
  reason: string
  actorId: UserId
  now: Instant
  id: string
}): Result<CorrectionDecision> {
  const { activity, registration, attended, actorId, now, id } = input
  if (!registration || !activity || registration.activityId !== activity.id) return fail('REGISTRATION.NOT_FOUND', 'registrationId')
  if (!attendanceClosed(activity, now)) return fail('LEDGER.CORRECTION_NOT_CLOSED', 'registrationId')
  if (registration.status !== 'confirmed') return fail(registration.status === 'cancelled' ? 'CHECKIN.CANCELLED' : 'CHECKIN.NOT_REGISTERED', 'registrationId')
  const checked = checkCorrectionReason(input.reason)
  if (!checked.ok) return checked
  const reason = checked.value
  const wasAttended = registration.checkedInAt !== null
  if (wasAttended === attended) return fail('LEDGER.CORRECTION_UNCHANGED', 'attended')
  const at = input.checkedInAt ?? activity.startAt
  if (attended && !inCheckInWindow(activity, at)) return fail('CHECKIN.OUTSIDE_WINDOW', 'checkedInAt', '更正的签到时间须在该活动的签到时段内')

  const correction: AttendanceCorrection = {
    id,
    activityId: activity.id,
    registrationId: registration.id,
    personId: registration.personId,
    attended,
    checkedInAtBefore: registration.checkedInAt,
    checkedInAtAfter: attended ? at : null,
    reason,
    by: actorId,
    at: now,
  }
  if (!attended) {
    return ok({
      registration: { ...registration, attendance: 'no_show', checkedInAt: null, checkedOutAt: null, updatedAt: now },
      checkIn: null,
      removeCheckIns: [checkInIdFor(registration.id, 'in'), checkInIdFor(registration.id, 'out')],
      correction,
    })
  }
  const checkIn: CheckIn = {
    id: checkInIdFor(registration.id, 'in'),
    activityId: activity.id,
    registrationId: registration.id,
    personId: registration.personId,
    kind: 'in',
    method: 'correction',
    at,
    recordedAt: now,
    operatorId: actorId,
    deviceId: 'correction',
    nonce: `correction-${id}`.slice(0, 64),
    reason,
    duplicates: [],
  }
  return ok({ registration: { ...registration, attendance: 'attended', checkedInAt: at, updatedAt: now }, checkIn, removeCheckIns: [], correction })
}

// 系列课程: a course of n lessons (each an activity), a completion rule "attend at least k of n", make-up
// lessons that stand in for a lesson, and 结业 (completion) recorded once per (course, person).
// Pure: the handlers read the documents, these functions decide.

import type { ActivityType, DepartmentCode, PlanAction, PlanProject, TargetGroup } from '../catalog'
import { fail, ok, type Result } from '../errors'
import { registrationIdFor, type ActivityId, type AreaId, type CourseId, type PersonId, type UserId } from '../ids'
import { decideSignUp, type Transition } from '../registrations/rules'
import { ms, type Instant } from '../time'
import type { Activity, Person, Registration } from '../types'

/** A course has at most this many lessons (make-ups not counted). */
export const COURSE_LESSONS_MAX = 30
/** And at most this many make-up lessons. */
export const COURSE_MAKE_UPS_MAX = 30
/** Hours credited per lesson: half-hour steps within this range. */
export const LESSON_HOURS_MIN = 0.5
export const LESSON_HOURS_MAX = 8

/** One lesson of a course, or a make-up (补课) that counts for lesson `lesson`. */
export interface CourseLesson {
  /** 1-based lesson number; a make-up carries the number of the lesson it stands in for. */
  readonly lesson: number
  readonly activityId: ActivityId
  readonly title: string
  readonly makeUp: boolean
}

export type CourseStatus = 'published' | 'cancelled'

export interface Course {
  readonly id: CourseId
  readonly title: string
  readonly description: string
  readonly place: string
  readonly areaId: AreaId
  /** The organizing unit (the organizer's department); its name is on the certificate. */
  readonly departmentCode: DepartmentCode
  /** Copied to every lesson activity, so the ledger sees lessons like any activity. */
  readonly type: ActivityType
  readonly targetGroups: readonly TargetGroup[]
  readonly actions: readonly PlanAction[]
  readonly projects: readonly PlanProject[]
  readonly tags: readonly string[]
  /** Seats per lesson; a course sign-up takes one seat in every lesson. */
  readonly capacity: number
  /** Completion rule: attend at least `requiredLessons` of the course's lessons. */
  readonly requiredLessons: number
  readonly hoursPerLesson: number
  /** Lessons in order, then make-ups in the order they were added. */
  readonly lessons: readonly CourseLesson[]
  readonly signupOpensAt: Instant
  readonly signupClosesAt: Instant
  readonly status: CourseStatus
  readonly createdBy: UserId
  readonly createdAt: Instant
  readonly updatedAt: Instant
}

/**
 * 结业: one per (course, person), written in the check-in transaction that reaches the k-th distinct
 * lesson. Carries what the plan ledger counts by, copied from the course and the person at completion.
 */
export interface CourseCompletion {
  /** `cmp-<courseId>-<personId>`: derived, so a second completion is a key clash, not a duplicate. */
  readonly id: string
  readonly courseId: CourseId
  /** The attending person (e.g. the parent), never the account that signed them up. */
  readonly personId: PersonId
  readonly personTargetGroup: TargetGroup
  /** When the k-th distinct lesson was checked in. */
  readonly completedAt: Instant
  readonly departmentCode: DepartmentCode
  readonly areaId: AreaId
  /** The lesson activities' type (one per course today; a list so the ledger filters like facts). */
  readonly types: readonly ActivityType[]
  readonly tags: readonly string[]
  readonly actions: readonly PlanAction[]
  readonly projects: readonly PlanProject[]
  /** Distinct lessons attended when completing, the course's n and k then. */
  readonly lessonsAttended: number
  readonly lessonsTotal: number
  readonly requiredLessons: number
  /** Hours credited on the certificate: distinct lessons attended × hours per lesson. */
  readonly hours: number
  /** Short public number of the 结业证书 (see courses/certificate.ts); unique. */
  readonly certificateNo: string
}

export const completionIdFor = (courseId: CourseId, personId: PersonId): string => `cmp-${courseId}-${personId}`

/** The course's regular lessons (n of them), without make-ups. */
export const regularLessons = (course: Pick<Course, 'lessons'>): CourseLesson[] => course.lessons.filter((l) => !l.makeUp)

/**
 * Checks a completion rule "attend at least k of n lessons" and the hours per lesson.
 * @example checkCompletionRule({ lessons: 4, required: 3, hoursPerLesson: 1.5 }) // ok
 */
export function checkCompletionRule(rule: { lessons: number; required: number; hoursPerLesson: number }): Result<void> {
  if (!Number.isInteger(rule.lessons) || rule.lessons < 1) return fail('COURSE.NO_LESSONS', 'lessons')
  if (rule.lessons > COURSE_LESSONS_MAX) return fail('COURSE.TOO_MANY_LESSONS', 'lessons')
  if (!Number.isInteger(rule.required) || rule.required < 1) return fail('COURSE.RULE_TOO_LOW', 'requiredLessons')
  if (rule.required > rule.lessons) return fail('COURSE.RULE_EXCEEDS_LESSONS', 'requiredLessons', `结业要求出席${rule.required}节，但课程只有${rule.lessons}节课`)
  const h = rule.hoursPerLesson
  if (!Number.isFinite(h) || h < LESSON_HOURS_MIN || h > LESSON_HOURS_MAX || !Number.isInteger(h * 2)) return fail('COURSE.HOURS_INVALID', 'hoursPerLesson')
  return ok(undefined)
}

/** Lesson times: each ends after it starts and none has started yet. */
export function checkLessonTimes(lessons: readonly { startAt: Instant; endAt: Instant }[], now: Instant): Result<void> {
  for (const [i, l] of lessons.entries()) {
    if (!(ms(l.endAt) > ms(l.startAt))) return fail('COURSE.LESSON_TIME', `lessons.${i}.endAt`)
    if (ms(l.startAt) <= ms(now)) return fail('COURSE.LESSON_IN_PAST', `lessons.${i}.startAt`)
  }
  return ok(undefined)
}

/** One attended activity of a person: which activity, and when they were checked in. */
export interface Attended {
  readonly activityId: ActivityId
  readonly at: Instant
}

/**
 * The distinct lessons a person attended, each with its earliest check-in. A make-up counts for its
 * lesson; a lesson counts once however many times it was attended; activities not in the course are ignored.
 * @example lessonsAttended(course, [{ activityId: makeUpFor2, at }]) // Map { 2 => at }
 */
export function lessonsAttended(course: Pick<Course, 'lessons'>, attended: readonly Attended[]): Map<number, Instant> {
  const lessonOf = new Map(course.lessons.map((l) => [l.activityId as string, l.lesson]))
  const out = new Map<number, Instant>()
  for (const a of attended) {
    const lesson = lessonOf.get(a.activityId)
    if (lesson === undefined) continue
    const prev = out.get(lesson)
    if (prev === undefined || ms(a.at) < ms(prev)) out.set(lesson, a.at)
  }
  return out
}

/** Progress as shown to residents, e.g. { attended: 3, total: 4, required: 3, completed: true } → 已上 3/4 课. */
export interface CourseProgress {
  readonly attended: number
  readonly total: number
  readonly required: number
  readonly completed: boolean
}

export function courseProgress(course: Pick<Course, 'lessons' | 'requiredLessons'>, attended: readonly Attended[]): CourseProgress {
  const n = lessonsAttended(course, attended).size
  return { attended: n, total: regularLessons(course).length, required: course.requiredLessons, completed: n >= course.requiredLessons }
}

/** 已上 3/4 课 */
export const progressLabel = (p: Pick<CourseProgress, 'attended' | 'total'>): string => `已上 ${p.attended}/${p.total} 课`

/**
 * Decides whether this person completes the course now. Returns the completion to record, or null
 * when the rule is not met yet or a completion exists already (it is recorded once). `completedAt` is
 * the instant the k-th distinct lesson was first attended, so late offline syncs date it correctly.
 */
export function decideCompletion(input: {
  course: Course
  person: Pick<Person, 'id' | 'targetGroup'>
  attended: readonly Attended[]
  existing: CourseCompletion | null
  certificateNo: string
}): CourseCompletion | null {
  const { course, person, attended, existing, certificateNo } = input
  if (existing || course.status === 'cancelled') return null
  const lessons = lessonsAttended(course, attended)
  if (lessons.size < course.requiredLessons) return null
  const times = [...lessons.values()].sort((a, b) => ms(a) - ms(b))
  return {
    id: completionIdFor(course.id, person.id),
    courseId: course.id,
    personId: person.id,
    personTargetGroup: person.targetGroup,
    completedAt: times[course.requiredLessons - 1],
    departmentCode: course.departmentCode,
    areaId: course.areaId,
    types: [course.type],
    tags: [...course.tags],
    actions: [...course.actions],
    projects: [...course.projects],
    lessonsAttended: lessons.size,
    lessonsTotal: regularLessons(course).length,
    requiredLessons: course.requiredLessons,
    hours: lessons.size * course.hoursPerLesson,
    certificateNo,
  }
}

/** What counts as attended: a confirmed registration with a check-in. */
export const isAttended = (r: Registration | null): r is Registration => !!r && r.status === 'confirmed' && r.checkedInAt !== null

/**
 * What a person attended among their registrations (at a course's lessons and make-ups): one entry per
 * attended registration, dated by its check-in. Gaps (null: never registered) are skipped.
 */
export const attendedFrom = (regs: readonly (Registration | null)[]): Attended[] =>
  regs.flatMap((r) => (isAttended(r) ? [{ activityId: r.activityId, at: r.checkedInAt as Instant }] : []))

/**
 * The lesson numbers attended, ascending, each once (a make-up counts for its lesson).
 * @example lessonNumbersAttended(course, [{ activityId: lesson3, at }, { activityId: makeUpFor1, at }]) // [1, 3]
 */
export const lessonNumbersAttended = (course: Pick<Course, 'lessons'>, attended: readonly Attended[]): number[] =>
  [...lessonsAttended(course, attended).keys()].sort((a, b) => a - b)

/** The registration ids of a person in every lesson and make-up of a course (one read each inside a transaction). */
export const courseRegistrationIds = (course: Pick<Course, 'lessons'>, personId: PersonId) =>
  course.lessons.map((l) => ({ activityId: l.activityId, registrationId: registrationIdFor(l.activityId, personId) }))

/**
 * Decides a whole-course sign-up: one seat in every regular lesson, decided by the same rules as a
 * single sign-up, all or nothing. Nobody jumps a waitlist and a course sign-up never waits: a lesson
 * without a seat for a newcomer makes the course full. Lessons the person already holds a live
 * registration for are kept as they are.
 */
export function decideCourseSignUp(input: {
  course: Course | null
  /** The regular lessons' activities, in lesson order (null where missing). */
  lessons: readonly (Activity | null)[]
  /** The person's existing registration per lesson, same order. */
  existing: readonly (Registration | null)[]
  person: Person
  actorId: UserId
  now: Instant
}): Result<Transition[]> {
  const { course, lessons, existing, person, actorId, now } = input
  if (!course) return fail('COURSE.NOT_FOUND', 'courseId')
  if (course.status === 'cancelled') return fail('COURSE.CANCELLED', 'courseId')
  if (ms(now) < ms(course.signupOpensAt)) return fail('REGISTRATION.NOT_OPEN')
  if (ms(now) >= ms(course.signupClosesAt)) return fail('REGISTRATION.CLOSED')
  const live = existing.map((r) => !!r && r.status !== 'cancelled')
  if (live.every(Boolean)) return fail('COURSE.ALREADY_ENROLLED', 'personId')
  const out: Transition[] = []
  for (const [i, activity] of lessons.entries()) {
    if (live[i]) continue
    if (!activity) return fail('COURSE.NOT_FOUND', 'courseId')
    const d = decideSignUp({ activity, person, existing: existing[i], actorId, now })
    if (!d.ok) return d.error.code === 'REGISTRATION.FULL' ? fail('COURSE.FULL') : d
    if (d.value.registration.status !== 'confirmed') return fail('COURSE.FULL')
    out.push(d.value)
  }
  return ok(out)
}

/** Masks a name for public display, as a certificate check shows it: 赵桂英 → 赵*英, 李娜 → 李*. */
export function maskName(name: string): string {
  const chars = [...name.trim()]
  if (chars.length <= 1) return chars.join('')
  if (chars.length === 2) return `${chars[0]}*`
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`
}

/** The plan labels a course's lessons carry, from its type and target groups (the ledger counts by them). */
export function planLabelsFor(type: ActivityType, targetGroups: readonly TargetGroup[]): { actions: PlanAction[]; projects: PlanProject[]; tags: string[] } {
  const byGroup: Partial<Record<TargetGroup, PlanAction>> = {
    youth: 'action_youth',
    farmer: 'action_farmer',
    worker: 'action_worker',
    senior: 'action_senior',
    official: 'action_official',
  }
  const actions = [...new Set(targetGroups.map((g) => byGroup[g]).filter((a): a is PlanAction => !!a))]
  return {
    actions,
    projects: type === 'smart_senior' ? ['project_informatization'] : ['project_grassroots'],
    // 智慧助老 classes are what the plan's "smartphone-class completions" figure counts.
    tags: type === 'smart_senior' ? ['smart_class'] : [],
  }
}

/** 出席4节中的3节即可结业 */
export const ruleLabel = (n: number, k: number): string => (k === n ? `${n}节课全部出席即可结业` : `出席${n}节中的${k}节即可结业`)

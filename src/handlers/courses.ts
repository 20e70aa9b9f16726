// 系列课程: organizers create courses (each lesson an activity) and make-ups; residents sign up once for
// every lesson and follow their progress; 结业证书 are shown, downloaded and publicly verified.

import { seatsForNewcomer, signupWindowState } from '../domain/activities/rules'
import { DEPARTMENTS, nameOf } from '../domain/catalog'
import { organizesActivity } from '../domain/checkin/rules'
import { schemas, type ExportFile } from '../domain/contracts'
import { verificationCode, verifyCertificateCode } from '../domain/courses/certificate'
import {
  checkCompletionRule,
  checkLessonTimes,
  completionIdFor,
  COURSE_MAKE_UPS_MAX,
  courseProgress,
  decideCourseSignUp,
  attendedFrom,
  lessonNumbersAttended,
  maskName,
  planLabelsFor,
  progressLabel,
  regularLessons,
  ruleLabel,
  type Attended,
  type Course,
  type CourseCompletion,
  type CourseLesson,
} from '../domain/courses/rules'
import type {
  CertificateCheckView,
  CertificateView,
  CourseDetailView,
  CourseProgressView,
  CourseRosterView,
  CourseView,
  MyCourseView,
} from '../domain/courses/views'
import { raise, unwrap } from '../domain/errors'
import { newId, registrationIdFor, type ActivityId, type CourseId, type PersonId } from '../domain/ids'
import { checkManages, checkSignUpConsent } from '../domain/persons/rules'
import type { Deps, Store } from '../domain/ports'
import { ms, type Instant } from '../domain/time'
import type { Activity, Person, Registration, User } from '../domain/types'
import { activityViews, areaNames } from './views'
import { certificateSvg } from './certificate-svg'
import { masterKey } from './checkin'
import { DELETED_PERSON_NAME } from './views'
import { requirePrivacyAgreed } from './privacy-guard'
import { action, userOf, type Ctx } from './table'

const organizesCourse = (user: User, course: Course): boolean => organizesActivity(user, { departmentCode: course.departmentCode } as Activity)

async function loadCourse(store: Store, id: CourseId, field = 'id'): Promise<Course> {
  return (await store.getCourse(id)) ?? raise('COURSE.NOT_FOUND', field)
}

async function requireCourseOrganizer(ctx: Ctx, id: CourseId, field = 'id'): Promise<{ user: User; course: Course }> {
  const user = userOf(ctx)
  const course = await loadCourse(ctx.deps.store, id, field)
  if (!organizesCourse(user, course)) raise('AUTH.FORBIDDEN')
  return { user, course }
}

/** A lesson (or make-up) as an activity: the course's labels, unit, area and seats. */
function lessonActivity(course: Course, l: CourseLesson, times: { startAt: Instant; endAt: Instant }, now: Instant, extra: Partial<Activity> = {}): Activity {
  return {
    id: l.activityId,
    title: `${course.title} 第${l.lesson}课${l.makeUp ? '补课' : ''}：${l.title}`,
    type: course.type,
    description: course.description || course.title,
    startAt: times.startAt,
    endAt: times.endAt,
    place: course.place,
    areaId: course.areaId,
    departmentCode: course.departmentCode,
    targetGroups: course.targetGroups,
    actions: course.actions,
    projects: course.projects,
    tags: course.tags,
    capacity: course.capacity,
    // A course sign-up never waits: a full lesson makes the course full.
    waitlistLimit: 0,
    signupOpensAt: course.signupOpensAt,
    signupClosesAt: course.signupClosesAt,
    status: 'published',
    confirmedCount: 0,
    waitlistCount: 0,
    nextSeq: 1,
    checkoutEnabled: course.type === 'training',
    walkInsAllowed: false,
    attendanceClosedAt: null,
    createdAt: now,
    updatedAt: now,
    courseId: course.id,
    ...extra,
  }
}

async function courseView(store: Store, course: Course, now: Instant): Promise<CourseView> {
  const activities = await store.getActivities(course.lessons.map((l) => l.activityId))
  const views = new Map((await activityViews(store, activities, now)).map((v) => [v.id as string, v]))
  const byId = new Map(activities.map((a) => [a.id as string, a]))
  const regular = regularLessons(course)
  const regularActivities = regular.map((l) => byId.get(l.activityId)).filter((a): a is Activity => !!a)
  const name = await areaNames(store)
  const window = signupWindowState(
    { status: course.status, signupOpensAt: course.signupOpensAt, signupClosesAt: course.signupClosesAt, startAt: regularActivities[0]?.startAt ?? course.signupClosesAt } as Activity,
    now,
  )
  return {
    id: course.id,
    title: course.title,
    description: course.description,
    place: course.place,
    areaName: name(course.areaId),
    departmentCode: course.departmentCode,
    departmentName: nameOf(DEPARTMENTS, course.departmentCode),
    type: course.type,
    targetGroups: course.targetGroups,
    capacity: course.capacity,
    seatsLeft: regularActivities.length ? Math.min(...regularActivities.map(seatsForNewcomer)) : 0,
    lessonsTotal: regular.length,
    requiredLessons: course.requiredLessons,
    hoursPerLesson: course.hoursPerLesson,
    signupOpensAt: course.signupOpensAt,
    signupClosesAt: course.signupClosesAt,
    signupWindow: window,
    status: course.status,
    ruleLabel: ruleLabel(regular.length, course.requiredLessons),
    lessons: course.lessons.flatMap((l) => {
      const v = views.get(l.activityId)
      return v ? [{ lesson: l.lesson, makeUp: l.makeUp, title: l.title, activity: v }] : []
    }),
  }
}

/** A person's registrations at every lesson and make-up of a course (by id), and what they attended. */
async function attendanceOf(store: Store, course: Course, personId: PersonId): Promise<{ regs: (Registration | null)[]; attended: Attended[] }> {
  const regs = await Promise.all(course.lessons.map((l) => store.getRegistration(registrationIdFor(l.activityId, personId))))
  const attended = attendedFrom(regs)
  return { regs, attended }
}

function progressView(course: Course, person: Person, regs: (Registration | null)[], attended: Attended[], completion: CourseCompletion | null): CourseProgressView {
  const p = courseProgress(course, attended)
  const lessons = lessonNumbersAttended(course, attended)
  return {
    personId: person.id,
    personName: person.name,
    isSelf: person.isSelf,
    enrolled: regs.some((r, i) => !!r && r.status !== 'cancelled' && !course.lessons[i].makeUp),
    lessonsAttended: lessons,
    attended: p.attended,
    total: p.total,
    required: p.required,
    completed: !!completion,
    completedAt: completion?.completedAt ?? null,
    label: progressLabel(p),
  }
}

async function progressOf(store: Store, course: Course, person: Person): Promise<CourseProgressView> {
  const [{ regs, attended }, completion] = await Promise.all([attendanceOf(store, course, person.id), store.getCompletion(completionIdFor(course.id, person.id))])
  return progressView(course, person, regs, attended, completion)
}

async function certificateOf(deps: Deps, completion: CourseCompletion): Promise<CertificateView> {
  const [course, person] = await Promise.all([deps.store.getCourse(completion.courseId), deps.store.getPerson(completion.personId)])
  return {
    certificateNo: completion.certificateNo,
    verificationCode: verificationCode(masterKey(deps), completion.certificateNo),
    personName: person?.name ?? DELETED_PERSON_NAME,
    courseTitle: course?.title ?? '',
    hours: completion.hours,
    organizer: nameOf(DEPARTMENTS, completion.departmentCode),
    completedAt: completion.completedAt,
    lessonsAttended: completion.lessonsAttended,
    lessonsTotal: completion.lessonsTotal,
  }
}

export const coursesHandlers = {
  create: action({
    access: ['organizer', 'admin'],
    input: schemas.courses.create,
    run: async (input, ctx): Promise<CourseView> => {
      const { store, clock, random } = ctx.deps
      const user = userOf(ctx)
      const now = clock.now()
      const departmentCode = user.role === 'admin' ? (input.departmentCode ?? raise('COURSE.DEPARTMENT_REQUIRED', 'departmentCode')) : user.departmentCode
      if (!departmentCode || (input.departmentCode && input.departmentCode !== departmentCode)) return raise('AUTH.FORBIDDEN')
      if (!(await store.getArea(input.areaId))) raise('AREA.NOT_FOUND', 'areaId')
      unwrap(checkCompletionRule({ lessons: input.lessons.length, required: input.requiredLessons, hoursPerLesson: input.hoursPerLesson }))
      unwrap(checkLessonTimes(input.lessons, now))
      const firstStart = Math.min(...input.lessons.map((l) => ms(l.startAt)))
      const opens = input.signupOpensAt ?? now
      const closes = input.signupClosesAt ?? new Date(firstStart).toISOString()
      if (!(ms(closes) > ms(opens)) || ms(closes) > firstStart) raise('COURSE.SIGNUP_WINDOW', 'signupClosesAt')
      // Lessons in time order, numbered 1..n.
      const ordered = [...input.lessons].sort((a, b) => ms(a.startAt) - ms(b.startAt))
      const id = newId<CourseId>('crs', random)
      const course: Course = {
        id,
        title: input.title,
        description: input.description ?? '',
        place: input.place,
        areaId: input.areaId,
        departmentCode,
        type: input.type,
        targetGroups: [...new Set(input.targetGroups)],
        ...planLabelsFor(input.type, input.targetGroups),
        capacity: input.capacity,
        requiredLessons: input.requiredLessons,
        hoursPerLesson: input.hoursPerLesson,
        lessons: ordered.map((l, i) => ({ lesson: i + 1, activityId: newId<ActivityId>('act', random), title: l.title, makeUp: false })),
        signupOpensAt: opens,
        signupClosesAt: closes,
        status: 'published',
        createdBy: user.id,
        createdAt: now,
        updatedAt: now,
      }
      await store.transaction(async (tx) => {
        await tx.putCourse(course)
        for (const [i, l] of course.lessons.entries()) await tx.putActivity(lessonActivity(course, l, ordered[i], now))
      })
      return courseView(store, course, now)
    },
  }),
  addMakeUp: action({
    access: ['organizer', 'admin'],
    input: schemas.courses.addMakeUp,
    run: async (input, ctx): Promise<CourseView> => {
      const { store, clock, random } = ctx.deps
      const { course } = await requireCourseOrganizer(ctx, input.courseId, 'courseId')
      const now = clock.now()
      const lesson = regularLessons(course).find((l) => l.lesson === input.lesson) ?? raise('COURSE.LESSON_UNKNOWN', 'lesson')
      unwrap(checkLessonTimes([input], now))
      const makeUp: CourseLesson = { lesson: lesson.lesson, activityId: newId<ActivityId>('act', random), title: lesson.title, makeUp: true }
      const updated = await store.transaction(async (tx) => {
        const current = (await tx.getCourse(course.id)) ?? raise('COURSE.NOT_FOUND', 'courseId')
        if (current.lessons.filter((l) => l.makeUp).length >= COURSE_MAKE_UPS_MAX) raise('COURSE.TOO_MANY_MAKE_UPS', 'lesson', `补课最多${COURSE_MAKE_UPS_MAX}次`)
        const next: Course = { ...current, lessons: [...current.lessons, makeUp], updatedAt: now }
        // A make-up has its own sign-up: open now until it starts.
        const activity = lessonActivity(next, makeUp, input, now, {
          place: input.place ?? current.place,
          capacity: input.capacity ?? current.capacity,
          signupOpensAt: now,
          signupClosesAt: input.startAt,
        })
        await tx.putCourse(next)
        await tx.putActivity(activity)
        return next
      })
      return courseView(store, updated, now)
    },
  }),
  get: action({
    access: 'public',
    input: schemas.courses.get,
    run: async (input, ctx): Promise<CourseDetailView> => {
      const { store, clock } = ctx.deps
      const course = await loadCourse(store, input.id)
      const now = clock.now()
      const view = await courseView(store, course, now)
      if (!ctx.user) return { course: view, mine: [], canManage: false }
      const persons = await store.listPersonsByOwner(ctx.user.id)
      return { course: view, mine: await Promise.all(persons.map((p) => progressOf(store, course, p))), canManage: organizesCourse(ctx.user, course) }
    },
  }),
  signUp: action({
    access: 'signedIn',
    input: schemas.courses.signUp,
    run: async (input, ctx): Promise<CourseProgressView> => {
      const { store, clock } = ctx.deps
      const user = userOf(ctx)
      const now = clock.now()
      const person = unwrap(checkManages(await store.getPerson(input.personId), user.id))
      await loadCourse(store, input.courseId, 'courseId')
      // As for a single sign-up: the privacy notice agreed, and a guardian's consent for a child under 14.
      await requirePrivacyAgreed(store, user.id)
      unwrap(checkSignUpConsent(person, now))
      const course = await store.transaction(async (tx) => {
        const c = await tx.getCourse(input.courseId)
        const lessons = c ? regularLessons(c) : []
        const activities = await Promise.all(lessons.map((l) => tx.getActivity(l.activityId)))
        const existing = await Promise.all(lessons.map((l) => tx.getRegistration(registrationIdFor(l.activityId, person.id))))
        const decided = unwrap(decideCourseSignUp({ course: c, lessons: activities, existing, person, actorId: user.id, now }))
        for (const t of decided) {
          await tx.putActivity(t.activity)
          await tx.putRegistration(t.registration)
        }
        return c!
      })
      return progressOf(store, course, person)
    },
  }),
  mine: action({
    access: 'signedIn',
    input: schemas.courses.mine,
    /** Every course a managed person holds a lesson registration in, with progress; unfinished first. */
    run: async (_input, ctx): Promise<MyCourseView[]> => {
      const { store, clock } = ctx.deps
      const user = userOf(ctx)
      const now = clock.now()
      const [regs, persons] = await Promise.all([store.listRegistrationsByOwner(user.id), store.listPersonsByOwner(user.id)])
      const live = regs.filter((r) => r.status !== 'cancelled')
      const activities = await store.getActivities([...new Set(live.map((r) => r.activityId))])
      const courseOf = new Map(activities.filter((a) => a.courseId).map((a) => [a.id as string, a.courseId!]))
      const pairs = new Map<string, { courseId: CourseId; personId: PersonId }>()
      for (const r of live) {
        const c = courseOf.get(r.activityId)
        if (c) pairs.set(`${c}|${r.personId}`, { courseId: c, personId: r.personId })
      }
      const personById = new Map(persons.map((p) => [p.id as string, p]))
      // Each course is read and viewed once, however many of the caller's persons take it.
      const courses = new Map<string, { course: Course; view: CourseView } | null>()
      const out: MyCourseView[] = []
      for (const { courseId, personId } of pairs.values()) {
        const person = personById.get(personId)
        if (!person) continue
        if (!courses.has(courseId)) {
          const c = await store.getCourse(courseId)
          courses.set(courseId, c ? { course: c, view: await courseView(store, c, now) } : null)
        }
        const known = courses.get(courseId)
        if (!known) continue
        const { course, view } = known
        const progress = await progressOf(store, course, person)
        const next = view.lessons.filter((l) => !l.activity.ended && !l.makeUp).sort((a, b) => a.activity.startAt.localeCompare(b.activity.startAt))[0]
        const { lessons: _lessons, ...summary } = view
        out.push({
          course: summary,
          progress,
          nextLesson: next ? { title: next.title, lesson: next.lesson, startAt: next.activity.startAt, endAt: next.activity.endAt, place: next.activity.place } : null,
        })
      }
      return out.sort((a, b) =>
        a.progress.completed !== b.progress.completed
          ? Number(a.progress.completed) - Number(b.progress.completed)
          : (a.nextLesson?.startAt ?? '9').localeCompare(b.nextLesson?.startAt ?? '9'),
      )
    },
  }),
  organized: action({
    access: ['organizer', 'admin'],
    input: schemas.courses.organized,
    run: async (_input, ctx): Promise<CourseView[]> => {
      const { store, clock } = ctx.deps
      const user = userOf(ctx)
      const departments = user.role === 'admin' ? DEPARTMENTS.map((d) => d.code) : user.departmentCode ? [user.departmentCode] : []
      const courses = (await Promise.all(departments.map((d) => store.listCoursesByDepartment(d)))).flat()
      const now = clock.now()
      return Promise.all(courses.map((c) => courseView(store, c, now)))
    },
  }),
  manage: action({
    access: ['organizer', 'admin'],
    input: schemas.courses.manage,
    run: async (input, ctx): Promise<CourseRosterView> => {
      const { store, clock } = ctx.deps
      const { course } = await requireCourseOrganizer(ctx, input.id)
      const now = clock.now()
      const regs = (await Promise.all(course.lessons.map((l) => store.listRegistrationsByActivity(l.activityId)))).flat().filter((r) => r.status !== 'cancelled')
      const byPerson = new Map<string, Registration[]>()
      for (const r of regs) byPerson.set(r.personId, [...(byPerson.get(r.personId) ?? []), r])
      const completions = await store.listCompletionsByCourse(course.id)
      const completed = new Set(completions.map((c) => c.personId as string))
      const found = new Map((await store.getPersons([...byPerson.keys()] as PersonId[])).map((p) => [p.id as string, p]))
      const persons = [...byPerson.keys()].map((id) => found.get(id))
      const rows = [...byPerson.entries()].map(([personId, rs], i) => {
        const lessons = lessonNumbersAttended(course, attendedFrom(rs))
        return {
          personId: personId as PersonId,
          name: persons[i]?.name ?? DELETED_PERSON_NAME,
          targetGroup: persons[i]?.targetGroup ?? ('public' as const),
          lessonsAttended: lessons,
          attended: lessons.length,
          completed: completed.has(personId),
        }
      })
      rows.sort((a, b) => b.attended - a.attended || a.name.localeCompare(b.name, 'zh-CN'))
      return { course: await courseView(store, course, now), persons: rows, completions: completed.size }
    },
  }),
  certificate: action({
    access: 'signedIn',
    input: schemas.courses.certificate,
    run: async (input, ctx): Promise<{ certificate: CertificateView; file: ExportFile }> => {
      const { store } = ctx.deps
      const person = unwrap(checkManages(await store.getPerson(input.personId), userOf(ctx).id))
      const completion = (await store.getCompletion(completionIdFor(input.courseId, person.id))) ?? raise('COURSE.NOT_COMPLETED', 'courseId')
      const certificate = await certificateOf(ctx.deps, completion)
      return {
        certificate,
        file: { fileName: `结业证书-${certificate.personName}-${certificate.certificateNo}.svg`, contentType: 'image/svg+xml', base64: Buffer.from(certificateSvg(certificate), 'utf8').toString('base64') },
      }
    },
  }),
  verify: action({
    access: 'public',
    input: schemas.courses.verify,
    /** Anyone may check a code; the reply shows the facts with the name masked. */
    run: async (input, ctx): Promise<CertificateCheckView> => {
      const no = verifyCertificateCode(masterKey(ctx.deps), input.code) ?? raise('COURSE.CERTIFICATE_INVALID', 'code')
      // A well-signed code whose completion is gone: revised away by an admin's attendance correction.
      const completion = (await ctx.deps.store.getCompletionByCertificate(no)) ?? raise('COURSE.CERTIFICATE_NOT_FOUND', 'code')
      const c = await certificateOf(ctx.deps, completion)
      return {
        certificateNo: c.certificateNo,
        maskedName: c.personName === DELETED_PERSON_NAME ? c.personName : maskName(c.personName),
        courseTitle: c.courseTitle,
        hours: c.hours,
        organizer: c.organizer,
        completedAt: c.completedAt,
        lessonsAttended: c.lessonsAttended,
        lessonsTotal: c.lessonsTotal,
      }
    },
  }),
}

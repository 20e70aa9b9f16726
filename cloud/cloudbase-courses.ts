// CloudBase documents of courses (collection `courses`) and completions (`courseCompletions`).
// Both are flat documents keyed by their id; instants carry an epoch-ms twin (`…Ms`) for range
// conditions and ordering, as activities do.

import type { Course, CourseCompletion, CourseLesson } from '../src/domain/courses/rules'
import type { ActivityId, AreaId, CourseId, PersonId, UserId } from '../src/domain/ids'
import type { CourseRepository, CourseTx } from '../src/domain/ports'
import { ms } from '../src/domain/time'
import type { CloudDocument, DocData, Transaction } from './cloudbase-types'
import { byIdCollection, type CloudContext } from './cloudbase-collection'
import { COURSE_STATUSES } from '../src/domain/value-lists'
import { msOrNull, reader } from './cloudbase-reader'

export function toCourse(doc: CloudDocument): Course {
  const r = reader('courses', doc)
  const lessonsRaw = r.raw('lessons')
  if (!Array.isArray(lessonsRaw)) return r.bad('lessons')
  const lessons: CourseLesson[] = lessonsRaw.map((l) => {
    const o = l as Record<string, unknown>
    if (typeof o !== 'object' || o === null || typeof o.lesson !== 'number' || typeof o.activityId !== 'string' || typeof o.title !== 'string' || typeof o.makeUp !== 'boolean') {
      return r.bad('lessons')
    }
    return { lesson: o.lesson, activityId: o.activityId as ActivityId, title: o.title, makeUp: o.makeUp }
  })
  const status = r.oneOf('status', COURSE_STATUSES)
  return {
    id: r.id() as CourseId,
    title: r.str('title'),
    description: r.str('description'),
    place: r.str('place'),
    areaId: r.str('areaId') as AreaId,
    departmentCode: r.str('departmentCode') as Course['departmentCode'],
    type: r.str('type') as Course['type'],
    targetGroups: r.strs('targetGroups') as Course['targetGroups'][number][],
    actions: r.strs('actions') as Course['actions'][number][],
    projects: r.strs('projects') as Course['projects'][number][],
    tags: r.strs('tags'),
    capacity: r.num('capacity'),
    requiredLessons: r.num('requiredLessons'),
    hoursPerLesson: r.num('hoursPerLesson'),
    lessons,
    signupOpensAt: r.str('signupOpensAt'),
    signupClosesAt: r.str('signupClosesAt'),
    status,
    createdBy: r.str('createdBy') as UserId,
    createdAt: r.str('createdAt'),
    updatedAt: r.str('updatedAt'),
  }
}

export const fromCourse = (c: Course): DocData => ({
  title: c.title,
  description: c.description,
  place: c.place,
  areaId: c.areaId,
  departmentCode: c.departmentCode,
  type: c.type,
  targetGroups: [...c.targetGroups],
  actions: [...c.actions],
  projects: [...c.projects],
  tags: [...c.tags],
  capacity: c.capacity,
  requiredLessons: c.requiredLessons,
  hoursPerLesson: c.hoursPerLesson,
  lessons: c.lessons.map((l) => ({ lesson: l.lesson, activityId: l.activityId, title: l.title, makeUp: l.makeUp })),
  signupOpensAt: c.signupOpensAt,
  signupClosesAt: c.signupClosesAt,
  status: c.status,
  createdBy: c.createdBy,
  createdAt: c.createdAt,
  createdAtMs: msOrNull(c.createdAt),
  updatedAt: c.updatedAt,
})

export function toCompletion(doc: CloudDocument): CourseCompletion {
  const r = reader('courseCompletions', doc)
  return {
    id: r.id(),
    courseId: r.str('courseId') as CourseId,
    personId: r.str('personId') as PersonId,
    personTargetGroup: r.str('personTargetGroup') as CourseCompletion['personTargetGroup'],
    completedAt: r.str('completedAt'),
    departmentCode: r.str('departmentCode') as CourseCompletion['departmentCode'],
    areaId: r.str('areaId') as AreaId,
    types: r.strs('types') as CourseCompletion['types'][number][],
    tags: r.strs('tags'),
    actions: r.strs('actions') as CourseCompletion['actions'][number][],
    projects: r.strs('projects') as CourseCompletion['projects'][number][],
    lessonsAttended: r.num('lessonsAttended'),
    lessonsTotal: r.num('lessonsTotal'),
    requiredLessons: r.num('requiredLessons'),
    hours: r.num('hours'),
    certificateNo: r.str('certificateNo'),
  }
}

export const fromCompletion = (c: CourseCompletion): DocData => ({
  courseId: c.courseId,
  personId: c.personId,
  personTargetGroup: c.personTargetGroup,
  completedAt: c.completedAt,
  completedAtMs: msOrNull(c.completedAt),
  departmentCode: c.departmentCode,
  areaId: c.areaId,
  types: [...c.types],
  tags: [...c.tags],
  actions: [...c.actions],
  projects: [...c.projects],
  lessonsAttended: c.lessonsAttended,
  lessonsTotal: c.lessonsTotal,
  requiredLessons: c.requiredLessons,
  hours: c.hours,
  certificateNo: c.certificateNo,
})

/** Completions ordered as the port promises: completedAt, then id. */
export const byCompletedAt = (a: CourseCompletion, b: CourseCompletion): number =>
  ms(a.completedAt) - ms(b.completedAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

export function cloudBaseCourses(ctx: CloudContext): { repository: CourseRepository; tx(t: Transaction): CourseTx } {
  const { _ } = ctx
  const courses = byIdCollection(ctx, { collection: 'courses', toDomain: toCourse, toDocument: fromCourse })
  const completions = byIdCollection(ctx, { collection: 'courseCompletions', toDomain: toCompletion, toDocument: fromCompletion })
  return {
    repository: {
      getCourse: (id) => courses.get(id),
      putCourse: (x) => courses.put(x),
      listCoursesByDepartment: (departmentCode) =>
        courses.list(courses.query().where({ departmentCode }).orderBy('createdAtMs', 'desc').orderBy('_id', 'desc')),
      getCompletion: (id) => completions.get(id),
      async getCompletionByCertificate(certificateNo) {
        const { data } = await completions.query().where({ certificateNo }).limit(1).get()
        return data.length > 0 ? toCompletion(data[0]) : null
      },
      async listCompletionsByCourse(courseId) {
        return (await ctx.keyset('courseCompletions', { courseId })).map(toCompletion).sort(byCompletedAt)
      },
      async listCompletions(range) {
        const from = msOrNull(range.from)
        const to = msOrNull(range.to)
        if (from === null || to === null) return []
        const docs = await ctx.keyset('courseCompletions', { completedAtMs: _.and(_.gte(from), _.lt(to)) })
        return docs.map(toCompletion).sort(byCompletedAt)
      },
    },
    tx(t) {
      const cs = courses.inTx(t)
      const done = completions.inTx(t)
      return {
        getCourse: (id) => cs.get(id),
        putCourse: (x) => cs.put(x),
        getCompletion: (id) => done.get(id),
        putCompletion: (x) => done.put(x),
        deleteCompletion: (id) => done.remove(id),
      }
    },
  }
}

// Courses (系列课程) and their completions (结业) on PostgreSQL.

import type { Course, CourseCompletion } from '../../src/domain/courses/rules'
import type { CourseRepository, CourseTx } from '../../src/domain/ports'
import type { Sql } from './db'
import { docTable } from './doc-table'
import { boundOf, c, canonicalInstant } from './columns'

const courses = docTable<Course>({
  table: 'courses',
  id: (x) => x.id,
  columns: { department_code: (x) => x.departmentCode, created_at: (x) => canonicalInstant(x.createdAt) },
})
export const completions = docTable<CourseCompletion>({
  table: 'course_completions',
  id: (x) => x.id,
  columns: {
    course_id: (x) => x.courseId,
    person_id: (x) => x.personId,
    completed_at: (x) => canonicalInstant(x.completedAt),
    certificate_no: (x) => x.certificateNo,
  },
})

const BY_COMPLETION = `ORDER BY ${c('completed_at')}, ${c('id')}`

export function pgCourses(sql: Sql): CourseRepository {
  return {
    getCourse: (id) => courses.get(sql, id),
    putCourse: (course) => courses.put(sql, course),
    listCoursesByDepartment: (departmentCode) =>
      courses.select(sql, `WHERE department_code = $1 ORDER BY ${c('created_at')} DESC, ${c('id')} DESC`, [departmentCode]),
    getCompletion: (id) => completions.get(sql, id),
    async getCompletionByCertificate(certificateNo) {
      const [found] = await completions.select(sql, 'WHERE certificate_no = $1', [certificateNo])
      return found ?? null
    },
    listCompletionsByCourse: (courseId) => completions.select(sql, `WHERE course_id = $1 ${BY_COMPLETION}`, [courseId]),
    async listCompletions(range) {
      // Like listActivities: an unparseable bound matches nothing.
      const from = boundOf(range.from)
      const to = boundOf(range.to)
      if (from === null || to === null) return []
      return completions.select(sql, `WHERE ${c('completed_at')} >= $1 AND ${c('completed_at')} < $2 ${BY_COMPLETION}`, [from, to])
    },
  }
}

export function pgCourseTx(sql: Sql): CourseTx {
  return {
    getCourse: (id) => courses.get(sql, id),
    putCourse: (course) => courses.put(sql, course),
    getCompletion: (id) => completions.get(sql, id),
    putCompletion: (completion) => completions.put(sql, completion),
    deleteCompletion: (id) => completions.remove(sql, id),
  }
}

// Courses (系列课程) and completions (结业) (CourseRepository, CourseTx in src/domain/ports.ts). Rows,
// mapping and statements: course-sql.ts.

import type { CourseRepository, CourseTx } from '../../src/domain/ports'
import { completionToRow, courseToRow, prepareCourseStatements, rowToCompletion, rowToCourse } from './course-sql'
import { guard, type SqliteContext, type SyncPort } from './table'

export function sqliteCourses(ctx: SqliteContext): { repository: CourseRepository; tx: SyncPort<CourseTx> } {
  const cs = prepareCourseStatements(ctx.db)
  const getCourse = (id: string) => {
    const row = guard(() => cs.getCourse.get(id))
    return row ? rowToCourse(row) : null
  }
  const getCompletion = (id: string) => {
    const row = guard(() => cs.getCompletion.get(id))
    return row ? rowToCompletion(row) : null
  }
  return {
    repository: {
      getCourse: async (id) => getCourse(id),
      putCourse(course) {
        const row = courseToRow(course)
        return ctx.write('putCourse', () => cs.putCourse.run(row))
      },
      listCoursesByDepartment: async (departmentCode) => guard(() => cs.listCoursesByDepartment.all(departmentCode)).map(rowToCourse),
      getCompletion: async (id) => getCompletion(id),
      async getCompletionByCertificate(certificateNo) {
        const row = guard(() => cs.getCompletionByCertificate.get(certificateNo))
        return row ? rowToCompletion(row) : null
      },
      listCompletionsByCourse: async (courseId) => guard(() => cs.listCompletionsByCourse.all(courseId)).map(rowToCompletion),
      async listCompletions(range) {
        // Like listActivities: an unparseable bound matches nothing.
        const from = Date.parse(range.from)
        const to = Date.parse(range.to)
        if (Number.isNaN(from) || Number.isNaN(to)) return []
        return guard(() => cs.listCompletions.all(new Date(from).toISOString(), new Date(to).toISOString())).map(rowToCompletion)
      },
    },
    tx: {
      getCourse,
      putCourse: (course) => {
        const row = courseToRow(course)
        guard(() => cs.putCourse.run(row))
      },
      getCompletion,
      putCompletion: (completion) => {
        const row = completionToRow(completion)
        guard(() => cs.putCompletion.run(row))
      },
      deleteCompletion: (id) => {
        guard(() => cs.deleteCompletion.run(id))
      },
    },
  }
}

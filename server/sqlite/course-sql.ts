// SQLite side of courses (系列课程) and completions (结业): rows, their mapping to domain objects, and
// the prepared statements the store uses. Tables are created by migration 5 (migrations.ts).

import type Database from 'better-sqlite3'
import type { ActivityType, DepartmentCode, PlanAction, PlanProject, TargetGroup } from '../../src/domain/catalog'
import type { Course, CourseCompletion, CourseLesson } from '../../src/domain/courses/rules'
import type { ActivityId, AreaId, CourseId, PersonId, UserId } from '../../src/domain/ids'
import { COURSE_STATUSES } from '../../src/domain/value-lists'
import { canonicalInstant, CorruptRowError } from './rows'

export interface CourseRow {
  id: string
  title: string
  description: string
  place: string
  area_id: string
  department_code: string
  type: string
  target_groups: string
  actions: string
  projects: string
  tags: string
  capacity: number
  required_lessons: number
  hours_per_lesson: number
  lessons: string
  signup_opens_at: string
  signup_closes_at: string
  status: string
  created_by: string
  created_at: string
  updated_at: string
}

export interface CompletionRow {
  id: string
  course_id: string
  person_id: string
  person_group: string
  completed_at: string
  department_code: string
  area_id: string
  types: string
  tags: string
  actions: string
  projects: string
  lessons_attended: number
  lessons_total: number
  required_lessons: number
  hours: number
  certificate_no: string
}

const COURSE_COLUMNS = [
  'id', 'title', 'description', 'place', 'area_id', 'department_code', 'type', 'target_groups', 'actions', 'projects', 'tags',
  'capacity', 'required_lessons', 'hours_per_lesson', 'lessons', 'signup_opens_at', 'signup_closes_at', 'status', 'created_by',
  'created_at', 'updated_at',
] as const satisfies readonly (keyof CourseRow)[]

const COMPLETION_COLUMNS = [
  'id', 'course_id', 'person_id', 'person_group', 'completed_at', 'department_code', 'area_id', 'types', 'tags', 'actions',
  'projects', 'lessons_attended', 'lessons_total', 'required_lessons', 'hours', 'certificate_no',
] as const satisfies readonly (keyof CompletionRow)[]

function decoder(table: string, row: Record<string, unknown>) {
  const bad = (column: string, why: string): never => {
    throw new CorruptRowError(table, row.id, `${column} ${why}`)
  }
  const str = (c: string): string => (typeof row[c] === 'string' ? (row[c] as string) : bad(c, 'is not text'))
  const num = (c: string): number => (typeof row[c] === 'number' && Number.isFinite(row[c]) ? (row[c] as number) : bad(c, 'is not a number'))
  const json = (c: string): unknown => {
    try {
      return JSON.parse(str(c))
    } catch {
      return bad(c, 'is not JSON')
    }
  }
  const strings = (c: string): string[] => {
    const v = json(c)
    return Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : bad(c, 'is not a JSON array of strings')
  }
  return { bad, str, num, json, strings }
}

/** Lessons as stored (JSON), checked member by member. */
export function decodeLessons(value: unknown, bad: (why: string) => never): CourseLesson[] {
  if (!Array.isArray(value)) return bad('is not an array')
  return value.map((l) => {
    const o = l as Record<string, unknown>
    if (typeof o !== 'object' || o === null || typeof o.lesson !== 'number' || typeof o.activityId !== 'string' || typeof o.title !== 'string' || typeof o.makeUp !== 'boolean') {
      return bad('has a malformed lesson')
    }
    return { lesson: o.lesson, activityId: o.activityId as ActivityId, title: o.title, makeUp: o.makeUp }
  })
}

export const encodeLessons = (lessons: readonly CourseLesson[]) => lessons.map((l) => ({ lesson: l.lesson, activityId: l.activityId, title: l.title, makeUp: l.makeUp }))

export const courseToRow = (c: Course): CourseRow => ({
  id: c.id,
  title: c.title,
  description: c.description,
  place: c.place,
  area_id: c.areaId,
  department_code: c.departmentCode,
  type: c.type,
  target_groups: JSON.stringify(c.targetGroups),
  actions: JSON.stringify(c.actions),
  projects: JSON.stringify(c.projects),
  tags: JSON.stringify(c.tags),
  capacity: c.capacity,
  required_lessons: c.requiredLessons,
  hours_per_lesson: c.hoursPerLesson,
  lessons: JSON.stringify(encodeLessons(c.lessons)),
  signup_opens_at: canonicalInstant(c.signupOpensAt),
  signup_closes_at: canonicalInstant(c.signupClosesAt),
  status: c.status,
  created_by: c.createdBy,
  created_at: canonicalInstant(c.createdAt),
  updated_at: canonicalInstant(c.updatedAt),
})

export function rowToCourse(row: CourseRow): Course {
  const r = decoder('courses', row as unknown as Record<string, unknown>)
  const status = r.str('status')
  if (!(COURSE_STATUSES as readonly string[]).includes(status)) r.bad('status', `has unknown value ${JSON.stringify(status)}`)
  return {
    id: r.str('id') as CourseId,
    title: r.str('title'),
    description: r.str('description'),
    place: r.str('place'),
    areaId: r.str('area_id') as AreaId,
    departmentCode: r.str('department_code') as DepartmentCode,
    type: r.str('type') as ActivityType,
    targetGroups: r.strings('target_groups') as TargetGroup[],
    actions: r.strings('actions') as PlanAction[],
    projects: r.strings('projects') as PlanProject[],
    tags: r.strings('tags'),
    capacity: r.num('capacity'),
    requiredLessons: r.num('required_lessons'),
    hoursPerLesson: r.num('hours_per_lesson'),
    lessons: decodeLessons(r.json('lessons'), (why) => r.bad('lessons', why)),
    signupOpensAt: r.str('signup_opens_at'),
    signupClosesAt: r.str('signup_closes_at'),
    status: status as Course['status'],
    createdBy: r.str('created_by') as UserId,
    createdAt: r.str('created_at'),
    updatedAt: r.str('updated_at'),
  }
}

export const completionToRow = (c: CourseCompletion): CompletionRow => ({
  id: c.id,
  course_id: c.courseId,
  person_id: c.personId,
  person_group: c.personTargetGroup,
  completed_at: canonicalInstant(c.completedAt),
  department_code: c.departmentCode,
  area_id: c.areaId,
  types: JSON.stringify(c.types),
  tags: JSON.stringify(c.tags),
  actions: JSON.stringify(c.actions),
  projects: JSON.stringify(c.projects),
  lessons_attended: c.lessonsAttended,
  lessons_total: c.lessonsTotal,
  required_lessons: c.requiredLessons,
  hours: c.hours,
  certificate_no: c.certificateNo,
})

export function rowToCompletion(row: CompletionRow): CourseCompletion {
  const r = decoder('course_completions', row as unknown as Record<string, unknown>)
  return {
    id: r.str('id'),
    courseId: r.str('course_id') as CourseId,
    personId: r.str('person_id') as PersonId,
    personTargetGroup: r.str('person_group') as TargetGroup,
    completedAt: r.str('completed_at'),
    departmentCode: r.str('department_code') as DepartmentCode,
    areaId: r.str('area_id') as AreaId,
    types: r.strings('types') as ActivityType[],
    tags: r.strings('tags'),
    actions: r.strings('actions') as PlanAction[],
    projects: r.strings('projects') as PlanProject[],
    lessonsAttended: r.num('lessons_attended'),
    lessonsTotal: r.num('lessons_total'),
    requiredLessons: r.num('required_lessons'),
    hours: r.num('hours'),
    certificateNo: r.str('certificate_no'),
  }
}

const upsert = (table: string, cols: readonly string[]): string =>
  `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})
   ON CONFLICT (id) DO UPDATE SET ${cols.filter((c) => c !== 'id').map((c) => `${c} = excluded.${c}`).join(', ')}`

export function prepareCourseStatements(db: Database.Database) {
  const courseCols = COURSE_COLUMNS.join(', ')
  const completionCols = COMPLETION_COLUMNS.join(', ')
  return {
    getCourse: db.prepare<[string], CourseRow>(`SELECT ${courseCols} FROM courses WHERE id = ?`),
    putCourse: db.prepare<[CourseRow]>(upsert('courses', COURSE_COLUMNS)),
    listCoursesByDepartment: db.prepare<[string], CourseRow>(
      `SELECT ${courseCols} FROM courses WHERE department_code = ? ORDER BY created_at DESC, id DESC`,
    ),
    getCompletion: db.prepare<[string], CompletionRow>(`SELECT ${completionCols} FROM course_completions WHERE id = ?`),
    getCompletionByCertificate: db.prepare<[string], CompletionRow>(`SELECT ${completionCols} FROM course_completions WHERE certificate_no = ?`),
    putCompletion: db.prepare<[CompletionRow]>(upsert('course_completions', COMPLETION_COLUMNS)),
    deleteCompletion: db.prepare<[string]>('DELETE FROM course_completions WHERE id = ?'),
    listCompletionsByCourse: db.prepare<[string], CompletionRow>(
      `SELECT ${completionCols} FROM course_completions WHERE course_id = ? ORDER BY completed_at, id`,
    ),
    listCompletions: db.prepare<[string, string], CompletionRow>(
      `SELECT ${completionCols} FROM course_completions WHERE completed_at >= ? AND completed_at < ? ORDER BY completed_at, id`,
    ),
  }
}

export type CourseStatements = ReturnType<typeof prepareCourseStatements>

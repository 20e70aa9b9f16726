// Factories for courses and completions: a four-lesson 智慧助老 class on four Tuesdays after T0, each
// lesson an activity of `makeActivity()` shape. Pass overrides for what a test is about.

import { certificateNoFor } from '../../src/domain/courses/certificate'
import { completionIdFor, type Course, type CourseCompletion, type CourseLesson } from '../../src/domain/courses/rules'
import type { ActivityId, CourseId, PersonId } from '../../src/domain/ids'
import type { Activity } from '../../src/domain/types'
import { areaId, at, makeActivity, personId, userId } from './factories'
import { WORLD } from './world'

export const courseId = (n: number | string): CourseId => `crs-${typeof n === 'number' ? String(n).padStart(4, '0') : n}` as CourseId

const LESSON_TITLES = ['微信视频通话', '防范电信诈骗', '手机支付', '预约挂号']

/** Lesson i (1-based) of a course: `<course>-l<i>`; make-up j: `<course>-m<j>`. */
export const lessonId = (course: CourseId, i: number): ActivityId => `${course}-l${i}` as ActivityId
export const makeUpId = (course: CourseId, j: number): ActivityId => `${course}-m${j}` as ActivityId

/** A 4-lesson course, attend 3 to complete, 1.5 hours a lesson; lesson i starts `i` weeks after T0. */
export function makeCourse(overrides: Partial<Course> = {}): Course {
  const id = overrides.id ?? courseId(1)
  const lessons: CourseLesson[] = LESSON_TITLES.map((title, i) => ({ lesson: i + 1, activityId: lessonId(id, i + 1), title, makeUp: false }))
  return {
    title: '智慧助老 手机课堂',
    description: '老年人智能手机课堂，志愿者一对一指导。',
    place: '环翠楼街道社区科普大学教学点',
    areaId: areaId(1),
    departmentCode: 'kx',
    type: 'smart_senior',
    targetGroups: ['senior'],
    actions: ['action_senior'],
    projects: ['project_informatization'],
    tags: ['smart_class'],
    capacity: 25,
    requiredLessons: 3,
    hoursPerLesson: 1.5,
    lessons,
    signupOpensAt: at(0),
    signupClosesAt: at(7 * 24 - 1),
    status: 'published',
    createdBy: userId('org'),
    createdAt: at(-24),
    updatedAt: at(-24),
    ...overrides,
    id,
  }
}

/** The activities of a course's lessons (and make-ups), shaped like the handler creates them. */
export function courseActivities(course: Course, overrides: Partial<Activity> = {}): Activity[] {
  return course.lessons.map((l, i) =>
    makeActivity({
      id: l.activityId,
      title: `${course.title} 第${l.lesson}课${l.makeUp ? '（补课）' : ''}：${l.title}`,
      type: course.type,
      startAt: at((i + 1) * 7 * 24),
      endAt: at((i + 1) * 7 * 24 + 1.5),
      areaId: course.areaId,
      departmentCode: course.departmentCode,
      targetGroups: course.targetGroups,
      actions: course.actions,
      projects: course.projects,
      tags: course.tags,
      capacity: course.capacity,
      waitlistLimit: 0,
      signupOpensAt: course.signupOpensAt,
      signupClosesAt: course.signupClosesAt,
      courseId: course.id,
      ...overrides,
    }),
  )
}

export function makeCompletion(overrides: Partial<CourseCompletion> = {}): CourseCompletion {
  const course = overrides.courseId ?? courseId(1)
  const person = overrides.personId ?? personId(1)
  const id = completionIdFor(course, person as PersonId)
  return {
    id,
    courseId: course,
    personId: person,
    personTargetGroup: 'senior',
    completedAt: at(3 * 7 * 24),
    departmentCode: 'kx',
    areaId: areaId(1),
    types: ['smart_senior'],
    tags: ['smart_class'],
    actions: ['action_senior'],
    projects: ['project_informatization'],
    lessonsAttended: 3,
    lessonsTotal: 4,
    requiredLessons: 3,
    hours: 4.5,
    certificateNo: certificateNoFor(id),
    ...overrides,
  }
}

/** Lesson i (1-based) of `courseInput()` starts i days after T0 + 7 days. */
export const courseLessonStart = (i: number) => at(7 * 24 + i * 24)

/** A valid `courses.create` request for the organizer of tests/support/world.ts, with overrides. */
export const courseInput = (over: Record<string, unknown> = {}) => ({
  title: '智慧助老 手机课堂',
  description: '志愿者一对一指导。',
  place: '环翠楼街道社区科普大学教学点',
  areaId: WORLD.area,
  type: 'smart_senior',
  targetGroups: ['senior'],
  capacity: 20,
  requiredLessons: 3,
  hoursPerLesson: 1.5,
  lessons: LESSON_TITLES.map((title, i) => ({ title, startAt: courseLessonStart(i + 1), endAt: at(7 * 24 + (i + 1) * 24 + 1.5) })),
  ...over,
})

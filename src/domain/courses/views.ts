// What clients see of courses, progress and certificates (the courses function's replies).

import type { ActivityType, DepartmentCode, TargetGroup } from '../catalog'
import type { ActivityView } from '../contracts'
import type { CourseId, PersonId } from '../ids'
import type { SignupWindowState } from '../activities/rules'

export interface CourseLessonView {
  readonly lesson: number
  readonly makeUp: boolean
  readonly title: string
  readonly activity: ActivityView
}

export interface CourseView {
  readonly id: CourseId
  readonly title: string
  readonly description: string
  readonly place: string
  readonly areaName: string
  readonly departmentCode: DepartmentCode
  readonly departmentName: string
  readonly type: ActivityType
  readonly targetGroups: readonly TargetGroup[]
  readonly capacity: number
  /** Seats a course sign-up can still take: the fewest free seats of any regular lesson. */
  readonly seatsLeft: number
  readonly lessonsTotal: number
  readonly requiredLessons: number
  readonly hoursPerLesson: number
  readonly signupOpensAt: string
  readonly signupClosesAt: string
  readonly signupWindow: SignupWindowState
  readonly status: 'published' | 'cancelled'
  /** 出席4节中的3节即可结业 */
  readonly ruleLabel: string
  /** Regular lessons in order, then make-ups. */
  readonly lessons: readonly CourseLessonView[]
}

/** One person's progress in a course, as their manager sees it. */
export interface CourseProgressView {
  readonly personId: PersonId
  readonly personName: string
  readonly isSelf: boolean
  /** Holds a live registration for at least one regular lesson. */
  readonly enrolled: boolean
  /** Lesson numbers attended (make-ups counted for their lesson). */
  readonly lessonsAttended: readonly number[]
  readonly attended: number
  readonly total: number
  readonly required: number
  readonly completed: boolean
  readonly completedAt: string | null
  /** 已上 3/4 课 */
  readonly label: string
}

export interface CourseDetailView {
  readonly course: CourseView
  /** One entry per person the caller manages (empty when anonymous). */
  readonly mine: readonly CourseProgressView[]
  /** Organizers of the course's unit and admins may manage it. */
  readonly canManage: boolean
}

export interface MyCourseView {
  readonly course: Omit<CourseView, 'lessons'>
  readonly progress: CourseProgressView
  /** The next lesson not yet ended, if any. */
  readonly nextLesson: { readonly title: string; readonly lesson: number; readonly startAt: string; readonly endAt: string; readonly place: string } | null
}

export interface CertificateView {
  readonly certificateNo: string
  /** What anyone types on the verify page. */
  readonly verificationCode: string
  readonly personName: string
  readonly courseTitle: string
  readonly hours: number
  readonly organizer: string
  readonly completedAt: string
  readonly lessonsAttended: number
  readonly lessonsTotal: number
}

/** What the public verify page shows: the name masked. */
export interface CertificateCheckView {
  readonly certificateNo: string
  readonly maskedName: string
  readonly courseTitle: string
  readonly hours: number
  readonly organizer: string
  readonly completedAt: string
  readonly lessonsAttended: number
  readonly lessonsTotal: number
}

/** An organizer's course page: everyone signed up, with progress. */
export interface CourseRosterView {
  readonly course: CourseView
  readonly persons: readonly {
    readonly personId: PersonId
    readonly name: string
    readonly targetGroup: TargetGroup
    readonly lessonsAttended: readonly number[]
    readonly attended: number
    readonly completed: boolean
  }[]
  readonly completions: number
}

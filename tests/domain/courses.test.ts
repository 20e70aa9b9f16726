import { certificateNoFor, normalizeVerificationCode, verificationCode, verifyCertificateCode } from '../../src/domain/courses/certificate'
import {
  checkCompletionRule,
  courseProgress,
  decideCompletion,
  decideCourseSignUp,
  lessonsAttended,
  maskName,
  progressLabel,
  type Attended,
} from '../../src/domain/courses/rules'
import type { ActivityId } from '../../src/domain/ids'
import { at, makePerson, makeRegistration, personId, userId } from '../support/factories'
import { courseActivities, lessonId, makeCourse, makeUpId } from '../support/course-factories'

const course = makeCourse()
const withMakeUp = makeCourse({ lessons: [...course.lessons, { lesson: 2, activityId: makeUpId(course.id, 1), title: '防范电信诈骗', makeUp: true }] })
const went = (id: ActivityId, hours: number): Attended => ({ activityId: id, at: at(hours) })
const parent = makePerson({ id: personId('mother'), ownerId: userId('daughter'), isSelf: false, name: '赵桂英', targetGroup: 'senior' })
const decide = (attended: Attended[], c = withMakeUp) => decideCompletion({ course: c, person: parent, attended, existing: null, certificateNo: 'ABCDEFGHJK' })

describe('completion rule "attend at least k of n"', () => {
  it('accepts 3 of 4 and all of 4', () => {
    expect(checkCompletionRule({ lessons: 4, required: 3, hoursPerLesson: 1.5 }).ok).toBe(true)
    expect(checkCompletionRule({ lessons: 4, required: 4, hoursPerLesson: 2 }).ok).toBe(true)
  })

  it.each([
    ['k > n', { lessons: 4, required: 5, hoursPerLesson: 1 }, 'COURSE.RULE_EXCEEDS_LESSONS'],
    ['k < 1', { lessons: 4, required: 0, hoursPerLesson: 1 }, 'COURSE.RULE_TOO_LOW'],
    ['a negative k', { lessons: 4, required: -2, hoursPerLesson: 1 }, 'COURSE.RULE_TOO_LOW'],
    ['n < 1', { lessons: 0, required: 1, hoursPerLesson: 1 }, 'COURSE.NO_LESSONS'],
    ['n over 30', { lessons: 31, required: 3, hoursPerLesson: 1 }, 'COURSE.TOO_MANY_LESSONS'],
    ['zero hours', { lessons: 4, required: 3, hoursPerLesson: 0 }, 'COURSE.HOURS_INVALID'],
    ['hours not in half-hour steps', { lessons: 4, required: 3, hoursPerLesson: 1.2 }, 'COURSE.HOURS_INVALID'],
  ])('rejects %s with a typed code and a Chinese message', (_name, rule, code) => {
    const r = checkCompletionRule(rule)
    expect(r).toMatchObject({ ok: false, error: { code } })
    if (!r.ok) expect(r.error.message).toMatch(/[\u4e00-\u9fa5]/)
  })

  it('says how many lessons were asked for and how many there are when k > n', () => {
    const r = checkCompletionRule({ lessons: 4, required: 5, hoursPerLesson: 1 })
    expect(!r.ok && r.error.message).toBe('结业要求出席5节，但课程只有4节课')
  })
})

describe('lessons attended and completion', () => {
  it('does not complete with k − 1 distinct lessons', () => {
    expect(decide([went(lessonId(course.id, 1), 1), went(lessonId(course.id, 2), 2)])).toBeNull()
  })

  it('completes with exactly k distinct lessons, dated at the k-th', () => {
    const c = decide([went(lessonId(course.id, 1), 1), went(lessonId(course.id, 3), 30), went(lessonId(course.id, 2), 20)])
    expect(c).toMatchObject({ completedAt: at(30), lessonsAttended: 3, lessonsTotal: 4, requiredLessons: 3, hours: 4.5 })
  })

  it('counts a make-up for its lesson', () => {
    const c = decide([went(lessonId(course.id, 1), 1), went(makeUpId(course.id, 1), 5), went(lessonId(course.id, 3), 30)])
    expect(c).not.toBeNull()
    expect([...lessonsAttended(withMakeUp, [went(makeUpId(course.id, 1), 5)]).keys()]).toEqual([2])
  })

  it('counts a lesson once however many times it was attended (lesson and its make-up)', () => {
    const attended = [went(lessonId(course.id, 1), 1), went(lessonId(course.id, 2), 2), went(makeUpId(course.id, 1), 3)]
    expect(decide(attended)).toBeNull()
    expect(courseProgress(withMakeUp, attended)).toEqual({ attended: 2, total: 4, required: 3, completed: false })
    // The lesson keeps its earliest attendance.
    expect(lessonsAttended(withMakeUp, attended).get(2)).toBe(at(2))
  })

  it('ignores activities that are not lessons of the course', () => {
    expect(courseProgress(course, [went('act-other' as ActivityId, 1)]).attended).toBe(0)
  })

  it('records a completion once', () => {
    const attended = [1, 2, 3].map((i) => went(lessonId(course.id, i), i))
    const first = decide(attended)!
    expect(decideCompletion({ course, person: parent, attended, existing: first, certificateNo: 'X' })).toBeNull()
  })

  it('does not complete a cancelled course', () => {
    expect(decide([1, 2, 3, 4].map((i) => went(lessonId(course.id, i), i)), { ...withMakeUp, status: 'cancelled' })).toBeNull()
  })

  it('shows progress as 已上 3/4 课', () => {
    expect(progressLabel(courseProgress(course, [1, 2, 3].map((i) => went(lessonId(course.id, i), i))))).toBe('已上 3/4 课')
  })
})

describe('proxy crediting', () => {
  it('credits the completion to the attending person (the parent), with her target group, not to the account that signed her up', () => {
    const c = decide([1, 2, 3].map((i) => went(lessonId(course.id, i), i)))!
    expect(c.personId).toBe(parent.id)
    expect(c.personId).not.toBe(parent.ownerId)
    expect(c.personTargetGroup).toBe('senior')
    expect(c.id).toBe(`cmp-${course.id}-${parent.id}`)
  })

  it('signs the parent up for every lesson, created by the child but owned for the parent', () => {
    const lessons = courseActivities(course).slice(0, 4)
    const r = decideCourseSignUp({ course, lessons, existing: lessons.map(() => null), person: parent, actorId: userId('daughter'), now: at(1) })
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.value).toHaveLength(4)
    for (const t of r.value) {
      expect(t.registration).toMatchObject({ personId: parent.id, ownerId: parent.ownerId, createdBy: userId('daughter'), status: 'confirmed' })
      expect(t.activity.confirmedCount).toBe(1)
    }
  })
})

describe('course sign-up', () => {
  const lessons = courseActivities(course)
  const person = parent
  const signUp = (over: Partial<Parameters<typeof decideCourseSignUp>[0]> = {}) =>
    decideCourseSignUp({ course, lessons, existing: lessons.map(() => null), person, actorId: userId('daughter'), now: at(1), ...over })

  it('refuses when any lesson is full, rather than jumping or joining a waitlist', () => {
    const full = lessons.map((a, i) => (i === 2 ? { ...a, confirmedCount: a.capacity } : a))
    expect(signUp({ lessons: full })).toMatchObject({ ok: false, error: { code: 'COURSE.FULL' } })
    const waiting = lessons.map((a, i) => (i === 1 ? { ...a, confirmedCount: a.capacity - 1, waitlistCount: 1, waitlistLimit: 5 } : a))
    expect(signUp({ lessons: waiting })).toMatchObject({ ok: false, error: { code: 'COURSE.FULL' } })
  })

  it('refuses before the window opens and after it closes', () => {
    expect(signUp({ now: at(-1) })).toMatchObject({ ok: false, error: { code: 'REGISTRATION.NOT_OPEN' } })
    expect(signUp({ now: at(7 * 24) })).toMatchObject({ ok: false, error: { code: 'REGISTRATION.CLOSED' } })
  })

  it('keeps lessons already held and refuses a second whole-course sign-up', () => {
    const held = makeRegistration({ activityId: lessons[0].id, personId: person.id })
    const r = signUp({ existing: [held, null, null, null] })
    expect(r.ok && r.value.map((t) => t.registration.activityId)).toEqual(lessons.slice(1).map((a) => a.id))
    const all = lessons.map((a) => makeRegistration({ activityId: a.id, personId: person.id }))
    expect(signUp({ existing: all })).toMatchObject({ ok: false, error: { code: 'COURSE.ALREADY_ENROLLED' } })
  })

  it('refuses an unknown course', () => {
    expect(signUp({ course: null })).toMatchObject({ ok: false, error: { code: 'COURSE.NOT_FOUND' } })
  })
})

describe('certificate codes', () => {
  const key = new Uint8Array(32).map((_, i) => i + 7)
  const no = certificateNoFor('cmp-crs-0001-per-mother')

  it('derives a 10-character number and verifies its code under the same key only', () => {
    expect(no).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/)
    const code = verificationCode(key, no)
    expect(verifyCertificateCode(key, code)).toBe(no)
    expect(verifyCertificateCode(new Uint8Array(32), code)).toBeNull()
  })

  it('accepts a retyped code (lower case, spaces, O for 0) and a verify link, and refuses a changed one', () => {
    const code = verificationCode(key, no)
    expect(verifyCertificateCode(key, ` ${code.toLowerCase().replace(/0/g, 'o')} `)).toBe(no)
    expect(verifyCertificateCode(key, `https://x/#/verify?code=${encodeURIComponent(code)}`)).toBe(no)
    const changed = code.slice(0, -1) + (code.endsWith('A') ? 'B' : 'A')
    expect(verifyCertificateCode(key, changed)).toBeNull()
    expect(verifyCertificateCode(key, 'nonsense')).toBeNull()
    expect(normalizeVerificationCode('ab-cd ol')).toBe('ABCD01')
  })

  it('masks names as elsewhere', () => {
    expect(maskName('赵桂英')).toBe('赵*英')
    expect(maskName('李娜')).toBe('李*')
    expect(maskName('欧阳明月')).toBe('欧**月')
  })
})

// The Store port's course and completion methods, run against every adapter (describe.each).
import type { Store } from '../../src/domain/ports'
import { areaId, at, makeActivity, personId } from '../support/factories'
import { courseActivities, courseId, makeCompletion, makeCourse, makeUpId } from '../support/course-factories'
import { ADAPTERS, BEYOND_ONE_BATCH, openStoreEach } from './adapters'

describe.each(ADAPTERS)('Store contract (courses): $name', (adapter) => {
  let store: Store
  openStoreEach(adapter, (s) => (store = s))

  describe('courses', () => {
    it('round-trips every field, keeping lessons and make-ups in order', async () => {
      const base = makeCourse()
      const course = makeCourse({ lessons: [...base.lessons, { lesson: 2, activityId: makeUpId(base.id, 1), title: '防范电信诈骗', makeUp: true }], hoursPerLesson: 2.5 })
      await store.putCourse(course)
      expect(await store.getCourse(course.id)).toStrictEqual(course)
    })

    it('returns null for a missing course', async () => {
      expect(await store.getCourse(courseId('nope'))).toBeNull()
    })

    it('replaces a course on put, and writes and reads it inside a transaction', async () => {
      const course = makeCourse()
      await store.transaction((tx) => tx.putCourse(course))
      const renamed = { ...course, title: '手机课堂（秋季）', status: 'cancelled' as const }
      const seen = await store.transaction(async (tx) => {
        await tx.putCourse(renamed)
        return tx.getCourse(course.id)
      })
      expect(seen).toStrictEqual(renamed)
      expect(await store.getCourse(course.id)).toStrictEqual(renamed)
    })

    it('writes no course or completion when the transaction throws', async () => {
      await expect(
        store.transaction(async (tx) => {
          await tx.putCourse(makeCourse())
          await tx.putCompletion(makeCompletion())
          throw new Error('boom')
        }),
      ).rejects.toThrow('boom')
      expect(await store.getCourse(courseId(1))).toBeNull()
      expect(await store.getCompletion(makeCompletion().id)).toBeNull()
    })

    it('lists the courses of one unit only, newest first', async () => {
      const a = makeCourse({ id: courseId(1), createdAt: at(1) })
      const b = makeCourse({ id: courseId(2), createdAt: at(3) })
      const c = makeCourse({ id: courseId(3), createdAt: at(2), status: 'cancelled' })
      const other = makeCourse({ id: courseId(4), departmentCode: 'weijian' })
      for (const x of [a, other, c, b]) await store.putCourse(x)
      expect((await store.listCoursesByDepartment('kx')).map((x) => x.id)).toEqual([b.id, c.id, a.id])
      expect(await store.listCoursesByDepartment('nongye')).toEqual([])
    })

    it('round-trips the course id of a lesson activity, and none on a stand-alone activity', async () => {
      const course = makeCourse()
      const [lesson] = courseActivities(course)
      const plain = makeActivity({ id: 'act-plain' as never })
      await store.putActivity(lesson)
      await store.putActivity(plain)
      expect(await store.getActivity(lesson.id)).toStrictEqual(lesson)
      expect(await store.getActivity(plain.id)).toStrictEqual(plain)
      expect((await store.getActivity(plain.id))!.courseId).toBeUndefined()
    })
  })

  describe('completions', () => {
    it('round-trips every field, in and out of a transaction', async () => {
      const c = makeCompletion({ hours: 4.5, tags: ['smart_class', 'x'] })
      await store.transaction((tx) => tx.putCompletion(c))
      expect(await store.getCompletion(c.id)).toStrictEqual(c)
      expect(await store.transaction((tx) => tx.getCompletion(c.id))).toStrictEqual(c)
    })

    it('finds a completion by its certificate number, and nothing for an unknown one', async () => {
      const a = makeCompletion({ personId: personId(1) })
      const b = makeCompletion({ personId: personId(2) })
      await store.transaction(async (tx) => {
        await tx.putCompletion(a)
        await tx.putCompletion(b)
      })
      expect(await store.getCompletionByCertificate(b.certificateNo)).toStrictEqual(b)
      expect(await store.getCompletionByCertificate('0000000000')).toBeNull()
    })

    it('lists the completions of one course by completion time, then id', async () => {
      const late = makeCompletion({ personId: personId(1), completedAt: at(30) })
      const early = makeCompletion({ personId: personId(2), completedAt: at(10) })
      const tieA = makeCompletion({ personId: personId(3), completedAt: at(20) })
      const tieB = makeCompletion({ personId: personId(4), completedAt: at(20) })
      const other = makeCompletion({ courseId: courseId(2), personId: personId(1) })
      await store.transaction(async (tx) => {
        for (const c of [late, other, tieB, early, tieA]) await tx.putCompletion(c)
      })
      expect((await store.listCompletionsByCourse(courseId(1))).map((c) => c.id)).toEqual([early.id, tieA.id, tieB.id, late.id])
    })

    it('lists completions with completedAt in [from, to), comparing instants as times', async () => {
      const cs = [at(-1), at(0), at(5), at(10), at(11)].map((t, i) => makeCompletion({ personId: personId(i + 1), completedAt: t, areaId: areaId(2) }))
      await store.transaction(async (tx) => {
        for (const c of cs) await tx.putCompletion(c)
      })
      const got = await store.listCompletions({ from: at(0), to: at(10) })
      expect(got).toStrictEqual([cs[1], cs[2]])
      // The same instant written with an offset is the same time.
      expect((await store.listCompletions({ from: '2026-09-01T08:00:00+08:00', to: at(10.5) })).map((c) => c.completedAt)).toEqual([at(0), at(5), at(10)])
      expect(await store.listCompletions({ from: 'not a time', to: at(10) })).toEqual([])
    })

    it(`lists all ${BEYOND_ONE_BATCH} completions of a period and of a course`, async () => {
      const cs = Array.from({ length: BEYOND_ONE_BATCH }, (_, i) => makeCompletion({ personId: personId(i + 1), completedAt: at(i) }))
      for (let i = 0; i < cs.length; i += 20) {
        await store.transaction(async (tx) => {
          for (const c of cs.slice(i, i + 20)) await tx.putCompletion(c)
        })
      }
      expect((await store.listCompletions({ from: at(-1), to: at(1000) })).map((c) => c.id)).toEqual(cs.map((c) => c.id))
      expect(await store.listCompletionsByCourse(courseId(1))).toHaveLength(BEYOND_ONE_BATCH)
    })
  })
})

// Courses end to end through the HTTP gateway: create, proxy sign-up, check-in by several paths,
// completion credited to the parent, certificate file and public verification.
import { activityCode, deriveActivityKey, slotAt } from '../../src/domain/checkin/codes'
import { startHarness, TEST_SIGNING_KEY, type Harness } from '../support/server-harness'
import { buildWorld, WORLD } from '../support/world'
import { at } from '../support/factories'
import { courseInput, courseLessonStart } from '../support/course-factories'
import { PRIVACY_NOTICE_VERSION, privacyConsentId } from '../../src/domain/privacy/notice'

const U = WORLD.users
const P = WORLD.persons
const lessonStart = courseLessonStart

let n = 0
const attempt = () => ({ nonce: `course-${String(++n).padStart(6, '0')}`, deviceId: 'course-device' })

describe('courses through the gateway', () => {
  let h: Harness
  beforeEach(async () => {
    h = await startHarness(at(1))
    await buildWorld(h.store)
    // Sign-ups need the privacy notice agreed (recorded directly here; the account function is tested elsewhere).
    for (const u of Object.values(U)) {
      await (h.store as any).putConsent?.({ id: privacyConsentId(u), userId: u, kind: 'privacy_notice', version: PRIVACY_NOTICE_VERSION, subjectId: null, at: at(0) })
    }
  })
  afterEach(() => h.close())

  async function createCourse(over: Record<string, unknown> = {}) {
    const r = await h.call('courses', 'create', courseInput(over), U.organizer)
    expect(r).toMatchObject({ ok: true })
    return r.data
  }

  it('creates a course whose lessons are smart_senior activities of the organizer’s unit, tagged smart_class', async () => {
    const course = await createCourse()
    expect(course.lessons.map((l: any) => l.title)).toEqual(['微信视频通话', '防范电信诈骗', '手机支付', '预约挂号'])
    expect(course).toMatchObject({ lessonsTotal: 4, requiredLessons: 3, departmentCode: 'kx', ruleLabel: '出席4节中的3节即可结业', signupWindow: 'open' })
    const activity = await h.store.getActivity(course.lessons[0].activity.id)
    expect(activity).toMatchObject({ type: 'smart_senior', departmentCode: 'kx', tags: ['smart_class'], targetGroups: ['senior'], courseId: course.id, waitlistLimit: 0 })
    expect(activity!.actions).toContain('action_senior')
  })

  it('signs the mother up for all four lessons at once, credits check-ins and the completion to her, and issues a verifiable certificate', async () => {
    const course = await createCourse()
    const lessonIds: string[] = course.lessons.map((l: any) => l.activity.id)
    const signed = await h.call('courses', 'signUp', { courseId: course.id, personId: P.residentMother }, U.resident)
    expect(signed).toMatchObject({ ok: true, data: { personId: P.residentMother, enrolled: true, label: '已上 0/4 课' } })
    for (const id of lessonIds) {
      expect(await h.store.getRegistration(`reg-${id}-${P.residentMother}` as never)).toMatchObject({ status: 'confirmed', ownerId: U.resident, createdBy: U.resident })
      expect(await h.store.getRegistration(`reg-${id}-${P.resident}` as never)).toBeNull()
    }
    // A second whole-course sign-up is refused.
    expect(await h.call('courses', 'signUp', { courseId: course.id, personId: P.residentMother }, U.resident)).toMatchObject({ ok: false, error: { code: 'COURSE.ALREADY_ENROLLED' } })

    // Lesson 1 by roster tick, lesson 2 by offline sync, lesson 3 by the activity code (self check-in by the daughter).
    h.setNow(lessonStart(1))
    expect(await h.call('checkin', 'tick', { activityId: lessonIds[0], registrationId: `reg-${lessonIds[0]}-${P.residentMother}`, reason: '忘带手机', ...attempt() }, U.organizer)).toMatchObject({ ok: true })
    h.setNow(lessonStart(2))
    const synced = await h.call('checkin', 'sync', { activityId: lessonIds[1], deviceId: 'course-device', items: [{ nonce: attempt().nonce, at: lessonStart(2), registrationId: `reg-${lessonIds[1]}-${P.residentMother}` }] }, U.organizer)
    expect(synced.data.results[0]).toMatchObject({ ok: true })
    let mine = await h.call('courses', 'mine', {}, U.resident)
    expect(mine.data).toHaveLength(1)
    expect(mine.data[0].progress).toMatchObject({ personId: P.residentMother, label: '已上 2/4 课', completed: false })
    expect(await h.store.getCompletion(`cmp-${course.id}-${P.residentMother}`)).toBeNull()

    h.setNow(lessonStart(3))
    const code = activityCode(deriveActivityKey(TEST_SIGNING_KEY, lessonIds[2] as never), lessonIds[2] as never, slotAt(lessonStart(3)))
    const self = await h.call('checkin', 'self', { code, personIds: [P.residentMother] }, U.resident)
    expect(self.data.results[0]).toMatchObject({ ok: true })

    // Credited to the mother: facts and the completion name her person and her target group.
    const completion = await h.store.getCompletion(`cmp-${course.id}-${P.residentMother}`)
    expect(completion).toMatchObject({ personId: P.residentMother, personTargetGroup: 'senior', completedAt: lessonStart(3), lessonsAttended: 3, hours: 4.5, departmentCode: 'kx', types: ['smart_senior'], tags: ['smart_class'] })
    const facts = (await h.store.listFacts()).filter((f) => lessonIds.includes(f.activity.activityId))
    expect(facts.map((f) => f.personId)).toEqual([P.residentMother, P.residentMother, P.residentMother])
    expect(await h.store.listCompletions({ from: at(0), to: at(100 * 24) })).toHaveLength(1)

    mine = await h.call('courses', 'mine', {}, U.resident)
    expect(mine.data[0].progress).toMatchObject({ label: '已上 3/4 课', completed: true, completedAt: lessonStart(3) })

    // The fourth lesson does not complete her twice.
    h.setNow(lessonStart(4))
    await h.call('checkin', 'tick', { activityId: lessonIds[3], registrationId: `reg-${lessonIds[3]}-${P.residentMother}`, reason: '核对身份证', ...attempt() }, U.organizer)
    expect(await h.store.listCompletionsByCourse(course.id)).toEqual([completion])

    const cert = await h.call('courses', 'certificate', { courseId: course.id, personId: P.residentMother }, U.resident)
    expect(cert.data.certificate).toMatchObject({ personName: '赵桂英', courseTitle: '智慧助老 手机课堂', organizer: '区科学技术协会', hours: 4.5 })
    const svg = Buffer.from(cert.data.file.base64, 'base64').toString('utf8')
    expect(cert.data.file.contentType).toBe('image/svg+xml')
    expect(svg).toContain('赵桂英')
    expect(svg).toContain('智慧助老 手机课堂')
    expect(svg).toContain(cert.data.certificate.verificationCode)

    // Anyone can verify the code; the name is masked. A changed code is 证书编号无效.
    const checked = await h.call('courses', 'verify', { code: cert.data.certificate.verificationCode }, null)
    expect(checked).toMatchObject({ ok: true, data: { maskedName: '赵*英', courseTitle: '智慧助老 手机课堂', organizer: '区科学技术协会', hours: 4.5 } })
    const bad = cert.data.certificate.verificationCode.replace(/.$/, (c: string) => (c === 'A' ? 'B' : 'A'))
    expect(await h.call('courses', 'verify', { code: bad }, null)).toMatchObject({ ok: false, error: { code: 'COURSE.CERTIFICATE_INVALID', message: '证书编号无效' } })

    // The organizer's roster shows her progress.
    const roster = await h.call('courses', 'manage', { id: course.id }, U.organizer)
    expect(roster.data.persons).toEqual([expect.objectContaining({ personId: P.residentMother, name: '赵桂英', attended: 4, completed: true })])
    expect(roster.data.completions).toBe(1)
  })

  it('counts a make-up for the lesson it replaces, once', async () => {
    const course = await createCourse()
    const lessonIds: string[] = course.lessons.map((l: any) => l.activity.id)
    await h.call('courses', 'signUp', { courseId: course.id, personId: P.residentMother }, U.resident)
    const withMakeUp = await h.call('courses', 'addMakeUp', { courseId: course.id, lesson: 2, startAt: at(7 * 24 + 2 * 24 + 6), endAt: at(7 * 24 + 2 * 24 + 7.5) }, U.organizer)
    expect(withMakeUp).toMatchObject({ ok: true })
    const makeUp = withMakeUp.data.lessons.find((l: any) => l.makeUp)
    expect(makeUp).toMatchObject({ lesson: 2, title: '防范电信诈骗' })
    expect(await h.call('registrations', 'signUp', { activityId: makeUp.activity.id, personId: P.residentMother }, U.resident)).toMatchObject({ ok: true })

    const tick = async (activityId: string, now: string) => {
      h.setNow(now)
      const r = await h.call('checkin', 'tick', { activityId, registrationId: `reg-${activityId}-${P.residentMother}`, reason: '补录', ...attempt() }, U.organizer)
      expect(r).toMatchObject({ ok: true })
    }
    await tick(lessonIds[0], lessonStart(1))
    await tick(lessonIds[1], lessonStart(2))
    await tick(makeUp.activity.id, at(7 * 24 + 2 * 24 + 6)) // lesson 2 again: still two distinct lessons
    expect(await h.store.getCompletion(`cmp-${course.id}-${P.residentMother}`)).toBeNull()
    const detail = await h.call('courses', 'get', { id: course.id }, U.resident)
    expect(detail.data.mine.find((m: any) => m.personId === P.residentMother)).toMatchObject({ lessonsAttended: [1, 2], label: '已上 2/4 课' })
  })

  it('refuses a course sign-up when a lesson is full, and writes nothing', async () => {
    const course = await createCourse({ capacity: 1 })
    await h.call('courses', 'signUp', { courseId: course.id, personId: P.other }, U.other)
    const before = h.snapshot()
    expect(await h.call('courses', 'signUp', { courseId: course.id, personId: P.residentMother }, U.resident)).toMatchObject({ ok: false, error: { code: 'COURSE.FULL' } })
    expect(h.snapshot()).toBe(before)
  })
})

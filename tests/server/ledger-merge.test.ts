// Merging duplicate person records through the gateway (ledger.findPersons / ledger.mergePersons):
// the same senior entered by her daughter and again by herself attends two lessons of a course; the
// plan counted her twice until an admin merges the records, and once after — with the registrations,
// check-ins and ledger facts moved, a true duplicate's seat freed, and the aggregates equal to a recount.
import { deriveActivityKey, slotAt, ticketCode } from '../../src/domain/checkin/codes'
import { checkInIdFor } from '../../src/domain/checkin/rules'
import type { ActivityId, PersonId, RegistrationId, UserId } from '../../src/domain/ids'
import { mergeCompletions, mergeStep } from '../../src/domain/persons/merge'
import { countCompletions } from '../../src/domain/ledger/count'
import { completionIdFor } from '../../src/domain/courses/rules'
import { certificateNoFor } from '../../src/domain/courses/certificate'
import { shanghaiInstant } from '../../src/domain/time'
import type { SqliteStore } from '../../server/sqlite/store'
import { at, makeActivity, makePerson, makeRegistration, makeUser, personId, userId } from '../support/factories'
import { courseInput, courseLessonStart, makeCompletion, makeCourse } from '../support/course-factories'
import { startHarness, TEST_SIGNING_KEY, type Harness } from '../support/server-harness'
import { agreePrivacy, buildWorld, WORLD } from '../support/world'

const U = WORLD.users
const DAUGHTER = U.resident
const MOTHER_ACCOUNT = userId('mother')
const VIA_DAUGHTER = WORLD.persons.residentMother // 赵桂英, entered by her daughter
const OWN_RECORD = 'per-zhao-own' as PersonId // 赵桂英 again, entered by herself
const START = shanghaiInstant(2025, 4, 8, 9)
const iso = (base: string, hours: number) => new Date(Date.parse(base) + hours * 3_600_000).toISOString()
const lesson = (n: number) => `act-merge-${n}` as ActivityId
const LESSON_START = (n: number) => iso(START, 24 * 7 * (n - 1))

/** Signs the persons up and checks them in through the real scan path. */
async function attend(h: Harness, n: number, who: Array<[PersonId, UserId]>) {
  const start = LESSON_START(n)
  await h.store.putActivity(makeActivity({ id: lesson(n), startAt: start, endAt: iso(start, 2), signupOpensAt: iso(start, -100), signupClosesAt: iso(start, -1), areaId: WORLD.area, tags: ['smart_class'], type: 'smart_senior', capacity: 30 }))
  h.setNow(iso(start, -50))
  for (const [p, owner] of who) expect((await h.call('registrations', 'signUp', { activityId: lesson(n), personId: p }, owner)).ok).toBe(true)
  h.setNow(iso(start, 0.5))
  const key = deriveActivityKey(TEST_SIGNING_KEY, lesson(n))
  for (const [i, [p]] of who.entries()) {
    const reg = `reg-${lesson(n)}-${p}` as RegistrationId
    const r = await h.call('checkin', 'scan', { activityId: lesson(n), code: ticketCode(key, lesson(n), reg, slotAt(iso(start, 0.5))), nonce: `merge-${n}-${i}-nonce`, deviceId: 'dev-merge' }, U.admin)
    expect(r.ok).toBe(true)
  }
}

/** Seniors with 3 smartphone lessons (unique persons, ≥3) and the seniors' person-times by month. */
const smartSeniors = async (h: Harness) => {
  const d = (await h.call('ledger', 'dashboard', { indicatorId: 'plan-2021-2025-person-times-senior' }, U.admin)).data
  const threeLessons = await h.store.countFacts({ rule: 'unique_persons', period: d.plan.period, filters: { tags: ['smart_class'], minAttendance: 3 } })
  return { persons: { value: threeLessons }, byMonth: d.byMonth }
}

describe('merging duplicate person records', () => {
  let h: Harness
  beforeEach(async () => {
    h = await startHarness(START)
    await buildWorld(h.store)
    await h.store.putUser(makeUser({ id: MOTHER_ACCOUNT, displayName: '赵桂英' }))
    await agreePrivacy(h.store, MOTHER_ACCOUNT)
    await h.store.putPerson(makePerson({ id: OWN_RECORD, ownerId: MOTHER_ACCOUNT, isSelf: true, name: '赵桂英', birthYear: 1950, targetGroup: 'senior', areaId: WORLD.area }))
    await h.store.putPerson({ ...(await h.store.getPerson(VIA_DAUGHTER))!, targetGroup: 'senior' })
    // Lessons 1 and 2 through her daughter, lesson 3 on her own; at lesson 2 both records were signed up.
    await attend(h, 1, [[VIA_DAUGHTER, DAUGHTER]])
    await attend(h, 2, [[VIA_DAUGHTER, DAUGHTER], [OWN_RECORD, MOTHER_ACCOUNT]])
    await attend(h, 3, [[OWN_RECORD, MOTHER_ACCOUNT]])
    h.setNow(shanghaiInstant(2025, 7, 1, 12))
  })
  afterEach(() => h.close())

  it('lets an admin find both records by name', async () => {
    const found = await h.call('ledger', 'findPersons', { name: '赵桂英' }, U.admin)
    expect(found.ok).toBe(true)
    expect(found.data.map((p: any) => [p.id, p.ownerName, p.registrations, p.attended]).sort()).toEqual(
      [
        [VIA_DAUGHTER, (await h.store.getUser(DAUGHTER))!.displayName, 2, 2],
        [OWN_RECORD, '赵桂英', 2, 2],
      ].sort(),
    )
  })

  it('counts her once after the merge, with registrations, check-ins and facts moved and the duplicate seat freed', async () => {
    // Three lessons of "≥3" but split over two records: nobody completes yet.
    const before = await smartSeniors(h)
    expect(before.persons.value).toBe(0)

    const merged = await h.call('ledger', 'mergePersons', { personId: VIA_DAUGHTER, intoPersonId: OWN_RECORD }, U.admin)
    expect(merged).toMatchObject({ ok: true, data: { moved: 1, absorbed: 1 } })

    const after = await smartSeniors(h)
    expect(after.persons.value).toBe(1)
    // Person-times: lesson 2's duplicate attendance is one attendance now (4 → 3 for seniors).
    expect(after.byMonth.map((r: any) => r.value).reduce((a: number, b: number) => a + b, 0)).toBe(before.byMonth.map((r: any) => r.value).reduce((a: number, b: number) => a + b, 0) - 1)

    // Lesson 1 moved to her own record (id follows activity × person), check-in included.
    const movedId = `reg-${lesson(1)}-${OWN_RECORD}` as RegistrationId
    expect(await h.store.getRegistration(movedId)).toMatchObject({ personId: OWN_RECORD, ownerId: MOTHER_ACCOUNT, status: 'confirmed', attendance: 'attended' })
    expect(await h.store.getCheckIn(checkInIdFor(movedId, 'in'))).toMatchObject({ personId: OWN_RECORD, registrationId: movedId })
    expect(await h.store.getRegistration(`reg-${lesson(1)}-${VIA_DAUGHTER}` as RegistrationId)).toMatchObject({ status: 'cancelled' })
    // Lesson 2: the duplicate seat is freed.
    expect((await h.store.getActivity(lesson(2)))!.confirmedCount).toBe(1)
    // The duplicate record is gone; the ledger agrees with a full recount.
    expect(await h.store.getPerson(VIA_DAUGHTER)).toBeNull()
    const facts = await h.store.listFacts()
    expect(new Set(facts.map((f) => f.personId))).toEqual(new Set([OWN_RECORD]))
    expect(facts).toHaveLength(3)
    expect(await (h.store as SqliteStore).recountLedger()).toMatchObject({ factDifferences: [], completionDifferences: [], disagreements: [] })
    // Her own 我的报名 shows all three lessons.
    const mine = await h.call('registrations', 'listMine', {}, MOTHER_ACCOUNT)
    expect(mine.data.filter((r: any) => r.status === 'confirmed').map((r: any) => r.activity?.id ?? r.activityId).sort()).toEqual([lesson(1), lesson(2), lesson(3)])
  })
})

describe('domain: one registration of a duplicate', () => {
  const kept = makePerson({ id: personId(9), ownerId: userId(9) })
  const now = shanghaiInstant(2025, 7, 1)
  it('moves a registration the kept person does not have, keeping its seat', () => {
    const r = makeRegistration({ status: 'waitlisted', seq: 4 })
    const step = mergeStep(r, null, kept, now)!
    expect(step).toMatchObject({ moved: true, confirmedDelta: 0, waitlistDelta: 0, kept: { personId: kept.id, ownerId: kept.ownerId, status: 'waitlisted', seq: 4 }, closed: { id: r.id, status: 'cancelled' } })
  })
  it('folds a true duplicate into the kept registration: earliest check-in wins, the seat is freed', () => {
    const r = makeRegistration({ attendance: 'attended', checkedInAt: shanghaiInstant(2025, 6, 1, 9) })
    const existing = makeRegistration({ id: `reg-x-${kept.id}` as RegistrationId, personId: kept.id, attendance: 'attended', checkedInAt: shanghaiInstant(2025, 6, 1, 10) })
    expect(mergeStep(r, existing, kept, now)).toMatchObject({ moved: false, confirmedDelta: -1, kept: { id: existing.id, checkedInAt: shanghaiInstant(2025, 6, 1, 9) } })
  })
  it('leaves a cancelled registration alone', () => {
    expect(mergeStep(makeRegistration({ status: 'cancelled' }), null, kept, now)).toBeNull()
  })
})

describe('merging records that took one course (结业)', () => {
  let h: Harness
  let course: { id: string; lessons: { activity: { id: string } }[] }
  let tick = 0
  const lessonOf = (i: number) => course.lessons[i - 1].activity.id
  /** The plan's completions figure: distinct persons with a 智慧助老 completion this year. */
  const completions = async () => countCompletions({ from: at(0), to: at(365 * 24) }, { tags: ['smart_class'] }, await h.store.listCompletions({ from: at(0), to: at(365 * 24) }))
  /** The organizer ticks this person in at lesson i. */
  async function attendLesson(i: number, person: PersonId) {
    h.setNow(courseLessonStart(i))
    const r = await h.call('checkin', 'tick', { activityId: lessonOf(i), registrationId: `reg-${lessonOf(i)}-${person}`, reason: '忘带手机', nonce: `merge-course-${String(++tick).padStart(4, '0')}`, deviceId: 'dev-merge' }, U.organizer)
    expect(r.ok).toBe(true)
  }

  beforeEach(async () => {
    h = await startHarness(at(1))
    await buildWorld(h.store)
    await h.store.putUser(makeUser({ id: MOTHER_ACCOUNT, displayName: '赵桂英' }))
    for (const u of [DAUGHTER, MOTHER_ACCOUNT, U.organizer, U.admin]) await agreePrivacy(h.store, u)
    await h.store.putPerson(makePerson({ id: OWN_RECORD, ownerId: MOTHER_ACCOUNT, isSelf: true, name: '赵桂英', birthYear: 1950, targetGroup: 'senior', areaId: WORLD.area }))
    await h.store.putPerson({ ...(await h.store.getPerson(VIA_DAUGHTER))!, targetGroup: 'senior' })
    course = (await h.call('courses', 'create', courseInput(), U.organizer)).data
    // Her daughter signed her up for the course, and so did she herself.
    expect((await h.call('courses', 'signUp', { courseId: course.id, personId: VIA_DAUGHTER }, DAUGHTER)).ok).toBe(true)
    expect((await h.call('courses', 'signUp', { courseId: course.id, personId: OWN_RECORD }, MOTHER_ACCOUNT)).ok).toBe(true)
  })
  afterEach(() => h.close())

  it('completes her when the lessons split over the two records reach k together', async () => {
    await attendLesson(1, VIA_DAUGHTER)
    await attendLesson(2, VIA_DAUGHTER)
    await attendLesson(3, OWN_RECORD)
    expect(await completions()).toBe(0)

    expect(await h.call('ledger', 'mergePersons', { personId: VIA_DAUGHTER, intoPersonId: OWN_RECORD }, U.admin)).toMatchObject({ ok: true })
    expect(await completions()).toBe(1)
    expect(await h.store.getCompletion(completionIdFor(course.id as never, OWN_RECORD))).toMatchObject({ personId: OWN_RECORD, lessonsAttended: 3, completedAt: courseLessonStart(3) })
    // Her 我的课程 shows the completion and the certificate downloads; the organizer's roster counts one.
    const mine = await h.call('courses', 'mine', {}, MOTHER_ACCOUNT)
    expect(mine.data[0].progress).toMatchObject({ personId: OWN_RECORD, label: '已上 3/4 课', completed: true })
    expect(await h.call('courses', 'certificate', { courseId: course.id, personId: OWN_RECORD }, MOTHER_ACCOUNT)).toMatchObject({ ok: true, data: { certificate: { personName: '赵桂英', hours: 4.5 } } })
    expect((await h.call('courses', 'manage', { id: course.id }, U.organizer)).data.completions).toBe(1)
  })

  it('leaves one completion when both records completed, and the 结业 drill-down counts her once, as the card does', async () => {
    for (const i of [1, 2, 3]) await attendLesson(i, VIA_DAUGHTER)
    for (const i of [1, 2, 3]) await attendLesson(i, OWN_RECORD)
    expect(await h.store.listCompletionsByCourse(course.id as never)).toHaveLength(2)

    expect(await h.call('ledger', 'mergePersons', { personId: VIA_DAUGHTER, intoPersonId: OWN_RECORD }, U.admin)).toMatchObject({ ok: true })
    expect(await h.store.listCompletionsByCourse(course.id as never)).toEqual([expect.objectContaining({ id: completionIdFor(course.id as never, OWN_RECORD), personId: OWN_RECORD })])
    expect(await h.store.recountLedger()).toMatchObject({ factDifferences: [], completionDifferences: [], disagreements: [] })
    // A plan in force this year, so the smartphone-class figure covers these lessons.
    expect(await h.call('ledger', 'copyPlan', { fromPlanId: 'plan-2021-2025', name: '2026—2030年', from: '2025-12-31T16:00:00.000Z', to: '2030-12-31T16:00:00.000Z' }, U.admin)).toMatchObject({ ok: true })
    const board = await h.call('ledger', 'dashboard', { planId: 'plan-2026-2030' }, U.admin)
    const card = board.data.cards.find((c: any) => c.rule === 'completions')
    expect(card.value).toBe(1)
    const drill = await h.call('ledger', 'drill', { indicatorId: card.id }, U.admin)
    expect(drill.data.activities.reduce((n: number, a: any) => n + a.facts, 0)).toBe(card.value)
  })

  it('keeps a certificate issued to the duplicate valid and counts her once', async () => {
    for (const i of [1, 2, 3]) await attendLesson(i, VIA_DAUGHTER)
    await attendLesson(4, OWN_RECORD)
    const issued = await h.call('courses', 'certificate', { courseId: course.id, personId: VIA_DAUGHTER }, DAUGHTER)
    expect(issued.ok).toBe(true)
    expect(await completions()).toBe(1)

    expect(await h.call('ledger', 'mergePersons', { personId: VIA_DAUGHTER, intoPersonId: OWN_RECORD }, U.admin)).toMatchObject({ ok: true })
    expect(await completions()).toBe(1)
    // The printed certificate still verifies, now naming her kept record; her own record shows a certificate too.
    const verified = await h.call('courses', 'verify', { code: issued.data.certificate.verificationCode }, null)
    expect(verified).toMatchObject({ ok: true, data: { certificateNo: issued.data.certificate.certificateNo, maskedName: expect.stringContaining('赵') } })
    expect(await h.call('courses', 'certificate', { courseId: course.id, personId: OWN_RECORD }, MOTHER_ACCOUNT)).toMatchObject({ ok: true })
    expect((await h.call('courses', 'manage', { id: course.id }, U.organizer)).data.completions).toBe(1)
  })
})

describe('domain: course completions of merged records', () => {
  const c = makeCourse()
  const kept = { id: personId(9), targetGroup: 'senior' as const }
  const dupCompletion = makeCompletion({ courseId: c.id, personId: personId(1), completedAt: at(10) })
  const lessons = (...n: number[]) => n.map((i) => ({ activityId: c.lessons[i - 1].activityId, at: at(i * 24) }))
  const certificateNo = certificateNoFor(completionIdFor(c.id, kept.id))

  it('completes the kept person when the merged lessons reach k', () => {
    expect(mergeCompletions({ course: c, kept, duplicateCompletion: null, keptCompletion: null, attended: lessons(1, 2, 3), certificateNo })).toEqual({
      keep: expect.objectContaining({ id: completionIdFor(c.id, kept.id), personId: kept.id, lessonsAttended: 3, completedAt: at(72), certificateNo }),
      remove: [],
    })
  })
  it('writes nothing when neither record completed and the merged lessons stay below k', () => {
    expect(mergeCompletions({ course: c, kept, duplicateCompletion: null, keptCompletion: null, attended: lessons(1, 4), certificateNo })).toEqual({ keep: null, remove: [] })
  })
  it('moves the duplicate’s completion to the kept record, keeping its certificate number, and removes the duplicate’s', () => {
    const out = mergeCompletions({ course: c, kept, duplicateCompletion: dupCompletion, keptCompletion: null, attended: lessons(4), certificateNo })
    expect(out).toEqual({ keep: { ...dupCompletion, id: completionIdFor(c.id, kept.id), personId: kept.id, personTargetGroup: 'senior' }, remove: [dupCompletion.id] })
  })
  it('keeps one completion under the kept record’s certificate number when both records completed, dated by the merged lessons', () => {
    const keptCompletion = makeCompletion({ courseId: c.id, personId: kept.id, certificateNo: 'KEPTCERT01' })
    const both = mergeCompletions({ course: c, kept, duplicateCompletion: dupCompletion, keptCompletion, attended: lessons(1, 2, 3), certificateNo })
    expect(both).toEqual({ keep: expect.objectContaining({ id: completionIdFor(c.id, kept.id), personId: kept.id, certificateNo: 'KEPTCERT01', completedAt: at(72) }), remove: [dupCompletion.id] })
    expect(mergeCompletions({ course: c, kept, duplicateCompletion: null, keptCompletion, attended: lessons(1, 2, 3), certificateNo }).remove).toEqual([])
  })
})

// Every action × every role. The expected verdicts are written out here by hand, not derived from the
// handler tables, so changing an action's access without changing this table fails the test.
import { FUNCTIONS } from '../../src/handlers'
import type { ActivityId, PersonId, UserId } from '../../src/domain/ids'
import { newDraft, type ActivityInput } from '../../src/domain/activities/editing'
import { activityCode, deriveActivityKey, slotAt, ticketCode } from '../../src/domain/checkin/codes'
import { startHarness, TEST_SIGNING_KEY, type Harness } from '../support/server-harness'
import { buildWorld, WORLD } from '../support/world'
import { at, makePerson, makeRegistration, makeUser, personId } from '../support/factories'
import { makeStaffInvite } from '../support/staff-factories'
import { jpegOf } from '../support/images'
import { PRIVACY_NOTICE_VERSION } from '../../src/domain/privacy/notice'
import { courseActivities, makeCompletion, makeCourse } from '../support/course-factories'
import { verificationCode } from '../../src/domain/courses/certificate'

type Caller = 'anonymous' | 'resident' | 'scanner' | 'organizer' | 'admin'
const CALLERS: Caller[] = ['anonymous', 'resident', 'scanner', 'organizer', 'admin']
const ALL = 'allow'
/** Besides the access verdicts: an action open to every signed-in account that refuses some roles by rule. */
type Verdict = 'allow' | 'AUTH.REQUIRED' | 'AUTH.FORBIDDEN' | 'STAFF.ALREADY_STAFF'
const signedIn: Record<Caller, Verdict> = { anonymous: 'AUTH.REQUIRED', resident: ALL, scanner: ALL, organizer: ALL, admin: ALL }
const everyone: Record<Caller, Verdict> = { anonymous: ALL, resident: ALL, scanner: ALL, organizer: ALL, admin: ALL }
const adminOnly: Record<Caller, Verdict> = { anonymous: 'AUTH.REQUIRED', resident: 'AUTH.FORBIDDEN', scanner: 'AUTH.FORBIDDEN', organizer: 'AUTH.FORBIDDEN', admin: ALL }
/** Check-in at an activity: its unit's organizers, admins and the scanners invited for it. */
const operators: Record<Caller, Verdict> = { anonymous: 'AUTH.REQUIRED', resident: 'AUTH.FORBIDDEN', scanner: ALL, organizer: ALL, admin: ALL }
/** Managing an activity's check-in (finalise, print cards, invite scanners): organizers of its unit and admins. */
const managers: Record<Caller, Verdict> = { anonymous: 'AUTH.REQUIRED', resident: 'AUTH.FORBIDDEN', scanner: 'AUTH.FORBIDDEN', organizer: ALL, admin: ALL }

/** Redeeming an organizer invite: any signed-in resident (a scanner volunteer too); organizers and admins already are staff. */
const staffRedeemers: Record<Caller, Verdict> = { anonymous: 'AUTH.REQUIRED', resident: ALL, scanner: ALL, organizer: 'STAFF.ALREADY_STAFF', admin: 'STAFF.ALREADY_STAFF' }

const START = at(7 * 24)
let n = 0
const attempt = () => ({ nonce: `matrix-${String(++n).padStart(6, '0')}`, deviceId: 'matrix-device' })
/** Signs the resident's mother up for the open activity (before the start) and moves the clock to the start. */
async function motherRegistration(h: Harness): Promise<string> {
  const r = await h.call('registrations', 'signUp', { activityId: WORLD.activities.open, personId: WORLD.persons.residentMother }, WORLD.users.resident)
  h.setNow(START)
  return r.data.id
}

/** A 4-lesson course of the organizer's unit (区科协), stored directly; sign-up open at the harness's start. */
async function matrixCourse(h: Harness): Promise<string> {
  const course = makeCourse({ areaId: WORLD.area })
  await h.store.putCourse(course)
  for (const a of courseActivities(course)) await h.store.putActivity(a)
  return course.id
}
/** A completion of that course by the caller's own person (or the resident's mother), so a certificate exists. */
async function matrixCompletion(h: Harness, personId: string): Promise<{ courseId: string; code: string }> {
  const courseId = await matrixCourse(h)
  const completion = makeCompletion({ courseId: courseId as never, personId: personId as never })
  await h.store.transaction((tx) => tx.putCompletion(completion))
  return { courseId, code: verificationCode(TEST_SIGNING_KEY, completion.certificateNo) }
}

/** The caller's own person, checked in at the past activity (the resident's, for an anonymous caller). */
async function attendedRegistration(h: Harness, c: Caller): Promise<string> {
  const owner = c === 'anonymous' ? WORLD.users.resident : WORLD.users[c]
  const r = makeRegistration({ activityId: WORLD.activities.past, personId: selfOf(c), ownerId: owner, createdBy: owner, attendance: 'attended', checkedInAt: at(-47.9) })
  await h.store.transaction((tx) => tx.putRegistration(r))
  return r.id
}

/** A valid organizer's form for the organizer's unit (区科协), two weeks ahead. */
const matrixForm = (o: Partial<ActivityInput> = {}): ActivityInput => ({
  title: '科普讲座：海洋与气候',
  type: 'lecture',
  description: '',
  startAt: at(14 * 24),
  endAt: at(14 * 24 + 2),
  place: '区科技馆报告厅',
  address: '',
  areaId: WORLD.area,
  location: null,
  capacity: 30,
  waitlistLimit: 5,
  signupOpensAt: at(1),
  signupClosesAt: at(14 * 24 - 1),
  targetGroups: ['public'],
  minAge: null,
  maxAge: null,
  walkInsAllowed: false,
  checkoutEnabled: false,
  actions: [],
  projects: ['project_resources'],
  tags: [],
  departmentCode: 'kx',
  poster: null,
  ...o,
})
/** A draft of the organizer's unit, stored directly, in the given state. */
async function matrixDraft(h: Harness, state: 'draft' | 'pending'): Promise<string> {
  const d = { ...newDraft('act-matrix-draft' as ActivityId, matrixForm(), WORLD.users.organizer, at(0)), state, submittedAt: state === 'pending' ? at(0) : null }
  await h.store.drafts.put(d)
  return d.id
}

/** The mother's registration at the past activity, not checked in, with attendance finalised (closed). */
async function closedRegistration(h: Harness): Promise<string> {
  const past = (await h.store.getActivity(WORLD.activities.past))!
  await h.store.putActivity({ ...past, confirmedCount: 1, nextSeq: 2, attendanceClosedAt: past.endAt })
  const r = makeRegistration({ activityId: past.id, personId: WORLD.persons.residentMother, ownerId: WORLD.users.resident, createdBy: WORLD.users.resident, attendance: 'no_show' })
  await h.store.transaction((tx) => tx.putRegistration(r))
  return r.id
}

const userOf = (c: Caller): UserId | null => (c === 'anonymous' ? null : WORLD.users[c])

/** A family member (an adult, not self) the caller manages, stored directly. */
async function familyMemberOf(h: Harness, owner: UserId): Promise<string> {
  const id = personId(`${owner}-family`)
  await h.store.putPerson(makePerson({ id, ownerId: owner, isSelf: false, birthYear: 1950, name: '家人', areaId: WORLD.area }))
  return id
}
const selfOf = (c: Caller) => (c === 'anonymous' ? WORLD.persons.resident : WORLD.persons[c])

/** Valid input for each action, as the given caller would send it. */
const MATRIX: Record<string, { verdicts: Record<Caller, Verdict>; input: (c: Caller, h: Harness) => Promise<unknown> | unknown }> = {
  'session.whoami': { verdicts: everyone, input: () => ({}) },
  'catalog.get': { verdicts: everyone, input: () => ({}) },
  'catalog.saveArea': { verdicts: adminOnly, input: () => ({ name: '测试街道', kind: 'street' }) },
  'activities.list': { verdicts: everyone, input: () => ({}) },
  'activities.get': { verdicts: everyone, input: () => ({ id: WORLD.activities.open }) },
  'activities.create': { verdicts: managers, input: () => ({ input: matrixForm() }) },
  'activities.update': { verdicts: managers, input: async (_c, h) => ({ id: await matrixDraft(h, 'draft'), input: matrixForm({ title: '改过的标题' }) }) },
  'activities.submit': { verdicts: managers, input: async (_c, h) => ({ id: await matrixDraft(h, 'draft') }) },
  'activities.review': { verdicts: adminOnly, input: async (_c, h) => ({ id: await matrixDraft(h, 'pending'), approve: true }) },
  'activities.cancel': { verdicts: managers, input: () => ({ id: WORLD.activities.notOpen, reason: '场地临时维修' }) },
  'activities.organized': { verdicts: managers, input: () => ({}) },
  'activities.sharePoster': { verdicts: everyone, input: () => ({ id: WORLD.activities.open }) },
  'activities.editing': { verdicts: managers, input: () => ({ id: WORLD.activities.open }) },
  'persons.list': { verdicts: signedIn, input: () => ({}) },
  'persons.create': { verdicts: signedIn, input: () => ({ name: '新成员', birthYear: 1950, targetGroup: 'senior', areaId: WORLD.area, proxyConsent: true }) },
  'persons.update': { verdicts: signedIn, input: (c) => ({ id: selfOf(c), name: '改名', birthYear: 1960, targetGroup: 'senior', areaId: WORLD.area }) },
  'persons.remove': { verdicts: signedIn, input: (c) => ({ id: selfOf(c) }) },
  'registrations.signUp': { verdicts: signedIn, input: (c) => ({ activityId: WORLD.activities.open, personId: selfOf(c) }) },
  'registrations.cancel': {
    verdicts: signedIn,
    input: async (c, h) => {
      // Each signed-in caller cancels a registration of their own.
      const as = userOf(c)
      if (!as) return { registrationId: 'reg-act-open-per-resident-self' }
      const r = await h.call('registrations', 'signUp', { activityId: WORLD.activities.open, personId: selfOf(c) }, as)
      return { registrationId: r.data.id }
    },
  },
  'registrations.listMine': { verdicts: signedIn, input: () => ({}) },
  'checkin.myTickets': { verdicts: signedIn, input: () => ({}) },
  'checkin.issueCard': { verdicts: signedIn, input: (c) => ({ personId: selfOf(c) }) },
  'checkin.revokeCard': { verdicts: signedIn, input: (c) => ({ personId: selfOf(c) }) },
  'checkin.myConsoles': { verdicts: signedIn, input: () => ({}) },
  'checkin.console': { verdicts: operators, input: () => ({ activityId: WORLD.activities.open }) },
  // The roster as a file: its unit's organizers and admins only (scanner volunteers see it at the desk, never take it away).
  'checkin.exportRoster': { verdicts: managers, input: () => ({ activityId: WORLD.activities.open, format: 'csv' }) },
  'checkin.bundle': { verdicts: operators, input: () => ({ activityId: WORLD.activities.open, deviceId: 'matrix-device' }) },
  'checkin.scan': {
    verdicts: operators,
    input: async (_c, h) => {
      const reg = await motherRegistration(h)
      return { activityId: WORLD.activities.open, code: ticketCode(deriveActivityKey(TEST_SIGNING_KEY, WORLD.activities.open), WORLD.activities.open, reg as never, slotAt(START)), ...attempt() }
    },
  },
  'checkin.tick': { verdicts: operators, input: async (_c, h) => ({ activityId: WORLD.activities.open, registrationId: await motherRegistration(h), reason: '忘带手机', ...attempt() }) },
  'checkin.walkIn': {
    verdicts: operators,
    input: (_c, h) => {
      h.setNow(START)
      return { activityId: WORLD.activities.open, name: '现场居民', targetGroup: 'senior', areaId: WORLD.area, ...attempt() }
    },
  },
  'checkin.sync': {
    verdicts: operators,
    input: async (_c, h) => ({ activityId: WORLD.activities.open, deviceId: 'matrix-device', items: [{ nonce: attempt().nonce, at: START, registrationId: await motherRegistration(h) }] }),
  },
  'checkin.activityCode': { verdicts: operators, input: () => ({ activityId: WORLD.activities.open }) },
  'checkin.self': {
    verdicts: signedIn,
    input: (c, h) => {
      h.setNow(START)
      return { code: activityCode(deriveActivityKey(TEST_SIGNING_KEY, WORLD.activities.open), WORLD.activities.open, slotAt(START)), personIds: [selfOf(c)] }
    },
  },
  'checkin.finalize': {
    verdicts: managers,
    input: (_c, h) => {
      h.setNow(at(7 * 24 + 3))
      return { activityId: WORLD.activities.open }
    },
  },
  'checkin.printCards': { verdicts: managers, input: () => ({ activityId: WORLD.activities.open }) },
  'checkin.invite': { verdicts: managers, input: () => ({ activityIds: [WORLD.activities.open], validFrom: at(0), validTo: at(8 * 24) }) },
  'ledger.dashboard': { verdicts: { ...managers, scanner: 'AUTH.FORBIDDEN' }, input: () => ({}) },
  'ledger.drill': { verdicts: managers, input: () => ({ indicatorId: 'all-person-times' }) },
  'ledger.saveIndicator': {
    verdicts: adminOnly,
    input: () => ({ planId: 'plan-2021-2025', name: '测试指标', unit: '人次', rule: 'person_times', periodKind: 'plan', target: 10, countingNote: '测试', filters: {} }),
  },
  'ledger.enterFigure': {
    verdicts: adminOnly,
    input: async (_c, h) => {
      await h.call('ledger', 'dashboard', {}, WORLD.users.admin) // seeds the plan on first use
      return { indicatorId: 'plan-2021-2025-funding', value: 2.1, source: '区财政局', asOf: at(0) }
    },
  },
  'ledger.copyPlan': {
    verdicts: adminOnly,
    input: async (_c, h) => {
      await h.call('ledger', 'dashboard', {}, WORLD.users.admin)
      return { fromPlanId: 'plan-2021-2025', name: '后续规划', from: '2025-12-31T16:00:00.000Z', to: '2030-12-31T16:00:00.000Z' }
    },
  },
  'ledger.export': { verdicts: { ...managers, scanner: 'AUTH.FORBIDDEN' }, input: () => ({ kind: 'indicators', format: 'csv' }) },
  'ledger.changes': { verdicts: adminOnly, input: () => ({ indicatorId: 'plan-2021-2025-funding' }) },
  'ledger.findPersons': { verdicts: adminOnly, input: () => ({ name: '赵桂英' }) },
  'ledger.correctAttendance': { verdicts: adminOnly, input: async (_c, h) => ({ registrationId: await closedRegistration(h), attended: true, reason: '纸质签到表有本人签名' }) },
  'ledger.corrections': { verdicts: adminOnly, input: () => ({}) },
  'ledger.mergePersons': {
    verdicts: adminOnly,
    input: async (_c, h) => {
      await h.store.putPerson(makePerson({ id: 'per-matrix-dup' as PersonId, ownerId: WORLD.users.other, isSelf: false, name: '赵桂英', birthYear: 1950, areaId: WORLD.area }))
      return { personId: 'per-matrix-dup', intoPersonId: WORLD.persons.residentMother }
    },
  },
  'account.privacyStatus': { verdicts: signedIn, input: () => ({}) },
  'account.agreePrivacy': { verdicts: signedIn, input: () => ({ version: PRIVACY_NOTICE_VERSION }) },
  'account.exportData': { verdicts: signedIn, input: () => ({ format: 'json' }) },
  'account.deleteAccount': { verdicts: signedIn, input: () => ({ confirm: true }) },
  'account.createLinkCode': {
    verdicts: signedIn,
    input: async (c, h) => ({ personId: c === 'anonymous' ? WORLD.persons.residentMother : await familyMemberOf(h, userOf(c)!) }),
  },
  'account.redeemLinkCode': {
    verdicts: signedIn,
    input: async (c, h) => {
      if (c === 'anonymous') return { code: 'ABCD2345' }
      // Someone else made a code for a family member; the caller has no self record yet.
      const creator = c === 'resident' ? WORLD.users.other : WORLD.users.resident
      const made = await h.call('account', 'createLinkCode', { personId: await familyMemberOf(h, creator) }, creator)
      await h.store.deletePerson(WORLD.persons[c])
      return { code: made.data.code }
    },
  },
  'reminders.info': { verdicts: signedIn, input: () => ({}) },
  'reminders.subscribe': { verdicts: signedIn, input: () => ({ accepted: ['day_before', 'hour_before'] }) },
  'reminders.outbox': { verdicts: adminOnly, input: () => ({}) },
  'reminders.run': { verdicts: adminOnly, input: () => ({}) },
  'courses.create': {
    verdicts: managers,
    input: () => ({
      title: '智慧助老 手机课堂',
      place: '社区科普大学',
      areaId: WORLD.area,
      type: 'smart_senior',
      targetGroups: ['senior'],
      capacity: 20,
      requiredLessons: 1,
      hoursPerLesson: 1.5,
      lessons: [{ title: '微信视频通话', startAt: at(7 * 24), endAt: at(7 * 24 + 1.5) }],
      departmentCode: 'kx',
    }),
  },
  'courses.addMakeUp': { verdicts: managers, input: async (_c, h) => ({ courseId: await matrixCourse(h), lesson: 2, startAt: at(9 * 24), endAt: at(9 * 24 + 1.5) }) },
  'courses.get': { verdicts: everyone, input: async (_c, h) => ({ id: await matrixCourse(h) }) },
  'courses.signUp': { verdicts: signedIn, input: async (c, h) => ({ courseId: await matrixCourse(h), personId: selfOf(c) }) },
  'courses.mine': { verdicts: signedIn, input: () => ({}) },
  'courses.organized': { verdicts: managers, input: () => ({}) },
  'courses.manage': { verdicts: managers, input: async (_c, h) => ({ id: await matrixCourse(h) }) },
  'courses.certificate': { verdicts: signedIn, input: async (c, h) => ({ courseId: (await matrixCompletion(h, selfOf(c))).courseId, personId: selfOf(c) }) },
  'courses.verify': { verdicts: everyone, input: async (_c, h) => ({ code: (await matrixCompletion(h, WORLD.persons.residentMother)).code }) },
  // Posters: organizers (any unit's; the activity form then checks the unit) and admins.
  'uploads.poster': { verdicts: managers, input: async () => ({ data: (await jpegOf(400, 300)).toString('base64') }) },
  // 评单: the account that manages an attended registration; the summary is its unit's organizers' and admins'.
  'feedback.get': { verdicts: signedIn, input: async (c, h) => ({ registrationId: await attendedRegistration(h, c) }) },
  'feedback.submit': { verdicts: signedIn, input: async (c, h) => ({ registrationId: await attendedRegistration(h, c), rating: 5, comment: '很有收获' }) },
  'feedback.summary': { verdicts: managers, input: () => ({ activityId: WORLD.activities.past }) },
  // 点单: suggesting and supporting need an account; the list is everyone's.
  'wishes.create': { verdicts: signedIn, input: () => ({ title: '家庭急救知识', targetGroup: 'public', areaId: WORLD.area }) },
  'wishes.support': {
    verdicts: signedIn,
    input: async (_c, h) => {
      await h.store.wishes.create({ id: 'wish-matrix', title: '家庭急救知识', detail: null, targetGroup: 'public', areaId: null, createdBy: WORLD.users.other, createdAt: at(0), supportCount: 1, arranged: null })
      return { id: 'wish-matrix' }
    },
  },
  'wishes.get': {
    verdicts: everyone,
    input: async (_c, h) => {
      await h.store.wishes.create({ id: 'wish-matrix', title: '家庭急救知识', detail: null, targetGroup: 'public', areaId: null, createdBy: WORLD.users.other, createdAt: at(0), supportCount: 1, arranged: null })
      return { id: 'wish-matrix' }
    },
  },
  'wishes.list': { verdicts: everyone, input: () => ({}) },
  'staff.invite': { verdicts: adminOnly, input: () => ({ departmentCode: 'nongye' }) },
  'staff.redeem': {
    verdicts: staffRedeemers,
    input: async (_c, h) => {
      await h.store.staff.createInvite(makeStaffInvite({ code: 'MATRXQ23', departmentCode: 'nongye', createdBy: WORLD.users.admin, createdAt: at(0), expiresAt: at(7 * 24) }))
      return { code: 'matrxq23' }
    },
  },
  'staff.list': { verdicts: adminOnly, input: () => ({ departmentCode: 'kx' }) },
  'staff.revoke': {
    verdicts: adminOnly,
    input: async (_c, h) => {
      // Another organizer of 区科协, so the organizer caller would not be revoking themselves.
      await h.store.putUser(makeUser({ id: 'usr-matrix-org' as UserId, role: 'organizer', departmentCode: 'kx' }))
      return { userId: 'usr-matrix-org' }
    },
  },
  'checkin.redeem': {
    verdicts: signedIn,
    input: async (_c, h) => {
      await h.store.putInvite({ id: 'MATRIX23', activityIds: [WORLD.activities.open], validFrom: at(0), validTo: at(8 * 24), createdBy: WORLD.users.organizer, createdAt: at(0), redeemedBy: null, redeemedAt: null })
      return { code: 'MATRIX23' }
    },
  },
}

describe('authorization matrix', () => {
  it('has a row for every action of every function', () => {
    const actions = Object.entries(FUNCTIONS).flatMap(([fn, table]) => Object.keys(table).map((a) => `${fn}.${a}`))
    expect(Object.keys(MATRIX).sort()).toEqual(actions.sort())
  })

  let h: Harness
  beforeEach(async () => {
    h = await startHarness(at(1))
    await buildWorld(h.store)
  })
  afterEach(() => h.close())

  const cases = Object.entries(MATRIX).flatMap(([key, row]) => CALLERS.map((c) => [key, c, row.verdicts[c]] as const))
  it.each(cases)('%s as %s: %s', async (key, caller, verdict) => {
    const [fn, action] = key.split('.')
    const input = await MATRIX[key].input(caller, h)
    const before = verdict === 'allow' ? null : h.snapshot()
    const reply = await h.call(fn, action, input, userOf(caller))
    if (verdict === 'allow') {
      expect(reply).toMatchObject({ ok: true })
    } else {
      expect(reply).toMatchObject({ ok: false, error: { code: verdict } })
      expect(h.snapshot()).toBe(before)
    }
  })
})

// Every rejected request answers a typed error code with a Chinese message and writes nothing.
import { startHarness, type Harness } from '../support/server-harness'
import { buildWorld, WORLD } from '../support/world'
import { at, makePerson, makeRegistration, makeUser, personId, userId } from '../support/factories'
import { linkCodeIdFor, type LinkCode } from '../../src/domain/family/link-codes'
import { courseActivities, courseInput, makeCourse } from '../support/course-factories'
import { registrationIdFor, type CourseId, type UserId } from '../../src/domain/ids'
import { makeStaffInvite } from '../support/staff-factories'

const COURSE = 'crs-bad-input' as CourseId
const OTHER_UNIT_COURSE = 'crs-other-unit' as CourseId
const U = WORLD.users
const OTHER_FAMILY = personId('other-family')
const CHILD_NO_CONSENT = personId('child-no-consent')
const NEWCOMER = userId('newcomer')
const NEWCOMER_SELF = personId('newcomer-self')
const EXPIRED_LINK_CODE = 'EXPRD234'
const USED_LINK_CODE = 'USEDC234'
let OWN_LINK_CODE = ''
const P = WORLD.persons
const A = WORLD.activities

describe('bad input through the gateway', () => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness(at(1))
    await buildWorld(h.store)
    // Existing state some cases collide with.
    await h.call('registrations', 'signUp', { activityId: A.open, personId: P.resident }, U.resident)
    await h.call('registrations', 'signUp', { activityId: A.noWaitlist, personId: P.other }, U.other)
    // Link codes: the resident's own code for the mother, an expired one and a used one of the other resident.
    const own = await h.call('account', 'createLinkCode', { personId: P.residentMother }, U.resident)
    OWN_LINK_CODE = own.data.code
    await h.store.putPerson(makePerson({ id: OTHER_FAMILY, ownerId: U.other, isSelf: false, birthYear: 1950, areaId: WORLD.area }))
    const linkCode = (code: string, o: Partial<LinkCode>): LinkCode => ({ id: linkCodeIdFor(code), personId: OTHER_FAMILY, createdBy: U.other, createdAt: at(-30), expiresAt: at(-6), usedBy: null, usedAt: null, ...o })
    await h.store.transaction(async (tx) => {
      await tx.putLinkCode(linkCode(EXPIRED_LINK_CODE, {}))
      await tx.putLinkCode(linkCode(USED_LINK_CODE, { expiresAt: at(20), usedBy: U.scanner, usedAt: at(0) }))
    })
    // A child registered without a guardian's consent (as old data could be), and an account that never agreed to the notice.
    await h.store.putPerson(makePerson({ id: CHILD_NO_CONSENT, ownerId: U.resident, isSelf: false, birthYear: 2018, targetGroup: 'youth', areaId: WORLD.area, guardianConsentAt: null }))
    await h.store.putUser(makeUser({ id: NEWCOMER }))
    await h.store.putPerson(makePerson({ id: NEWCOMER_SELF, ownerId: NEWCOMER, areaId: WORLD.area }))
    // A course of the organizer's unit and one of another unit.
    for (const course of [makeCourse({ id: COURSE, areaId: WORLD.area }), makeCourse({ id: OTHER_UNIT_COURSE, areaId: WORLD.area, departmentCode: 'weijian' })]) {
      await h.store.putCourse(course)
      for (const a of courseActivities(course)) await h.store.putActivity(a)
    }
  })
  afterAll(() => h.close())

  const cases: Array<[string, string, string, unknown, string, string?]> = [
    ['an unknown activity', 'registrations', 'signUp', { activityId: 'act-nope', personId: P.resident }, 'ACTIVITY.NOT_FOUND'],
    ['an unknown activity (details)', 'activities', 'get', { id: 'act-nope' }, 'ACTIVITY.NOT_FOUND'],
    ['sign-up not yet open', 'registrations', 'signUp', { activityId: A.notOpen, personId: P.resident }, 'REGISTRATION.NOT_OPEN'],
    ['sign-up closed', 'registrations', 'signUp', { activityId: A.closed, personId: P.resident }, 'REGISTRATION.CLOSED'],
    ['a past activity', 'registrations', 'signUp', { activityId: A.past, personId: P.resident }, 'REGISTRATION.CLOSED'],
    ['a duplicate sign-up', 'registrations', 'signUp', { activityId: A.open, personId: P.resident }, 'REGISTRATION.DUPLICATE'],
    ['full with no waitlist', 'registrations', 'signUp', { activityId: A.noWaitlist, personId: P.resident }, 'REGISTRATION.FULL'],
    ['cancelling someone else’s registration', 'registrations', 'cancel', { registrationId: `reg-${A.noWaitlist}-${P.other}` }, 'REGISTRATION.NOT_YOURS'],
    ['cancelling a registration that does not exist', 'registrations', 'cancel', { registrationId: 'reg-none' }, 'REGISTRATION.NOT_FOUND'],
    ['signing up a person the caller does not manage', 'registrations', 'signUp', { activityId: A.open, personId: P.other }, 'PERSON.NOT_MANAGED'],
    ['editing a person the caller does not manage', 'persons', 'update', { id: P.other, name: '冒名', birthYear: 1980, targetGroup: 'public', areaId: WORLD.area }, 'PERSON.NOT_MANAGED'],
    ['deleting a person the caller does not manage', 'persons', 'remove', { id: P.other }, 'PERSON.NOT_MANAGED'],
    ['a malformed activity id', 'registrations', 'signUp', { activityId: "act'; DROP TABLE activities;--", personId: P.resident }, 'INPUT.INVALID_ID', 'activityId'],
    ['a malformed person id', 'persons', 'remove', { id: '' }, 'INPUT.INVALID_ID', 'id'],
    ['a non-string id', 'registrations', 'cancel', { registrationId: { $ne: null } }, 'INPUT.INVALID_ID', 'registrationId'],
    ['an oversize name', 'persons', 'create', { name: '名'.repeat(21), birthYear: 1950, targetGroup: 'senior', areaId: WORLD.area }, 'INPUT.TOO_LONG', 'name'],
    ['an oversize search', 'activities', 'list', { filter: { text: '搜'.repeat(41) } }, 'INPUT.TOO_LONG', 'filter.text'],
    ['an oversize area name', 'catalog', 'saveArea', { name: '街'.repeat(21), kind: 'street' }, 'AUTH.FORBIDDEN'],
    ['a child without guardian consent', 'persons', 'create', { name: '小朋友', birthYear: 2020, targetGroup: 'youth', areaId: WORLD.area }, 'PERSON.CONSENT_REQUIRED'],
    ['an unknown area', 'persons', 'create', { name: '王', birthYear: 1950, targetGroup: 'senior', areaId: 'area-mars' }, 'AREA.NOT_FOUND', 'areaId'],
    ['a birth year in the future', 'persons', 'create', { name: '王', birthYear: 2030, targetGroup: 'senior', areaId: WORLD.area }, 'PERSON.BIRTH_YEAR_FUTURE', 'birthYear'],
    ['a second self', 'persons', 'create', { name: '王', birthYear: 1950, targetGroup: 'senior', areaId: WORLD.area, isSelf: true }, 'PERSON.SELF_EXISTS'],
    ['an identity in the body', 'persons', 'list', { ownerId: U.other }, 'INPUT.INVALID'],
    ['an unknown filter value', 'activities', 'list', { filter: { date: 'century' } }, 'INPUT.INVALID', 'filter.date'],
    ['a negative offset', 'activities', 'list', { offset: -1 }, 'INPUT.INVALID', 'offset'],
    ['an oversize scanned code', 'checkin', 'scan', { activityId: A.open, code: 'K'.repeat(401), nonce: 'nonce-0001', deviceId: 'dev-1' }, 'INPUT.TOO_LONG', 'code'],
    ['a malformed nonce', 'checkin', 'scan', { activityId: A.open, code: 'x', nonce: 'x', deviceId: 'dev-1' }, 'INPUT.INVALID_ID', 'nonce'],
    ['a time that is not a time', 'checkin', 'scan', { activityId: A.open, code: 'x', nonce: 'nonce-0001', deviceId: 'dev-1', at: 'yesterday' }, 'INPUT.INVALID', 'at'],
    ['a roster tick without a reason', 'checkin', 'tick', { activityId: A.open, registrationId: 'reg-1', reason: ' ', nonce: 'nonce-0001', deviceId: 'dev-1' }, 'INPUT.INVALID', 'reason'],
    ['an oversize reason', 'checkin', 'tick', { activityId: A.open, registrationId: 'reg-1', reason: '因'.repeat(41), nonce: 'nonce-0001', deviceId: 'dev-1' }, 'INPUT.TOO_LONG', 'reason'],
    ['an empty sync batch', 'checkin', 'sync', { activityId: A.open, deviceId: 'dev-1', items: [] }, 'INPUT.INVALID', 'items'],
    ['a sync batch over 200', 'checkin', 'sync', { activityId: A.open, deviceId: 'dev-1', items: Array.from({ length: 201 }, (_, i) => ({ nonce: `nonce-${1000 + i}`, at: at(1), registrationId: 'reg-1' })) }, 'INPUT.INVALID', 'items'],
    ['a malformed invite code', 'checkin', 'redeem', { code: 'abc' }, 'INVITE.INVALID', 'code'],
    ['an unknown invite code', 'checkin', 'redeem', { code: 'ZZZZ9999' }, 'INVITE.INVALID'],
    ['scanning without being an operator', 'checkin', 'scan', { activityId: A.open, code: 'x', nonce: 'nonce-0001', deviceId: 'dev-1' }, 'AUTH.FORBIDDEN'],
    ['an activity code that is not one', 'checkin', 'self', { code: 'KP1.A.act-open.1.xxxxxxxxxx', personIds: [P.resident] }, 'CHECKIN.INVALID_CODE'],
    ['a card for a person the caller does not manage', 'checkin', 'issueCard', { personId: P.other }, 'PERSON.NOT_MANAGED'],
    ['an unknown course', 'courses', 'get', { id: 'crs-nope' }, 'COURSE.NOT_FOUND'],
    ['a malformed course id', 'courses', 'get', { id: "crs'; --" }, 'INPUT.INVALID_ID', 'id'],
    ['a course sign-up for an unknown course', 'courses', 'signUp', { courseId: 'crs-nope', personId: P.resident }, 'COURSE.NOT_FOUND', 'courseId'],
    ['a course sign-up for a person the caller does not manage', 'courses', 'signUp', { courseId: COURSE, personId: P.other }, 'PERSON.NOT_MANAGED', 'personId'],
    ['a certificate of a person the caller does not manage', 'courses', 'certificate', { courseId: COURSE, personId: P.other }, 'PERSON.NOT_MANAGED', 'personId'],
    ['a certificate before completion', 'courses', 'certificate', { courseId: COURSE, personId: P.resident }, 'COURSE.NOT_COMPLETED'],
    ['a certificate code that is not valid', 'courses', 'verify', { code: '7K2QX9MD4R-H3T8PZ2A' }, 'COURSE.CERTIFICATE_INVALID', 'code'],
    ['a certificate code that is not a code', 'courses', 'verify', { code: '<script>' }, 'COURSE.CERTIFICATE_INVALID', 'code'],
    ['an oversize certificate code', 'courses', 'verify', { code: 'X'.repeat(201) }, 'INPUT.TOO_LONG', 'code'],
    ['creating a course as a resident', 'courses', 'create', courseInput(), 'AUTH.FORBIDDEN'],
    ['an unknown action', 'registrations', 'deleteEverything', {}, 'ACTION.UNKNOWN'],
    ['a prototype key as action', 'registrations', '__proto__', {}, 'ACTION.UNKNOWN'],
  ]

  it.each([
    ['an unknown link code', 'account', 'redeemLinkCode', { code: 'ABCD2345' }, 'LINK.CODE_INVALID'],
    ['a link code that cannot be one', 'account', 'redeemLinkCode', { code: '<script>' }, 'LINK.CODE_INVALID'],
    ['a link code of the wrong length', 'account', 'redeemLinkCode', { code: 'ABC' }, 'LINK.CODE_INVALID'],
    ['an expired link code', 'account', 'redeemLinkCode', { code: EXPIRED_LINK_CODE }, 'LINK.CODE_EXPIRED'],
    ['a used link code', 'account', 'redeemLinkCode', { code: USED_LINK_CODE.toLowerCase() }, 'LINK.CODE_USED'],
    ['one’s own link code', 'account', 'redeemLinkCode', { code: () => OWN_LINK_CODE }, 'LINK.OWN_CODE'],
    ['a link code for a person the caller does not manage', 'account', 'createLinkCode', { personId: OTHER_FAMILY }, 'PERSON.NOT_MANAGED'],
    ['a link code for oneself', 'account', 'createLinkCode', { personId: WORLD.persons.resident }, 'LINK.SELF_PERSON'],
    ['a link code for a child', 'account', 'createLinkCode', { personId: CHILD_NO_CONSENT }, 'LINK.MINOR'],
    ['agreeing to an outdated privacy notice', 'account', 'agreePrivacy', { version: '2019-01' }, 'PRIVACY.VERSION_MISMATCH'],
    ['deleting the account without confirming', 'account', 'deleteAccount', {}, 'INPUT.INVALID'],
    ['deleting the account with a sign-up still to come', 'account', 'deleteAccount', { confirm: true }, 'ACCOUNT.HAS_ACTIVE_REGISTRATIONS'],
    ['an export in an unknown format', 'account', 'exportData', { format: 'pdf' }, 'INPUT.INVALID'],
    ['subscribing to an unknown message', 'reminders', 'subscribe', { accepted: ['spam'] }, 'INPUT.INVALID'],
    ['adding another adult without their consent', 'persons', 'create', { name: '王', birthYear: 1950, targetGroup: 'senior', areaId: WORLD.area }, 'PERSON.PROXY_CONSENT_REQUIRED'],
    ['signing up a child without guardian consent', 'registrations', 'signUp', { activityId: A.open, personId: CHILD_NO_CONSENT }, 'PERSON.CONSENT_REQUIRED'],
    ['the outbox as a resident', 'reminders', 'outbox', {}, 'AUTH.FORBIDDEN'],
  ] as Array<[string, string, string, Record<string, unknown>, string]>)('rejects %s (family, privacy, reminders)', async (_name, fn, action, data, code) => {
    const input = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, typeof v === 'function' ? v() : v]))
    const before = h.snapshot()
    const reply = await h.call(fn, action, input, U.resident)
    expect(reply).toMatchObject({ ok: false, error: { code } })
    expect(reply.error.message).toMatch(/[\u4e00-\u9fa5]/)
    expect(h.snapshot()).toBe(before)
  })

  it.each([
    ['creating a person', 'persons', 'create', { name: '孙立新', birthYear: 1960, targetGroup: 'public', areaId: WORLD.area, isSelf: true }],
    ['editing a person', 'persons', 'update', { id: NEWCOMER_SELF, name: '孙立新', birthYear: 1960, targetGroup: 'public', areaId: WORLD.area }],
    ['signing up', 'registrations', 'signUp', { activityId: A.open, personId: NEWCOMER_SELF }],
    ['taking over a record', 'account', 'redeemLinkCode', { code: USED_LINK_CODE }],
  ])('refuses %s before the privacy notice is agreed (PRIVACY.NOT_AGREED)', async (_name, fn, action, data) => {
    const before = h.snapshot()
    const reply = await h.call(fn, action, data, NEWCOMER)
    expect(reply).toMatchObject({ ok: false, error: { code: 'PRIVACY.NOT_AGREED', message: '请先阅读并同意《用户隐私保护指引》' } })
    expect(h.snapshot()).toBe(before)
  })

  // Rows without a field get an explicit null, so jest passes six arguments to every row.
  it.each(cases.map((c) => [c[0], c[1], c[2], c[3], c[4], c[5] ?? null] as const))('rejects %s', async (_name, fn, action, data, code, field) => {
    const before = h.snapshot()
    const reply = await h.call(fn, action, data, U.resident)
    expect(reply.ok).toBe(false)
    expect(reply.error.code).toBe(code)
    if (field) expect(reply.error.field).toBe(field)
    expect(reply.error.message).toMatch(/[\u4e00-\u9fa5]/)
    expect(h.snapshot()).toBe(before)
  })

  it.each([
    ['merging a person into itself', 'mergePersons', { personId: P.residentMother, intoPersonId: P.residentMother }, 'PERSON.MERGE_SAME'],
    ['merging an unknown person', 'mergePersons', { personId: 'per-nobody', intoPersonId: P.residentMother }, 'PERSON.NOT_FOUND'],
    ['merging into an unknown person', 'mergePersons', { personId: P.residentMother, intoPersonId: 'per-nobody' }, 'PERSON.NOT_FOUND'],
    ['a malformed person id to merge', 'mergePersons', { personId: '../x', intoPersonId: P.residentMother }, 'INPUT.INVALID_ID'],
    ['an oversize name to look up', 'findPersons', { name: '名'.repeat(21) }, 'INPUT.TOO_LONG'],
  ])('rejects %s from an admin', async (_name, action, data, code) => {
    const before = h.snapshot()
    const reply = await h.call('ledger', action, data, U.admin)
    expect(reply).toMatchObject({ ok: false, error: { code } })
    expect(reply.error.message).toMatch(/[\u4e00-\u9fa5]/)
    expect(h.snapshot()).toBe(before)
  })

  it.each([
    ['an invite window that ends before it starts', 'invite', { activityIds: [A.open], validFrom: at(10), validTo: at(5) }, 'INVITE.WINDOW'],
    ['an invite window over 30 days', 'invite', { activityIds: [A.open], validFrom: at(0), validTo: at(31 * 24) }, 'INVITE.WINDOW_TOO_LONG'],
    ['an invite for an unknown activity', 'invite', { activityIds: ['act-nope'], validFrom: at(0), validTo: at(5) }, 'ACTIVITY.NOT_FOUND'],
    ['a walk-in in an unknown area', 'walkIn', { activityId: A.open, name: '王', targetGroup: 'senior', areaId: 'area-mars', nonce: 'nonce-0002', deviceId: 'dev-1' }, 'AREA.NOT_FOUND'],
    ['a walk-in child under 14 without the guardian’s consent', 'walkIn', { activityId: A.open, name: '小明', targetGroup: 'youth', areaId: WORLD.area, birthYear: 2016, nonce: 'nonce-0003', deviceId: 'dev-1' }, 'PERSON.CONSENT_REQUIRED'],
    ['a walk-in 青少年 without a birth year', 'walkIn', { activityId: A.open, name: '小红', targetGroup: 'youth', areaId: WORLD.area, nonce: 'nonce-0004', deviceId: 'dev-1' }, 'PERSON.BIRTH_YEAR_REQUIRED'],
    ['a walk-in with a malformed phone', 'walkIn', { activityId: A.open, name: '王', targetGroup: 'senior', areaId: WORLD.area, phone: '0631-5201234', nonce: 'nonce-0006', deviceId: 'dev-1' }, 'INPUT.INVALID'],
    ['a walk-in whose name is emoji only', 'walkIn', { activityId: A.open, name: '🎉🎉', targetGroup: 'senior', areaId: WORLD.area, nonce: 'nonce-0008', deviceId: 'dev-1' }, 'INPUT.INVALID'],
    ['a walk-in with 11 digits that are no mobile number', 'walkIn', { activityId: A.open, name: '王', targetGroup: 'senior', areaId: WORLD.area, phone: '12345678901', nonce: 'nonce-0007', deviceId: 'dev-1' }, 'INPUT.INVALID'],
    ['a walk-in born in a future year', 'walkIn', { activityId: A.open, name: '未来', targetGroup: 'public', areaId: WORLD.area, birthYear: 2099, nonce: 'nonce-0005', deviceId: 'dev-1' }, 'PERSON.BIRTH_YEAR_FUTURE'],
    ['finalising before the activity ends', 'finalize', { activityId: A.open }, 'CHECKIN.NOT_FINISHED'],
  ])('rejects %s from an organizer', async (_name, action, data, code) => {
    const before = h.snapshot()
    const reply = await h.call('checkin', action, data, U.organizer)
    expect(reply).toMatchObject({ ok: false, error: { code } })
    expect(reply.error.message).toMatch(/[\u4e00-\u9fa5]/)
    expect(h.snapshot()).toBe(before)
  })

  it.each([
    ['a completion rule with k > n', 'create', courseInput({ requiredLessons: 3, lessons: courseInput().lessons.slice(0, 2) }), 'COURSE.RULE_EXCEEDS_LESSONS', 'requiredLessons'],
    ['a completion rule with k = 0', 'create', courseInput({ requiredLessons: 0 }), 'COURSE.RULE_TOO_LOW', 'requiredLessons'],
    ['a course without lessons', 'create', courseInput({ lessons: [] }), 'COURSE.NO_LESSONS', 'lessons'],
    ['hours not in half-hour steps', 'create', courseInput({ hoursPerLesson: 0.3 }), 'COURSE.HOURS_INVALID', 'hoursPerLesson'],
    ['a lesson ending before it starts', 'create', courseInput({ lessons: [{ title: '手机支付', startAt: at(48), endAt: at(47) }] , requiredLessons: 1 }), 'COURSE.LESSON_TIME', 'lessons.0.endAt'],
    ['a lesson in the past', 'create', courseInput({ lessons: [{ title: '手机支付', startAt: at(-2), endAt: at(-1) }], requiredLessons: 1 }), 'COURSE.LESSON_IN_PAST', 'lessons.0.startAt'],
    ['a course in an unknown area', 'create', courseInput({ areaId: 'area-mars' }), 'AREA.NOT_FOUND', 'areaId'],
    ['sign-up closing after the first lesson', 'create', courseInput({ signupClosesAt: at(30 * 24) }), 'COURSE.SIGNUP_WINDOW', 'signupClosesAt'],
    ['an oversize course title', 'create', courseInput({ title: '课'.repeat(31) }), 'INPUT.TOO_LONG', 'title'],
    ['a course for another unit', 'create', courseInput({ departmentCode: 'weijian' }), 'AUTH.FORBIDDEN', null],
    ['a make-up for a lesson the course does not have', 'addMakeUp', { courseId: COURSE, lesson: 9, startAt: at(48), endAt: at(49) }, 'COURSE.LESSON_UNKNOWN', 'lesson'],
    ['a make-up for an unknown course', 'addMakeUp', { courseId: 'crs-nope', lesson: 1, startAt: at(48), endAt: at(49) }, 'COURSE.NOT_FOUND', 'courseId'],
    ['a make-up for another unit’s course', 'addMakeUp', { courseId: OTHER_UNIT_COURSE, lesson: 1, startAt: at(48), endAt: at(49) }, 'AUTH.FORBIDDEN', null],
    ['managing another unit’s course', 'manage', { id: OTHER_UNIT_COURSE }, 'AUTH.FORBIDDEN', null],
  ])('rejects %s from an organizer (courses)', async (_name, action, data, code, field) => {
    const before = h.snapshot()
    const reply = await h.call('courses', action, data, U.organizer)
    expect(reply).toMatchObject({ ok: false, error: { code } })
    if (field) expect(reply.error.field).toBe(field)
    expect(reply.error.message).toMatch(/[\u4e00-\u9fa5]/)
    expect(h.snapshot()).toBe(before)
  })

  const activityForm = (o: Record<string, unknown> = {}) => ({
    title: '海洋科普讲座', type: 'lecture', description: '', startAt: at(14 * 24), endAt: at(14 * 24 + 2), place: '区科技馆', address: '', areaId: WORLD.area,
    location: null, capacity: 30, waitlistLimit: 0, signupOpensAt: at(1), signupClosesAt: at(14 * 24 - 1), targetGroups: ['public'], minAge: null, maxAge: null,
    walkInsAllowed: false, checkoutEnabled: false, actions: [], projects: [], tags: [], departmentCode: 'kx', ...o,
  })
  it.each([
    ['an unknown activity type', 'create', { input: activityForm({ type: 'party' }) }, 'INPUT.INVALID', 'input.type'],
    ['a tag typed as a code that is not in the catalog', 'create', { input: activityForm({ tags: ['free_beer'] }) }, 'INPUT.INVALID', 'input.tags.0'],
    ['a start that is not a time', 'create', { input: activityForm({ startAt: 'next tuesday' }) }, 'INPUT.INVALID', 'input.startAt'],
    ['a fractional capacity', 'create', { input: activityForm({ capacity: 2.5 }) }, 'INPUT.INVALID', 'input.capacity'],
    ['a form missing a field', 'create', { input: { title: '讲座' } }, 'INPUT.INVALID', null],
    ['an unknown field', 'create', { input: activityForm({ confirmedCount: 99 }) }, 'INPUT.INVALID', null],
    ['an end before the start', 'create', { input: activityForm({ endAt: at(14 * 24 - 1) }) }, 'ACTIVITY.TIME', 'endAt'],
    ['no target group', 'create', { input: activityForm({ targetGroups: [] }) }, 'ACTIVITY.NO_TARGET_GROUP', 'targetGroups'],
    ['an unknown area', 'create', { input: activityForm({ areaId: 'area-mars' }) }, 'AREA.NOT_FOUND', 'areaId'],
    ['a map point off the globe', 'create', { input: activityForm({ location: { latitude: 91, longitude: 0 } }) }, 'ACTIVITY.LOCATION', 'location'],
    ['a start in the past', 'create', { input: activityForm({ startAt: at(-2), endAt: at(-1), signupClosesAt: at(-3), signupOpensAt: at(-4) }) }, 'ACTIVITY.IN_PAST', 'startAt'],
    ['submitting an unknown draft', 'submit', { id: 'act-nope' }, 'ACTIVITY.NOT_FOUND', 'id'],
    ['cancelling without a reason', 'cancel', { id: A.open, reason: ' ' }, 'ACTIVITY.CANCEL_REASON', 'reason'],
    ['cancelling an unknown activity', 'cancel', { id: 'act-nope', reason: '场地维修' }, 'ACTIVITY.NOT_FOUND', 'id'],
    ['a malformed id to edit', 'editing', { id: '../x' }, 'INPUT.INVALID_ID', null],
    ['an activity for a malformed wish id', 'create', { input: activityForm(), wishId: '../x' }, 'INPUT.INVALID_ID', 'wishId'],
    ['an activity for a wish that does not exist', 'create', { input: activityForm(), wishId: 'wish-nowhere' }, 'WISH.NOT_FOUND', 'wishId'],
    ['a wish link inside the form', 'create', { input: activityForm({ wishId: 'wish-nowhere' }) }, 'INPUT.INVALID', null],
  ])('rejects %s from an organizer (activities)', async (_name, action, data, code, field) => {
    const before = h.snapshot()
    const reply = await h.call('activities', action, data, U.organizer)
    expect(reply).toMatchObject({ ok: false, error: { code } })
    if (field) expect(reply.error.field).toBe(field)
    expect(reply.error.message).toMatch(/[\u4e00-\u9fa5]/)
    expect(h.snapshot()).toBe(before)
  })

  it('rejects an oversize area name from an admin', async () => {
    const before = h.snapshot()
    const reply = await h.call('catalog', 'saveArea', { name: '街'.repeat(21), kind: 'street' }, U.admin)
    expect(reply).toMatchObject({ ok: false, error: { code: 'INPUT.TOO_LONG', field: 'name' } })
    expect(h.snapshot()).toBe(before)
  })

  it.each([
    ['a body that is not JSON', '/api/persons', '{"action":', 400, 'INPUT.INVALID'],
    ['a JSON array', '/api/persons', '[1,2]', 400, 'INPUT.INVALID'],
    ['a body over 64 KB', '/api/persons', JSON.stringify({ action: 'create', data: { name: 'x'.repeat(70_000) } }), 413, 'INPUT.TOO_LONG'],
    ['an unknown function', '/api/nothing', '{"action":"list"}', 404, 'ACTION.UNKNOWN'],
  ])('rejects %s', async (_name, path, body, status, code) => {
    const before = h.snapshot()
    const res = await h.post(path, body, U.resident)
    expect(res.status).toBe(status)
    expect(res.json).toMatchObject({ ok: false, error: { code } })
    expect(h.snapshot()).toBe(before)
  })

  describe('staff', () => {
    const EXPIRED_STAFF_CODE = 'EXPQRD23'
    const USED_STAFF_CODE = 'USEDQ234'
    const OPEN_STAFF_CODE = 'PENQRS23'
    beforeAll(async () => {
      await h.store.staff.createInvite(makeStaffInvite({ code: EXPIRED_STAFF_CODE, createdAt: at(-8 * 24), expiresAt: at(-24) }))
      await h.store.staff.createInvite(makeStaffInvite({ code: USED_STAFF_CODE, expiresAt: at(7 * 24), usedBy: U.other, usedAt: at(0) }))
      await h.store.staff.createInvite(makeStaffInvite({ code: OPEN_STAFF_CODE, departmentCode: 'nongye', expiresAt: at(7 * 24) }))
    })

    it.each([
      ['a typed code that cannot be one', 'redeem', { code: '<script>' }, 'STAFF.INVITE_INVALID', 'code', U.resident],
      ['a code of the wrong length', 'redeem', { code: 'ABC' }, 'STAFF.INVITE_INVALID', 'code', U.resident],
      ['a code with a look-alike character', 'redeem', { code: OPEN_STAFF_CODE.replace('S', '0') }, 'STAFF.INVITE_INVALID', 'code', U.resident],
      ['an unknown code', 'redeem', { code: 'ABCD2345' }, 'STAFF.INVITE_INVALID', 'code', U.resident],
      ['an expired code', 'redeem', { code: EXPIRED_STAFF_CODE }, 'STAFF.INVITE_EXPIRED', 'code', U.resident],
      ['a used code', 'redeem', { code: USED_STAFF_CODE.toLowerCase() }, 'STAFF.INVITE_USED', 'code', U.resident],
      ['a code for an organizer', 'redeem', { code: OPEN_STAFF_CODE }, 'STAFF.ALREADY_STAFF', 'code', U.organizer],
      ['a code for an admin', 'redeem', { code: OPEN_STAFF_CODE }, 'STAFF.ALREADY_STAFF', 'code', U.admin],
      ['an oversize code', 'redeem', { code: 'K'.repeat(41) }, 'INPUT.TOO_LONG', 'code', U.resident],
      ['a code that is not text', 'redeem', { code: 12345678 }, 'INPUT.INVALID', 'code', U.resident],
      ['an identity in the body', 'redeem', { code: OPEN_STAFF_CODE, userId: U.admin }, 'INPUT.INVALID', null, U.resident],
      ['an invite for a unit the plan does not name', 'invite', { departmentCode: 'mars' }, 'STAFF.UNKNOWN_UNIT', 'departmentCode', U.admin],
      ['an invite without a unit', 'invite', {}, 'INPUT.INVALID', 'departmentCode', U.admin],
      ['an invite for an oversize unit', 'invite', { departmentCode: 'x'.repeat(41) }, 'INPUT.TOO_LONG', 'departmentCode', U.admin],
      ['an invite as an organizer', 'invite', { departmentCode: 'kx' }, 'AUTH.FORBIDDEN', null, U.organizer],
      ['the staff of a unit the plan does not name', 'list', { departmentCode: 'mars' }, 'STAFF.UNKNOWN_UNIT', 'departmentCode', U.admin],
      ['revoking a resident', 'revoke', { userId: U.resident }, 'STAFF.NOT_ORGANIZER', 'userId', U.admin],
      ['revoking an account that does not exist', 'revoke', { userId: 'usr-nobody' }, 'STAFF.NOT_ORGANIZER', 'userId', U.admin],
      ['revoking oneself', 'revoke', { userId: U.admin }, 'STAFF.SELF_REVOKE', 'userId', U.admin],
      ['revoking a malformed id', 'revoke', { userId: "usr'; --" }, 'INPUT.INVALID_ID', 'userId', U.admin],
      ['revoking as an organizer', 'revoke', { userId: U.organizer }, 'AUTH.FORBIDDEN', null, U.organizer],
    ] as Array<[string, string, Record<string, unknown>, string, string | null, UserId]>)('rejects %s', async (_name, action, data, code, field, as) => {
      const before = h.snapshot()
      const reply = await h.call('staff', action, data, as)
      expect(reply).toMatchObject({ ok: false, error: { code } })
      if (field) expect(reply.error.field).toBe(field)
      expect(reply.error.message).toMatch(/[\u4e00-\u9fa5]/)
      expect(h.snapshot()).toBe(before)
    })
  })
  describe('checkin.exportRoster', () => {
    it.each([
      ['an unknown format', { activityId: A.open, format: 'pdf' }, 'INPUT.INVALID', 'format'],
      ['no format', { activityId: A.open }, 'INPUT.INVALID', 'format'],
      ['a malformed activity id', { activityId: '../etc', format: 'csv' }, 'INPUT.INVALID_ID', 'activityId'],
      ['an activity that does not exist', { activityId: 'act-nowhere', format: 'csv' }, 'ACTIVITY.NOT_FOUND', 'activityId'],
      ['an identity in the body', { activityId: A.open, format: 'csv', userId: U.admin }, 'INPUT.INVALID', null],
    ] as Array<[string, Record<string, unknown>, string, string | null]>)('rejects %s', async (_name, data, code, field) => {
      const before = h.snapshot()
      const reply = await h.call('checkin', 'exportRoster', data, U.organizer)
      expect(reply).toMatchObject({ ok: false, error: { code } })
      if (field) expect(reply.error.field).toBe(field)
      expect(reply.error.message).toMatch(/[\u4e00-\u9fa5]/)
      expect(h.snapshot()).toBe(before)
    })
  })
  describe('feedback', () => {
    const mine = registrationIdFor(WORLD.activities.past, WORLD.persons.resident)
    beforeEach(async () => {
      await h.store.transaction((tx) =>
        tx.putRegistration(makeRegistration({ activityId: WORLD.activities.past, personId: WORLD.persons.resident, ownerId: U.resident, createdBy: U.resident, attendance: 'attended', checkedInAt: at(-47.9) })),
      )
    })
    it.each([
      ['no stars', 'submit', { registrationId: mine }, 'FEEDBACK.RATING', 'rating', U.resident],
      ['zero stars', 'submit', { registrationId: mine, rating: 0 }, 'FEEDBACK.RATING', 'rating', U.resident],
      ['six stars', 'submit', { registrationId: mine, rating: 6 }, 'FEEDBACK.RATING', 'rating', U.resident],
      ['half a star', 'submit', { registrationId: mine, rating: 4.5 }, 'FEEDBACK.RATING', 'rating', U.resident],
      ['stars as text', 'submit', { registrationId: mine, rating: '5' }, 'FEEDBACK.RATING', 'rating', U.resident],
      ['a comment over 300 characters', 'submit', { registrationId: mine, rating: 5, comment: '好'.repeat(301) }, 'FEEDBACK.COMMENT', 'comment', U.resident],
      ['a comment that is not text', 'submit', { registrationId: mine, rating: 5, comment: 12 }, 'FEEDBACK.COMMENT', 'comment', U.resident],
      ['a malformed registration id', 'submit', { registrationId: "reg'; --", rating: 5 }, 'INPUT.INVALID_ID', 'registrationId', U.resident],
      ['a registration that does not exist', 'submit', { registrationId: 'reg-nowhere', rating: 5 }, 'REGISTRATION.NOT_FOUND', null, U.resident],
      ['someone else’s registration', 'submit', { registrationId: mine, rating: 1 }, 'REGISTRATION.NOT_FOUND', null, U.other],
      ['an identity in the body', 'submit', { registrationId: mine, rating: 5, userId: U.other }, 'INPUT.INVALID', null, U.resident],
      ['a form without a registration', 'get', {}, 'INPUT.INVALID_ID', 'registrationId', U.resident],
      ['a summary of a malformed activity id', 'summary', { activityId: '../x' }, 'INPUT.INVALID_ID', 'activityId', U.admin],
      ['a summary of an activity that does not exist', 'summary', { activityId: 'act-nowhere' }, 'ACTIVITY.NOT_FOUND', 'activityId', U.admin],
      ['a summary of a unit the plan does not name', 'summary', { departmentCode: 'mars' }, 'STAFF.UNKNOWN_UNIT', 'departmentCode', U.admin],
      ['a summary of an oversize unit', 'summary', { departmentCode: 'x'.repeat(41) }, 'INPUT.TOO_LONG', 'departmentCode', U.admin],
      ['a summary with byProject not a boolean', 'summary', { byProject: 'yes' }, 'INPUT.INVALID', 'byProject', U.admin],
    ] as Array<[string, string, Record<string, unknown>, string, string | null, UserId]>)('rejects %s', async (_name, action, data, code, field, as) => {
      const before = h.snapshot()
      const reply = await h.call('feedback', action, data, as)
      expect(reply).toMatchObject({ ok: false, error: { code } })
      if (field) expect(reply.error.field).toBe(field)
      expect(reply.error.message).toMatch(/[\u4e00-\u9fa5]/)
      expect(h.snapshot()).toBe(before)
    })
  })
  describe('wishes', () => {
    it.each([
      ['a one-character topic', 'create', { title: '学', targetGroup: 'public' }, 'WISH.TITLE', 'title'],
      ['a topic over 40 characters', 'create', { title: '学'.repeat(41), targetGroup: 'public' }, 'WISH.TITLE', 'title'],
      ['a topic that is not text', 'create', { title: 12, targetGroup: 'public' }, 'WISH.TITLE', 'title'],
      ['a blank topic', 'create', { title: '   ', targetGroup: 'public' }, 'WISH.TITLE', 'title'],
      ['a note over 300 characters', 'create', { title: '家庭急救', detail: '说'.repeat(301), targetGroup: 'public' }, 'WISH.DETAIL', 'detail'],
      ['a group the plan does not name', 'create', { title: '家庭急救', targetGroup: 'aliens' }, 'WISH.TARGET_GROUP', 'targetGroup'],
      ['no group', 'create', { title: '家庭急救' }, 'WISH.TARGET_GROUP', 'targetGroup'],
      ['a town that does not exist', 'create', { title: '家庭急救', targetGroup: 'public', areaId: 'area-nowhere' }, 'AREA.NOT_FOUND', 'areaId'],
      ['a malformed town id', 'create', { title: '家庭急救', targetGroup: 'public', areaId: '../x' }, 'INPUT.INVALID_ID', 'areaId'],
      ['an identity in the body', 'create', { title: '家庭急救', targetGroup: 'public', createdBy: U.admin }, 'INPUT.INVALID', null],
      ['supporting a malformed id', 'support', { id: "wish'; --" }, 'INPUT.INVALID_ID', 'id'],
      ['supporting a wish that does not exist', 'support', { id: 'wish-nowhere' }, 'WISH.NOT_FOUND', 'id'],
      ['a negative page', 'list', { offset: -1 }, 'INPUT.INVALID', 'offset'],
      ['reading a malformed id', 'get', { id: '../x' }, 'INPUT.INVALID_ID', 'id'],
      ['reading a wish that does not exist', 'get', { id: 'wish-nowhere' }, 'WISH.NOT_FOUND', 'id'],
    ] as Array<[string, string, Record<string, unknown>, string, string | null]>)('rejects %s', async (_name, action, data, code, field) => {
      const before = h.snapshot()
      const reply = await h.call('wishes', action, data, U.resident)
      expect(reply).toMatchObject({ ok: false, error: { code } })
      if (field) expect(reply.error.field).toBe(field)
      expect(reply.error.message).toMatch(/[\u4e00-\u9fa5]/)
      expect(h.snapshot()).toBe(before)
    })
  })
  describe('uploads', () => {
    it.each([
      ['both a picture and a file id', { data: 'AAAA', fileId: 'cloud://env.b/tmp-posters/abcdefgh.jpg' }, 'UPLOAD.EMPTY'],
      ['neither', {}, 'UPLOAD.EMPTY'],
      ['a picture that is not text', { data: 12 }, 'INPUT.INVALID'],
      ['a file id outside tmp-posters/', { fileId: 'cloud://env.b/posters/img-1.jpg' }, 'INPUT.INVALID_ID'],
      ['a file id climbing out', { fileId: 'cloud://env.b/tmp-posters/../secret.jpg' }, 'INPUT.INVALID_ID'],
      ['a file id in the local runtime (no cloud storage)', { fileId: 'cloud://env.b/tmp-posters/abcdefgh.jpg' }, 'UPLOAD.NOT_FOUND'],
      ['an identity in the body', { data: 'AAAA', userId: U.admin }, 'INPUT.INVALID'],
      ['base64 over the limit', { data: 'A'.repeat(2_796_208) }, 'UPLOAD.TOO_LARGE'],
    ] as Array<[string, Record<string, unknown>, string]>)('rejects %s', async (_name, data, code) => {
      const before = h.snapshot()
      const reply = await h.call('uploads', 'poster', data, U.organizer)
      expect(reply).toMatchObject({ ok: false, error: { code } })
      expect(reply.error.message).toMatch(/[\u4e00-\u9fa5]/)
      expect(h.snapshot()).toBe(before)
    })
  })
})

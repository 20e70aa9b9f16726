// Attendance that the ledger counts cannot be undone by a side door, on every adapter: a checked-in
// registration cannot be cancelled, closed attendance takes no more check-ins, and an admin's
// correction changes the registration, check-in, fact and 结业 together and is kept in the change log.
// Runs the real handlers (dispatch) against each Store adapter.

import type { ActivityId, RegistrationId, UserId } from '../../src/domain/ids'
import type { Deps, Store } from '../../src/domain/ports'
import type { Instant } from '../../src/domain/time'
import type { User } from '../../src/domain/types'
import { dispatch, FUNCTIONS, type Reply } from '../../src/handlers'
import { ATTENDANCE_LATE_SYNC_DAYS } from '../../src/domain/checkin/rules'
import { at, makeRegistration } from '../support/factories'
import { courseActivities, makeCourse } from '../support/course-factories'
import { buildWorld, WORLD } from '../support/world'
import { TEST_SIGNING_KEY } from '../support/server-harness'
import { ADAPTERS, openStoreEach } from './adapters'

const U = WORLD.users
const P = WORLD.persons
const A = WORLD.activities
const START = at(7 * 24)
const AFTER_END = at(7 * 24 + 3)
const DAY_HOURS = 24

describe.each(ADAPTERS)('attendance integrity: $name', (adapter) => {
  let store: Store
  openStoreEach(adapter, (s) => (store = s))
  let now: Instant = at(1)
  let nonce = 0
  const deps = (): Deps => ({ store, clock: { now: () => now }, random: Math.random, signingKey: TEST_SIGNING_KEY })
  const unexpected: unknown[] = []
  async function call(fn: keyof typeof FUNCTIONS, action: string, data: unknown, as: UserId): Promise<Reply> {
    const user = (await store.getUser(as)) as User
    return dispatch(FUNCTIONS[fn], action, data, user, deps(), (_m, err) => unexpected.push(err))
  }
  const attempt = () => ({ nonce: `integrity-${String(++nonce).padStart(6, '0')}`, deviceId: 'integrity-dev' })
  const tick = (activityId: ActivityId, registrationId: string, extra: Record<string, unknown> = {}) =>
    call('checkin', 'tick', { activityId, registrationId, reason: '核对身份证', ...attempt(), ...extra }, U.organizer)
  const factIds = async () => (await store.listFacts()).map((f) => f.registrationId).sort()

  beforeEach(async () => {
    now = at(1)
    unexpected.length = 0
    await buildWorld(store)
  })
  afterEach(() => expect(unexpected).toEqual([]))

  async function signUpMother(activityId: ActivityId = A.open): Promise<RegistrationId> {
    const r = await call('registrations', 'signUp', { activityId, personId: P.residentMother }, U.resident)
    expect(r).toMatchObject({ ok: true })
    return (r as { data: { id: RegistrationId } }).data.id
  }

  it('refuses cancelling a registration once it is checked in, before the start, and keeps the seat and the fact', async () => {
    const reg = await signUpMother()
    now = at(7 * 24 - 1) // check-in opens two hours before the start
    expect(await tick(A.open, reg)).toMatchObject({ ok: true, data: { verdict: 'ok' } })
    const mine = await call('registrations', 'listMine', {}, U.resident)
    expect((mine as { data: { id: string; cancellable: boolean }[] }).data.find((r) => r.id === reg)).toMatchObject({ cancellable: false })

    expect(await call('registrations', 'cancel', { registrationId: reg }, U.resident)).toMatchObject({ ok: false, error: { code: 'REGISTRATION.CHECKED_IN' } })
    expect(await call('registrations', 'cancel', { registrationId: reg }, U.admin)).toMatchObject({ ok: false, error: { code: 'REGISTRATION.CHECKED_IN' } })
    expect(await store.getRegistration(reg)).toMatchObject({ status: 'confirmed', attendance: 'attended' })
    expect(await store.getActivity(A.open)).toMatchObject({ confirmedCount: 1 })
    expect(await factIds()).toEqual([reg])
  })

  it('still cancels a registration that was not checked in', async () => {
    const reg = await signUpMother()
    now = at(7 * 24 - 1)
    expect(await call('registrations', 'cancel', { registrationId: reg }, U.resident)).toMatchObject({ ok: true, data: { registration: { status: 'cancelled' } } })
    expect(await factIds()).toEqual([])
  })

  describe('closed attendance', () => {
    async function finalisedWithMotherAbsent(): Promise<RegistrationId> {
      const reg = await signUpMother()
      now = AFTER_END
      expect(await call('checkin', 'finalize', { activityId: A.open }, U.organizer)).toMatchObject({ ok: true, data: { noShow: 1 } })
      return reg
    }

    it('takes no check-in dated back into a finalised activity: tick, sync or walk-in', async () => {
      const reg = await finalisedWithMotherAbsent()
      now = at(7 * 24 + 90 * DAY_HOURS) // months later
      expect(await tick(A.open, reg, { at: START })).toMatchObject({ ok: false, error: { code: 'CHECKIN.ATTENDANCE_CLOSED' } })
      now = AFTER_END // even straight after finalising
      expect(await tick(A.open, reg, { at: START })).toMatchObject({ ok: false, error: { code: 'CHECKIN.ATTENDANCE_CLOSED' } })
      const sync = await call('checkin', 'sync', { activityId: A.open, deviceId: 'integrity-dev', items: [{ nonce: attempt().nonce, at: START, registrationId: reg }] }, U.organizer)
      expect(sync).toMatchObject({ ok: true, data: { results: [{ ok: false, code: 'CHECKIN.ATTENDANCE_CLOSED' }] } })
      const walkIn = await call('checkin', 'walkIn', { activityId: A.open, name: '王大爷', targetGroup: 'senior', areaId: WORLD.area, ...attempt(), at: START }, U.organizer)
      expect(walkIn).toMatchObject({ ok: false, error: { code: 'CHECKIN.ATTENDANCE_CLOSED' } })
      expect(await factIds()).toEqual([])
      expect(await store.getRegistration(reg)).toMatchObject({ attendance: 'no_show', checkedInAt: null })
    })

    it(`closes by itself ${ATTENDANCE_LATE_SYNC_DAYS} days after the check-in window when nobody finalised`, async () => {
      const reg = await signUpMother()
      const other = await signUpMother(A.small)
      now = at(7 * 24 + 2 + 2 + (ATTENDANCE_LATE_SYNC_DAYS - 1) * DAY_HOURS)
      const late = await call('checkin', 'sync', { activityId: A.open, deviceId: 'integrity-dev', items: [{ nonce: attempt().nonce, at: START, registrationId: reg }] }, U.organizer)
      expect(late).toMatchObject({ ok: true, data: { results: [{ ok: true }] } }) // a console that was offline for days still syncs
      now = at(7 * 24 + 2 + 2 + (ATTENDANCE_LATE_SYNC_DAYS + 1) * DAY_HOURS)
      expect(await tick(A.small, other, { at: START })).toMatchObject({ ok: false, error: { code: 'CHECKIN.ATTENDANCE_CLOSED' } })
      expect(await factIds()).toEqual([reg])
    })

    it('lets an admin correct it with a reason: the fact follows, and the change log says who, when and why', async () => {
      const reg = await finalisedWithMotherAbsent()
      now = at(7 * 24 + 30 * DAY_HOURS)
      const added = await call('ledger', 'correctAttendance', { registrationId: reg, attended: true, checkedInAt: at(7 * 24 + 0.25), reason: '纸质签到表上有本人签名' }, U.admin)
      expect(added).toMatchObject({ ok: true, data: { attended: true, checkedInAtBefore: null, checkedInAtAfter: at(7 * 24 + 0.25), personName: '赵桂英', reason: '纸质签到表上有本人签名' } })
      expect(await store.getRegistration(reg)).toMatchObject({ attendance: 'attended', checkedInAt: at(7 * 24 + 0.25) })
      expect(await store.listFacts()).toEqual([expect.objectContaining({ registrationId: reg, at: at(7 * 24 + 0.25), personId: P.residentMother })])
      expect(await store.listCheckInsByActivity(A.open)).toEqual([expect.objectContaining({ registrationId: reg, method: 'correction', operatorId: U.admin })])

      now = at(7 * 24 + 31 * DAY_HOURS)
      const removed = await call('ledger', 'correctAttendance', { registrationId: reg, attended: false, reason: '签错了人，实为同名邻居' }, U.admin)
      expect(removed).toMatchObject({ ok: true, data: { attended: false, checkedInAtBefore: at(7 * 24 + 0.25), checkedInAtAfter: null } })
      expect(await factIds()).toEqual([])
      expect(await store.listCheckInsByActivity(A.open)).toEqual([])
      expect(await store.getRegistration(reg)).toMatchObject({ attendance: 'no_show', checkedInAt: null })

      const log = await call('ledger', 'corrections', { activityId: A.open }, U.admin)
      expect((log as { data: { reason: string; byName: string; at: string }[] }).data.map((c) => [c.reason, c.at])).toEqual([
        ['签错了人，实为同名邻居', at(7 * 24 + 31 * DAY_HOURS)],
        ['纸质签到表上有本人签名', at(7 * 24 + 30 * DAY_HOURS)],
      ])
    })

    it('refuses a correction while attendance is open, without a reason, outside the check-in window, or that changes nothing', async () => {
      const open = await signUpMother(A.small)
      expect(await call('ledger', 'correctAttendance', { registrationId: open, attended: true, reason: '补登' }, U.admin)).toMatchObject({ ok: false, error: { code: 'LEDGER.CORRECTION_NOT_CLOSED' } })
      const reg = await finalisedWithMotherAbsent()
      expect(await call('ledger', 'correctAttendance', { registrationId: reg, attended: true, reason: '补' }, U.admin)).toMatchObject({ ok: false, error: { code: 'LEDGER.CORRECTION_REASON' } })
      expect(await call('ledger', 'correctAttendance', { registrationId: reg, attended: true, checkedInAt: at(-30 * 24), reason: '纸质签到表' }, U.admin)).toMatchObject({ ok: false, error: { code: 'CHECKIN.OUTSIDE_WINDOW', field: 'checkedInAt' } })
      expect(await call('ledger', 'correctAttendance', { registrationId: reg, attended: false, reason: '核对后缺席' }, U.admin)).toMatchObject({ ok: false, error: { code: 'LEDGER.CORRECTION_UNCHANGED' } })
      expect(await factIds()).toEqual([])
      expect(await store.listAttendanceCorrections({ limit: 10 })).toEqual([])
    })

    it('revises 结业 when a corrected lesson no longer completes the course, and restores it with its certificate number', async () => {
      const course = makeCourse({ areaId: WORLD.area })
      await store.putCourse(course)
      for (const a of courseActivities(course)) await store.putActivity(a)
      expect(await call('courses', 'signUp', { courseId: course.id, personId: P.residentMother }, U.resident)).toMatchObject({ ok: true })
      const lessons = course.lessons.map((l) => l.activityId)
      const regOf = (i: number) => `reg-${lessons[i]}-${P.residentMother}`
      for (const i of [0, 1, 2]) {
        now = at((i + 1) * 7 * 24)
        expect(await tick(lessons[i], regOf(i))).toMatchObject({ ok: true })
      }
      const [completed] = await store.listCompletionsByCourse(course.id)
      expect(completed).toMatchObject({ personId: P.residentMother })
      now = at(3 * 7 * 24 + 3)
      expect(await call('checkin', 'finalize', { activityId: lessons[2] }, U.organizer)).toMatchObject({ ok: true })

      expect(await call('ledger', 'correctAttendance', { registrationId: regOf(2), attended: false, reason: '该课由家属代签，本人未到' }, U.admin)).toMatchObject({ ok: true })
      expect(await store.listCompletionsByCourse(course.id)).toEqual([])
      expect(await factIds()).toEqual([regOf(0), regOf(1)].sort())

      expect(await call('ledger', 'correctAttendance', { registrationId: regOf(2), attended: true, checkedInAt: at(3 * 7 * 24), reason: '经核实本人到场' }, U.admin)).toMatchObject({ ok: true })
      expect(await store.listCompletionsByCourse(course.id)).toEqual([expect.objectContaining({ id: completed.id, certificateNo: completed.certificateNo })])
    })
  })

  describe('the change log port', () => {
    it('lists corrections newest first, of one activity or all, at most the limit', async () => {
      const entry = (n: number, activityId: ActivityId) => ({
        id: `cor_${String(n).padStart(4, '0')}`,
        activityId,
        registrationId: makeRegistration({ activityId }).id,
        personId: P.resident,
        attended: n % 2 === 0,
        checkedInAtBefore: n % 2 === 0 ? null : START,
        checkedInAtAfter: n % 2 === 0 ? START : null,
        reason: `原因${n}`,
        by: U.admin,
        at: at(100 + (n % 3)),
      })
      const all = [1, 2, 3, 4, 5].map((n) => entry(n, n <= 3 ? A.open : A.past))
      for (const c of all) await store.transaction((tx) => tx.putAttendanceCorrection(c))
      const order = (xs: typeof all) => [...xs].sort((a, b) => b.at.localeCompare(a.at) || b.id.localeCompare(a.id))
      expect(await store.listAttendanceCorrections({ limit: 10 })).toEqual(order(all))
      expect(await store.listAttendanceCorrections({ activityId: A.open, limit: 10 })).toEqual(order(all.slice(0, 3)))
      expect(await store.listAttendanceCorrections({ limit: 2 })).toEqual(order(all).slice(0, 2))
    })
  })
})

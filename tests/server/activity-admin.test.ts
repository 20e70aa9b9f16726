// Organizers publish and run their own activities, through the real gateway on a temporary SQLite file:
// a draft with mistakes, submit, return with a reason, fix, resubmit, approve; a change of time told to
// everyone signed up; a cancellation that cancels every registration and tells them.
import type { ActivityInput } from '../../src/domain/activities/editing'
import { startHarness, type Harness } from '../support/server-harness'
import { buildWorld, WORLD } from '../support/world'
import { at, makeUser, userId } from '../support/factories'
import { dispatch, FUNCTIONS } from '../../src/handlers'

const U = WORLD.users
const P = WORLD.persons
const OTHER_UNIT_ORGANIZER = userId('nongye-organizer')

const form = (o: Partial<ActivityInput> = {}): ActivityInput => ({
  title: '海洋科普讲座',
  type: 'lecture',
  description: '潮汐与气候。',
  startAt: at(14 * 24),
  endAt: at(14 * 24 + 2),
  place: '区科技馆报告厅',
  address: '环翠区青岛北路1号',
  areaId: WORLD.area,
  location: { latitude: 37.51, longitude: 122.12 },
  capacity: 2,
  waitlistLimit: 5,
  signupOpensAt: at(1),
  signupClosesAt: at(14 * 24 - 1),
  targetGroups: ['public', 'senior'],
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

describe('organizers publish and run their own activities', () => {
  let h: Harness
  beforeEach(async () => {
    h = await startHarness(at(1))
    await buildWorld(h.store)
    await h.store.putUser(makeUser({ id: OTHER_UNIT_ORGANIZER, role: 'organizer', departmentCode: 'nongye' }))
  })
  afterEach(() => h.close())

  it('takes a draft through review: refused mistakes, submit, return with a reason, fix, resubmit, approve', async () => {
    const before = h.snapshot()
    const wrong = await h.call('activities', 'create', { input: form({ title: '讲', endAt: at(14 * 24 - 1) }) }, U.organizer)
    expect(wrong).toMatchObject({ ok: false, error: { code: 'ACTIVITY.TITLE', field: 'title' } })
    expect(h.snapshot()).toBe(before)
    expect(await h.call('activities', 'create', { input: form({ departmentCode: 'nongye' }) }, U.organizer)).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } })
    expect(await h.call('activities', 'create', { input: form(), publish: true }, U.organizer)).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } })

    const created = await h.call('activities', 'create', { input: form() }, U.organizer)
    expect(created).toMatchObject({ ok: true, data: { kind: 'draft', state: 'draft', stateName: '草稿' } })
    const id = created.data.id
    // Nobody sees a draft: not in the list, not by id.
    expect((await h.call('activities', 'list', { filter: { text: '海洋科普' } })).data.total).toBe(0)
    expect(await h.call('activities', 'get', { id })).toMatchObject({ ok: false, error: { code: 'ACTIVITY.NOT_FOUND' } })
    // Another unit's organizer cannot touch it.
    expect(await h.call('activities', 'submit', { id }, OTHER_UNIT_ORGANIZER)).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } })

    expect(await h.call('activities', 'submit', { id }, U.organizer)).toMatchObject({ ok: true, data: { state: 'pending', stateName: '待审核' } })
    const queue = await h.call('activities', 'organized', { state: 'pending' }, U.admin)
    expect(queue.data.items.map((i: any) => i.id)).toEqual([id])
    expect(await h.call('activities', 'review', { id, approve: false }, U.admin)).toMatchObject({ ok: false, error: { code: 'ACTIVITY.REVIEW_REASON' } })
    expect(await h.call('activities', 'review', { id, approve: false, reason: '请写明是否需要预约停车' }, U.admin)).toMatchObject({ ok: true, data: { state: 'returned', returnReason: '请写明是否需要预约停车' } })
    const mine = await h.call('activities', 'organized', {}, U.organizer)
    expect(mine.data.items.find((i: any) => i.id === id)).toMatchObject({ stateName: '已退回', returnReason: '请写明是否需要预约停车' })

    expect(await h.call('activities', 'update', { id, input: form({ description: '潮汐与气候。场馆可免费停车。' }) }, U.organizer)).toMatchObject({ ok: true, data: { state: 'returned' } })
    expect(await h.call('activities', 'submit', { id }, U.organizer)).toMatchObject({ ok: true, data: { state: 'pending' } })
    expect(await h.call('activities', 'review', { id, approve: true }, U.admin)).toMatchObject({ ok: true, data: { kind: 'activity', state: 'published', stateName: '已发布' } })
    expect(await h.store.drafts.get(id)).toBeNull()
    const listed = await h.call('activities', 'list', { filter: { text: '海洋科普' } })
    expect(listed.data.items).toEqual([expect.objectContaining({ id, title: '海洋科普讲座', seatsLeft: 2 })])
    const editing = await h.call('activities', 'editing', { id }, U.organizer)
    expect(editing.data).toMatchObject({ kind: 'activity', input: { address: '环翠区青岛北路1号', location: { latitude: 37.51, longitude: 122.12 }, description: '潮汐与气候。场馆可免费停车。' }, editable: true })
  })

  it('tells everyone signed up or waitlisted when the time changes, refuses fewer seats than taken, and moves the waitlist up when seats are added', async () => {
    const id = (await h.call('activities', 'create', { input: form(), publish: true }, U.admin)).data.id
    for (const [person, owner] of [[P.resident, U.resident], [P.other, U.other], [P.residentMother, U.resident]] as const) {
      expect((await h.call('registrations', 'signUp', { activityId: id, personId: person }, owner)).ok).toBe(true)
    }
    expect(await h.call('activities', 'update', { id, input: form({ capacity: 1 }) }, U.organizer)).toMatchObject({ ok: false, error: { code: 'ACTIVITY.CAPACITY_BELOW_CONFIRMED', field: 'capacity' } })

    h.setNow(at(2))
    const moved = await h.call('activities', 'update', { id, input: form({ startAt: at(14 * 24 + 1), endAt: at(14 * 24 + 3), capacity: 3 }) }, U.organizer)
    expect(moved).toMatchObject({ ok: true, data: { counts: { confirmed: 3, waitlisted: 0 } } })
    const page = await h.call('activities', 'get', { id }, U.resident)
    expect(page.data.activity.changeNotice).toMatchObject({ at: at(2), text: expect.stringContaining('时间改为') })
    const notices = (await h.store.listReminders(50)).filter((r) => r.kind === 'notice')
    expect(notices.map((r) => r.personId).sort()).toEqual([P.other, P.resident, P.residentMother].sort())
    expect(notices.every((r) => r.status === 'pending' && r.dueAt === at(2))).toBe(true)
    // A description alone tells nobody.
    h.setNow(at(3))
    await h.call('activities', 'update', { id, input: form({ startAt: at(14 * 24 + 1), endAt: at(14 * 24 + 3), capacity: 3, description: '补充：请带身份证' }) }, U.organizer)
    expect((await h.store.listReminders(50)).filter((r) => r.kind === 'notice' && r.createdAt === at(3))).toEqual([])
  })

  it('cancels with a reason: every registration cancelled and told, tickets void, the activity shown as 已取消', async () => {
    const id = (await h.call('activities', 'create', { input: form(), publish: true }, U.admin)).data.id
    await h.call('registrations', 'signUp', { activityId: id, personId: P.resident }, U.resident)
    await h.call('registrations', 'signUp', { activityId: id, personId: P.other }, U.other)
    await h.call('registrations', 'signUp', { activityId: id, personId: P.residentMother }, U.resident) // waitlisted
    expect((await h.call('checkin', 'myTickets', {}, U.resident)).data.tickets.some((t: any) => t.activity.id === id)).toBe(true)

    expect(await h.call('activities', 'cancel', { id, reason: '' }, U.organizer)).toMatchObject({ ok: false, error: { code: 'ACTIVITY.CANCEL_REASON' } })
    expect(await h.call('activities', 'cancel', { id, reason: '台风预警' }, OTHER_UNIT_ORGANIZER)).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } })
    const cancelled = await h.call('activities', 'cancel', { id, reason: '台风预警，停止户外活动' }, U.organizer)
    expect(cancelled).toMatchObject({ ok: true, data: { state: 'cancelled', stateName: '已取消', cancelReason: '台风预警，停止户外活动', told: 3 } })
    expect((await h.store.listRegistrationsByActivity(id)).map((r) => r.status)).toEqual(['cancelled', 'cancelled', 'cancelled'])
    expect((await h.call('checkin', 'myTickets', {}, U.resident)).data.tickets.some((t: any) => t.activity.id === id)).toBe(false)
    const page = await h.call('activities', 'get', { id }, U.resident)
    expect(page.data.activity).toMatchObject({ status: 'cancelled', cancelReason: '台风预警，停止户外活动' })
    expect((await h.store.listReminders(50)).filter((r) => r.kind === 'notice')).toHaveLength(3)
    expect(await h.call('activities', 'cancel', { id, reason: '再取消一次' }, U.organizer)).toMatchObject({ ok: false, error: { code: 'ACTIVITY.CANCELLED' } })
  })

  it('refuses cancelling once anyone is checked in, so nothing counted stops counting', async () => {
    const id = (await h.call('activities', 'create', { input: form(), publish: true }, U.admin)).data.id
    const reg = (await h.call('registrations', 'signUp', { activityId: id, personId: P.resident }, U.resident)).data.id
    h.setNow(at(14 * 24 - 1))
    expect((await h.call('checkin', 'tick', { activityId: id, registrationId: reg, reason: '核对身份证', nonce: 'admin-tick-0001', deviceId: 'dev-admin' }, U.organizer)).ok).toBe(true)
    expect(await h.call('activities', 'cancel', { id, reason: '台风预警' }, U.organizer)).toMatchObject({ ok: false, error: { code: 'ACTIVITY.STARTED' } })
    expect(await h.call('activities', 'update', { id, input: form({ place: '区青少年宫' }) }, U.organizer)).toMatchObject({ ok: false, error: { code: 'ACTIVITY.HAS_ATTENDANCE' } })
    expect((await h.store.listFacts()).map((f) => f.registrationId)).toEqual([reg])
  })

  it('gives a share poster the page to open and, where WeChat renders one, the mini-program code', async () => {
    const id = (await h.call('activities', 'create', { input: form(), publish: true }, U.admin)).data.id
    const poster = await h.call('activities', 'sharePoster', { id })
    expect(poster).toMatchObject({ ok: true, data: { path: `/pages/activity/index?id=${id}`, scene: `a=${id}`, image: null, activity: { id, title: '海洋科普讲座' } } })
    expect(await h.call('activities', 'sharePoster', { id: 'act-nope' })).toMatchObject({ ok: false, error: { code: 'ACTIVITY.NOT_FOUND' } })
    // In the WeChat cloud the platform renders the mini-program code for the scene and the activity page.
    const asked: [string, string][] = []
    const deps = { store: h.store, clock: { now: () => at(1) }, random: Math.random, miniProgramCode: async (scene: string, page: string) => (asked.push([scene, page]), new Uint8Array([137, 80, 78, 71])) }
    const inCloud = await dispatch(FUNCTIONS.activities, 'sharePoster', { id }, null, deps, () => {})
    expect(inCloud).toMatchObject({ ok: true, data: { image: 'iVBORw' } })
    expect(asked).toEqual([[`a=${id}`, 'pages/activity/index']])
  })
  it('creates a weekly series in one go: separate activities a week apart, each with its own sign-up', async () => {
    const created = await h.call('activities', 'create', { input: form(), repeat: { count: 6, intervalDays: 7 } }, U.organizer)
    expect(created).toMatchObject({ ok: true, data: { kind: 'draft' } })
    const series = created.data.series as Array<{ id: string; startAt: string; state: string }>
    expect(series).toHaveLength(6)
    expect(series[0].id).toBe(created.data.id)
    expect(new Set(series.map((s) => s.id)).size).toBe(6)
    const starts = series.map((s) => Date.parse(s.startAt))
    expect(starts.slice(1).map((t, i) => t - starts[i])).toEqual(Array(5).fill(7 * 86_400_000))
    // Each is a draft of its own, submitted and reviewed on its own.
    for (const s of series) expect(await h.call('activities', 'submit', { id: s.id }, U.organizer)).toMatchObject({ ok: true })
    const later = await h.call('activities', 'editing', { id: series[5].id }, U.organizer)
    expect(Date.parse(later.data.input.signupClosesAt) - Date.parse(form().signupClosesAt)).toBe(35 * 86_400_000)
    expect(later.data.input.signupOpensAt).toBe(form().signupOpensAt)
    // An admin publishes a fortnightly series directly.
    const published = await h.call('activities', 'create', { input: form(), publish: true, repeat: { count: 3, intervalDays: 14 } }, U.admin)
    expect(published.data.series.map((s: any) => s.state)).toEqual(['published', 'published', 'published'])
    for (const s of published.data.series) expect((await h.call('activities', 'get', { id: s.id })).data.activity.status).toBe('published')
  })

  it.each([
    ['one date', { count: 1, intervalDays: 7 }],
    ['more than 12 dates', { count: 13, intervalDays: 7 }],
    ['every three days', { count: 4, intervalDays: 3 }],
    ['a fractional count', { count: 2.5, intervalDays: 7 }],
  ])('refuses a series of %s, writing nothing', async (_name, repeat) => {
    const before = h.snapshot()
    expect(await h.call('activities', 'create', { input: form(), repeat }, U.organizer)).toMatchObject({ ok: false, error: { code: repeat.count === 2.5 ? 'INPUT.INVALID' : 'ACTIVITY.SERIES' } })
    expect(h.snapshot()).toBe(before)
  })
})

import { startHarness, type Harness } from '../support/server-harness'
import { buildWorld, WORLD } from '../support/world'
import { at } from '../support/factories'

const U = WORLD.users
const P = WORLD.persons
const A = WORLD.activities

describe('the local HTTP gateway with the real handlers on a temporary SQLite file', () => {
  let h: Harness
  beforeEach(async () => {
    h = await startHarness(at(1))
    await buildWorld(h.store)
  })
  afterEach(() => h.close())

  it('lists upcoming activities anonymously, filtered and paged', async () => {
    const all = await h.call('activities', 'list', { limit: 2 })
    expect(all.ok).toBe(true)
    expect(all.data.total).toBe(5) // every activity but the past one
    expect(all.data.items).toHaveLength(2)
    const next = await h.call('activities', 'list', { limit: 2, offset: 4 })
    expect(next.data.items).toHaveLength(1)
    const seniors = await h.call('activities', 'list', { filter: { targetGroup: 'senior', text: '手机' } })
    expect(seniors.data.items.map((a: any) => a.id)).toEqual([A.open])
    expect(seniors.data.items[0]).toMatchObject({ areaName: '环翠楼街道', seatsLeft: 30, signupWindow: 'open', availability: 'available' })
  })

  it('shows an activity with the caller’s own registrations', async () => {
    await h.call('registrations', 'signUp', { activityId: A.open, personId: P.residentMother }, U.resident)
    const mine = await h.call('activities', 'get', { id: A.open }, U.resident)
    expect(mine.data.mine).toEqual([expect.objectContaining({ personId: P.residentMother, personName: '赵桂英', status: 'confirmed' })])
    const anon = await h.call('activities', 'get', { id: A.open })
    expect(anon.data.mine).toEqual([])
    expect(anon.data.activity.seatsLeft).toBe(29)
  })

  it('waitlists when full, and promotes the first in line when a seat is cancelled', async () => {
    const first = await h.call('registrations', 'signUp', { activityId: A.small, personId: P.other }, U.other)
    expect(first.data.status).toBe('confirmed')
    const second = await h.call('registrations', 'signUp', { activityId: A.small, personId: P.residentMother }, U.resident)
    expect(second.data).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 })
    const third = await h.call('registrations', 'signUp', { activityId: A.small, personId: P.resident }, U.resident)
    expect(third.data).toMatchObject({ status: 'waitlisted', waitlistPosition: 2 })

    const cancelled = await h.call('registrations', 'cancel', { registrationId: first.data.id }, U.other)
    expect(cancelled.data).toMatchObject({ promoted: 1, registration: { status: 'cancelled' } })

    const mine = await h.call('registrations', 'listMine', {}, U.resident)
    const byPerson = Object.fromEntries(mine.data.map((r: any) => [r.personId, r]))
    expect(byPerson[P.residentMother]).toMatchObject({ status: 'confirmed', waitlistPosition: null })
    expect(byPerson[P.resident]).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 })
    const activity = await h.call('activities', 'get', { id: A.small })
    expect(activity.data.activity).toMatchObject({ seatsLeft: 0, waitlistCount: 1 })
  })

  it('lists my sign-ups upcoming first, then past', async () => {
    await h.call('registrations', 'signUp', { activityId: A.open, personId: P.resident }, U.resident)
    h.setNow(at(-99))
    await h.call('registrations', 'signUp', { activityId: A.past, personId: P.resident }, U.resident)
    h.setNow(at(1))
    const mine = await h.call('registrations', 'listMine', {}, U.resident)
    expect(mine.data.map((r: any) => [r.activityId, r.activity.ended])).toEqual([
      [A.open, false],
      [A.past, true],
    ])
  })

  it('manages persons: add a child with consent, edit, and refuse deleting one with an upcoming sign-up', async () => {
    const child = await h.call('persons', 'create', { name: '李小宇', birthYear: 2017, targetGroup: 'youth', areaId: WORLD.area, guardianConsent: true }, U.resident)
    expect(child.data).toMatchObject({ name: '李小宇', isSelf: false, guardianConsentAt: at(1) })
    const edited = await h.call('persons', 'update', { id: child.data.id, name: '李小雨', birthYear: 2017, targetGroup: 'youth', areaId: WORLD.area }, U.resident)
    expect(edited.data).toMatchObject({ name: '李小雨', guardianConsentAt: at(1) })
    await h.call('registrations', 'signUp', { activityId: A.open, personId: child.data.id }, U.resident)
    expect(await h.call('persons', 'remove', { id: child.data.id }, U.resident)).toMatchObject({ ok: false, error: { code: 'PERSON.HAS_ACTIVE_REGISTRATIONS' } })
    const list = await h.call('persons', 'list', {}, U.resident)
    expect(list.data.map((p: any) => p.name).sort()).toEqual(['resident本人', '李小雨', '赵桂英'].sort())
    expect(await h.call('persons', 'remove', { id: P.residentMother }, U.resident)).toEqual({ ok: true, data: { removed: P.residentMother } })
  })

  it('signs in a demo identity with a cookie and knows who it is', async () => {
    await h.store.putUser({ id: 'demo-parent' as any, role: 'resident', displayName: '李娜', createdAt: at(0) })
    const res = await fetch(`${h.url}/api/demo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'signIn', data: { userId: 'demo-parent' } }) })
    const cookie = res.headers.get('set-cookie')!
    expect(cookie).toMatch(/kepu_sid=[^;]+; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax/)
    const who = await fetch(`${h.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: cookie.split(';')[0] }, body: JSON.stringify({ action: 'whoami' }) })
    expect((await who.json()).data.user).toMatchObject({ id: 'demo-parent', displayName: '李娜' })
    const unknown = await fetch(`${h.url}/api/demo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'signIn', data: { userId: 'usr-admin' } }) })
    expect(await unknown.json()).toMatchObject({ ok: false, error: { code: 'AUTH.UNKNOWN_USER' } })
  })

  it('lets an admin add and rename a town or street', async () => {
    const added = await h.call('catalog', 'saveArea', { name: '新街道', kind: 'street' }, U.admin)
    const created = added.data.areas.find((a: any) => a.name === '新街道')
    expect(created).toBeTruthy()
    const renamed = await h.call('catalog', 'saveArea', { id: created.id, name: '新街道（更名）', kind: 'street' }, U.admin)
    expect(renamed.data.areas.map((a: any) => a.name)).toContain('新街道（更名）')
    expect((await h.call('catalog', 'get', {})).data.areas).toHaveLength(2)
  })
})

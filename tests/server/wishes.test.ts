// 点单 through the real gateway on a temporary SQLite file: residents suggest topics and support them
// once each; everyone reads the list, most supported first, without who suggested what.
import type { ActivityInput } from '../../src/domain/activities/editing'
import { startHarness, type Harness } from '../support/server-harness'
import { buildWorld, WORLD } from '../support/world'
import { at } from '../support/factories'

const U = WORLD.users

/** An activity form of the organizer's unit (kx), two weeks ahead. */
const form = (o: Partial<ActivityInput> = {}): ActivityInput => ({
  title: '手机防诈骗讲座',
  type: 'lecture',
  description: '识别诈骗电话与短信。',
  startAt: at(14 * 24),
  endAt: at(14 * 24 + 2),
  place: '区科技馆报告厅',
  address: '环翠区青岛北路1号',
  areaId: WORLD.area,
  location: null,
  capacity: 30,
  waitlistLimit: 5,
  signupOpensAt: at(1),
  signupClosesAt: at(14 * 24 - 1),
  targetGroups: ['senior'],
  minAge: null,
  maxAge: null,
  walkInsAllowed: false,
  checkoutEnabled: false,
  actions: [],
  projects: [],
  tags: [],
  departmentCode: 'kx',
  poster: null,
  ...o,
})

/** Ledger rows (facts and anything counted), to show a wish leaves the figures alone. */
// The ledger's tables, less ledger_activity_version: a cache key that any counted change to an
// activity (publishing one, here) bumps, whatever wishes do.
const ledgerOf = (h: Harness): string =>
  JSON.stringify(
    (
      h.store.db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'ledger%' AND name <> 'ledger_activity_version' ORDER BY name")
        .all() as { name: string }[]
    ).map(({ name }) => [
      name,
      h.store.db.prepare(`SELECT * FROM "${name}"`).all(),
    ]),
  )

describe('wishes through the gateway', () => {
  let h: Harness
  beforeEach(async () => {
    h = await startHarness(at(1))
    await buildWorld(h.store)
  })
  afterEach(() => h.close())

  const create = (data: Record<string, unknown>, as = U.resident) => h.call('wishes', 'create', { targetGroup: 'senior', ...data }, as)

  it('suggests a topic supported by its suggester, shown to others without who suggested it', async () => {
    const r = await create({ title: '  手机防诈骗  ', detail: '想学怎么识别诈骗电话', areaId: WORLD.area })
    expect(r).toMatchObject({ ok: true, data: { title: '手机防诈骗', detail: '想学怎么识别诈骗电话', targetGroupName: '老年人', supportCount: 1, supportedByMe: true, mine: true, status: 'open', statusName: '征集中', arranged: null } })
    const list = await h.call('wishes', 'list', {}, null)
    expect(list.data).toMatchObject({ total: 1, offset: 0, canArrange: false, items: [{ id: r.data.id, supportCount: 1, supportedByMe: false, mine: false }] })
    expect(JSON.stringify(list.data)).not.toContain(U.resident)
    expect((await h.call('wishes', 'list', {}, U.organizer)).data.canArrange).toBe(true)
    expect((await create({ title: '科学育儿', targetGroup: 'public' })).data.areaName).toBe('全区')
  })

  it('counts each supporter once and lists the most supported first', async () => {
    const a = (await create({ title: '家庭急救' })).data.id
    const b = (await create({ title: '智能手机拍照' })).data.id
    for (const u of [U.other, U.scanner, U.organizer]) expect(await h.call('wishes', 'support', { id: b }, u)).toMatchObject({ ok: true })
    expect(await h.call('wishes', 'support', { id: b }, U.other)).toMatchObject({ ok: true, data: { supportCount: 4, supportedByMe: true } })
    expect(await h.call('wishes', 'support', { id: b }, U.resident)).toMatchObject({ ok: true, data: { supportCount: 4 } })
    const items = (await h.call('wishes', 'list', {}, U.other)).data.items
    expect(items.map((w: any) => [w.id, w.supportCount, w.supportedByMe])).toEqual([[b, 4, true], [a, 1, false]])
    expect(await h.call('wishes', 'support', { id: 'wish-nowhere' }, U.other)).toMatchObject({ ok: false, error: { code: 'WISH.NOT_FOUND' } })
  })

  it('allows five suggestions in 24 hours, and more the next day', async () => {
    for (const t of ['主题一', '主题二', '主题三', '主题四', '主题五']) expect(await create({ title: t })).toMatchObject({ ok: true })
    const before = h.snapshot()
    expect(await create({ title: '主题六' })).toMatchObject({ ok: false, error: { code: 'WISH.TOO_MANY' } })
    expect(h.snapshot()).toBe(before)
    h.setNow(at(25.01))
    expect(await create({ title: '主题六' })).toMatchObject({ ok: true })
  })

  it('keeps a deleted account’s wish, without the link to it', async () => {
    const id = (await create({ title: '家庭急救' })).data.id
    expect(await h.call('account', 'deleteAccount', { confirm: true }, U.other)).toMatchObject({ ok: true })
    const other = await h.call('wishes', 'support', { id }, U.scanner)
    expect(other.data.supportCount).toBe(2)
  })

  it('shows 已安排 with the activity once the organizer’s activity from it is published, not before', async () => {
    const wish = (await create({ title: '手机防诈骗' })).data.id
    await h.call('wishes', 'support', { id: wish }, U.other)
    const ledger = ledgerOf(h)
    const draft = await h.call('activities', 'create', { input: form(), wishId: wish }, U.organizer)
    expect(draft).toMatchObject({ ok: true, data: { kind: 'draft' } })
    const id = draft.data.id
    // A draft answers nothing yet, nor does a submitted one; editing the draft keeps the link.
    expect(await h.call('activities', 'update', { id, input: form({ description: '识别诈骗电话、短信与链接。' }) }, U.organizer)).toMatchObject({ ok: true })
    expect(await h.call('activities', 'submit', { id }, U.organizer)).toMatchObject({ ok: true })
    expect((await h.call('wishes', 'list', {}, null)).data.items[0]).toMatchObject({ id: wish, status: 'open', statusName: '征集中', arranged: null })
    expect(await h.call('activities', 'review', { id, approve: true }, U.admin)).toMatchObject({ ok: true, data: { state: 'published' } })
    const [shown] = (await h.call('wishes', 'list', {}, U.other)).data.items
    expect(shown).toMatchObject({ id: wish, supportCount: 2, supportedByMe: true, status: 'arranged', statusName: '已安排', arranged: { activityId: id, title: '手机防诈骗讲座', startAt: at(14 * 24) } })
    expect((await h.store.getActivity(id))!.details!.wishId).toBe(wish)
    // Supporting and answering a wish count nothing in the plan's figures.
    expect(ledgerOf(h)).toBe(ledger)
  })

  it('arranges a wish at once when the admin publishes directly, keeping the first answer', async () => {
    const wish = (await create({ title: '家庭急救' })).data.id
    const first = await h.call('activities', 'create', { input: form({ title: '家庭急救培训' }), publish: true, wishId: wish }, U.admin)
    expect(first).toMatchObject({ ok: true, data: { kind: 'activity', state: 'published' } })
    expect((await h.call('wishes', 'list', {}, null)).data.items[0]).toMatchObject({ status: 'arranged', arranged: { activityId: first.data.id, title: '家庭急救培训' } })
    const second = await h.call('activities', 'create', { input: form({ title: '家庭急救再培训' }), publish: true, wishId: wish }, U.admin)
    expect((await h.call('wishes', 'list', {}, null)).data.items[0].arranged.activityId).toBe(first.data.id)
    expect(second.data.id).not.toBe(first.data.id)
  })

  it('refuses an activity for a wish that does not exist, writing nothing', async () => {
    const before = h.snapshot()
    expect(await h.call('activities', 'create', { input: form(), wishId: 'wish-nowhere' }, U.organizer)).toMatchObject({ ok: false, error: { code: 'WISH.NOT_FOUND', field: 'wishId' } })
    expect(await h.call('activities', 'create', { input: form(), publish: true, wishId: 'wish-nowhere' }, U.admin)).toMatchObject({ ok: false, error: { code: 'WISH.NOT_FOUND' } })
    // The link is the server's to set: a form carrying it is refused.
    expect(await h.call('activities', 'create', { input: { ...form(), wishId: 'wish-nowhere' } }, U.organizer)).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID' } })
    expect(h.snapshot()).toBe(before)
  })
})

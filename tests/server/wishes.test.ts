// 点单 through the real gateway on a temporary SQLite file: residents suggest topics and support them
// once each; everyone reads the list, most supported first, without who suggested what.
import { startHarness, type Harness } from '../support/server-harness'
import { buildWorld, WORLD } from '../support/world'
import { at } from '../support/factories'

const U = WORLD.users

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
})

// The contract of the wishes port (src/domain/wishes/port.ts), run against every adapter.
import type { Store } from '../../src/domain/ports'
import type { WishRepository } from '../../src/domain/wishes/port'
import { compareWishes, type Wish } from '../../src/domain/wishes/rules'
import type { AreaId } from '../../src/domain/ids'
import { activityId, at, makeActivity, userId } from '../support/factories'
import { ADAPTERS, openStoreEach } from './adapters'

let n = 0
function makeWish(over: Partial<Wish> = {}): Wish {
  n++
  return {
    id: `wish-${String(n).padStart(4, '0')}`,
    title: '家庭急救知识',
    detail: null,
    targetGroup: 'public',
    areaId: 'area-1' as AreaId,
    createdBy: userId(1),
    createdAt: at(n),
    supportCount: 1,
    arranged: null,
    ...over,
  }
}

describe.each(ADAPTERS)('Wishes contract: $name', (adapter) => {
  let wishes: WishRepository
  let store: Store
  openStoreEach(adapter, (s, ports) => {
    store = s
    wishes = ports.wishes
  })

  it('keeps the wish an activity answers in its details, and no field where there is none', async () => {
    const details = { address: '环翠区青岛北路1号', location: null, minAge: null, maxAge: null, createdBy: userId('org'), changeNotice: null, cancelReason: null, cancelledAt: null, poster: null }
    const answering = makeActivity({ id: activityId('answer'), details: { ...details, wishId: 'wish-0001' } })
    const plain = makeActivity({ id: activityId('plain'), details })
    await store.putActivity(answering)
    await store.putActivity(plain)
    expect(await store.getActivity(answering.id)).toStrictEqual(answering)
    expect(await store.getActivity(plain.id)).toStrictEqual(plain)
  })

  it('stores a wish with its suggester’s support and reads it back', async () => {
    const w = makeWish({ detail: '想学心肺复苏', areaId: null })
    await wishes.create(w)
    expect(await wishes.get(w.id)).toStrictEqual(w)
    expect(await wishes.get('wish-none')).toBeNull()
    expect(await wishes.supportedBy(userId(1), [w.id, 'wish-none'])).toEqual(new Set([w.id]))
    expect(await wishes.supportedBy(userId(2), [w.id])).toEqual(new Set())
  })

  it('counts each supporter once, concurrent supports included, and nothing for a missing wish', async () => {
    const w = makeWish()
    await wishes.create(w)
    expect(await wishes.addSupport(w.id, userId(2), at(50))).toBe(true)
    expect(await wishes.addSupport(w.id, userId(2), at(51))).toBe(false)
    expect(await wishes.addSupport(w.id, userId(1), at(51))).toBe(false)
    const results = await Promise.all([3, 4, 5, 6, 7].map((u) => wishes.addSupport(w.id, userId(u), at(52))))
    expect(results).toEqual([true, true, true, true, true])
    expect((await wishes.get(w.id))!.supportCount).toBe(7)
    expect(await wishes.addSupport('wish-none', userId(2), at(50))).toBe(false)
    expect(await wishes.get('wish-none')).toBeNull()
  })

  it('lists open wishes first, most supported first, then newest, paged, with the total', async () => {
    const list = [
      makeWish({ supportCount: 1 }),
      makeWish({ supportCount: 5 }),
      makeWish({ supportCount: 5 }),
      makeWish({ supportCount: 9, arranged: { activityId: activityId('a1'), at: at(90) } }),
      makeWish({ supportCount: 2 }),
    ]
    for (const w of list) await wishes.create(w)
    const sorted = [...list].sort(compareWishes)
    expect(await wishes.list({ limit: 10, offset: 0 })).toStrictEqual({ items: sorted, total: 5 })
    expect(await wishes.list({ limit: 2, offset: 2 })).toStrictEqual({ items: sorted.slice(2, 4), total: 5 })
    expect(sorted[0].id).toBe(list[2].id)
    expect(sorted[4].arranged).not.toBeNull()
  })

  it('counts what one account suggested since an instant', async () => {
    await wishes.create(makeWish({ createdAt: at(1) }))
    await wishes.create(makeWish({ createdAt: at(5) }))
    await wishes.create(makeWish({ createdAt: at(6), createdBy: userId(2) }))
    expect(await wishes.countCreatedSince(userId(1), at(1))).toBe(2)
    expect(await wishes.countCreatedSince(userId(1), at(2))).toBe(1)
    expect(await wishes.countCreatedSince(userId(3), at(0))).toBe(0)
  })

  it('marks a wish arranged once, keeping the first answer', async () => {
    const w = makeWish()
    await wishes.create(w)
    await wishes.markArranged(w.id, activityId('first'), at(20))
    await wishes.markArranged(w.id, activityId('second'), at(30))
    expect((await wishes.get(w.id))!.arranged).toStrictEqual({ activityId: activityId('first'), at: at(20) })
    await wishes.markArranged('wish-none', activityId('first'), at(20))
    expect(await wishes.get('wish-none')).toBeNull()
  })

  it('forgets a deleted account: its wishes lose the link, its supports go, the counts stay', async () => {
    const mine = makeWish()
    const theirs = makeWish({ createdBy: userId(2) })
    await wishes.create(mine)
    await wishes.create(theirs)
    await wishes.addSupport(theirs.id, userId(1), at(40))
    await wishes.forgetUser(userId(1))
    expect(await wishes.get(mine.id)).toStrictEqual({ ...mine, createdBy: null })
    expect((await wishes.get(theirs.id))!.supportCount).toBe(2)
    expect(await wishes.supportedBy(userId(1), [mine.id, theirs.id])).toEqual(new Set())
    expect(await wishes.supportedBy(userId(2), [theirs.id])).toEqual(new Set([theirs.id]))
  })
})

// What the CloudBase adapter must do beyond the shared Store contract: give up on endless conflicts
// with SYSTEM.BUSY, pass expected failures through untouched, treat search text literally as a
// regular expression, keep adapter-only fields out of domain objects, and honour a collection prefix.

import { createCloudBaseStore } from '../../cloud/cloudbase-store'
import type { CloudDb } from '../../cloud/cloudbase-types'
import { AppError, fail } from '../../src/domain/errors'
import { createFakeCloudDatabase } from '../support/cloudbase-fake'
import { activityId, at, makeActivity, T0 } from '../support/factories'

describe('CloudBase store', () => {
  it('answers SYSTEM.BUSY when every attempt of a transaction conflicts', async () => {
    const db = createFakeCloudDatabase()
    const store = createCloudBaseStore(db)
    const activity = makeActivity()
    await store.putActivity(activity)
    let runs = 0
    const attempt = store.transaction(async (tx) => {
      runs++
      const current = (await tx.getActivity(activity.id))!
      // Another request commits the same document every time.
      await store.putActivity({ ...current, nextSeq: current.nextSeq + 100 })
      await tx.putActivity({ ...current, nextSeq: current.nextSeq + 1 })
    })
    await expect(attempt).rejects.toMatchObject({ failure: { code: 'SYSTEM.BUSY' } })
    await expect(attempt).rejects.toBeInstanceOf(AppError)
    expect(runs).toBeGreaterThan(4)
    expect((await store.getActivity(activity.id))!.nextSeq).toBe(1 + 100 * runs)
  }, 20_000)

  it('passes an AppError from the work through unchanged, without retrying', async () => {
    const db = createFakeCloudDatabase()
    const store = createCloudBaseStore(db)
    const full = new AppError(fail('REGISTRATION.FULL').error)
    let runs = 0
    await expect(
      store.transaction(async () => {
        runs++
        throw full
      }),
    ).rejects.toBe(full)
    expect(runs).toBe(1)
  })

  it('treats regular-expression metacharacters in the search text literally', async () => {
    const store = createCloudBaseStore(createFakeCloudDatabase())
    await store.putActivity(makeActivity({ id: activityId(1), title: '问答 (第1期) [少儿] a.b c*d $5 ^_^ | x+y? {1}' }))
    await store.putActivity(makeActivity({ id: activityId(2), title: '普通讲座 aXb cccd' }))
    const ids = async (text: string) => (await store.listActivities({ endsAfter: T0, text, offset: 0, limit: 10 })).items.map((a) => a.id)
    for (const text of ['(第1期)', '[少儿]', 'a.b', 'c*d', '$5', '^_^', '| x+y?', '{1}', '(', '[']) {
      expect(await ids(text)).toEqual([activityId(1)])
    }
    expect(await ids('.*')).toEqual([])
  })

  it('stores instants as epoch milliseconds beside the text, and returns only domain fields', async () => {
    const db = createFakeCloudDatabase()
    const store = createCloudBaseStore(db)
    const activity = makeActivity({ startAt: at(10), endAt: at(12) })
    await store.putActivity(activity)
    const raw = (await db.collection('activities').doc(activity.id).get()).data
    expect(raw).toMatchObject({ _id: activity.id, startAtMs: Date.parse(at(10)), endAtMs: Date.parse(at(12)) })
    expect(await store.getActivity(activity.id)).toStrictEqual(activity)
    expect((await store.listActivities({ endsAfter: T0, offset: 0, limit: 10 })).items).toStrictEqual([activity])
  })

  it('keeps every collection under the given prefix', async () => {
    const db = createFakeCloudDatabase()
    const store = createCloudBaseStore(db, { collectionPrefix: 'run42_' })
    await store.putActivity(makeActivity())
    expect((await db.collection('run42_activities').count()).total).toBe(1)
    expect((await db.collection('activities').count()).total).toBe(0)
  })

  it('fails loudly on a malformed document and on errors other than "does not exist"', async () => {
    const db = createFakeCloudDatabase()
    await db.collection('activities').doc('act-bad').set({ data: { title: 42 } })
    const store = createCloudBaseStore(db)
    await expect(store.getActivity(activityId('bad'))).rejects.toThrow(/malformed activities document act-bad/)

    const broken: CloudDb = {
      ...db,
      collection: (name) => ({
        ...db.collection(name),
        doc: (id) => ({
          ...db.collection(name).doc(id),
          get: () => Promise.reject(Object.assign(new Error('document.get:fail -501001 network timeout'), { errCode: -501001 })),
        }),
      }),
    }
    await expect(createCloudBaseStore(broken).getActivity(activityId(1))).rejects.toThrow(/network timeout/)
  })

  it('reads 250 activities by id in chunks the server accepts', async () => {
    const db = createFakeCloudDatabase()
    const store = createCloudBaseStore(db)
    const all = Array.from({ length: 250 }, (_, i) => makeActivity({ id: activityId(i) }))
    for (const a of all) await store.putActivity(a)
    const found = await store.getActivities([...all].reverse().map((a) => a.id))
    expect(found.map((a) => a.id)).toEqual([...all].reverse().map((a) => a.id))
  })
})

// The in-memory CloudBase stand-in must hold the adapter to CloudBase's rules; these tests pin the
// rules it enforces, so a passing contract run against it means something.

import type { CloudDb, Query, QueryCondition, Transaction } from '../../cloud/cloudbase-types'
import { CONFLICT_CODE, createFakeCloudDatabase } from '../support/cloudbase-fake'

const putMany = async (db: CloudDb, coll: string, n: number, make: (i: number) => { n: number }) => {
  for (let i = 0; i < n; i++) await db.collection(coll).doc(`d${String(i).padStart(3, '0')}`).set({ data: make(i) })
}

describe('CloudBase stand-in: queries', () => {
  it('returns at most 100 documents from a get without limit, and refuses a limit above 1000 (CloudBase's server-side maximum)', async () => {
    const db = createFakeCloudDatabase()
    await putMany(db, 'items', 130, (i) => ({ n: i }))
    expect((await db.collection('items').get()).data).toHaveLength(100)
    expect((await db.collection('items').where({}).get()).data).toHaveLength(100)
    expect((await db.collection('items').limit(100).get()).data).toHaveLength(100)
    expect(() => db.collection('items').limit(1001)).toThrow(/limit/)
    expect(() => db.collection('items').limit(0)).toThrow(/limit/)
    expect(() => db.collection('items').limit(2.5)).toThrow(/limit/)
    expect((await db.collection('items').count()).total).toBe(130)
  })

  it('pages with skip, and counts ignoring skip and limit', async () => {
    const db = createFakeCloudDatabase()
    await putMany(db, 'items', 130, (i) => ({ n: i }))
    const q = db.collection('items').orderBy('n', 'asc')
    const first = (await q.limit(100).get()).data.map((d) => d.n)
    const rest = (await q.skip(100).limit(100).get()).data.map((d) => d.n)
    expect([...first, ...rest]).toEqual(Array.from({ length: 130 }, (_, i) => i))
    expect((await q.skip(100).limit(5).count()).total).toBe(130)
    expect(() => q.skip(-1)).toThrow()
  })

  it('does not return documents in insertion order unless asked to', async () => {
    const db = createFakeCloudDatabase()
    await putMany(db, 'items', 20, (i) => ({ n: i }))
    const unordered = (await db.collection('items').get()).data.map((d) => d.n)
    expect(unordered).not.toEqual(Array.from({ length: 20 }, (_, i) => i))
    expect(new Set(unordered).size).toBe(20)
  })

  it('orders by several fields, the first one first', async () => {
    const db = createFakeCloudDatabase()
    const rows = [
      { _id: 'a', g: 2, n: 1 },
      { _id: 'b', g: 1, n: 2 },
      { _id: 'c', g: 2, n: 3 },
      { _id: 'd', g: 1, n: 1 },
    ]
    for (const { _id, ...data } of rows) await db.collection('items').doc(_id).set({ data })
    const ids = async (q: Query) => (await q.get()).data.map((d) => d._id)
    expect(await ids(db.collection('items').orderBy('g', 'asc').orderBy('n', 'desc'))).toEqual(['b', 'd', 'c', 'a'])
    expect(await ids(db.collection('items').orderBy('g', 'desc').orderBy('_id', 'asc'))).toEqual(['a', 'c', 'b', 'd'])
    expect(() => db.collection('items').orderBy('g', 'up' as never)).toThrow()
  })

  it('matches an array field by any element, with equality, eq and in', async () => {
    const db = createFakeCloudDatabase()
    const _ = db.command
    await db.collection('acts').doc('a').set({ data: { groups: ['youth', 'senior'] } })
    await db.collection('acts').doc('b').set({ data: { groups: ['senior'] } })
    await db.collection('acts').doc('c').set({ data: { groups: [] } })
    const ids = async (cond: QueryCondition) => (await db.collection('acts').where(cond).orderBy('_id', 'asc').get()).data.map((d) => d._id)
    expect(await ids({ groups: 'youth' })).toEqual(['a'])
    expect(await ids({ groups: 'senior' })).toEqual(['a', 'b'])
    expect(await ids({ groups: _.eq('senior') })).toEqual(['a', 'b'])
    expect(await ids({ groups: _.in(['youth', 'farmer']) })).toEqual(['a'])
    expect(await ids({ groups: _.neq('senior') })).toEqual(['c'])
    expect(await ids({ groups: _.nin(['youth']) })).toEqual(['b', 'c'])
  })

  it('evaluates comparisons, nested and/or and case-insensitive regular expressions', async () => {
    const db = createFakeCloudDatabase()
    const _ = db.command
    const data = [
      { _id: 'a', n: 1, title: 'AI 与生活', place: '图书馆' },
      { _id: 'b', n: 5, title: '讲座', place: 'Ai Lab' },
      { _id: 'c', n: 9, title: '海洋', place: '海洋馆' },
    ]
    for (const { _id, ...d } of data) await db.collection('acts').doc(_id).set({ data: d })
    const ids = async (cond: QueryCondition) => (await db.collection('acts').where(cond).orderBy('_id', 'asc').get()).data.map((d) => d._id)
    expect(await ids({ n: _.gt(1) })).toEqual(['b', 'c'])
    expect(await ids({ n: _.and(_.gt(1), _.lte(9)) })).toEqual(['b', 'c'])
    const re = db.RegExp({ regexp: 'ai', options: 'i' })
    expect(await ids(_.or([{ title: re }, { place: re }]))).toEqual(['a', 'b'])
    expect(await ids(_.and([{ n: _.lt(9) }, _.or({ title: re }, { place: re })]))).toEqual(['a', 'b'])
    expect(await ids(_.and([{ n: _.gt(1) }, _.or([{ title: db.RegExp({ regexp: '海' }) }, { place: re }])]))).toEqual(['b', 'c'])
    expect(await ids({ title: db.RegExp({ regexp: 'ai' }) })).toEqual([])
    expect(() => db.collection('acts').where({ n: undefined as never })).toThrow(/undefined/)
    expect(() => db.collection('acts').where(_.gt(1) as never)).toThrow()
  })
})

describe('CloudBase stand-in: documents', () => {
  it('rejects a get of a missing document like the SDK', async () => {
    const db = createFakeCloudDatabase()
    await expect(db.collection('users').doc('nobody').get()).rejects.toThrow('document.get:fail document with _id nobody does not exist')
    const lenient = createFakeCloudDatabase({ throwOnNotFound: false })
    await expect(lenient.collection('users').doc('nobody').get()).resolves.toMatchObject({ data: null })
  })

  it('refuses _id, undefined and non-JSON values in written data', async () => {
    const db = createFakeCloudDatabase()
    const doc = db.collection('users').doc('u1')
    await expect(doc.set({ data: { _id: 'u2', name: 'x' } as never })).rejects.toThrow(/_id/)
    await expect(doc.set({ data: { name: undefined } as never })).rejects.toThrow(/undefined/)
    await expect(doc.set({ data: { at: new Date() } as never })).rejects.toThrow()
    await expect(doc.set({ data: { n: NaN } })).rejects.toThrow()
    await expect(doc.set({ data: {} })).rejects.toThrow()
  })

  it('copies documents in and out', async () => {
    const db = createFakeCloudDatabase()
    const data = { tags: ['a'] }
    await db.collection('x').doc('1').set({ data })
    data.tags.push('mutated')
    const read = (await db.collection('x').doc('1').get()).data
    ;(read.tags as string[]).push('mutated too')
    expect((await db.collection('x').doc('1').get()).data).toEqual({ _id: '1', tags: ['a'] })
  })

  it('replaces on set, merges on update with inc, and removes', async () => {
    const db = createFakeCloudDatabase()
    const doc = db.collection('x').doc('1')
    await doc.set({ data: { a: 1, b: 2 } })
    await doc.set({ data: { a: 5 } })
    await doc.update({ data: { a: db.command.inc(2), c: 'new' } })
    expect((await doc.get()).data).toEqual({ _id: '1', a: 7, c: 'new' })
    await doc.remove()
    await expect(doc.get()).rejects.toThrow(/does not exist/)
    const added = await db.collection('x').add({ data: { a: 1 } })
    expect((await db.collection('x').doc(added._id).get()).data).toEqual({ _id: added._id, a: 1 })
  })
})

describe('CloudBase stand-in: transactions', () => {
  const counter = async (db: CloudDb) => (await db.collection('c').doc('n').get()).data.v as number

  it('offers only single-document operations', async () => {
    const db = createFakeCloudDatabase()
    await expect(
      db.runTransaction(async (t) => {
        ;(t.collection('c') as unknown as { where(c: object): unknown }).where({})
      }),
    ).rejects.toThrow(/single-document/)
    await expect(
      db.runTransaction(async (t) => {
        await (t.collection('c') as unknown as { get(): Promise<unknown> }).get()
      }),
    ).rejects.toThrow(/single-document/)
  })

  it('reads a snapshot, sees its own writes, and publishes them only at commit', async () => {
    const db = createFakeCloudDatabase()
    await db.collection('c').doc('n').set({ data: { v: 1 } })
    let outsideDuring = 0
    await db.runTransaction(async (t) => {
      const doc = t.collection('c').doc('n')
      await doc.set({ data: { v: 2 } })
      expect((await doc.get()).data.v).toBe(2)
      outsideDuring = await counter(db)
    })
    expect(outsideDuring).toBe(1)
    expect(await counter(db)).toBe(2)
  })

  it('rolls back and rethrows when the callback throws', async () => {
    const db = createFakeCloudDatabase()
    await db.collection('c').doc('n').set({ data: { v: 1 } })
    const boom = new Error('boom')
    await expect(
      db.runTransaction(async (t) => {
        await t.collection('c').doc('n').set({ data: { v: 99 } })
        await t.collection('c').doc('other').set({ data: { v: 99 } })
        throw boom
      }),
    ).rejects.toBe(boom)
    expect(await counter(db)).toBe(1)
    await expect(db.collection('c').doc('other').get()).rejects.toThrow(/does not exist/)
  })

  it('retries the callback when a document it read changed before commit, then gives up like the SDK', async () => {
    const db = createFakeCloudDatabase()
    await db.collection('c').doc('n').set({ data: { v: 0 } })
    let runs = 0
    const result = await db.runTransaction(async (t) => {
      runs++
      const { data } = await t.collection('c').doc('n').get()
      if (runs === 1) await db.collection('c').doc('n').set({ data: { v: 100 } }) // someone else commits
      await t.collection('c').doc('n').set({ data: { v: (data.v as number) + 1 } })
      return data.v
    })
    expect([runs, result, await counter(db)]).toEqual([2, 100, 101])

    runs = 0
    const always = db.runTransaction(async (t) => {
      runs++
      await t.collection('c').doc('n').get()
      await db.collection('c').doc('n').set({ data: { v: runs } })
    })
    await expect(always).rejects.toMatchObject({ code: CONFLICT_CODE })
    expect(runs).toBe(4) // the first run and the SDK's three retries
  })

  it('interleaves concurrent transactions, so lost updates would show', async () => {
    const db = createFakeCloudDatabase()
    await db.collection('c').doc('n').set({ data: { v: 0 } })
    const increment = (t: Transaction) =>
      t
        .collection('c')
        .doc('n')
        .get()
        .then(({ data }) => t.collection('c').doc('n').set({ data: { v: (data.v as number) + 1 } }))
    const outcomes = await Promise.allSettled(Array.from({ length: 5 }, () => db.runTransaction(increment, 10)))
    expect(db.stats.conflicts).toBeGreaterThan(0)
    expect(outcomes.every((o) => o.status === 'fulfilled')).toBe(true)
    expect(await counter(db)).toBe(5)
  })

  it('refuses to use a transaction after it ended', async () => {
    const db = createFakeCloudDatabase()
    let leaked: Transaction | null = null
    await db.runTransaction(async (t) => {
      leaked = t
    })
    await expect(leaked!.collection('c').doc('n').set({ data: { v: 1 } })).rejects.toThrow(/ended/)
  })
})

// The local CloudBase server (tests/support/cloudbase-server) through the real wx-server-sdk: the
// CloudBase rules the adapter must live with, as the SDK shows them. Read caps, not-found, errors,
// EJSON values, update operators, snapshot transactions with write locks and conflicts, aggregation.

import type { CloudDb, Transaction } from '../../cloud/cloudbase-types'
import { freshEnv, openSdkDb, startLocalCloudBase, type SdkDb } from '../support/cloudbase-sdk'

/** SDK calls outside the adapter's typed subset. */
interface RawDb {
  collection(name: string): any
  command: any
  createCollection(name: string): Promise<unknown>
  runTransaction<T>(run: (t: any) => Promise<T>, times?: number): Promise<T>
}

let opened: SdkDb
let db: CloudDb
let raw: RawDb
beforeEach(async () => {
  opened = await openSdkDb({ collections: ['items', 'acts', 'c', 'x', 'users'] })
  db = opened.db
  raw = db as unknown as RawDb
})
afterEach(() => opened.close())

const load = (coll: string, n: number, make: (i: number) => Record<string, unknown> = (i) => ({ n: i })) =>
  opened.server.insertMany(opened.env, coll, Array.from({ length: n }, (_, i) => ({ _id: `d${String(i).padStart(5, '0')}`, ...make(i) })))
const ids = async (q: { get(): Promise<{ data: Array<{ _id: string }> }> }) => (await q.get()).data.map((d) => d._id)

describe('local CloudBase server: read caps', () => {
  it('returns 100 documents from a get without limit, up to 1000 with one, and counts them all', async () => {
    load('items', 1200)
    expect((await db.collection('items').get()).data).toHaveLength(100)
    expect((await db.collection('items').where({}).get()).data).toHaveLength(100)
    expect((await db.collection('items').limit(1000).get()).data).toHaveLength(1000)
    // The SDK cuts a larger limit to 1000 itself, and sends its default 100 for limit(0).
    expect((await db.collection('items').limit(5000).get()).data).toHaveLength(1000)
    expect((await db.collection('items').limit(0).get()).data).toHaveLength(100)
    expect(() => db.collection('items').limit(2.5)).toThrow(/limit/)
    expect((await db.collection('items').count()).total).toBe(1200)
    expect(opened.server.stats(opened.env)['database.getDocument']).toBe(5)
  })

  it('cuts gets at the configured maximum, e.g. the 100 of the older guide', async () => {
    const { server, sdk } = await startLocalCloudBase({ maxLimit: 100, strictCollections: false })
    try {
      const env = freshEnv()
      server.insertMany(env, 'items', Array.from({ length: 130 }, (_, i) => ({ n: i })))
      const small = sdk.database({ env }) as CloudDb
      expect((await small.collection('items').limit(500).get()).data).toHaveLength(100)
    } finally {
      await server.close()
    }
  })

  it('pages with skip in a total order, and counts ignoring skip and limit', async () => {
    load('items', 130, (i) => ({ n: (i * 7) % 130 }))
    const q = db.collection('items').orderBy('n', 'asc')
    const first = (await q.limit(100).get()).data.map((d) => d.n)
    const rest = (await q.skip(100).limit(100).get()).data.map((d) => d.n)
    expect([...first, ...rest]).toEqual(Array.from({ length: 130 }, (_, i) => i))
    expect((await q.skip(100).limit(5).count()).total).toBe(130)
    await expect(q.skip(-1).get()).rejects.toThrow(/offset/)
  })

  it('orders by several fields, the first one first; a repeated field keeps its place', async () => {
    for (const [_id, g, n] of [['a', 2, 1], ['b', 1, 2], ['c', 2, 3], ['d', 1, 1]] as const) await db.collection('items').doc(_id).set({ data: { g, n } })
    expect(await ids(db.collection('items').orderBy('g', 'asc').orderBy('n', 'desc'))).toEqual(['b', 'd', 'c', 'a'])
    expect(await ids(db.collection('items').orderBy('g', 'desc').orderBy('_id', 'asc'))).toEqual(['a', 'c', 'b', 'd'])
    expect(await ids(db.collection('items').orderBy('g', 'asc').orderBy('n', 'asc').orderBy('g', 'desc'))).toEqual(['a', 'c', 'd', 'b'])
    expect(() => db.collection('items').orderBy('g', 'up' as never)).toThrow()
  })
})

describe('local CloudBase server: queries', () => {
  it('matches an array field by any element, with equality, eq, in, neq and nin', async () => {
    await db.collection('acts').doc('a').set({ data: { groups: ['youth', 'senior'] } })
    await db.collection('acts').doc('b').set({ data: { groups: ['senior'] } })
    await db.collection('acts').doc('c').set({ data: { groups: [] } })
    const _ = db.command
    const where = (cond: object) => ids(db.collection('acts').where(cond as never).orderBy('_id', 'asc'))
    expect(await where({ groups: 'youth' })).toEqual(['a'])
    expect(await where({ groups: _.eq('senior') })).toEqual(['a', 'b'])
    expect(await where({ groups: _.in(['youth', 'farmer']) })).toEqual(['a'])
    expect(await where({ groups: _.neq('senior') })).toEqual(['c'])
    expect(await where({ groups: _.nin(['youth']) })).toEqual(['b', 'c'])
  })

  it('evaluates comparisons, nested and/or, field-level and, and case-insensitive regular expressions', async () => {
    const rows = [
      { _id: 'a', n: 1, title: 'AI 与生活', place: '图书馆' },
      { _id: 'b', n: 5, title: '讲座', place: 'Ai Lab' },
      { _id: 'c', n: 9, title: '海洋', place: '海洋馆' },
    ]
    for (const { _id, ...d } of rows) await db.collection('acts').doc(_id).set({ data: d })
    const _ = db.command
    const where = (cond: object) => ids(db.collection('acts').where(cond as never).orderBy('_id', 'asc'))
    const re = db.RegExp({ regexp: 'ai', options: 'i' })
    expect(await where({ n: _.gt(1) })).toEqual(['b', 'c'])
    expect(await where({ n: _.and(_.gt(1), _.lte(5)) })).toEqual(['b'])
    expect(await where(_.or([{ title: re }, { place: re }]))).toEqual(['a', 'b'])
    expect(await where(_.and([{ n: _.lt(9) }, _.or({ title: re }, { place: re })]))).toEqual(['a', 'b'])
    expect(await where({ title: db.RegExp({ regexp: 'ai' }) })).toEqual([])
    expect(await where({ _id: _.in(['c', 'a', 'zz']) })).toEqual(['a', 'c'])
    // Refused by the SDK before sending.
    expect(() => db.collection('acts').where({ n: undefined as never })).toThrow('查询参数对象值不能均为undefined')
    expect(() => db.collection('acts').where(_.gt(1) as never)).toThrow(/unset field name/)
  })

  it('returns only the fields asked for, dotted paths included, with _id', async () => {
    await db.collection('items').doc('p').set({ data: { a: 1, b: { c: 2, d: 3 }, list: [{ c: 1, e: 2 }], z: 'x' } })
    expect((await db.collection('items').field({ a: true, 'b.c': true, 'list.c': true }).get()).data).toEqual([{ _id: 'p', a: 1, b: { c: 2 }, list: [{ c: 1 }] }])
    expect((await db.collection('items').field({ b: false, z: false }).get()).data).toEqual([{ _id: 'p', a: 1, list: [{ c: 1, e: 2 }] }])
    expect((await db.collection('items').where({ _id: 'p' }).field({ _id: false, 'b.d': true }).get()).data).toEqual([{ b: { d: 3 } }])
  })

  it('refuses a collection that was never created, like a real environment', async () => {
    await expect(db.collection('nowhere').get()).rejects.toThrow(/-502005 .*Db or Table not exist: nowhere/)
    await expect(db.collection('nowhere').doc('x').set({ data: { a: 1 } })).rejects.toThrow(/-502005/)
    await raw.createCollection('nowhere')
    await db.collection('nowhere').doc('x').set({ data: { a: 1 } })
    expect((await db.collection('nowhere').count()).total).toBe(1)
    await expect(raw.createCollection('nowhere')).rejects.toThrow(/already exists/)
  })
})

describe('local CloudBase server: documents', () => {
  it('rejects a get of a missing document with the SDK’s message, or gives null when asked not to throw', async () => {
    await expect(db.collection('users').doc('nobody').get()).rejects.toThrow('document.get:fail document with _id nobody does not exist')
    const lenient = opened.sdk.database({ env: opened.env, throwOnNotFound: false }) as CloudDb
    await expect(lenient.collection('users').doc('nobody').get()).resolves.toMatchObject({ data: null })
  })

  it('replaces on set, merges on update with inc, and removes', async () => {
    const doc = db.collection('x').doc('1')
    expect(await doc.set({ data: { a: 1, b: 2 } })).toMatchObject({ _id: '1', stats: { updated: 0, created: 1 } })
    expect(await doc.set({ data: { a: 5 } })).toMatchObject({ stats: { updated: 1, created: 0 } })
    expect(await doc.update({ data: { a: db.command.inc(2), c: 'new', o: { p: 1 } } })).toMatchObject({ stats: { updated: 1 } })
    await doc.update({ data: { o: { q: 2 }, n: db.command.inc(1) } })
    expect((await doc.get()).data).toEqual({ _id: '1', a: 7, c: 'new', o: { p: 1, q: 2 }, n: 1 })
    expect(await db.collection('x').doc('missing').update({ data: { a: 1 } })).toMatchObject({ stats: { updated: 0 } })
    await expect(db.collection('x').doc('missing').get()).rejects.toThrow(/does not exist/)
    expect(await doc.remove()).toMatchObject({ stats: { removed: 1 } })
    await expect(doc.get()).rejects.toThrow(/does not exist/)
  })

  it('adds with a generated 32-hex _id or the given one, and refuses a duplicate', async () => {
    const added = await db.collection('x').add({ data: { a: 1 } })
    expect(added._id).toMatch(/^[0-9a-f]{32}$/)
    expect((await db.collection('x').doc(added._id).get()).data).toEqual({ _id: added._id, a: 1 })
    await db.collection('x').add({ data: { _id: 'mine', a: 2 } })
    await expect(db.collection('x').add({ data: { _id: 'mine', a: 3 } })).rejects.toThrow(/duplicate key/)
    expect((await db.collection('x').doc('mine').get()).data.a).toBe(2)
  })

  it('keeps _id out of written data and drops undefined members, as the SDK does before sending', async () => {
    const doc = db.collection('x').doc('u1')
    await expect(doc.set({ data: { _id: 'u2', name: 'x' } as never })).rejects.toThrow(/不能更新_id的值/)
    await expect(doc.set({ data: {} })).rejects.toThrow(/options.data/)
    await doc.set({ data: { name: undefined, n: 1 } as never })
    expect((await doc.get()).data).toEqual({ _id: 'u1', n: 1 })
  })

  it('stores dates as EJSON $date and gives them back as Date, comparable in queries', async () => {
    const at = new Date('2026-03-01T08:00:00.000Z')
    await raw.collection('x').doc('d').set({ data: { at, list: [at], n: 1.5, big: 1_767_225_600_000 } })
    const back = (await db.collection('x').doc('d').get()).data as Record<string, unknown>
    expect(back.at).toBeInstanceOf(Date)
    expect((back.at as Date).toISOString()).toBe(at.toISOString())
    expect(back).toMatchObject({ n: 1.5, big: 1_767_225_600_000 })
    const stored = opened.server.documents(opened.env, 'x')[0]
    expect(stored.at).toBeInstanceOf(Date)
    const _ = raw.command
    expect(await ids(raw.collection('x').where({ at: _.gte(new Date('2026-01-01T00:00:00Z')) }))).toEqual(['d'])
    expect(await ids(raw.collection('x').where({ at: _.lt(new Date('2026-01-01T00:00:00Z')) }))).toEqual([])
  })

  it('applies 50 concurrent increments outside transactions without losing one', async () => {
    await db.collection('c').doc('n').set({ data: { v: 0 } })
    await Promise.all(Array.from({ length: 50 }, () => db.collection('c').doc('n').update({ data: { v: db.command.inc(1) } })))
    expect((await db.collection('c').doc('n').get()).data.v).toBe(50)
  })
})

describe('local CloudBase server: transactions', () => {
  const counter = async () => (await db.collection('c').doc('n').get()).data.v as number

  it('offers only single-document operations; count() is sent without the transaction and runs outside it', async () => {
    await db.collection('c').doc('n').set({ data: { v: 1 } })
    for (const query of [(t: any) => t.collection('c').where({ v: 1 }).get(), (t: any) => t.collection('c').get()]) {
      await expect(raw.runTransaction((t) => query(t))).rejects.toThrow(/only single-document operations/)
    }
    // @cloudbase/database leaves transactionId out of count, aggregate and where().update/remove.
    const counted = await raw.runTransaction(async (t) => {
      await t.collection('c').doc('n').set({ data: { v: 2 } })
      return (await t.collection('c').where({ v: 2 }).count()).total
    })
    expect(counted).toBe(0)
  })

  it('reads a snapshot, sees its own writes, and publishes them only at commit', async () => {
    await db.collection('c').doc('n').set({ data: { v: 1 } })
    let outsideDuring = 0
    let snapshotAfterOutsideWrite = 0
    await db.runTransaction(async (t) => {
      await t.collection('c').doc('other').get().catch(() => null) // the snapshot starts here
      await db.collection('x').doc('late').set({ data: { v: 9 } })
      snapshotAfterOutsideWrite = await t.collection('x').doc('late').get().then(
        () => 1,
        () => 0,
      )
      const doc = t.collection('c').doc('n')
      await doc.set({ data: { v: 2 } })
      expect((await doc.get()).data.v).toBe(2)
      outsideDuring = await counter()
    })
    expect([outsideDuring, snapshotAfterOutsideWrite, await counter()]).toEqual([1, 0, 2])
  })

  it('rolls back and rethrows when the callback throws', async () => {
    await db.collection('c').doc('n').set({ data: { v: 1 } })
    const boom = new Error('boom')
    await expect(
      db.runTransaction(async (t) => {
        await t.collection('c').doc('n').set({ data: { v: 99 } })
        await t.collection('c').doc('other').set({ data: { v: 99 } })
        throw boom
      }),
    ).rejects.toBe(boom)
    expect(await counter()).toBe(1)
    await expect(db.collection('c').doc('other').get()).rejects.toThrow(/does not exist/)
    expect(opened.server.transactions.aborted).toBeGreaterThan(0)
  })

  it('fails a write at once when another transaction holds the document, and the SDK does not retry it', async () => {
    await db.collection('c').doc('n').set({ data: { v: 0 } })
    let release!: () => void
    const held = new Promise<void>((r) => (release = r))
    let holderWrote!: () => void
    const wrote = new Promise<void>((r) => (holderWrote = r))
    const holder = db.runTransaction(async (t) => {
      await t.collection('c').doc('n').update({ data: { v: db.command.inc(1) } })
      holderWrote()
      await held
    })
    await wrote
    let runs = 0
    const loser = db.runTransaction(async (t: Transaction) => {
      runs++
      await t.collection('c').doc('n').update({ data: { v: db.command.inc(10) } })
    })
    // wx-server-sdk turns the TcbError into `document.update:fail -501001 …` and drops `code`,
    // so @cloudbase/database's retry (which looks at `code`) does not run.
    await expect(loser).rejects.toThrow(/document.update:fail -501001 .*database transaction conflict/)
    expect(runs).toBe(1)
    release()
    await holder
    expect(await counter()).toBe(1)
  })

  it('conflicts when the document was committed after the snapshot, by a write outside transactions too', async () => {
    await db.collection('c').doc('n').set({ data: { v: 0 } })
    const attempt = db.runTransaction(async (t) => {
      const { data } = await t.collection('c').doc('n').get()
      await db.collection('c').doc('n').set({ data: { v: 100 } }) // someone else commits
      await t.collection('c').doc('n').set({ data: { v: (data.v as number) + 1 } })
    })
    await expect(attempt).rejects.toThrow(/transaction conflict/)
    expect(await counter()).toBe(100)
  })

  it('retries at commit, where the conflict keeps its code: the first run and the SDK’s three retries', async () => {
    await db.collection('c').doc('n').set({ data: { v: 0 } })
    let runs = 0
    const always = raw.runTransaction(async (t) => {
      runs++
      await t.collection('c').doc('n').get()
      await db.collection('c').doc('n').set({ data: { v: runs } })
      // The conflicting write is swallowed, so the conflict comes back from commitTransaction.
      await t
        .collection('c')
        .doc('n')
        .set({ data: { v: -1 } })
        .catch(() => undefined)
    })
    await expect(always).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT' })
    expect(runs).toBe(4)
    expect(await counter()).toBe(4)
  })

  it('makes a write outside transactions wait for the transaction holding the document', async () => {
    await db.collection('c').doc('n').set({ data: { v: 0 } })
    const order: string[] = []
    let outside: Promise<unknown> = Promise.resolve()
    await db.runTransaction(async (t) => {
      await t.collection('c').doc('n').update({ data: { v: db.command.inc(1) } })
      outside = db.collection('c').doc('n').update({ data: { v: db.command.inc(10) } }).then(() => order.push('outside'))
      await new Promise((r) => setTimeout(r, 50))
      order.push('commit')
    })
    await outside
    expect(order).toEqual(['commit', 'outside'])
    expect(await counter()).toBe(11)
  })

  it('refuses to use a transaction after it ended', async () => {
    let leaked: Transaction | null = null
    await db.runTransaction(async (t) => {
      leaked = t
    })
    await expect(leaked!.collection('c').doc('n').set({ data: { v: 1 } })).rejects.toThrow(/has already ended \(committed\)/)
  })
})

describe('local CloudBase server: aggregation', () => {
  const facts = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ personId: `p${i % 37}`, unit: ['kx', 'nongye', 'jiaoyu'][i % 3], tags: i % 2 ? ['a', 'b'] : ['a'], month: `2026-${String((i % 12) + 1).padStart(2, '0')}` }))

  it('matches, unwinds, groups, sorts, projects and counts', async () => {
    opened.server.insertMany(opened.env, 'items', facts(90))
    const $ = raw.command.aggregate
    const _ = raw.command
    const { list } = await raw
      .collection('items')
      .aggregate()
      .match({ unit: _.in(['kx', 'nongye']) })
      .unwind('$tags')
      .group({ _id: '$tags', n: $.sum(1), people: $.addToSet('$personId') })
      .project({ n: 1, people: $.size('$people') })
      .sort({ _id: 1 })
      .end()
    const kept = facts(90).filter((f) => f.unit !== 'jiaoyu')
    const want = ['a', 'b'].map((tag) => {
      const rows = kept.filter((f) => f.tags.includes(tag))
      return { _id: tag, n: rows.length, people: new Set(rows.map((f) => f.personId)).size }
    })
    expect(list).toEqual(want)
    expect(want[0].n).toBe(60)
    const counted = await raw.collection('items').aggregate().match({ unit: 'kx' }).count('total').end()
    expect(counted.list).toEqual([{ total: 30 }])
  })

  it('returns 20 results without a limit stage, as CloudBase does, and more with one', async () => {
    opened.server.insertMany(opened.env, 'items', facts(90))
    const $ = raw.command.aggregate
    const grouped = () => raw.collection('items').aggregate().group({ _id: '$personId', n: $.sum(1) }).sort({ _id: 1 })
    expect((await grouped().end()).list).toHaveLength(20)
    expect((await grouped().limit(100).end()).list).toHaveLength(37)
  })

  it('groups 100,000 bulk-loaded documents in one request', async () => {
    opened.server.insertMany(opened.env, 'items', facts(100_000))
    const $ = raw.command.aggregate
    const started = Date.now()
    const { list } = await raw.collection('items').aggregate().group({ _id: '$unit', n: $.sum(1) }).sort({ _id: 1 }).limit(10).end()
    expect(list).toEqual([
      { _id: 'jiaoyu', n: 33_333 },
      { _id: 'kx', n: 33_334 },
      { _id: 'nongye', n: 33_333 },
    ])
    expect((await db.collection('items').where({ unit: 'kx', month: '2026-01' }).count()).total).toBe(8_334)
    expect(Date.now() - started).toBeLessThan(10_000)
  })
})

// What the CloudBase adapter must do beyond the shared Store contract: give up on endless conflicts
// with SYSTEM.BUSY, pass expected failures through untouched, treat search text literally as a
// regular expression, keep adapter-only fields out of domain objects, honour a collection prefix, and
// read documents written before the check-in fields existed. Through the real wx-server-sdk on the
// local CloudBase server (tests/support/cloudbase-sdk.ts), a fresh database per test.

import { COLLECTIONS, createCloudBaseStore } from '../../cloud/cloudbase-store'
import type { CloudDb } from '../../cloud/cloudbase-types'
import { AppError, fail } from '../../src/domain/errors'
import { openSdkDb, type SdkDb } from '../support/cloudbase-sdk'
import { buildWorld, WORLD } from '../support/world'
import { dispatch, FUNCTIONS } from '../../src/handlers'
import {
  activityId,
  at,
  makeActivity,
  makeCheckIn,
  makeGrant,
  makeInvite,
  makePerson,
  makeRegistration,
  personId,
  T0,
  userId,
} from '../support/factories'

let opened: SdkDb | null = null
afterEach(async () => {
  await opened?.close()
  opened = null
})
/** A fresh database through the SDK, with the adapter's collections (and `also`) created. */
async function freshDb(also: readonly string[] = []): Promise<CloudDb> {
  opened = await openSdkDb({ collections: [...COLLECTIONS, ...also] })
  return opened.db
}

describe('CloudBase store', () => {
  it('answers SYSTEM.BUSY when every attempt of a transaction conflicts', async () => {
    const db = await freshDb()
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
    const db = await freshDb()
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
    const store = createCloudBaseStore(await freshDb())
    await store.putActivity(makeActivity({ id: activityId(1), title: '问答 (第1期) [少儿] a.b c*d $5 ^_^ | x+y? {1}' }))
    await store.putActivity(makeActivity({ id: activityId(2), title: '普通讲座 aXb cccd' }))
    const ids = async (text: string) => (await store.listActivities({ endsAfter: T0, text, offset: 0, limit: 10 })).items.map((a) => a.id)
    for (const text of ['(第1期)', '[少儿]', 'a.b', 'c*d', '$5', '^_^', '| x+y?', '{1}', '(', '[']) {
      expect(await ids(text)).toEqual([activityId(1)])
    }
    expect(await ids('.*')).toEqual([])
  })

  it('stores instants as epoch milliseconds beside the text, and returns only domain fields', async () => {
    const db = await freshDb()
    const store = createCloudBaseStore(db)
    const activity = makeActivity({ startAt: at(10), endAt: at(12) })
    await store.putActivity(activity)
    const raw = (await db.collection('activities').doc(activity.id).get()).data
    expect(raw).toMatchObject({ _id: activity.id, startAtMs: Date.parse(at(10)), endAtMs: Date.parse(at(12)) })
    expect(await store.getActivity(activity.id)).toStrictEqual(activity)
    expect((await store.listActivities({ endsAfter: T0, offset: 0, limit: 10 })).items).toStrictEqual([activity])
  })

  it('keeps every collection under the given prefix', async () => {
    const db = await freshDb(COLLECTIONS.map((c) => `run42_${c}`))
    const store = createCloudBaseStore(db, { collectionPrefix: 'run42_' })
    await store.putActivity(makeActivity())
    await store.putInvite(makeInvite())
    await store.transaction(async (tx) => {
      await tx.putPerson(makePerson())
      await tx.putCheckIn(makeCheckIn())
      await tx.putGrant(makeGrant())
    })
    for (const c of ['activities', 'persons', 'checkins', 'scannerInvites', 'scannerGrants']) {
      expect([c, (await db.collection(`run42_${c}`).count()).total]).toEqual([c, 1])
      expect([c, (await db.collection(c).count()).total]).toEqual([c, 0])
    }
    expect(await store.getCheckIn(makeCheckIn().id)).toStrictEqual(makeCheckIn())
    expect(await store.listGrantsByUser(makeGrant().userId)).toStrictEqual([makeGrant()])
  })

  describe('documents written before check-in existed', () => {
    /** Rewrites a stored document without the given fields, as older code would have left it. */
    async function strip(db: CloudDb, collection: string, id: string, fields: string[]): Promise<void> {
      const { _id, ...data } = (await db.collection(collection).doc(id).get()).data
      for (const f of fields) delete data[f]
      await db.collection(collection).doc(_id).set({ data })
    }

    it('read back with the defaults: false, 0 and null', async () => {
      const db = await freshDb()
      const store = createCloudBaseStore(db)
      const activity = makeActivity()
      const person = makePerson()
      const registration = makeRegistration()
      await store.putActivity(activity)
      await store.putPerson(person)
      await store.putRegistration(registration)
      await strip(db, 'activities', activity.id, ['checkoutEnabled', 'walkInsAllowed', 'attendanceClosedAt'])
      await strip(db, 'persons', person.id, ['cardVersion'])
      await strip(db, 'registrations', registration.id, ['walkIn', 'attendance', 'checkedInAt', 'checkedOutAt'])
      expect((await db.collection('activities').doc(activity.id).get()).data).not.toHaveProperty('checkoutEnabled')

      expect(await store.getActivity(activity.id)).toStrictEqual(activity)
      expect(await store.listActivitiesByDepartment('kx', T0, at(24 * 30))).toStrictEqual([activity])
      expect(await store.getPerson(person.id)).toStrictEqual(person)
      expect(await store.listPersonsByOwner(person.ownerId)).toStrictEqual([person])
      expect(await store.getRegistration(registration.id)).toStrictEqual(registration)
      expect(
        await store.transaction(async (tx) => ({
          activity: await tx.getActivity(activity.id),
          person: await tx.getPerson(person.id),
          registration: await tx.getRegistration(registration.id),
        })),
      ).toStrictEqual({ activity, person, registration })
    })

    it('still fail loudly when a new field is present with the wrong type', async () => {
      const db = await freshDb()
      const store = createCloudBaseStore(db)
      await store.putActivity(makeActivity())
      await db.collection('activities').doc(activityId(1)).update({ data: { walkInsAllowed: 'yes' } })
      await expect(store.getActivity(activityId(1))).rejects.toThrow(/malformed activities document act-0001: bad walkInsAllowed/)
      await store.putPerson(makePerson())
      await db.collection('persons').doc(personId(1)).update({ data: { cardVersion: '2' } })
      await expect(store.getPerson(personId(1))).rejects.toThrow(/bad cardVersion/)
      await store.putRegistration(makeRegistration())
      await db.collection('registrations').doc(makeRegistration().id).update({ data: { attendance: 'late' } })
      await expect(store.getRegistration(makeRegistration().id)).rejects.toThrow(/bad attendance/)
    })
  })

  it('stores check-in duplicates as an array of plain objects and refuses malformed ones', async () => {
    const db = await freshDb()
    const store = createCloudBaseStore(db)
    const checkIn = makeCheckIn({ duplicates: [{ nonce: 'n-2', at: at(1), operatorId: userId(2), deviceId: 'dev-2' }] })
    await store.transaction((tx) => tx.putCheckIn(checkIn))
    const raw = (await db.collection('checkins').doc(checkIn.id).get()).data
    expect(raw.duplicates).toEqual([{ nonce: 'n-2', at: at(1), operatorId: userId(2), deviceId: 'dev-2' }])
    await db.collection('checkins').doc(checkIn.id).update({ data: { duplicates: [{ nonce: 'n-2' }] } })
    await expect(store.getCheckIn(checkIn.id)).rejects.toThrow(/malformed checkins document .*: bad duplicates/)
  })

  it('fails loudly on a malformed document and on errors other than "does not exist"', async () => {
    const db = await freshDb()
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
    const db = await freshDb()
    const store = createCloudBaseStore(db)
    const all = Array.from({ length: 250 }, (_, i) => makeActivity({ id: activityId(i) }))
    for (const a of all) await store.putActivity(a)
    const found = await store.getActivities([...all].reverse().map((a) => a.id))
    expect(found.map((a) => a.id)).toEqual([...all].reverse().map((a) => a.id))
  })

  it('loads a 300-person console roster in a bounded number of reads', async () => {
    const db = await freshDb()
    const store = createCloudBaseStore(db)
    await buildWorld(store)
    const big = makeActivity({ id: activityId('big'), areaId: WORLD.area, capacity: 400 })
    await store.putActivity({ ...big, confirmedCount: 300 })
    for (let i = 0; i < 300; i++) {
      const p = makePerson({ id: personId(`big-${i}`), ownerId: userId(`owner-${i}`), name: `参与人${i}` })
      await store.putPerson(p)
      await store.putRegistration(makeRegistration({ activityId: big.id, personId: p.id, ownerId: p.ownerId, seq: i + 1 }))
    }
    const organizer = (await store.getUser(WORLD.users.organizer))!
    const deps = { store, clock: { now: () => at(1) }, random: Math.random, signingKey: new Uint8Array(32).fill(7) }
    const reads = () => opened!.server.stats(opened!.env)['database.getDocument'] ?? 0
    const before = reads()
    const reply = await dispatch(FUNCTIONS.checkin, 'console', { activityId: big.id }, organizer, deps)
    expect(reply).toMatchObject({ ok: true })
    expect((reply as any).data.roster).toHaveLength(300)
    // Persons are read 100 at a time (3 reads), not one by one (300).
    expect(reads() - before).toBeLessThan(30)
  })
})

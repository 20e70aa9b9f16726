// What the PostgreSQL adapter promises beyond the Store contract (tests/contract): migrations applied
// once when several gateways open one database together, creating a missing row serialized inside
// transactions, the gateway's sessions, text search folding case as JavaScript does, and the recount.

import { openPgStore, type PgStore } from '../../server/postgres/store'
import { MIGRATIONS } from '../../server/postgres/migrations'
import { activityFacts as factActivity } from '../../src/domain/ledger/count'
import { dropSchema, freshSchema, openPgTestStore, testDatabaseUrl } from '../support/pg-store'
import { activityId, at, makeActivity, makePerson, makeRegistration, makeUser, personId, T0, userId } from '../support/factories'

describe('PostgreSQL store', () => {
  let store: PgStore
  beforeEach(async () => {
    store = await openPgTestStore()
  })
  afterEach(() => store.close())

  it('applies each migration once when four gateways open the same empty schema at once', async () => {
    const url = await testDatabaseUrl()
    const schema = freshSchema()
    try {
      const stores = await Promise.all([1, 2, 3, 4].map(() => openPgStore(url, { schema, max: 2 })))
      const rows = await stores[0]!.db.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name')
      expect(rows.map((r) => r.name)).toEqual(MIGRATIONS.map((m) => m.name).sort())
      await Promise.all(stores.map((s) => s.close()))
    } finally {
      await dropSchema(url, schema)
    }
  })

  it('lets transactions read one activity for a decision at the same time (FOR SHARE), while a writer of it waits for them', async () => {
    const activity = makeActivity()
    await store.putActivity(activity)
    // Each reader holds its read until every reader has made it: with FOR UPDATE the second would wait
    // for the first to commit, which waits for the second, and neither would get through.
    const READERS = 3
    let reading = 0
    const everyone = new Promise<void>((resolve) => {
      const check = setInterval(() => reading >= READERS && (clearInterval(check), resolve()), 5)
    })
    const order: string[] = []
    const readers = Array.from({ length: READERS }, () =>
      store.transaction(async (tx) => {
        await tx.readActivity(activity.id)
        reading++
        await everyone
        order.push('reader')
      }),
    )
    await everyone
    const writer = store.transaction(async (tx) => {
      const a = await tx.getActivity(activity.id)
      order.push('writer')
      await tx.putActivity({ ...a!, title: '改过的标题' })
    })
    await Promise.all([...readers, writer])
    expect(order).toStrictEqual(['reader', 'reader', 'reader', 'writer'])
    expect((await store.getActivity(activity.id))!.title).toBe('改过的标题')
  }, 20_000)

  it('serializes transactions that all find the same row missing and create it: 20 credits, none lost', async () => {
    const user = userId(1)
    const addCredit = () =>
      store.transaction(async (tx) => {
        const s = await tx.getSubscription(user, 'day_before')
        // Widen the window between the read and the write, so unserialized transactions would overlap.
        await new Promise((r) => setTimeout(r, 5))
        await tx.putSubscription({ userId: user, kind: 'day_before', credits: (s?.credits ?? 0) + 1, updatedAt: T0 })
      })
    await Promise.all(Array.from({ length: 20 }, addCredit))
    expect(await store.listSubscriptionsByUser(user)).toEqual([{ userId: user, kind: 'day_before', credits: 20, updatedAt: T0 }])
  })

  it('keeps a session until its expiry (exclusive), removes expired ones and those of a deleted user', async () => {
    await store.putUser(makeUser({ id: userId(1) }))
    await store.createSession('tok-a', userId(1), at(1), T0)
    await store.createSession('tok-b', userId(1), at(3), T0)
    await store.createSession('tok-c', userId(2), at(3), T0)
    expect(await store.getSessionUser('tok-a', at(0.5))).toBe(userId(1))
    expect(await store.getSessionAccount('tok-a', at(0.5))).toStrictEqual(await store.getUser(userId(1)))
    expect(await store.getSessionUser('tok-a', at(1))).toBeNull()
    expect(await store.getSessionAccount('tok-a', at(1))).toBeNull()
    expect(await store.deleteExpiredSessions(at(1))).toBe(1)
    await store.deleteSession('tok-c')
    expect(await store.getSessionUser('tok-c', T0)).toBeNull()
    await store.deleteUser(userId(1))
    expect(await store.getSessionUser('tok-b', T0)).toBeNull()
    expect(await store.getSessionAccount('tok-b', T0)).toBeNull()
    await expect(store.createSession('tok-b', userId(1), at(3), T0)).resolves.toBeUndefined()
  })

  it('finds text ignoring case beyond ASCII, as matchesQuery does', async () => {
    await store.putActivity(makeActivity({ id: 'act-1' as never, title: 'ÜBER DIE STRASSE', startAt: at(1), endAt: at(2) }))
    await store.putActivity(makeActivity({ id: 'act-2' as never, title: 'Ωmega 实验', startAt: at(1), endAt: at(2) }))
    const ids = async (text: string) => (await store.listActivities({ endsAfter: T0, text, offset: 0, limit: 10 })).items.map((a) => a.id)
    expect(await ids('über')).toEqual(['act-1'])
    expect(await ids('ωMEGA')).toEqual(['act-2'])
  })

  it('recounts the ledger: reports a checked-in registration without its fact and a fact left behind, and repairs both', async () => {
    const activity = makeActivity({ id: activityId(1), startAt: at(7 * 24), endAt: at(7 * 24 + 2) })
    const attended = makeRegistration({ personId: personId(1), checkedInAt: at(7 * 24 - 0.5) })
    const cancelled = makeRegistration({ personId: personId(2), status: 'cancelled', cancelledAt: at(1) })
    await store.putActivity(activity)
    await store.putPerson(makePerson({ id: personId(1), targetGroup: 'senior' }))
    await store.transaction(async (tx) => {
      await tx.putRegistration(attended)
      await tx.putRegistration(cancelled)
    })
    // The cancelled registration's fact, as a side door might leave it.
    await store.transaction((tx) =>
      tx.putFact({ registrationId: cancelled.id, personId: personId(2), personTargetGroup: 'public', at: at(7 * 24 - 0.5), activity: factActivity(activity) }),
    )

    const report = await store.recountLedger()
    expect(report.facts).toBe(1)
    expect(report.factDifferences.map((d) => [d.kind, d.registrationId]).sort()).toEqual([
      ['missing_fact', attended.id],
      ['orphan_fact', cancelled.id],
    ])
    const repaired = await store.recountLedger({ repair: true })
    expect(repaired.factDifferences).toHaveLength(2)
    expect(await store.recountLedger()).toMatchObject({ facts: 1, factDifferences: [], completionDifferences: [] })
    expect(await store.listFacts()).toMatchObject([{ registrationId: attended.id, personId: personId(1), personTargetGroup: 'senior' }])
  })
})

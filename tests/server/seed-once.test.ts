// The first-run seed when four gateways start on one empty PostgreSQL database together: under the
// advisory lock exactly one seeds and the others find it seeded; without a lock, every one would.
import { openPgStore, type PgStore } from '../../server/postgres/store'
import { noLock, pgAdvisoryLock, seedOnce, type SeedLock } from '../../server/seed/once'
import type { Store } from '../../src/domain/ports'
import { dropSchema, freshSchema, testDatabaseUrl } from '../support/pg-store'
import { makeUser, userId } from '../support/factories'

const GATEWAYS = 4

/** A seed stand-in that takes a while after its first write, as the real one does between its steps. */
async function slowSeed(store: Store): Promise<string> {
  await store.putUser(makeUser({ id: userId(Math.floor(Math.random() * 1e6)) }))
  await new Promise((r) => setTimeout(r, 150))
  return 'seeded'
}

describe('seed once across gateways', () => {
  let url: string
  const schemas: string[] = []
  const stores: PgStore[] = []

  async function gateways(): Promise<{ schema: string; stores: PgStore[] }> {
    const schema = freshSchema()
    schemas.push(schema)
    const opened = await Promise.all(Array.from({ length: GATEWAYS }, () => openPgStore(url, { schema, max: 2 })))
    stores.push(...opened)
    return { schema, stores: opened }
  }

  beforeAll(async () => {
    url = await testDatabaseUrl()
  })
  afterAll(async () => {
    for (const s of stores) await s.close()
    for (const schema of schemas) await dropSchema(url, schema)
  })

  const startTogether = (opened: PgStore[], lockOf: () => SeedLock, run = slowSeed) =>
    Promise.all(opened.map((store) => seedOnce(store, lockOf(), () => new Date().toISOString(), Math.random, run)))

  it('seeds once when four gateways start together', async () => {
    const { schema, stores: opened } = await gateways()
    const results = await startTogether(opened, () => pgAdvisoryLock(url, schema))
    expect(results.filter((r) => r === 'seeded')).toHaveLength(1)
    expect(await opened[0].listUsers()).toHaveLength(1)
    // A later start finds the database seeded.
    expect(await seedOnce(opened[1], pgAdvisoryLock(url, schema), () => new Date().toISOString(), Math.random, slowSeed)).toBeNull()
  })

  it('would seed on every gateway without the lock (what the lock is for)', async () => {
    const { stores: opened } = await gateways()
    // Each seed writes only once every gateway has found the database empty (or after 5 s), so on a
    // busy machine too the checks all come before the first write, as they can in a real start.
    let entered = 0
    const barrier = async (store: Store): Promise<string> => {
      entered++
      for (let waited = 0; entered < GATEWAYS && waited < 5000; waited += 10) await new Promise((r) => setTimeout(r, 10))
      return slowSeed(store)
    }
    const results = await startTogether(opened, () => noLock, barrier)
    expect(results.filter((r) => r === 'seeded').length).toBeGreaterThan(1)
  })

  it('keys the lock by schema: gateways of another database do not wait for this one', async () => {
    const a = await gateways()
    const b = await gateways()
    let insideA = false
    const seen: boolean[] = []
    const holdA = pgAdvisoryLock(url, a.schema)(async () => {
      insideA = true
      await new Promise((r) => setTimeout(r, 300))
      insideA = false
    })
    await new Promise((r) => setTimeout(r, 100))
    await pgAdvisoryLock(url, b.schema)(async () => void seen.push(insideA))
    await holdA
    expect(seen).toEqual([true])
  })
})

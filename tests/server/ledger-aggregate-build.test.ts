// The SQLite ledger aggregates at scale: the recount streams the facts in batches of whole persons and
// sums the batches' cells (equal to one recount of every fact), and a new target is built outside the
// write section (server/sqlite/ledger-build.ts) while writes go on, each write counted exactly once.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { recountTarget, targetOf } from '../../src/domain/ledger/aggregates'
import { activityFacts, type CountSpec } from '../../src/domain/ledger/count'
import { TAGS } from '../../src/domain/ledger/indicators'
import type { StoredFact } from '../../src/domain/ports'
import { shanghaiInstant } from '../../src/domain/time'
import type { LedgerAggregates } from '../../server/sqlite/ledger-aggregates'
import { openSqliteStore, type SqliteStore } from '../../server/sqlite/store'
import { activityId, areaId, makeActivity, makeFact, personId } from '../support/factories'

const YEAR = { from: shanghaiInstant(2026, 1, 1), to: shanghaiInstant(2027, 1, 1) }
const specs: CountSpec[] = [
  { rule: 'unique_persons', period: YEAR, filters: { tags: [TAGS.highQualityFarmer] } },
  { rule: 'unique_persons', period: YEAR, filters: { minAttendance: 2 } },
  { rule: 'person_times', period: YEAR, filters: {} },
]
const activities = [1, 2, 3, 4, 5, 6].map((n) =>
  makeActivity({
    id: activityId(n),
    startAt: shanghaiInstant(2026, n, 10),
    tags: n % 2 ? [TAGS.highQualityFarmer] : [TAGS.smartClass],
    areaId: areaId(n % 3),
    departmentCode: n <= 3 ? 'nongye' : 'kx',
  }),
)

/** The i-th generated fact: persons, activities and days spread so cells overlap. */
const nthFact = (i: number, prefix = 'reg'): StoredFact => {
  const a = activities[(i * 7) % activities.length]
  return makeFact({
    registrationId: `${prefix}-${String(i).padStart(6, '0')}`,
    personId: personId((i * 13) % 37),
    personTargetGroup: i % 3 ? 'farmer' : 'senior',
    at: new Date(Date.parse(a.startAt) + (i % 5) * 86_400_000).toISOString(),
    activity: activityFacts(a),
  })
}

let dir: string
let store: SqliteStore

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kepu-agg-build-'))
  store = openSqliteStore(path.join(dir, 'kepu.sqlite'))
  for (const a of activities) await store.putActivity(a)
})
afterEach(() => {
  store.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

/** The store's aggregates (composed in, not part of the SqliteStore port). */
const aggregates = (): LedgerAggregates => (store as unknown as { aggregates: LedgerAggregates }).aggregates

async function write(facts: readonly StoredFact[]): Promise<void> {
  await store.transaction(async (tx) => {
    for (const f of facts) await tx.putFact(f)
  })
}

/** The facts in batches of whole persons, `size` persons each. */
function batchesOfPersons(facts: readonly StoredFact[], size: number): StoredFact[][] {
  const byPerson = new Map<string, StoredFact[]>()
  for (const f of facts) byPerson.set(f.personId, [...(byPerson.get(f.personId) ?? []), f])
  const persons = [...byPerson.values()]
  return Array.from({ length: Math.ceil(persons.length / size) }, (_, i) => persons.slice(i * size, (i + 1) * size).flat())
}

describe('the recount in batches of whole persons', () => {
  it('sums to the recount of every fact at once, for person-times and unique persons with minAttendance', async () => {
    for (const spec of specs) await store.countFacts(spec)
    const facts = Array.from({ length: 300 }, (_, i) => nthFact(i))
    await write(facts)
    const whole = aggregates().recount([facts])
    expect(whole).toMatchObject({ facts: 300, targets: 3, disagreements: [] })
    for (const size of [1, 4, 100]) {
      expect(aggregates().recount(batchesOfPersons(facts, size))).toStrictEqual(whole)
    }
    // And the store's recount (the facts read by the person index) agrees with the kept numbers.
    expect(await store.recountLedger()).toMatchObject({ facts: 300, targets: 3, disagreements: [] })
  })

  it('reports a cell that only a sum over batches gets right', async () => {
    const spec = specs[1] // two attendances needed: one person's two facts must not be split
    await store.countFacts(spec)
    const facts = [nthFact(1), { ...nthFact(2), personId: nthFact(1).personId }]
    await write(facts)
    const target = targetOf(spec)!
    expect(recountTarget(target, facts).get('*')).toStrictEqual({ facts: 2, persons: 1 })
    expect(aggregates().recount(batchesOfPersons(facts, 1)).disagreements).toStrictEqual([])
    // Split across batches (what the person order prevents), the person would be lost.
    expect(aggregates().recount([[facts[0]], [facts[1]]]).disagreements).toContainEqual(
      expect.objectContaining({ scope: '*', kept: { facts: 2, persons: 1 }, recounted: { facts: 2, persons: 0 } }),
    )
  })
})

describe('a new target built in a worker while writes go on', () => {
  /** Every kind of fact change, the i-th of them: a new fact, one moved to another person, one removed, one rolled back. */
  async function change(i: number): Promise<void> {
    const kind = i % 4
    if (kind === 0) return write([nthFact(10_000 + i, 'new')])
    if (kind === 1) return write([{ ...nthFact(i), personId: personId(100 + (i % 7)) }])
    if (kind === 2) return store.transaction((tx) => tx.deleteFact(nthFact(i).registrationId))
    await store
      .transaction(async (tx) => {
        await tx.putFact(nthFact(20_000 + i, 'rolled-back'))
        throw new Error('rolled back')
      })
      .catch(() => undefined)
  }

  it('counts every write made during the build exactly once (equal to recountTarget afterwards)', async () => {
    await write(Array.from({ length: 2_000 }, (_, i) => nthFact(i)))
    aggregates().workerFromFacts = 0
    let building = true
    const figures = Promise.all(specs.map((spec) => store.countFacts(spec))).finally(() => (building = false))
    let i = 0
    while (building) {
      await change(i++)
      await new Promise((resolve) => setTimeout(resolve, 1))
    }
    await figures
    expect(aggregates().builds).toMatchObject({ inPlace: 0, inWorker: 3 })
    expect(aggregates().builds.caughtUp).toBeGreaterThan(0)
    const facts = await store.listFacts()
    expect(facts.some((f) => f.registrationId.startsWith('rolled-back'))).toBe(false)
    const report = await store.recountLedger()
    expect(report).toMatchObject({ targets: 3, disagreements: [] })
    for (const spec of specs) {
      const target = targetOf(spec)!
      expect(await store.countFacts(spec)).toBe(recountTarget(target, facts).get('*')?.[spec.rule === 'person_times' ? 'facts' : 'persons'] ?? 0)
    }
    // And the targets go on following writes once visible.
    for (let j = 0; j < 8; j++) await change(i++)
    expect((await store.recountLedger()).disagreements).toStrictEqual([])
  })

  it('does not hold up a check-in for the build: the longest write wait is a small part of the build', async () => {
    await write(Array.from({ length: 20_000 }, (_, i) => nthFact(i)))
    aggregates().workerFromFacts = 0
    const waits: number[] = []
    const t0 = performance.now()
    let building = true
    const figure = store.countFacts(specs[1]).finally(() => (building = false))
    for (let i = 0; building; i++) {
      const t = performance.now()
      await change(i)
      waits.push(performance.now() - t)
      await new Promise((resolve) => setTimeout(resolve, 2))
    }
    await figure
    const buildMs = performance.now() - t0
    expect(aggregates().builds.inWorker).toBe(1)
    expect(waits.length).toBeGreaterThan(10)
    expect(Math.max(...waits)).toBeLessThan(buildMs / 3)
    expect((await store.recountLedger()).disagreements).toStrictEqual([])
  })

  it('ignores a target a crash left half built, and the next build removes it', async () => {
    await write([nthFact(1), nthFact(2)])
    store.db.exec(`INSERT INTO ledger_agg_targets (key, need, used_at, building) VALUES ('{"half":1}', 1, '2026-01-01T00:00:00.000Z', 1)`)
    const half = Number(store.db.prepare(`SELECT id FROM ledger_agg_targets WHERE building = 1`).pluck().get())
    store.db.prepare(`INSERT INTO ledger_agg_cells (target, scope, facts, persons) VALUES (?, '*', 7, 0)`).run(half)
    store.close()
    store = openSqliteStore(path.join(dir, 'kepu.sqlite'))
    expect(aggregates().targets()).toStrictEqual([])
    aggregates().workerFromFacts = 0
    expect(await store.countFacts(specs[2])).toBe(2)
    expect(store.db.prepare(`SELECT key, building FROM ledger_agg_targets`).all()).toEqual([{ key: targetOf(specs[2])!.key, building: 0 }])
    expect(store.db.prepare(`SELECT facts FROM ledger_agg_cells WHERE scope = '*'`).pluck().all()).toStrictEqual([2])
  })
})

describe('the activities rule from its cache', () => {
  const farmerActivities: CountSpec = { rule: 'activities', period: YEAR, filters: { tags: [TAGS.highQualityFarmer] } }
  const version = () => store.db.prepare('SELECT v FROM ledger_activity_version').pluck().get()

  it('follows a change of a counted column, and a rolled-back change, but not a sign-up', async () => {
    expect(await store.countFacts(farmerActivities)).toBe(3)
    expect(await store.breakdownFacts(farmerActivities, 'area')).toStrictEqual([[areaId(0), 1], [areaId(1), 1], [areaId(2), 1]])
    const before = version()
    await store.putActivity({ ...activities[0], confirmedCount: 5 })
    expect(version()).toBe(before)
    await store.putActivity({ ...activities[1], tags: [TAGS.highQualityFarmer] })
    expect(await store.countFacts(farmerActivities)).toBe(4)
    expect(await store.breakdownFacts(farmerActivities, 'area')).toStrictEqual([[areaId(0), 1], [areaId(1), 1], [areaId(2), 2]])
    await store
      .transaction(async (tx) => {
        await tx.putActivity({ ...activities[2], status: 'cancelled' })
        expect(await store.countFacts(farmerActivities)).toBe(3)
        throw new Error('rolled back')
      })
      .catch(() => undefined)
    expect(await store.countFacts(farmerActivities)).toBe(4)
    await store.putActivity({ ...activities[2], tags: ['科普 "quoted" \\ tag'] })
    expect(await store.countFacts(farmerActivities)).toBe(3)
    expect(await store.countFacts({ ...farmerActivities, filters: { tags: ['科普 "quoted" \\ tag'] } })).toBe(1)
  })
})

// The CloudBase ledger's maintained counts (cloud/cloudbase-ledger-aggregates.ts): dashboards read the
// shards, not the facts; concurrent check-ins all succeed and leave counts equal to a recount; a new
// target is counted from the facts until it is built and its grace period has passed; cancellations
// and facts from before the counts existed are applied.

import { countFacts as domainCount, breakdown, type CountSpec } from '../../src/domain/ledger/count'
import type { StoredFact } from '../../src/domain/ports'
import { activityFacts } from '../../src/domain/ledger/count'
import { createCloudBaseStore, type CloudBaseStore } from '../../cloud/cloudbase-store'
import type { CloudDb } from '../../cloud/cloudbase-types'
import { aggregateDocuments, SHARDS } from '../../cloud/cloudbase-ledger-aggregates'
import { aggregateQuery } from '../../src/domain/ledger/aggregates'
import { activityId, areaId, at, makeActivity, makeFact, makeRegistration, personId } from '../support/factories'
import { openCloudDb } from '../support/cloudbase-db'

const YEAR: CountSpec['period'] = { from: '2025-12-31T16:00:00.000Z', to: '2026-12-31T16:00:00.000Z' }
const personTimes: CountSpec = { rule: 'person_times', period: YEAR, filters: {} }
const people: CountSpec = { rule: 'unique_persons', period: YEAR, filters: {} }
const twice: CountSpec = { rule: 'unique_persons', period: YEAR, filters: { minAttendance: 2 } }
const SPECS = [personTimes, people, twice]

/** The collections each call touches, to show what a figure reads. */
function recording(db: CloudDb): { db: CloudDb; touched: string[] } {
  const touched: string[] = []
  const wrapped = Object.create(db) as CloudDb
  wrapped.collection = (name: string) => {
    touched.push(name)
    return db.collection(name)
  }
  return { db: wrapped, touched }
}

/** Every number in the documents' trees, summed by path (how the counters and deltas are folded). */
function totals(docs: ReadonlyArray<Record<string, unknown>>): Record<string, number> {
  const out: Record<string, number> = {}
  const walk = (v: unknown, path: string): void => {
    if (typeof v === 'number') out[path] = (out[path] ?? 0) + v
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`)
  }
  for (const d of docs) walk(d.t, 't')
  for (const k of Object.keys(out)) if (out[k] === 0) delete out[k]
  return out
}

let close: () => Promise<void> = async () => {}
afterEach(() => close())

/** The aggregates' clock, moved by the tests. */
let clockMs = 0
async function open(graceMs = 0): Promise<{ store: CloudBaseStore; touched: string[]; db: CloudDb }> {
  const opened = await openCloudDb()
  close = opened.close
  clockMs = Date.parse('2026-09-01T00:00:00.000Z')
  const { db, touched } = recording(opened.db)
  return { store: createCloudBaseStore(db, { aggregateGraceMs: graceMs, now: () => clockMs }), touched, db: opened.db }
}

const activities = Array.from({ length: 20 }, (_, i) =>
  makeActivity({ id: activityId(i + 1), areaId: areaId((i % 4) + 1), departmentCode: i % 2 ? 'kx' : 'nongye', startAt: at(24 * i), endAt: at(24 * i + 2) }),
)

/** One check-in's writes, as the check-in handler makes them in one transaction. */
async function checkIn(store: CloudBaseStore, n: number, person = personId((n * 7) % 90)): Promise<StoredFact> {
  const activity = activities[n % activities.length]
  const registration = makeRegistration({ id: `reg-${n}` as never, activityId: activity.id, personId: person, attendance: 'attended' })
  const fact = makeFact({ registrationId: registration.id, personId: person, activity: activityFacts(activity), at: at(24 * (n % 20) + 1) })
  await store.transaction(async (tx) => {
    await tx.getActivity(activity.id)
    await tx.putRegistration(registration)
    await tx.putFact(fact)
  })
  return fact
}

async function expectEqualToDomain(store: CloudBaseStore, facts: readonly StoredFact[]): Promise<void> {
  for (const spec of SPECS) {
    expect([spec.rule, spec.filters, await store.countFacts(spec)]).toStrictEqual([spec.rule, spec.filters, domainCount(spec, facts)])
    for (const by of ['month', 'area', 'department', 'targetGroup'] as const) {
      const want = [...breakdown(spec, facts, by)].sort(([a], [b]) => (a < b ? -1 : 1))
      expect([spec.rule, by, await store.breakdownFacts(spec, by)]).toStrictEqual([spec.rule, by, want])
    }
  }
}

describe('CloudBase ledger aggregates', () => {
  it('answers a dashboard from the shards once built, without reading the facts', async () => {
    const { store, touched } = await open()
    for (const spec of SPECS) expect(await store.countFacts(spec)).toBe(0)
    const facts: StoredFact[] = []
    for (let n = 0; n < 30; n++) facts.push(await checkIn(store, n))
    touched.length = 0
    await expectEqualToDomain(store, facts)
    expect(touched.filter((c) => c === 'ledgerFacts')).toStrictEqual([])
    // The registry, the shards, and (at most once a second) the cancelled activities.
    expect([...new Set(touched)].filter((c) => !['ledgerAggState', 'ledgerAggCounts', 'activities'].includes(c))).toStrictEqual([])
    expect(touched).toContain('ledgerAggCounts')
    expect((await store.ledgerAggregates.recount(await store.listFacts())).disagreements).toStrictEqual([])
  })

  it('200 concurrent check-ins across 20 activities all succeed, with counts equal to a recount', async () => {
    const { store, db } = await open()
    for (const spec of SPECS) await store.countFacts(spec)
    // Earlier attendances of 60 of the people, so the 200 at the desks include second visits.
    const earlier: StoredFact[] = []
    for (let n = 1000; n < 1060; n++) earlier.push(await checkIn(store, n, personId(n - 1000)))
    // 200 people checked in at once at 20 desks (each person at one desk at a time).
    const settled = await Promise.allSettled(Array.from({ length: 200 }, (_, n) => checkIn(store, n, personId(n))))
    const failed = settled.filter((s) => s.status === 'rejected')
    expect(failed).toStrictEqual([])
    const facts = [...earlier, ...settled.map((s) => (s as PromiseFulfilledResult<StoredFact>).value)]
    await expectEqualToDomain(store, facts)
    const recount = await store.ledgerAggregates.recount(await store.listFacts())
    expect(recount.targets).toBe(SPECS.length)
    expect(recount.disagreements).toStrictEqual([])
    // Folded, the counters hold exactly what aggregateDocuments computes at once from the facts (for bulk loads).
    await store.ledgerAggregates.fold()
    const computed = aggregateDocuments(SPECS.map((spec) => aggregateQuery(spec)!.target), facts)
    const { data: counters } = await db.collection('ledgerAggCounts').limit(1000).get()
    expect(counters.map((d) => d._id).sort()).toStrictEqual(computed.shards.map((d) => d._id).sort())
    expect(totals(counters)).toStrictEqual(totals(computed.shards))
    const persons = []
    for (let skip = 0; ; skip += 100) {
      const { data } = await db.collection('ledgerAggPersons').orderBy('_id', 'asc').skip(skip).limit(100).get()
      persons.push(...data)
      if (data.length < 100) break
    }
    const byId = <T extends { _id: string }>(docs: T[]) => [...docs].sort((a, b) => (a._id < b._id ? -1 : 1))
    expect(byId(persons)).toStrictEqual(byId(computed.persons))
  })

  it('counts a new target from the facts until its grace period has passed, then builds it on the timer', async () => {
    const { store, touched } = await open(60_000)
    const facts: StoredFact[] = []
    for (let n = 0; n < 25; n++) facts.push(await checkIn(store, n))
    touched.length = 0
    expect(await store.countFacts(people)).toBe(domainCount(people, facts))
    expect(touched).toContain('ledgerFacts')
    clockMs += 59_000
    expect(await store.ledgerAggregates.maintain(clockMs + 5_000)).toMatchObject({ ready: 0, building: 1 })
    // Check-ins during the grace period are counted by the target too (each marks the fact).
    for (let n = 25; n < 35; n++) facts.push(await checkIn(store, n))
    clockMs += 1_000
    expect(await store.ledgerAggregates.maintain(clockMs + 5_000)).toMatchObject({ ready: 1, building: 0 })
    touched.length = 0
    expect(await store.countFacts(people)).toBe(domainCount(people, facts))
    expect(touched).not.toContain('ledgerFacts')
    expect((await store.ledgerAggregates.recount(await store.listFacts())).disagreements).toStrictEqual([])
  })

  it('applies an activity cancelled or restored after its check-ins, and facts rewritten or removed', async () => {
    const { store } = await open()
    for (const spec of SPECS) await store.countFacts(spec)
    let facts: StoredFact[] = []
    for (let n = 0; n < 40; n++) facts.push(await checkIn(store, n))
    const cancelled = activities[3]
    await store.putActivity({ ...cancelled, status: 'cancelled' })
    const current = () => facts.map((f) => (f.activity.activityId === cancelled.id ? { ...f, activity: { ...f.activity, cancelled: true } } : f))
    await expectEqualToDomain(store, current())
    // A fact moved to another person (a merge), and one removed (a correction).
    const moved = { ...facts[0], personId: personId(500) }
    await store.transaction((tx) => tx.putFact(moved))
    await store.transaction((tx) => tx.deleteFact(facts[1].registrationId))
    facts = [moved, ...facts.slice(2)]
    await expectEqualToDomain(store, current())
    await store.putActivity(cancelled)
    await expectEqualToDomain(store, facts)
    expect((await store.ledgerAggregates.recount(await store.listFacts())).disagreements).toStrictEqual([])
  })

  it('a check-in writes its own delta, never a shared counter; a fold moves the deltas into a counter', async () => {
    const { store, db } = await open()
    for (const spec of SPECS) await store.countFacts(spec)
    const facts: StoredFact[] = []
    for (let n = 0; n < 40; n++) facts.push(await checkIn(store, n))
    const before = (await db.collection('ledgerAggCounts').limit(1000).get()).data
    expect(before.filter((d) => d._id.startsWith('d:')).map((d) => d._id).sort()).toStrictEqual(facts.map((f) => `d:${f.registrationId}`).sort())
    expect(before.filter((d) => !d._id.startsWith('d:')).every((d) => Object.keys(d.t as object).length === 0)).toBe(true)
    await expectEqualToDomain(store, facts)
    expect(await store.ledgerAggregates.fold()).toBe(40)
    const after = (await db.collection('ledgerAggCounts').limit(1000).get()).data
    expect(after.filter((d) => d._id.startsWith('d:'))).toStrictEqual([])
    expect(after).toHaveLength(SHARDS)
    expect(totals(after)).toStrictEqual(totals(before))
    await expectEqualToDomain(store, facts)
  })
})

// The SQLite adapter's incremental ledger aggregates (server/sqlite/ledger-aggregates.ts) and the
// recount that proves them (`npm run ledger:recount`): after check-ins, corrections, cancellations
// and a restart the kept numbers equal a full recount with the domain's counting functions; a kept
// number that drifts is reported and repaired.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { spawnSync } from 'node:child_process'
import { aggregateQuery, recountTarget, targetOf } from '../../src/domain/ledger/aggregates'
import { activityFacts, countFacts, type CountSpec } from '../../src/domain/ledger/count'
import { TAGS } from '../../src/domain/ledger/indicators'
import type { StoredFact } from '../../src/domain/ports'
import { shanghaiInstant } from '../../src/domain/time'
import { openSqliteStore, type SqliteStore } from '../../server/sqlite/store'
import { activityId, areaId, at, makeActivity, makeFact, makeRegistration, personId } from '../support/factories'
import { courseActivities, makeCompletion, makeCourse } from '../support/course-factories'
import type { ActivityId, PersonId, RegistrationId } from '../../src/domain/ids'

const YEAR = { from: shanghaiInstant(2026, 1, 1), to: shanghaiInstant(2027, 1, 1) }
const farmers: CountSpec = { rule: 'unique_persons', period: YEAR, filters: { tags: [TAGS.highQualityFarmer] } }
const completions: CountSpec = { rule: 'unique_persons', period: YEAR, filters: { tags: [TAGS.smartClass], minAttendance: 3 } }
const allTimes: CountSpec = { rule: 'person_times', period: YEAR, filters: {} }

let dir: string
let file: string
let store: SqliteStore

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kepu-agg-'))
  file = path.join(dir, 'kepu.sqlite')
  store = openSqliteStore(file)
})
afterEach(() => {
  store.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

const activities = [1, 2, 3, 4].map((n) =>
  makeActivity({ id: activityId(n), startAt: shanghaiInstant(2026, n, 10), tags: n <= 2 ? [TAGS.highQualityFarmer] : [TAGS.smartClass], areaId: areaId(n % 2), departmentCode: n <= 2 ? 'nongye' : 'kx' }),
)
const fact = (reg: number, person: number, act: number, dayOffset = 0): StoredFact =>
  makeFact({
    registrationId: `reg-${String(reg).padStart(4, '0')}`,
    personId: personId(person),
    personTargetGroup: act <= 2 ? 'farmer' : 'senior',
    at: new Date(Date.parse(activities[act - 1].startAt) + dayOffset * 86_400_000 + 3_600_000).toISOString(),
    activity: activityFacts(activities[act - 1]),
  })

async function write(...facts: StoredFact[]): Promise<void> {
  await store.transaction(async (tx) => {
    for (const f of facts) await tx.putFact(f)
  })
}

/** Facts as check-ins leave them: each with its checked-in registration. */
async function attend(...facts: StoredFact[]): Promise<void> {
  await store.transaction(async (tx) => {
    for (const f of facts) {
      await tx.putRegistration(makeRegistration({ id: f.registrationId as RegistrationId, activityId: f.activity.activityId as ActivityId, personId: f.personId as PersonId, attendance: 'attended', checkedInAt: f.at }))
      await tx.putFact(f)
    }
  })
}

describe('domain: aggregate targets', () => {
  it('gives equal specs one target whatever the order of their filter lists, and splits off one unit or area as the scope', () => {
    const a = targetOf({ rule: 'unique_persons', period: YEAR, filters: { tags: ['b', 'a'], types: [], minAttendance: 1 } })
    const b = targetOf({ rule: 'unique_persons', period: YEAR, filters: { tags: ['a', 'b', 'a'] } })
    expect(a?.key).toBe(b?.key)
    expect(aggregateQuery({ ...farmers, filters: { ...farmers.filters, areaIds: [areaId(1)] } })).toMatchObject({ scope: `a:${areaId(1)}`, target: { key: targetOf(farmers)?.key } })
    expect(aggregateQuery({ ...farmers, filters: { ...farmers.filters, departments: ['kx'] } })?.scope).toBe('d:kx')
    expect(aggregateQuery({ ...farmers, filters: { ...farmers.filters, departments: ['kx'], areaIds: [areaId(1)] } })).toBeNull()
    expect(aggregateQuery({ rule: 'activities', period: YEAR, filters: {} })).toBeNull()
  })

  it('recounts a target with the counting functions: the district cell equals countFacts', () => {
    const facts = [fact(1, 1, 3), fact(2, 1, 4), fact(3, 1, 3, 1), fact(4, 2, 3)]
    const target = targetOf(completions)!
    const cells = recountTarget(target, facts)
    expect(cells.get('*')).toStrictEqual({ facts: 4, persons: countFacts(completions, facts) })
    expect(cells.get('*')?.persons).toBe(1)
    // Per month nobody reaches 3: a breakdown cell counts its own facts only.
    expect(cells.get('m:2026-03')).toStrictEqual({ facts: 3, persons: 0 })
    expect(cells.get('m:2026-04')).toStrictEqual({ facts: 1, persons: 0 })
  })
})

describe('SQLite: aggregates agree with a full recount', () => {
  beforeEach(async () => {
    for (const a of activities) await store.putActivity(a)
  })

  it('follows check-ins, corrections, deletions and cancellations, and survives a restart', async () => {
    // The figures are asked once first, so their targets exist before the changes.
    expect(await store.countFacts(farmers)).toBe(0)
    expect(await store.countFacts(completions)).toBe(0)
    expect(await store.countFacts(allTimes)).toBe(0)

    await write(fact(1, 1, 1), fact(2, 1, 2), fact(3, 2, 1), fact(4, 3, 3), fact(5, 3, 4), fact(6, 3, 3, 2))
    expect(await store.countFacts(farmers)).toBe(2)
    expect(await store.countFacts(completions)).toBe(1)
    expect(await store.countFacts(allTimes)).toBe(6)
    expect(await store.breakdownFacts(farmers, 'month')).toStrictEqual([['2026-01', 2], ['2026-02', 1]])

    // A correction moves person 2's farmer fact to person 1 (counted once), a deletion undoes a lesson.
    await write(fact(3, 1, 1))
    await store.transaction((tx) => tx.deleteFact('reg-0006'))
    expect(await store.countFacts(farmers)).toBe(1)
    expect(await store.countFacts(completions)).toBe(0)
    await store.putActivity({ ...activities[1], status: 'cancelled' })
    expect(await store.countFacts(allTimes)).toBe(4)

    const report = await store.recountLedger()
    expect(report).toMatchObject({ facts: 5, targets: 3, disagreements: [] })
    expect(report.cells).toBeGreaterThan(10)

    store.close()
    store = openSqliteStore(file)
    await write(fact(7, 4, 1))
    expect(await store.countFacts(farmers)).toBe(2)
    expect((await store.recountLedger()).disagreements).toStrictEqual([])
  })

  it('reports a kept number that drifted from the facts, and repairs it', async () => {
    await attend(fact(1, 1, 1), fact(2, 2, 2))
    expect(await store.countFacts(farmers)).toBe(2)
    store.db.exec(`UPDATE ledger_agg_cells SET persons = persons + 5 WHERE scope = '*'`)
    expect(await store.countFacts(farmers)).toBe(7)

    const report = await store.recountLedger()
    expect(report.disagreements).toStrictEqual([expect.objectContaining({ scope: '*', kept: { facts: 2, persons: 7 }, recounted: { facts: 2, persons: 2 } })])
    expect((await store.recountLedger({ repair: true })).disagreements).toHaveLength(1)
    expect((await store.recountLedger()).disagreements).toStrictEqual([])
    expect(await store.countFacts(farmers)).toBe(2)
  })
})

describe('npm run ledger:recount', () => {
  const bundle = path.resolve(__dirname, '../../dist/server/recount.js')

  it('prints the recount of the database KEPU_DB names and exits 0 when it agrees, 1 when not', async () => {
    const built = spawnSync(process.execPath, ['scripts/build-server.mjs'], { cwd: path.resolve(__dirname, '../..'), encoding: 'utf8' })
    expect(built.status).toBe(0)
    for (const a of activities) await store.putActivity(a)
    await attend(fact(1, 1, 1), fact(2, 2, 2))
    expect(await store.countFacts(farmers)).toBe(2)
    store.close()
    const run = (...args: string[]) => spawnSync(process.execPath, [bundle, ...args], { env: { ...process.env, KEPU_DB: file }, encoding: 'utf8' })

    const ok = run()
    expect(ok.stdout).toContain('2 facts, 0 differing from their registrations, 0 completions differing')
    expect(ok.stdout).toContain('1 targets')
    expect(ok.stdout).toContain('0 disagreeing')
    expect(ok.status).toBe(0)

    store = openSqliteStore(file)
    store.db.exec(`UPDATE ledger_agg_cells SET facts = facts + 1 WHERE scope = '*'`)
    store.close()
    expect(run().status).toBe(1)
    const repaired = run('--repair')
    expect(repaired.stdout).toContain('after repair: 0 facts, 0 completions and 0 cells differing')
    expect(repaired.status).toBe(0)

    // A fact whose registration was cancelled after the check-in (the state a cancellation of a checked-in
    // registration left behind): the running totals agree with the fact table, the facts do not agree
    // with the registrations.
    store = openSqliteStore(file)
    await store.transaction(async (tx) => tx.putRegistration({ ...(await tx.getRegistration('reg-0002' as RegistrationId))!, status: 'cancelled' }))
    store.close()
    const blind = run()
    expect(blind.stdout).toContain('1 differing from their registrations')
    expect(blind.stdout).toContain('0 disagreeing')
    expect(blind.stdout).toMatch(/orphan_fact: 1\n\s+reg-0002: fact at \S+ but registration_cancelled/)
    expect(blind.status).toBe(1)
    const fixed = run('--repair')
    expect(fixed.stdout).toContain('after repair: 0 facts, 0 completions and 0 cells differing')
    expect(fixed.status).toBe(0)
    store = openSqliteStore(file)
    expect(await store.countFacts(farmers)).toBe(1)
  })
})

describe('SQLite: the recount rebuilds the facts and completions from their sources', () => {
  beforeEach(async () => {
    for (const a of activities) await store.putActivity(a)
  })

  it('reports facts without a checked-in registration, checked-in registrations without a fact, and facts with other values', async () => {
    await attend(fact(1, 1, 1), fact(2, 2, 2), fact(3, 3, 3))
    expect((await store.recountLedger()).factDifferences).toStrictEqual([])
    await write(fact(4, 4, 4)) // no registration at all
    await store.transaction(async (tx) => tx.deleteFact('reg-0001'))
    await write({ ...fact(3, 3, 3), at: shanghaiInstant(2025, 12, 31) }) // moved into another year
    const report = await store.recountLedger()
    expect(report.disagreements).toStrictEqual([])
    expect(report.factDifferences).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'orphan_fact', registrationId: 'reg-0004', why: 'registration_missing' }),
        expect.objectContaining({ kind: 'missing_fact', registrationId: 'reg-0001' }),
        expect.objectContaining({ kind: 'fact_differs', registrationId: 'reg-0003', field: 'at' }),
      ]),
    )
    expect(report.factDifferences).toHaveLength(3)
    await store.recountLedger({ repair: true })
    expect((await store.recountLedger()).factDifferences).toStrictEqual([])
    expect((await store.listFacts()).map((f) => f.registrationId).sort()).toEqual(['reg-0001', 'reg-0002', 'reg-0003'])
  })

  it('reports a completion whose lessons no longer reach k, and one missing or duplicated', async () => {
    const course = makeCourse({ areaId: areaId(1) })
    await store.putCourse(course)
    for (const a of courseActivities(course)) await store.putActivity(a)
    const lessonAt = (i: number) => at((i + 1) * 7 * 24)
    const attendLessons = (person: PersonId, lessons: number[]) =>
      store.transaction(async (tx) => {
        for (const i of lessons) await tx.putRegistration(makeRegistration({ activityId: course.lessons[i].activityId, personId: person, attendance: 'attended', checkedInAt: lessonAt(i) }))
      })
    await attendLessons(personId(1), [0, 1, 2])
    await attendLessons(personId(2), [0, 1])
    await attendLessons(personId(3), [0, 1, 3])
    await store.transaction(async (tx) => {
      await tx.putCompletion(makeCompletion({ courseId: course.id, personId: personId(1), completedAt: lessonAt(2) }))
      await tx.putCompletion(makeCompletion({ courseId: course.id, personId: personId(2), completedAt: lessonAt(1) }))
      // A duplicate record's completion credited to person 1 under the duplicate's id (an old merge).
      await tx.putCompletion({ ...makeCompletion({ courseId: course.id, personId: personId(9) }), personId: personId(1) })
    })
    const { completionDifferences } = await store.recountLedger()
    expect(completionDifferences).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'orphan_completion', personId: personId(2), why: 'below_required_lessons' }),
        expect.objectContaining({ kind: 'missing_completion', personId: personId(3) }),
        expect.objectContaining({ kind: 'orphan_completion', personId: personId(1), why: 'duplicate_of_person' }),
      ]),
    )
    expect(completionDifferences).toHaveLength(3)
  })
})

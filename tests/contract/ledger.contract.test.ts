// The ledger part of the Store contract (src/domain/ports.ts), run against every adapter: plans,
// indicators and their audit trail round-trip; facts follow transactions; and every figure an adapter
// computes equals the counting specification (src/domain/ledger/count.ts) over the same data.

import type { ActivityType, DepartmentCode, PlanAction, PlanProject, TargetGroup } from '../../src/domain/catalog'
import {
  activityFacts,
  breakdown,
  countFacts,
  countVolunteers,
  factQualifies,
  type AttendanceFact,
  type BreakdownKey,
  type CountSpec,
  type IndicatorFilters,
} from '../../src/domain/ledger/count'
import { TAGS, type IndicatorChange, type Plan } from '../../src/domain/ledger/indicators'
import type { PersonId } from '../../src/domain/ids'
import type { Store, StoredFact } from '../../src/domain/ports'
import { shanghaiInstant } from '../../src/domain/time'
import type { Activity } from '../../src/domain/types'
import { activityId, areaId, at, makeActivity, makeCheckIn, makeFact, makeGrant, makeIndicator, personId, userId } from '../support/factories'
import { ADAPTERS, openStoreEach } from './adapters'

const BREAKDOWN_KEYS: readonly BreakdownKey[] = ['month', 'targetGroup', 'department', 'area']
const byKey = <T>(key: (x: T) => string) => (a: T, b: T): number => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)
const sortedEntries = (m: Map<string, number>): Array<[string, number]> => [...m].sort(byKey(([k]) => k))
const sortedFacts = (xs: readonly StoredFact[]): StoredFact[] => [...xs].sort(byKey((f) => f.registrationId))

/** Deterministic PRNG (mulberry32), so a failing case reproduces. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Writes facts in a few transactions (as check-ins do, one per registration, but fewer round trips). */
async function putFacts(store: Store, facts: readonly StoredFact[]): Promise<void> {
  for (let i = 0; i < facts.length; i += 50) {
    const part = facts.slice(i, i + 50)
    await store.transaction(async (tx) => {
      for (const f of part) await tx.putFact(f)
    })
  }
}

/** The drill-downs the port promises, from the domain: counted persons and their qualifying facts by activity. */
function expectedDrill(spec: CountSpec, facts: readonly AttendanceFact[]) {
  const need = spec.rule === 'unique_persons' ? Math.max(1, spec.filters.minAttendance ?? 1) : 1
  const qualifying = facts.filter((f) => factQualifies(f, spec))
  const perPerson = new Map<string, number>()
  for (const f of qualifying) perPerson.set(f.personId, (perPerson.get(f.personId) ?? 0) + 1)
  const persons = [...perPerson].filter(([, n]) => n >= need)
  const counted = new Set(persons.map(([id]) => id))
  const perActivity = new Map<string, number>()
  for (const f of qualifying) if (counted.has(f.personId)) perActivity.set(f.activity.activityId, (perActivity.get(f.activity.activityId) ?? 0) + 1)
  return {
    persons: persons.map(([personId, facts]) => ({ personId, facts })).sort(byKey((x) => x.personId)),
    activities: [...perActivity].map(([activityId, facts]) => ({ activityId, facts })).sort(byKey((x) => x.activityId)),
  }
}

// ---- the generated world of the equivalence test

const TYPES: ActivityType[] = ['science_day', 'smart_senior', 'training', 'lecture', 'three_rural']
const GROUPS: TargetGroup[] = ['youth', 'farmer', 'senior', 'public', 'official']
const ACTIONS: PlanAction[] = ['action_youth', 'action_farmer', 'action_senior']
const PROJECTS: PlanProject[] = ['project_resources', 'project_informatization', 'project_grassroots']
const TAG_VALUES = [TAGS.scienceTutorTraining, TAGS.highQualityFarmer, TAGS.smartClass, 'other']
const DEPARTMENTS: DepartmentCode[] = ['kx', 'jiaoti', 'nongye', 'weijian']
const AREAS = [areaId(1), areaId(2), areaId(3)]
/** Month starts in Shanghai from 2022 to 2025: periods and some check-ins sit exactly on them. */
const MONTH_STARTS = Array.from({ length: 37 }, (_, i) => shanghaiInstant(2022 + Math.floor(i / 12), (i % 12) + 1, 1))
const SPAN_FROM = Date.parse(MONTH_STARTS[0])
const SPAN_MS = Date.parse(MONTH_STARTS[36]) - SPAN_FROM

interface World {
  /** As stored first: every activity published. */
  readonly activities: Activity[]
  /** Activities cancelled after their facts were written. */
  readonly cancelledLater: Activity[]
  /** Facts as written (activity copies taken while published). */
  readonly facts: StoredFact[]
}

function generateWorld(seed: number): World {
  const rnd = prng(seed)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]
  const subset = <T>(xs: readonly T[], p: number): T[] => xs.filter(() => rnd() < p)
  const instant = (): string => {
    if (rnd() < 0.15) {
      // On a month boundary, or the millisecond before it.
      const b = Date.parse(pick(MONTH_STARTS))
      return new Date(rnd() < 0.5 ? b : b - 1).toISOString()
    }
    return new Date(SPAN_FROM + Math.floor(rnd() * SPAN_MS)).toISOString()
  }
  const activities = Array.from({ length: 40 }, (_, i) => {
    const startAt = instant()
    return makeActivity({
      id: activityId(i + 1),
      type: pick(TYPES),
      startAt,
      endAt: new Date(Date.parse(startAt) + 2 * 3_600_000).toISOString(),
      tags: subset(TAG_VALUES, 0.3),
      actions: subset(ACTIONS, 0.3),
      projects: subset(PROJECTS, 0.3),
      departmentCode: pick(DEPARTMENTS),
      areaId: pick(AREAS),
    })
  })
  const persons = Array.from({ length: 70 }, (_, i) => ({ id: personId(i + 1), group: pick(GROUPS) }))
  const facts: StoredFact[] = []
  for (let i = 0; i < 300; i++) {
    // A small pool of regulars makes repeat attendance (and minAttendance) matter.
    const person = rnd() < 0.5 ? persons[Math.floor(rnd() * 12)] : pick(persons)
    const activity = pick(activities)
    facts.push(
      makeFact({
        registrationId: `reg-${String(i).padStart(4, '0')}`,
        personId: person.id,
        personTargetGroup: person.group,
        // Mostly near the start; sometimes anywhere (the period is judged on the check-in alone).
        at: rnd() < 0.8 ? new Date(Date.parse(activity.startAt) + Math.floor(rnd() * 3 * 3_600_000) - 1_800_000).toISOString() : instant(),
        activity: activityFacts(activity),
      }),
    )
  }
  const cancelledLater = [activities[3], activities[11], activities[27]].map((a) => ({ ...a, status: 'cancelled' as const }))
  return { activities, cancelledLater, facts }
}

function randomSpec(rnd: () => number, facts: readonly StoredFact[]): CountSpec {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]
  const some = <T>(xs: readonly T[]): T[] => {
    const out = xs.filter(() => rnd() < 0.4)
    return out.length > 0 ? out : [pick(xs)]
  }
  const rule = pick(['person_times', 'unique_persons', 'activities'] as const)
  // Bounds: month starts, exact check-in instants (inclusive from, exclusive to), or the whole span.
  const bound = (): string => (rnd() < 0.3 ? pick(facts).at : pick(MONTH_STARTS))
  let from = bound()
  let to = bound()
  if (from > to) [from, to] = [to, from]
  if (rnd() < 0.15) [from, to] = [MONTH_STARTS[0], MONTH_STARTS[36]]
  const filters: Record<string, unknown> = {}
  if (rnd() < 0.3) filters.types = some(TYPES)
  if (rnd() < 0.3) filters.targetGroups = some(GROUPS)
  if (rnd() < 0.25) filters.actions = some(ACTIONS)
  if (rnd() < 0.25) filters.projects = some(PROJECTS)
  if (rnd() < 0.3) filters.tags = some(TAG_VALUES)
  if (rnd() < 0.25) filters.departments = some(DEPARTMENTS)
  if (rnd() < 0.25) filters.areaIds = some(AREAS)
  if (rnd() < 0.1) filters.types = []
  if (rule === 'unique_persons' && rnd() < 0.7) filters.minAttendance = 1 + Math.floor(rnd() * 3)
  return { rule, period: { from, to }, filters: filters as IndicatorFilters }
}

describe.each(ADAPTERS)('Store ledger contract: $name', (adapter) => {
  let store: Store
  openStoreEach(adapter, (s) => (store = s))

  const YEAR_2026 = { from: shanghaiInstant(2026, 1, 1), to: shanghaiInstant(2027, 1, 1) }
  const personTimes = (filters: IndicatorFilters = {}): CountSpec => ({ rule: 'person_times', period: YEAR_2026, filters })

  describe('plans, indicators and their changes', () => {
    it('round-trips plans and lists them by start', async () => {
      const later: Plan = { id: 'plan-2026-2030', name: '2026—2030年实施方案', period: { from: shanghaiInstant(2026, 1, 1), to: shanghaiInstant(2031, 1, 1) } }
      const earlier: Plan = { id: 'plan-2021-2025', name: '2021—2025年实施方案', period: { from: shanghaiInstant(2021, 1, 1), to: shanghaiInstant(2026, 1, 1) } }
      await store.putPlan(later)
      await store.putPlan(earlier)
      expect(await store.listPlans()).toStrictEqual([earlier, later])
      const renamed = { ...earlier, name: '改名' }
      await store.putPlan(renamed)
      expect(await store.listPlans()).toStrictEqual([renamed, later])
    })

    it('round-trips indicators with every filter and an entered figure, listed by plan in sort order', async () => {
      const full = makeIndicator({
        id: 'ind-full',
        sort: 2,
        target: 18.5,
        rule: 'entered',
        periodKind: 'annual',
        filters: {
          types: ['smart_senior'],
          targetGroups: ['senior'],
          actions: ['action_senior'],
          projects: ['project_informatization'],
          tags: [TAGS.smartClass],
          departments: ['kx'],
          areaIds: [areaId(1)],
          minAttendance: 3,
        },
        entered: { value: 17.2, source: '山东省公民科学素质测评', asOf: shanghaiInstant(2025, 6, 30) },
      })
      const first = makeIndicator({ id: 'ind-first', sort: 1, target: 500 })
      const otherPlan = makeIndicator({ id: 'ind-other', planId: 'plan-2026-2030' })
      for (const i of [full, first, otherPlan]) await store.putIndicator(i)
      expect(await store.getIndicator('ind-full')).toStrictEqual(full)
      expect(await store.getIndicator('ind-missing')).toBeNull()
      expect(await store.listIndicators('plan-2021-2025')).toStrictEqual([first, full])
      expect(await store.listIndicators('plan-2026-2030')).toStrictEqual([otherPlan])

      const edited = { ...full, target: null, filters: {}, entered: null }
      await store.putIndicator(edited)
      expect(await store.getIndicator('ind-full')).toStrictEqual(edited)
    })

    it('keeps the audit trail of an indicator in time order', async () => {
      const before = makeIndicator({ target: 50 })
      const after = makeIndicator({ target: 60, filters: { tags: [TAGS.scienceTutorTraining], minAttendance: 2 } })
      const created: IndicatorChange = { id: 'chg-2', indicatorId: before.id, at: at(0), by: 'usr-admin', before: null, after: before }
      const changed: IndicatorChange = { id: 'chg-1', indicatorId: before.id, at: at(1), by: 'usr-admin', before, after }
      const elsewhere: IndicatorChange = { id: 'chg-3', indicatorId: 'ind-other', at: at(0), by: 'usr-admin', before: null, after: makeIndicator({ id: 'ind-other' }) }
      for (const c of [changed, elsewhere, created]) await store.putIndicatorChange(c)
      expect(await store.listIndicatorChanges(before.id)).toStrictEqual([created, changed])
      expect(await store.listIndicatorChanges('ind-none')).toStrictEqual([])
    })
  })

  describe('facts', () => {
    const f2026 = (n: number, overrides: Partial<StoredFact> = {}): StoredFact =>
      makeFact({ registrationId: `reg-${n}`, personId: personId(n), at: shanghaiInstant(2026, 3, n), ...overrides })

    it('round-trips facts written in a transaction and deletes them', async () => {
      const a = f2026(1, { activity: activityFacts(makeActivity({ tags: ['x', 'y'], actions: ['action_senior'], projects: [] })) })
      const b = f2026(2)
      await putFacts(store, [a, b])
      expect(sortedFacts(await store.listFacts())).toStrictEqual([a, b])
      await store.transaction((tx) => tx.deleteFact('reg-1'))
      expect(await store.listFacts()).toStrictEqual([b])
      expect(await store.countFacts(personTimes())).toBe(1)
    })

    it('drops facts written in a transaction that fails', async () => {
      await putFacts(store, [f2026(1)])
      await expect(
        store.transaction(async (tx) => {
          await tx.putFact(f2026(2))
          await tx.deleteFact('reg-1')
          throw new Error('boom')
        }),
      ).rejects.toThrow('boom')
      expect(await store.listFacts()).toStrictEqual([f2026(1)])
      expect(await store.countFacts(personTimes())).toBe(1)
    })

    it('replaces a fact written again for the same registration, filters included', async () => {
      await putFacts(store, [f2026(1, { activity: activityFacts(makeActivity({ tags: ['old'] })) })])
      const again = f2026(1, { activity: activityFacts(makeActivity({ tags: ['new'] })) })
      await putFacts(store, [again])
      expect(await store.listFacts()).toStrictEqual([again])
      expect(await store.countFacts(personTimes({ tags: ['old'] }))).toBe(0)
      expect(await store.countFacts(personTimes({ tags: ['new'] }))).toBe(1)
    })

    it('stops counting the facts of an activity once it is cancelled, and counts them again if reinstated', async () => {
      const activity = makeActivity()
      await store.putActivity(activity)
      await putFacts(store, [f2026(1), f2026(2)])
      expect(await store.countFacts(personTimes())).toBe(2)

      await store.putActivity({ ...activity, status: 'cancelled' })
      expect(await store.countFacts(personTimes())).toBe(0)
      expect(await store.drillPersons(personTimes())).toStrictEqual([])
      expect((await store.listFacts()).map((f) => f.activity.cancelled)).toStrictEqual([true, true])
      // A fact written after the cancellation (with a stale copy of the activity) does not count either.
      await putFacts(store, [f2026(3)])
      expect(await store.countFacts(personTimes())).toBe(0)

      await store.transaction((tx) => tx.putActivity(activity))
      expect(await store.countFacts(personTimes())).toBe(3)
    })

    it('counts beyond one CloudBase batch: 250 qualifying facts of 120 persons', async () => {
      const facts = Array.from({ length: 250 }, (_, i) =>
        makeFact({ registrationId: `reg-${String(i).padStart(4, '0')}`, personId: personId(i % 120), at: new Date(Date.parse(YEAR_2026.from) + i * 60_000).toISOString() }),
      )
      await putFacts(store, facts)
      expect(await store.countFacts(personTimes())).toBe(250)
      expect(await store.countFacts({ rule: 'unique_persons', period: YEAR_2026, filters: {} })).toBe(120)
      expect(await store.countFacts({ rule: 'unique_persons', period: YEAR_2026, filters: { minAttendance: 3 } })).toBe(10)
      expect((await store.drillPersons(personTimes())).length).toBe(120)
      expect(await store.drillActivities(personTimes())).toStrictEqual([{ activityId: activityId(1), facts: 250 }])
      expect(await store.listFacts()).toHaveLength(250)
    })

    it('returns nothing for an empty or unparseable period', async () => {
      await putFacts(store, [f2026(1)])
      await store.putActivity(makeActivity({ startAt: shanghaiInstant(2026, 3, 1) }))
      for (const period of [{ from: YEAR_2026.to, to: YEAR_2026.from }, { from: 'not a date', to: YEAR_2026.to }]) {
        for (const rule of ['person_times', 'unique_persons', 'activities'] as const) {
          expect(await store.countFacts({ rule, period, filters: {} })).toBe(0)
          expect(await store.breakdownFacts({ rule, period, filters: {} }, 'month')).toStrictEqual([])
        }
      }
    })
  })

  describe('every figure equals the counting specification', () => {
    const world = generateWorld(20210101)
    const finalActivities = world.activities.map((a) => world.cancelledLater.find((c) => c.id === a.id) ?? a)
    const cancelled = new Set(world.cancelledLater.map((a) => a.id as string))
    /** The facts as the domain sees them: an activity cancelled later takes its facts with it. */
    const domainFacts = world.facts.map((f) => (cancelled.has(f.activity.activityId) ? { ...f, activity: { ...f.activity, cancelled: true } } : f))
    const domainActivities = finalActivities.map(activityFacts)
    const rnd = prng(4)
    const specs = Array.from({ length: 40 }, () => randomSpec(rnd, world.facts))

    const load = async (): Promise<void> => {
      for (const a of world.activities) await store.putActivity(a)
      await putFacts(store, world.facts)
      for (const a of world.cancelledLater) await store.putActivity(a)
    }

    it('stores the facts the domain counts', async () => {
      await load()
      expect(sortedFacts(await store.listFacts())).toStrictEqual(sortedFacts(domainFacts))
      // The generated specs are not trivial: most count something, and each rule occurs.
      const values = specs.map((s) => countFacts(s, domainFacts, domainActivities))
      expect(values.filter((v) => v > 0).length).toBeGreaterThan(15)
      expect(new Set(specs.map((s) => s.rule)).size).toBe(3)
    })

    it('countFacts, breakdownFacts and the drill-downs on 40 random specs', async () => {
      await load()
      for (const [i, spec] of specs.entries()) {
        const label = `spec ${i}: ${JSON.stringify(spec)}`
        const expected = countFacts(spec, domainFacts, domainActivities)
        expect({ label, value: await store.countFacts(spec) }).toStrictEqual({ label, value: expected })
        for (const by of BREAKDOWN_KEYS) {
          expect({ label, by, value: await store.breakdownFacts(spec, by) }).toStrictEqual({
            label,
            by,
            value: sortedEntries(breakdown(spec, domainFacts, by, domainActivities)),
          })
        }
        const activities = await store.drillActivities(spec)
        const persons = await store.drillPersons(spec)
        if (spec.rule === 'activities') {
          expect({ label, n: activities.length, facts: activities.every((a) => a.facts === 0), persons }).toStrictEqual({ label, n: expected, facts: true, persons: [] })
          continue
        }
        const drill = expectedDrill(spec, domainFacts)
        expect({ label, activities, persons }).toStrictEqual({ label, activities: drill.activities, persons: drill.persons })
        const sum = (xs: readonly { facts: number }[]): number => xs.reduce((s, x) => s + x.facts, 0)
        expect(sum(activities)).toBe(sum(persons))
        if (spec.rule === 'person_times') expect(sum(persons)).toBe(expected)
        else expect(persons.length).toBe(expected)
      }
    })

    it('stays equal while facts are written, rewritten, deleted and their activities cancelled after a figure was first asked for', async () => {
      // Ask every figure on an empty ledger first: an adapter keeping aggregates creates them now and
      // must then follow every change below (src/domain/ledger/aggregates.ts).
      const ask = async (facts: readonly StoredFact[], activities: readonly Activity[], stage: string): Promise<void> => {
        const acts = activities.map(activityFacts)
        for (const [i, spec] of specs.entries()) {
          const label = `${stage}, spec ${i}: ${JSON.stringify(spec)}`
          expect({ label, value: await store.countFacts(spec) }).toStrictEqual({ label, value: countFacts(spec, facts, acts) })
          for (const by of BREAKDOWN_KEYS) {
            expect({ label, by, value: await store.breakdownFacts(spec, by) }).toStrictEqual({ label, by, value: sortedEntries(breakdown(spec, facts, by, acts)) })
          }
        }
      }
      for (const a of world.activities) await store.putActivity(a)
      await ask([], world.activities, 'empty')
      await putFacts(store, world.facts)
      await ask(world.facts, world.activities, 'written')
      // Corrections: a third of the facts move to another person, group and time; a tenth are deleted.
      const rnd2 = prng(7)
      const rewritten = world.facts.map((f, i) =>
        i % 3 === 0 ? { ...f, personId: world.facts[Math.floor(rnd2() * world.facts.length)].personId, personTargetGroup: 'public' as const, at: new Date(Date.parse(f.at) + 40 * 86_400_000).toISOString() } : f,
      )
      await putFacts(store, rewritten.filter((_, i) => i % 3 === 0))
      const deleted = new Set(rewritten.filter((_, i) => i % 10 === 5).map((f) => f.registrationId))
      await store.transaction(async (tx) => {
        for (const id of deleted) await tx.deleteFact(id)
      })
      const remaining = rewritten.filter((f) => !deleted.has(f.registrationId))
      await ask(remaining, world.activities, 'corrected')
      for (const a of world.cancelledLater) await store.putActivity(a)
      const afterCancel = remaining.map((f) => (cancelled.has(f.activity.activityId) ? { ...f, activity: { ...f.activity, cancelled: true } } : f))
      await ask(afterCancel, finalActivities, 'cancelled')
      await store.putActivity(world.activities[11])
      const reinstated = new Set([world.activities[11].id as string])
      await ask(
        afterCancel.map((f) => (reinstated.has(f.activity.activityId) ? { ...f, activity: { ...f.activity, cancelled: false } } : f)),
        finalActivities.map((a) => (reinstated.has(a.id) ? world.activities[11] : a)),
        'reinstated',
      )
    })

    it('counts the seeded kinds of indicator on the generated data', async () => {
      await load()
      const plan = { from: MONTH_STARTS[0], to: MONTH_STARTS[36] }
      const seeded: CountSpec[] = [
        { rule: 'unique_persons', period: plan, filters: { tags: [TAGS.highQualityFarmer] } },
        { rule: 'unique_persons', period: plan, filters: { types: ['smart_senior'], tags: [TAGS.smartClass], minAttendance: 3 } },
        { rule: 'person_times', period: plan, filters: { targetGroups: ['senior'] } },
        { rule: 'activities', period: plan, filters: { projects: ['project_grassroots'] } },
        { rule: 'activities', period: plan, filters: { types: ['science_day'] } },
      ]
      for (const spec of seeded) expect([spec, await store.countFacts(spec)]).toStrictEqual([spec, countFacts(spec, domainFacts, domainActivities)])
    })
  })

  it('lists volunteer services: a grant holder\'s first check-in per granted activity in the period, never staff', async () => {
    const a1 = makeActivity({ id: activityId(1), startAt: at(24), departmentCode: 'kx' })
    const a2 = makeActivity({ id: activityId(2), startAt: at(48), departmentCode: 'weijian' })
    const a3 = makeActivity({ id: activityId(3), startAt: at(72) })
    for (const a of [a1, a2, a3]) await store.putActivity(a)
    const volunteer = userId(2)
    await store.transaction(async (tx) => {
      await tx.putGrant(makeGrant({ id: 'grant-1', userId: volunteer, activityIds: [a1.id, a2.id] }))
      // At a1 the volunteer checks in two people; the earlier check-in is the service's time.
      await tx.putCheckIn(makeCheckIn({ activityId: a1.id, registrationId: 'reg-a' as never, operatorId: volunteer, at: at(24.5) }))
      await tx.putCheckIn(makeCheckIn({ activityId: a1.id, registrationId: 'reg-b' as never, operatorId: volunteer, at: at(24.2) }))
      await tx.putCheckIn(makeCheckIn({ activityId: a2.id, registrationId: 'reg-c' as never, operatorId: volunteer, at: at(48.1) }))
      // Not a service: a check-out, a check-in at an activity outside the grant, and staff (no grant).
      await tx.putCheckIn(makeCheckIn({ activityId: a2.id, registrationId: 'reg-c' as never, kind: 'out', operatorId: volunteer, at: at(49) }))
      await tx.putCheckIn(makeCheckIn({ activityId: a3.id, registrationId: 'reg-d' as never, operatorId: volunteer, at: at(72.1) }))
      await tx.putCheckIn(makeCheckIn({ activityId: a1.id, registrationId: 'reg-e' as never, operatorId: userId('org'), at: at(24.1) }))
    })
    const services = await store.listVolunteerServices({ from: at(0), to: at(100) })
    expect(services).toStrictEqual([
      { userId: volunteer, at: at(24.2), activity: activityFacts(a1) },
      { userId: volunteer, at: at(48.1), activity: activityFacts(a2) },
    ])
    expect(await store.listVolunteerServices({ from: at(30), to: at(100) })).toStrictEqual([services[1]])
    expect(await store.listVolunteerServices({ from: at(100), to: at(0) })).toStrictEqual([])
    expect(countVolunteers({ from: at(0), to: at(100) }, {}, services)).toBe(1)
    expect(countVolunteers({ from: at(0), to: at(100) }, { minAttendance: 2 }, services)).toBe(1)
    expect(countVolunteers({ from: at(0), to: at(100) }, { departments: ['weijian'], minAttendance: 2 }, services)).toBe(0)
  })

  it('counts a person once however many activities they attend', async () => {
    const facts = [1, 2, 3].map((n) =>
      makeFact({
        registrationId: `reg-${n}`,
        personId: 'per-teacher' as PersonId,
        at: shanghaiInstant(2026, n, 10),
        activity: activityFacts(makeActivity({ id: activityId(n), tags: [TAGS.scienceTutorTraining] })),
      }),
    )
    await putFacts(store, facts)
    const spec: CountSpec = { rule: 'unique_persons', period: YEAR_2026, filters: { tags: [TAGS.scienceTutorTraining] } }
    expect(await store.countFacts(spec)).toBe(1)
    expect(await store.breakdownFacts(spec, 'month')).toStrictEqual([
      ['2026-01', 1],
      ['2026-02', 1],
      ['2026-03', 1],
    ])
  })
})

// factDelta applied fact by fact (adds and removals, in any order) keeps the same numbers as
// recountTarget over the facts that remain: the rule the CloudBase aggregates are maintained by.
import { factDelta, recountTarget, targetOf, type AggregateTarget, type CellValue } from '../../src/domain/ledger/aggregates'
import type { ActivityFacts, AttendanceFact, CountSpec } from '../../src/domain/ledger/count'
import { shanghaiInstant } from '../../src/domain/time'

const activity = (id: string, over: Partial<ActivityFacts> = {}): ActivityFacts => ({
  activityId: id,
  type: 'training',
  startAt: shanghaiInstant(2023, 3, 1, 9),
  cancelled: false,
  actions: [],
  projects: [],
  tags: [],
  departmentCode: 'kx',
  areaId: 'area-a',
  ...over,
})

/** A small deterministic generator, so a failure repeats. */
function lcg(seed: number): () => number {
  let s = seed
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
}

function facts(n: number, rand: () => number): AttendanceFact[] {
  const acts = Array.from({ length: 6 }, (_, i) =>
    activity(`a${i}`, { departmentCode: i % 2 ? 'kx' : 'jiaoti', areaId: `area-${i % 3}`, cancelled: i === 5, tags: i % 3 === 0 ? ['t'] : [] }),
  )
  return Array.from({ length: n }, (_, i) => ({
    registrationId: `r${i}`,
    personId: `p${Math.floor(rand() * 12)}`,
    personTargetGroup: rand() < 0.5 ? 'public' : 'senior',
    at: shanghaiInstant(2023, 1 + Math.floor(rand() * 12), 1 + Math.floor(rand() * 27), 10),
    activity: acts[Math.floor(rand() * acts.length)],
  }))
}

/** The kept numbers: cells and per-person tallies, changed only through factDelta. */
function keep(target: AggregateTarget) {
  const cells = new Map<string, { facts: number; persons: number }>()
  const tallies = new Map<string, Map<string, number>>()
  return {
    apply(f: AttendanceFact, sign: 1 | -1) {
      const mine = tallies.get(f.personId) ?? new Map<string, number>()
      const d = factDelta(target, f, sign, mine)
      for (const [scope, n] of d.person) mine.set(scope, n)
      tallies.set(f.personId, mine)
      for (const c of d.cells) {
        const was = cells.get(c.scope) ?? { facts: 0, persons: 0 }
        cells.set(c.scope, { facts: was.facts + c.facts, persons: was.persons + c.persons })
      }
    },
    /** Cells with facts, as recountTarget lists them. */
    cells(): Map<string, CellValue> {
      return new Map([...cells].filter(([, v]) => v.facts > 0))
    },
  }
}

const YEAR = { from: shanghaiInstant(2023, 1, 1), to: shanghaiInstant(2024, 1, 1) }
const specs: CountSpec[] = [
  { rule: 'person_times', period: YEAR, filters: {} },
  { rule: 'unique_persons', period: YEAR, filters: {} },
  { rule: 'unique_persons', period: YEAR, filters: { minAttendance: 3 } },
  { rule: 'unique_persons', period: { from: YEAR.from, to: shanghaiInstant(2023, 7, 1) }, filters: { tags: ['t'], targetGroups: ['senior'] } },
]

describe.each(specs.map((s) => [`${s.rule} ${JSON.stringify(s.filters)}`, s] as const))('factDelta keeps %s equal to a recount', (_name, spec) => {
  const target = targetOf(spec)!

  test('after adding every fact, then removing a random half', () => {
    const rand = lcg(7)
    const all = facts(400, rand)
    const kept = keep(target)
    for (const f of all) kept.apply(f, 1)
    expect(kept.cells()).toEqual(recountTarget(target, all))
    const removed = new Set(all.filter(() => rand() < 0.5))
    for (const f of removed) kept.apply(f, -1)
    expect(kept.cells()).toEqual(recountTarget(target, all.filter((f) => !removed.has(f))))
  })

  test('a fact that does not qualify changes nothing', () => {
    const f: AttendanceFact = { personId: 'p', personTargetGroup: 'public', at: shanghaiInstant(2020, 1, 1), activity: activity('x') }
    expect(factDelta(target, f, 1, new Map())).toEqual({ cells: [], person: new Map() })
  })
})

test('a person is counted once they reach the attendances the target needs, and no longer after falling below', () => {
  const target = targetOf({ rule: 'unique_persons', period: YEAR, filters: { minAttendance: 2 } })!
  const f: AttendanceFact = { personId: 'p', personTargetGroup: 'public', at: shanghaiInstant(2023, 5, 1), activity: activity('x') }
  const district = (d: ReturnType<typeof factDelta>) => d.cells.find((c) => c.scope === '*')
  expect(district(factDelta(target, f, 1, new Map()))).toEqual({ scope: '*', facts: 1, persons: 0 })
  expect(district(factDelta(target, f, 1, new Map([['*', 1]])))).toEqual({ scope: '*', facts: 1, persons: 1 })
  expect(district(factDelta(target, f, -1, new Map([['*', 2]])))).toEqual({ scope: '*', facts: -1, persons: -1 })
  expect(factDelta(target, f, -1, new Map([['*', 2]])).person.get('*')).toBe(1)
})

// Generated ledger data for the benchmarks: areas, activities and attendance facts, each with the
// checked-in registration it comes from, written into a SQLite store quickly (in transactions of
// FACT_BATCH). The draws follow bench/ledger.ts's own generator in the same order, so with the same
// seed and sizes it writes the same database.
import { DEPARTMENTS, PLAN_ACTIONS, PLAN_PROJECTS, TARGET_GROUPS } from '../../src/domain/catalog'
import type { ActivityFacts } from '../../src/domain/ledger/count'
import { PLAN_2021_2025 } from '../../src/domain/ledger/indicators'
import type { ActivityId, AreaId, PersonId, RegistrationId, UserId } from '../../src/domain/ids'
import type { StoredFact } from '../../src/domain/ports'
import type { Registration } from '../../src/domain/types'
import type { SqliteStore } from '../../server/sqlite/store'

/** Facts per transaction while loading: large enough that commits do not dominate. */
export const FACT_BATCH = 20_000
const AREAS = 13
const ACTIVITY_HOURS = 2
const HOUR_MS = 3_600_000
const TYPES = ['training', 'lecture', 'science_day', 'smart_senior', 'health', 'disaster'] as const
const TAGS = ['science_tutor_training', 'high_quality_farmer', 'smart_class', '']
/**
 * The page cache of the loading connection: the fact table's seven indexes outgrow SQLite's default
 * 2 MB after a few hundred thousand facts, and every insert then reads its index pages back from the
 * file. A connection setting only: the file written is the same.
 */
const LOAD_CACHE_KIB = 256 * 1024

/** The checked-in registration a fact comes from (the recount rebuilds facts from these). */
export const registrationFor = (f: StoredFact): Registration => ({
  id: f.registrationId as RegistrationId, activityId: f.activity.activityId as ActivityId, personId: f.personId as PersonId, ownerId: 'usr-b' as UserId, createdBy: 'usr-b' as UserId,
  status: 'confirmed', seq: 1, createdAt: f.activity.startAt, updatedAt: f.at, cancelledAt: null, promotedAt: null, walkIn: false, attendance: 'attended', checkedInAt: f.at, checkedOutAt: null,
})

/** A small deterministic generator of uniform floats in [0, 1). */
export function prng(seed: number): () => number {
  let s = seed >>> 0
  return () => ((s = (Math.imul(s ^ (s >>> 15), 2246822507) + 0x9e3779b9) >>> 0) / 2 ** 32)
}

export interface LedgerDataOptions {
  readonly facts: number
  readonly persons: number
  readonly activities: number
  /** Activities start between the plan's beginning and this instant. */
  readonly now: string
  /** The draws; pass the generator the rest of the benchmark keeps using. */
  readonly rand?: () => number
}

export interface LedgerData {
  readonly areas: readonly string[]
  readonly activities: readonly ActivityFacts[]
  readonly loadSeconds: number
}

/**
 * Writes `areas` (13), `activities` and `facts` attendance facts of `persons` people, each with its
 * checked-in registration, into `store`.
 * @example const { activities } = await writeLedgerData(store, { facts: 20_000, persons: 4_000, activities: 200, now })
 */
export async function writeLedgerData(store: SqliteStore, options: LedgerDataOptions): Promise<LedgerData> {
  const rand = options.rand ?? prng(4)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]
  const areas = Array.from({ length: AREAS }, (_, i) => `area-${i}`)
  for (const [i, a] of areas.entries()) await store.putArea({ id: a as AreaId, name: `镇街${i}`, kind: 'street', sort: i })
  const from = Date.parse(PLAN_2021_2025.period.from)
  const span = Date.parse(options.now) - from
  const activities: ActivityFacts[] = Array.from({ length: options.activities }, (_, i) => ({
    activityId: `act-b${i}`,
    type: pick(TYPES),
    startAt: new Date(from + Math.floor(rand() * span)).toISOString(),
    cancelled: false,
    actions: [pick(PLAN_ACTIONS).code],
    projects: [pick(PLAN_PROJECTS).code],
    tags: [pick(TAGS)].filter(Boolean),
    departmentCode: pick(DEPARTMENTS).code,
    areaId: pick(areas),
  }))
  // The activities table backs the `activities` rule (场次), as in production.
  for (const a of activities) {
    await store.putActivity({
      id: a.activityId as ActivityId, title: '基准活动', type: a.type, description: '', startAt: a.startAt, endAt: new Date(Date.parse(a.startAt) + ACTIVITY_HOURS * HOUR_MS).toISOString(),
      place: '', areaId: a.areaId as AreaId, departmentCode: a.departmentCode, targetGroups: ['public'], actions: a.actions, projects: a.projects, tags: a.tags,
      capacity: 100, waitlistLimit: 0, signupOpensAt: a.startAt, signupClosesAt: a.startAt, status: 'published', confirmedCount: 0, waitlistCount: 0, nextSeq: 1,
      checkoutEnabled: false, walkInsAllowed: false, attendanceClosedAt: null, createdAt: a.startAt, updatedAt: a.startAt,
    })
  }
  const cacheSize = store.db.pragma('cache_size', { simple: true }) as number
  store.db.pragma(`cache_size = ${-LOAD_CACHE_KIB}`)
  const t0 = performance.now()
  for (let done = 0; done < options.facts; done += FACT_BATCH) {
    await store.transaction(async (tx) => {
      for (let i = done; i < Math.min(options.facts, done + FACT_BATCH); i++) {
        const a = activities[Math.floor(rand() * activities.length)]
        const fact: StoredFact = {
          registrationId: `reg-b${i}`,
          personId: `per-b${Math.floor(rand() * options.persons)}`,
          personTargetGroup: pick(TARGET_GROUPS).code,
          at: new Date(Date.parse(a.startAt) + HOUR_MS).toISOString(),
          activity: a,
        }
        await tx.putRegistration(registrationFor(fact))
        await tx.putFact(fact)
      }
    })
  }
  const loadSeconds = (performance.now() - t0) / 1000
  store.db.pragma(`cache_size = ${cacheSize}`)
  return { areas, activities, loadSeconds }
}

// Ledger benchmark with 1,000,000 generated attendance facts (each with its checked-in registration, as
// check-ins leave them): dashboard latency through the gateway (p50/p99) answered from the incremental
// aggregates, the longest check-in wait while the first dashboard builds them, what keeping them costs
// a fact write, the recount command's peak memory in a process of
// its own (the built dist/server/recount.js on the bench's database), a naive full recount (every fact
// loaded, counted by the domain functions) in the same run for the ratio, and this process's peak memory.
import { spawnSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import { createGateway } from '../server/gateway'
import { openSqliteStore } from '../server/sqlite/store'
import type { StoredFact, TxStore } from '../src/domain/ports'
import type { Registration } from '../src/domain/types'
import { DEPARTMENTS, PLAN_ACTIONS, PLAN_PROJECTS, TARGET_GROUPS } from '../src/domain/catalog'
import { countFacts, isFactRule, type ActivityFacts, type CountingRule } from '../src/domain/ledger/count'
import { indicatorPeriod, PLAN_2021_2025, seedIndicators } from '../src/domain/ledger/indicators'
import type { ActivityId, AreaId, PersonId, RegistrationId, UserId } from '../src/domain/ids'
import { bench, requireInvariants, size } from './lib/report'

const FACTS = Number(process.env.BENCH_FACTS ?? size(1_000_000, 20_000))
const PERSONS = size(200_000, 4_000)
const ACTIVITIES = size(5_000, 200)
const REQUESTS = size(40, 10)
const NOW = '2025-07-01T04:00:00.000Z'

function prng(seed: number) {
  let s = seed >>> 0
  return () => ((s = (Math.imul(s ^ (s >>> 15), 2246822507) + 0x9e3779b9) >>> 0) / 2 ** 32)
}
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]

/**
 * Runs the recount command (`npm run ledger:recount`, built) on `dbFile` in a process of its own and
 * returns its peak RSS, read by a preloaded hook at its exit. Builds it first.
 */
function recountCommandPeak(dir: string, dbFile: string): { mb: number; status: number | null; stdout: string } {
  const root = path.resolve(__dirname, '../..')
  const built = spawnSync(process.execPath, ['scripts/build-server.mjs'], { cwd: root, encoding: 'utf8' })
  if (built.status !== 0) throw new Error(`build-server failed: ${built.stderr}`)
  const bundle = path.join(root, 'dist/server/recount.js')
  const hook = path.join(dir, 'peak-rss.cjs')
  fs.writeFileSync(hook, `process.on('exit', () => require('fs').writeSync(2, 'PEAK_RSS_KB ' + process.resourceUsage().maxRSS + '\\n'))\n`)
  const run = spawnSync(process.execPath, ['--require', hook, path.resolve(root, bundle)], { cwd: root, env: { ...process.env, KEPU_DB: dbFile }, encoding: 'utf8', maxBuffer: 64 << 20 })
  const kb = Number(/PEAK_RSS_KB (\d+)/.exec(run.stderr)?.[1] ?? NaN)
  return { mb: Math.round(kb / 1024), status: run.status, stdout: run.stdout.split('\n')[0] }
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kepu-bench-ledger-'))
  const dbFile = path.join(dir, 'bench.sqlite')
  const store = openSqliteStore(dbFile)
  const rand = prng(4)
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]
  const areas = Array.from({ length: 13 }, (_, i) => `area-${i}`)
  for (const [i, a] of areas.entries()) await store.putArea({ id: a as AreaId, name: `镇街${i}`, kind: 'street', sort: i })
  const from = Date.parse(PLAN_2021_2025.period.from)
  const span = Date.parse(NOW) - from
  const types = ['training', 'lecture', 'science_day', 'smart_senior', 'health', 'disaster'] as const
  const tags = ['science_tutor_training', 'high_quality_farmer', 'smart_class', '']
  const activities: ActivityFacts[] = Array.from({ length: ACTIVITIES }, (_, i) => ({
    activityId: `act-b${i}`,
    type: pick(types),
    startAt: new Date(from + Math.floor(rand() * span)).toISOString(),
    cancelled: false,
    actions: [pick(PLAN_ACTIONS).code],
    projects: [pick(PLAN_PROJECTS).code],
    tags: [pick(tags)].filter(Boolean),
    departmentCode: pick(DEPARTMENTS).code,
    areaId: pick(areas),
  }))
  // The activities table backs the `activities` rule (場次), as in production.
  for (const a of activities) {
    await store.putActivity({
      id: a.activityId as ActivityId, title: '基准活动', type: a.type, description: '', startAt: a.startAt, endAt: new Date(Date.parse(a.startAt) + 7_200_000).toISOString(),
      place: '', areaId: a.areaId as AreaId, departmentCode: a.departmentCode, targetGroups: ['public'], actions: a.actions, projects: a.projects, tags: a.tags,
      capacity: 100, waitlistLimit: 0, signupOpensAt: a.startAt, signupClosesAt: a.startAt, status: 'published', confirmedCount: 0, waitlistCount: 0, nextSeq: 1,
      checkoutEnabled: false, walkInsAllowed: false, attendanceClosedAt: null, createdAt: a.startAt, updatedAt: a.startAt,
    })
  }
  /** A generated fact: a random person at a random activity, an hour after its start. */
  const factFor = (registrationId: string): StoredFact => {
    const a = activities[Math.floor(rand() * ACTIVITIES)]
    return { registrationId, personId: `per-b${Math.floor(rand() * PERSONS)}`, personTargetGroup: pick(TARGET_GROUPS).code, at: new Date(Date.parse(a.startAt) + 3_600_000).toISOString(), activity: a }
  }
  /** The checked-in registration a fact comes from. */
  const registrationFor = (f: StoredFact): Registration => ({
    id: f.registrationId as RegistrationId, activityId: f.activity.activityId as ActivityId, personId: f.personId as PersonId, ownerId: 'usr-b' as UserId, createdBy: 'usr-b' as UserId,
    status: 'confirmed', seq: 1, createdAt: f.activity.startAt, updatedAt: f.at, cancelledAt: null, promotedAt: null, walkIn: false, attendance: 'attended', checkedInAt: f.at, checkedOutAt: null,
  })
  /** A check-in's writes: the checked-in registration and its fact, in the caller's transaction. */
  const attend = async (tx: TxStore, registrationId: string): Promise<void> => {
    const fact = factFor(registrationId)
    await tx.putRegistration(registrationFor(fact))
    await tx.putFact(fact)
  }
  const t0 = performance.now()
  const BATCH = 20_000
  for (let done = 0; done < FACTS; done += BATCH) {
    await store.transaction(async (tx) => {
      for (let i = done; i < Math.min(FACTS, done + BATCH); i++) {
        await attend(tx, `reg-b${i}`)
      }
    })
  }
  const loadSeconds = (performance.now() - t0) / 1000
  store.db.exec('ANALYZE')
  // A second store on the same file, opened while no aggregate target exists: it keeps none (below).
  const bare = openSqliteStore(dbFile)

  await store.putUser({ id: 'usr-admin' as UserId, role: 'admin', displayName: '管理员', createdAt: NOW })
  await store.createSession('admin-token', 'usr-admin' as UserId, '2999-01-01T00:00:00.000Z')
  const server = createGateway({ deps: { store, clock: { now: () => NOW }, random: Math.random, signingKey: crypto.randomBytes(32) }, sessions: store, staticDir: null, sessionHours: 24 })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as AddressInfo).port
  const post = (body: unknown) =>
    new Promise<any>((resolve, reject) => {
      const data = JSON.stringify(body)
      const req = http.request({ host: '127.0.0.1', port, path: '/api/ledger', method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data), cookie: 'kepu_sid=admin-token' } }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c) => chunks.push(c))
        res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString())))
      })
      req.on('error', reject)
      req.end(data)
    })

  // The first dashboard creates the incremental aggregates of its figures from the fact table (once;
  // afterwards every check-in keeps them up to date in its own transaction). Meanwhile a check-in
  // (registration and fact in one transaction) is due every WRITE_EVERY_MS: its wait runs from when it
  // was due (a blocked event loop delays it too) to its commit.
  const WRITE_EVERY_MS = 5
  const writeWaits: number[] = []
  const waitsAt: Array<{ ms: number; atMs: number }> = []
  let building = true
  const b0 = performance.now()
  const writer = (async () => {
    for (let n = 0; building; n++) {
      const due = performance.now() + WRITE_EVERY_MS
      await new Promise((resolve) => setTimeout(resolve, WRITE_EVERY_MS))
      await store.transaction((tx) => attend(tx, `reg-c${n}`))
      const wait = performance.now() - due
      writeWaits.push(wait)
      waitsAt.push({ ms: +wait.toFixed(1), atMs: +(due - b0).toFixed(0) })
    }
  })()
  const first = await post({ action: 'dashboard', data: {} })
  if (!first.ok) throw new Error(JSON.stringify(first.error))
  const firstDashboardMs = performance.now() - b0
  building = false
  await writer
  writeWaits.sort((a, b) => a - b)
  const timings: number[] = []
  const districtTimings: number[] = []
  const areaTimings: number[] = []
  for (let i = 0; i < REQUESTS; i++) {
    const s = performance.now()
    const r = await post({ action: 'dashboard', data: i % 2 ? { areaId: pick(areas) } : {} })
    timings.push(performance.now() - s)
    ;(i % 2 ? areaTimings : districtTimings).push(performance.now() - s)
    if (!r.ok) throw new Error(JSON.stringify(r.error))
  }
  timings.sort((a, b) => a - b)
  const rssAfterDashboardsMB = Math.round(process.resourceUsage().maxRSS / 1024)

  // What keeping the aggregates costs a check-in: facts written one per transaction, as check-ins do,
  // through this store (the dashboard's targets kept) and through `bare`, a second store on the same
  // file opened before any target existed (so it keeps none), alternating every WRITES_PER_ROUND writes:
  // the same table, size and machine moment (this machine is shared; its speed drifts by the second).
  // Wall time is the figure; CPU time (this process's) is printed beside it, being less noisy.
  // bare's facts are removed again through bare, so no aggregate saw them.
  const WRITES = size(2_000, 400)
  const WRITES_PER_ROUND = 10
  const written = new Map<typeof store, StoredFact[]>([[store, []], [bare, []]])
  const spent = new Map<typeof store, { wallMs: number; cpuMs: number }>([[store, { wallMs: 0, cpuMs: 0 }], [bare, { wallMs: 0, cpuMs: 0 }]])
  const writeFacts = async (target: typeof store, prefix: string): Promise<void> => {
    const w0 = performance.now()
    const c0 = process.cpuUsage()
    for (let i = 0; i < WRITES_PER_ROUND; i++) {
      const fact = factFor(`${prefix}${i}`)
      await target.transaction((tx) => tx.putFact(fact))
      written.get(target)!.push(fact)
    }
    const cpu = process.cpuUsage(c0)
    const total = spent.get(target)!
    total.wallMs += performance.now() - w0
    total.cpuMs += (cpu.user + cpu.system) / 1000
  }
  for (let round = 0; round < WRITES / WRITES_PER_ROUND; round++) {
    await writeFacts(bare, `reg-x${round}-`)
    await writeFacts(store, `reg-w${round}-`)
  }
  const writeMsWithAggregates = spent.get(store)!.wallMs / WRITES
  const writeMsWithout = spent.get(bare)!.wallMs / WRITES
  const cpuRatio = spent.get(store)!.cpuMs / spent.get(bare)!.cpuMs
  await bare.transaction(async (tx) => {
    for (const f of written.get(bare)!) await tx.deleteFact(f.registrationId)
  })
  bare.close()
  // The facts written here get their registrations too, so the recount finds nothing to report.
  await store.transaction(async (tx) => {
    for (const f of written.get(store)!) await tx.putRegistration(registrationFor(f))
  })

  // The recount command in its own process, on the database as the writes left it (every fact with its
  // registration, the dashboard's targets kept and followed): it must agree, and its peak is the figure.
  const c0 = performance.now()
  const recountCommand = recountCommandPeak(dir, dbFile)
  const recountCommandMs = performance.now() - c0
  const afterWrites = await post({ action: 'dashboard', data: {} })

  // Naive full recount: load every fact and count each indicator with the domain functions.
  const r0 = performance.now()
  const facts = await store.listFacts()
  const indicators = seedIndicators()
  const counted = (rule: CountingRule) => isFactRule(rule)
  const recount = indicators.filter((i) => counted(i.rule)).map((ind) => countFacts({ rule: ind.rule as never, period: indicatorPeriod(ind, PLAN_2021_2025, NOW) ?? { from: NOW, to: NOW }, filters: ind.filters }, facts, activities))
  const recountMs = performance.now() - r0
  const dashboardValues = afterWrites.data.cards.filter((c: any) => counted(c.rule)).map((c: any) => c.value)
  const agree = JSON.stringify(recount) === JSON.stringify(dashboardValues)

  const result = {
    facts: FACTS,
    persons: PERSONS,
    activities: ACTIVITIES,
    loadSeconds: +loadSeconds.toFixed(1),
    firstDashboardBuildingAggregatesMs: +firstDashboardMs.toFixed(0),
    checkInsWhileBuilding: { count: writeWaits.length, p50Ms: +pct(writeWaits, 50).toFixed(1), p99Ms: +pct(writeWaits, 99).toFixed(1), maxMs: +writeWaits[writeWaits.length - 1].toFixed(1), longest: waitsAt.sort((a, b) => b.ms - a.ms).slice(0, 5) },
    dashboardThroughGatewayMs: {
      requests: REQUESTS,
      p50: +pct(timings, 50).toFixed(1),
      p99: +pct(timings, 99).toFixed(1),
      p50District: +pct(districtTimings.sort((a, b) => a - b), 50).toFixed(1),
      p50OneArea: +pct(areaTimings.sort((a, b) => a - b), 50).toFixed(1),
    },
    factWriteMs: { withAggregates: +writeMsWithAggregates.toFixed(3), without: +writeMsWithout.toFixed(3), ratio: +(writeMsWithAggregates / writeMsWithout).toFixed(2), cpuRatio: +cpuRatio.toFixed(2) },
    recountCommand: { ms: +recountCommandMs.toFixed(0), peakRssMB: recountCommand.mb, exit: recountCommand.status, said: recountCommand.stdout },
    naiveFullRecountMs: +recountMs.toFixed(1),
    ratioRecountOverDashboardP50: +(recountMs / pct(timings, 50)).toFixed(1),
    figuresAgreeWithRecount: agree,
    benchPeakRssMB: { afterDashboards: rssAfterDashboardsMB, afterRecounts: Math.round(process.resourceUsage().maxRSS / 1024) },
  }
  console.log(JSON.stringify(result, null, 2))
  await new Promise<void>((r) => server.close(() => r()))
  store.close()
  fs.rmSync(dir, { recursive: true, force: true })
  bench(`ledger_dashboard_p99_at_${FACTS}_facts`, result.dashboardThroughGatewayMs.p99, 'ms', '<=50', result.dashboardThroughGatewayMs.p99 <= 50)
  bench('ledger_fact_write_with_over_without_aggregates', result.factWriteMs.ratio, 'ratio', '<=1.5', result.factWriteMs.ratio <= 1.5)
  bench('ledger_first_dashboard_building_aggregates', result.firstDashboardBuildingAggregatesMs, 'ms', '-', true)
  bench('ledger_longest_write_wait_while_building', result.checkInsWhileBuilding.maxMs, 'ms', '<=100', result.checkInsWhileBuilding.maxMs <= 100)
  bench('ledger_recount_command_peak_rss', recountCommand.mb, 'MB', '<=256', recountCommand.mb <= 256)
  requireInvariants('ledger benchmark', {
    'dashboard figures disagree with the full recount': !agree,
    'the recount command found differences (or failed)': recountCommand.status !== 0,
  })
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})

// PostgreSQL benchmark: sign-up and check-in through one gateway process and through four, against
// the same transaction in raw SQL (pg) on the same server, and the dashboard's latency, all in one
// run on a throwaway cluster (bench/lib/pg-server.ts). The three ways are measured in interleaved
// rounds (raw, one gateway, four gateways, rotating who goes first), so a change in the machine's
// background load falls on all three alike and the ratios stay side by side.
//
// BENCH_PG_CPU_PROF=<dir> runs the gateways under `node --cpu-prof` (profiles written to <dir> when
// they stop); BENCH_PG_PROFILE=1 prints the statements that took the server's time
// (pg_stat_statements); BENCH_PG_FSYNC=off runs the server without WAL flushes.
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Client, Pool, type PoolClient } from 'pg'
import { openPgStore, type PgStore } from '../server/postgres/store'
import { base64url, deriveActivityKey, slotAt, ticketCode } from '../src/domain/checkin/codes'
import { checkInIdFor } from '../src/domain/checkin/rules'
import { registrationIdFor, type ActivityId, type AreaId, type PersonId, type RegistrationId, type UserId } from '../src/domain/ids'
import { activityFacts, countFacts, factOf, monthLabel } from '../src/domain/ledger/count'
import { seedIndicators } from '../src/domain/ledger/indicators'
import { PRIVACY_NOTICE_VERSION, privacyConsentId } from '../src/domain/privacy/notice'
import type { Activity, Registration } from '../src/domain/types'
import { bench, QUICK, requireInvariants, size } from './lib/report'
import { startBenchPostgres } from './lib/pg-server'
import { bundleServer, call, gatewayReport, load, startGateway, stopGateway, sum, type Gateway, type LoadResult } from './lib/pg-gateways'
import { addCpu, cpuSnapshot, machineBusySeconds, perOp, pidsSeconds, type CpuGroups } from './lib/pg-cpu'

const GATEWAYS = 4
const CLIENTS = 50
const PER_CLIENT = Math.ceil(Number(process.env.BENCH_SIGNUPS ?? size(5000, 300)) / CLIENTS)
const SIGNUPS = CLIENTS * PER_CLIENT
const SCANNERS = 20
const PER_SCANNER = size(100, 10)
const TICKETS = SCANNERS * PER_SCANNER
const ROUNDS = size(5, 2)
/** Sign-ups per client when each client has an activity of its own (no row every sign-up locks). */
const SPREAD_PER_CLIENT = size(40, 2)
const WARMUP_PER_CLIENT = size(40, 2)
const EXTRA_FACTS = size(5000, 1000)
const DASHBOARDS = size(60, 10)
/** Connections of the raw-SQL side: a gateway's own default pool (server/config.ts). */
const RAW_POOL = 10
/** Each gateway's pool (KEPU_DATABASE_POOL); the server's default when unset. */
const GATEWAY_POOL = process.env.BENCH_PG_POOL ? Number(process.env.BENCH_PG_POOL) : undefined
const PLAN_ID = 'plan-bench'

const MINUTE = 60_000
const NOW = new Date().toISOString()
const iso = (minutes: number) => new Date(Date.now() + minutes * MINUTE).toISOString()
const MASTER_KEY = crypto.randomBytes(32)
const AREA = 'area-bench' as AreaId

const userOf = (c: number) => `usr-b${String(c).padStart(3, '0')}` as UserId
const tokenOf = (c: number) => `bench-session-${c}-${'x'.repeat(16)}`
const personOf = (c: number, i: number) => `per-b${String(c).padStart(3, '0')}-${String(i).padStart(4, '0')}` as PersonId
const scannerOf = (s: number) => `usr-scanner-${s}` as UserId
const scannerToken = (s: number) => `bench-scanner-${s}-${'y'.repeat(16)}`
const ADMIN_TOKEN = `bench-admin-${'z'.repeat(16)}`

function activity(id: string, o: Partial<Activity> = {}): Activity {
  return {
    id: id as ActivityId, title: '基准测试活动', type: 'lecture', description: '', startAt: iso(7 * 24 * 60), endAt: iso(7 * 24 * 60 + 120), place: '报告厅',
    areaId: AREA, departmentCode: 'kx', targetGroups: ['public'], actions: [], projects: [], tags: [], capacity: 10_000_000, waitlistLimit: 0,
    signupOpensAt: iso(-24 * 60), signupClosesAt: iso(6 * 24 * 60), status: 'published', confirmedCount: 0, waitlistCount: 0, nextSeq: 1,
    checkoutEnabled: false, walkInsAllowed: false, attendanceClosedAt: null, createdAt: NOW, updatedAt: NOW, ...o,
  }
}

/** `n` promises at a time. */
async function inBatches<T>(items: readonly T[], n: number, f: (item: T) => Promise<unknown>): Promise<void> {
  for (let k = 0; k < items.length; k += n) await Promise.all(items.slice(k, k + n).map(f))
}

async function inTransaction<T>(pool: Pool, work: (c: PoolClient) => Promise<T>): Promise<T> {
  const c = await pool.connect()
  try {
    await c.query('BEGIN')
    const r = await work(c)
    await c.query('COMMIT')
    return r
  } catch (e) {
    await c.query('ROLLBACK').catch(() => {})
    throw e
  } finally {
    c.release()
  }
}

/**
 * What a sign-up does, by hand: lock the activity row, decide the seat from its counters, insert the
 * registration (its primary key refuses a second one), bump the counters. No session, no validation.
 */
async function rawSignUp(pool: Pool, activityId: string, personId: PersonId, ownerId: UserId): Promise<void> {
  await inTransaction(pool, async (c) => {
    const { rows } = await c.query(
      `SELECT (doc->>'capacity')::int AS capacity, (doc->>'confirmedCount')::int AS confirmed, (doc->>'nextSeq')::int AS next_seq FROM activities WHERE id = $1 FOR UPDATE`,
      [activityId],
    )
    const a = rows[0]
    if (!a || a.confirmed >= a.capacity) throw new Error('raw sign-up: no seat')
    const now = new Date().toISOString()
    const reg: Registration = {
      id: registrationIdFor(activityId as ActivityId, personId), activityId: activityId as ActivityId, personId, ownerId, createdBy: ownerId, status: 'confirmed', seq: a.next_seq,
      createdAt: now, updatedAt: now, cancelledAt: null, promotedAt: null, walkIn: false, attendance: null, checkedInAt: null, checkedOutAt: null,
    }
    const inserted = await c.query(
      `INSERT INTO registrations (id, doc, activity_id, person_id, owner_id, status, seq, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING RETURNING id`,
      [reg.id, JSON.stringify(reg), reg.activityId, reg.personId, reg.ownerId, reg.status, reg.seq, now],
    )
    if (inserted.rowCount !== 1) throw new Error('raw sign-up: duplicate')
    await c.query(`UPDATE activities SET doc = doc || jsonb_build_object('confirmedCount', $2::int, 'nextSeq', $3::int, 'updatedAt', $4::text) WHERE id = $1`, [
      activityId,
      a.confirmed + 1,
      a.next_seq + 1,
      now,
    ])
  })
}

/**
 * What a check-in does, by hand: read the activity (a share lock: it is not written; or, to price
 * the adapter's lock alone, FOR UPDATE as its by-id read takes it), lock the
 * registration with its person, insert the check-in (its primary key makes a repeat harmless), mark
 * the registration attended, write the ledger fact. No code verification, no session.
 */
async function rawCheckIn(pool: Pool, a: Activity, registrationId: RegistrationId, operatorId: UserId, nonce: string, activityLock: 'SHARE' | 'UPDATE'): Promise<void> {
  await inTransaction(pool, async (c) => {
    const act = (await c.query(`SELECT doc->>'status' AS status, doc->>'attendanceClosedAt' AS closed FROM activities WHERE id = $1 FOR ${activityLock}`, [a.id])).rows[0]
    if (!act || act.status !== 'published' || act.closed) throw new Error('raw check-in: activity not open')
    const reg = (
      await c.query(
        `SELECT r.doc->>'status' AS status, r.person_id, p.doc->>'targetGroup' AS target_group FROM registrations r JOIN persons p ON p.id = r.person_id WHERE r.id = $1 FOR UPDATE OF r`,
        [registrationId],
      )
    ).rows[0]
    if (!reg || reg.status !== 'confirmed') throw new Error('raw check-in: no registration')
    const at = new Date().toISOString()
    const id = checkInIdFor(registrationId, 'in')
    const checkIn = { id, activityId: a.id, registrationId, personId: reg.person_id, kind: 'in', method: 'ticket', at, recordedAt: at, operatorId, deviceId: 'raw', nonce, reason: null, duplicates: [] }
    const inserted = await c.query(
      `INSERT INTO checkins (id, doc, activity_id, registration_id, person_id, kind, operator_id, at) VALUES ($1, $2, $3, $4, $5, 'in', $6, $7) ON CONFLICT (id) DO NOTHING RETURNING id`,
      [id, JSON.stringify(checkIn), a.id, registrationId, reg.person_id, operatorId, at],
    )
    if (inserted.rowCount !== 1) return
    await c.query(`UPDATE registrations SET doc = doc || jsonb_build_object('attendance', 'attended', 'checkedInAt', $2::text, 'updatedAt', $2::text) WHERE id = $1`, [registrationId, at])
    const fact = factOf(registrationId, { id: reg.person_id, targetGroup: reg.target_group }, a, at)
    await c.query(
      `INSERT INTO ledger_facts (id, doc, person_id, person_group, activity_id, type, department_code, area_id, tags, actions, projects, activity_cancelled, at, month)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [registrationId, JSON.stringify(fact), fact.personId, fact.personTargetGroup, a.id, a.type, a.departmentCode, a.areaId, a.tags, a.actions, a.projects, false, at, monthLabel(at)],
    )
  })
}

type Way = 'raw' | 'gateway1' | 'gateway4'
const WAYS: readonly Way[] = ['raw', 'gateway1', 'gateway4']
/** Check-in also by hand with the activity locked FOR UPDATE, as the adapter's by-id read locks it: what that lock costs alone. */
type CheckInWay = Way | 'rawExclusive'
const CHECKIN_WAYS: readonly CheckInWay[] = ['raw', 'rawExclusive', 'gateway1', 'gateway4']

/**
 * Runs every way once per round, the first of each round rotating; returns each way's rounds and the
 * CPU milliseconds per operation each group of processes spent on it.
 */
async function interleaved<W extends string>(rounds: number, cpu: CpuGroups, ways: readonly W[], run: (way: W, round: number) => Promise<LoadResult>) {
  const out = Object.fromEntries(ways.map((w) => [w, []])) as unknown as Record<W, LoadResult[]>
  const seconds = Object.fromEntries(ways.map((w) => [w, {}])) as Record<W, Record<string, number>>
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < ways.length; k++) {
      const way = ways[(r + k) % ways.length]
      const before = cpuSnapshot(cpu)
      out[way].push(await run(way, r))
      addCpu(seconds[way], before, cpuSnapshot(cpu))
    }
  }
  const ops = (way: W) => out[way].reduce((n, x) => n + x.ops, 0)
  const cpuMsPerOp = Object.fromEntries(ways.map((w) => [w, perOp(seconds[w], ops(w))])) as Record<W, Record<string, number>>
  return { runs: out, cpuMsPerOp }
}

async function setUp(store: PgStore, checkInActivities: Record<CheckInWay, Activity>) {
  await store.putArea({ id: AREA, name: '基准街道', kind: 'street', sort: 1 })
  const year = new Date().getUTCFullYear()
  await store.putPlan({ id: PLAN_ID, name: '基准规划', period: { from: `${year - 2}-12-31T16:00:00.000Z`, to: `${year + 4}-12-31T16:00:00.000Z` } })
  for (const ind of seedIndicators(PLAN_ID)) await store.putIndicator(ind)
  await store.putUser({ id: 'usr-admin' as UserId, role: 'admin', displayName: '管理员', createdAt: NOW })
  await store.createSession(ADMIN_TOKEN, 'usr-admin' as UserId, iso(600))
  // Residents who agreed to the privacy notice (sign-up requires it), each managing PER_CLIENT persons.
  const clients = Array.from({ length: CLIENTS }, (_, c) => c)
  await inBatches(clients, 10, async (c) => {
    await store.putUser({ id: userOf(c), role: 'resident', displayName: '居民', createdAt: NOW })
    await store.putConsent({ id: privacyConsentId(userOf(c)), userId: userOf(c), kind: 'privacy_notice', version: PRIVACY_NOTICE_VERSION, subjectId: null, at: NOW })
    await store.createSession(tokenOf(c), userOf(c), iso(600))
    for (let i = 0; i < Math.max(PER_CLIENT + WARMUP_PER_CLIENT, Math.ceil(TICKETS / CLIENTS)); i++) {
      await store.putPerson({ id: personOf(c, i), ownerId: userOf(c), isSelf: i === 0, name: `居民${c}-${i}`, birthYear: 1960, targetGroup: 'senior', areaId: AREA, phone: null, guardianConsentAt: null, cardVersion: 0, createdAt: NOW, updatedAt: NOW })
    }
  })
  for (const id of ['act-su-warm', 'act-su-raw', 'act-su-gateway1', 'act-su-gateway4']) await store.putActivity(activity(id))
  for (const way of WAYS) for (let c = 0; c < CLIENTS; c++) await store.putActivity(activity(`act-sp-${way}-${c}`))
  // Scanners: organizers of 区科协 (kx), whose activities these are.
  for (let s = 0; s < SCANNERS; s++) {
    await store.putUser({ id: scannerOf(s), role: 'organizer', departmentCode: 'kx', displayName: `扫码员${s}`, createdAt: NOW })
    await store.createSession(scannerToken(s), scannerOf(s), iso(600))
  }
  // The check-in activities: started 10 minutes ago, each with TICKETS confirmed registrations.
  for (const a of Object.values(checkInActivities)) {
    await store.putActivity(a)
    const tickets = Array.from({ length: TICKETS }, (_, k) => k)
    for (let k = 0; k < tickets.length; k += 500) {
      await store.transaction(async (tx) => {
        for (const t of tickets.slice(k, k + 500)) {
          const c = t % CLIENTS
          const personId = personOf(c, Math.floor(t / CLIENTS))
          await tx.putRegistration({ id: registrationIdFor(a.id, personId), activityId: a.id, personId, ownerId: userOf(c), createdBy: userOf(c), status: 'confirmed', seq: t + 1, createdAt: NOW, updatedAt: NOW, cancelledAt: null, promotedAt: null, walkIn: false, attendance: null, checkedInAt: null, checkedOutAt: null })
        }
      })
    }
  }
  // Earlier attendances for the dashboard to count: EXTRA_FACTS facts of 50 past activities this plan year.
  const past = Array.from({ length: 50 }, (_, k) => activity(`act-past-${k}`, { type: k % 2 ? 'lecture' : 'training', startAt: iso(-(k + 1) * 24 * 60), endAt: iso(-(k + 1) * 24 * 60 + 120), status: 'published', tags: k % 5 ? [] : ['science_tutor_training'] }))
  for (const a of past) await store.putActivity(a)
  for (let k = 0; k < EXTRA_FACTS; k += 1000) {
    await store.transaction(async (tx) => {
      for (let f = k; f < Math.min(EXTRA_FACTS, k + 1000); f++) {
        const a = past[f % past.length]
        const c = f % CLIENTS
        await tx.putFact(factOf(`reg-past-${f}`, { id: personOf(c, f % 37), targetGroup: f % 3 ? 'senior' : 'public' }, a, new Date(Date.parse(a.startAt) + 30 * MINUTE).toISOString()))
      }
    })
  }
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kepu-bench-pgrun-'))
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }))
  // Durable for the figures; the quick run (invariants, in npm test) without WAL flushes unless asked.
  const server = await startBenchPostgres({ durable: process.env.BENCH_PG_FSYNC ? process.env.BENCH_PG_FSYNC !== 'off' : !QUICK })
  const admin = new Client({ connectionString: server.url })
  await admin.connect()
  await admin.query('CREATE DATABASE kepu_bench')
  await admin.end()
  // BENCH_PG_SOCKET=1: every client (gateways and raw SQL alike) over the Unix socket, not TCP loopback.
  const databaseUrl = process.env.BENCH_PG_SOCKET ? server.socketUrlOf('kepu_bench') : server.urlOf('kepu_bench')
  const t0 = performance.now()
  const store = await openPgStore(databaseUrl, { max: 20 })
  if (server.statStatements) await store.db.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements')
  const checkInActivity = (way: CheckInWay) => activity(`act-ci-${way}`, { startAt: iso(-10), endAt: iso(180), signupClosesAt: iso(-60), capacity: TICKETS, confirmedCount: TICKETS, nextSeq: TICKETS + 1 })
  const checkInActivities = Object.fromEntries(CHECKIN_WAYS.map((w) => [w, checkInActivity(w)])) as Record<CheckInWay, Activity>
  const [bundle] = await Promise.all([bundleServer(path.join(dir, 'bundle')), setUp(store, checkInActivities)])
  await store.db.query('ANALYZE')
  const setupSeconds = (performance.now() - t0) / 1000
  const cpuProfDir = process.env.BENCH_PG_CPU_PROF ? path.resolve(process.env.BENCH_PG_CPU_PROF) : undefined
  // The profiles' line numbers are the bundle's: keep it beside them.
  if (cpuProfDir) fs.mkdirSync(cpuProfDir, { recursive: true })
  if (cpuProfDir) fs.copyFileSync(bundle, path.join(cpuProfDir, 'main.js'))
  const gateways: Gateway[] = await Promise.all(
    Array.from({ length: GATEWAYS }, () => startGateway(bundle, { databaseUrl, signingKey: base64url(MASTER_KEY), dir, cpuProfDir, pool: GATEWAY_POOL })),
  )
  const seeded = gateways.some((g) => g.output().includes('Seeded'))
  const raw = new Pool({ connectionString: databaseUrl, max: RAW_POOL })
  const cpu: CpuGroups = {
    bench: () => {
      const u = process.cpuUsage()
      return (u.user + u.system) / 1e6
    },
    gateways: pidsSeconds(() => gateways.map((g) => g.child.pid)),
    postgres: pidsSeconds(server.pids),
    machine: machineBusySeconds,
  }
  // "One gateway" is another of the four each round, so every process serves as much and is as warm
  // (V8 optimizes a function after enough calls: a process that served less runs slower code).
  const portFor = (way: CheckInWay, client: number, round: number) => (way === 'gateway1' ? gateways[round % GATEWAYS].port : gateways[client % GATEWAYS].port)

  // ---- Warm-up: every gateway's JIT and pool, and the raw pool, on an activity of their own.
  let refused = 0
  const refusals: string[] = []
  const refuse = (what: string, reply: any) => {
    refused++
    if (refusals.length < 5) refusals.push(`${what}: ${JSON.stringify(reply?.error ?? reply)}`)
  }
  await load(CLIENTS, WARMUP_PER_CLIENT, async (c, i) => {
    const r = await call(gateways[c % GATEWAYS].port, 'registrations', tokenOf(c), 'signUp', { activityId: 'act-su-warm', personId: personOf(c, PER_CLIENT + i) })
    if (!r.ok) refuse('warm-up sign-up', r)
  })
  await Promise.all(Array.from({ length: RAW_POOL }, () => raw.query('SELECT 1')))
  if (server.statStatements) await store.db.query('SELECT pg_stat_statements_reset()')

  // ---- Sign-up: SIGNUPS sign-ups from CLIENTS concurrent clients, each way on an activity of its own.
  const perRound = Math.ceil(PER_CLIENT / ROUNDS)
  const signUps = await interleaved(ROUNDS, cpu, WAYS, (way, round) => {
    const from = round * perRound
    const n = Math.max(0, Math.min(perRound, PER_CLIENT - from))
    const activityId = `act-su-${way}`
    return load(CLIENTS, n, async (c, i) => {
      const personId = personOf(c, from + i)
      if (way === 'raw') return rawSignUp(raw, activityId, personId, userOf(c))
      const r = await call(portFor(way, c, round), 'registrations', tokenOf(c), 'signUp', { activityId, personId })
      if (!r.ok || r.data.status !== 'confirmed') refuse(`sign-up through ${way}`, r)
    })
  })
  const signUpStats = { raw: sum(signUps.runs.raw), gateway1: sum(signUps.runs.gateway1), gateway4: sum(signUps.runs.gateway4) }
  const signUpStatements = server.statStatements && process.env.BENCH_PG_PROFILE ? await topStatements(store) : null

  // ---- The same sign-ups with every client on an activity of its own: what one gateway and four do
  // when no row is taken by all (the lock's share of the loss above is the difference).
  const spreadPerRound = Math.ceil(SPREAD_PER_CLIENT / ROUNDS)
  const spread = await interleaved(ROUNDS, cpu, WAYS, (way, round) => {
    const from = round * spreadPerRound
    const n = Math.max(0, Math.min(spreadPerRound, SPREAD_PER_CLIENT - from))
    return load(CLIENTS, n, async (c, i) => {
      const activityId = `act-sp-${way}-${c}`
      const personId = personOf(c, from + i)
      if (way === 'raw') return rawSignUp(raw, activityId, personId, userOf(c))
      const r = await call(portFor(way, c, round), 'registrations', tokenOf(c), 'signUp', { activityId, personId })
      if (!r.ok || r.data.status !== 'confirmed') refuse(`spread sign-up through ${way}`, r)
    })
  })
  const spreadStats = { raw: sum(spread.runs.raw), gateway1: sum(spread.runs.gateway1), gateway4: sum(spread.runs.gateway4) }
  if (server.statStatements) await store.db.query('SELECT pg_stat_statements_reset()')

  // ---- Check-in: SCANNERS scanners × PER_SCANNER tickets, each way on an activity of its own.
  const ticketOf = (s: number, i: number) => {
    const t = s * PER_SCANNER + i
    return { reg: (a: Activity) => registrationIdFor(a.id, personOf(t % CLIENTS, Math.floor(t / CLIENTS))), nonce: `bench-${s}-${i}` }
  }
  const perScannerRound = Math.ceil(PER_SCANNER / ROUNDS)
  const checkIns = await interleaved(ROUNDS, cpu, CHECKIN_WAYS, (way, round) => {
    const from = round * perScannerRound
    const n = Math.max(0, Math.min(perScannerRound, PER_SCANNER - from))
    const a = checkInActivities[way]
    const key = deriveActivityKey(MASTER_KEY, a.id)
    return load(SCANNERS, n, async (s, i) => {
      const t = ticketOf(s, from + i)
      if (way === 'raw' || way === 'rawExclusive') return rawCheckIn(raw, a, t.reg(a), scannerOf(s), t.nonce, way === 'raw' ? 'SHARE' : 'UPDATE')
      const at = new Date().toISOString()
      const code = ticketCode(key, a.id, t.reg(a), slotAt(at))
      const r = await call(portFor(way, s, round), 'checkin', scannerToken(s), 'scan', { activityId: a.id, code, nonce: t.nonce, deviceId: `scanner-${s}`, at })
      if (!r.ok || r.data.verdict !== 'ok') refuse(`scan through ${way}`, r)
    })
  })
  const checkInStats = { raw: sum(checkIns.runs.raw), rawExclusive: sum(checkIns.runs.rawExclusive), gateway1: sum(checkIns.runs.gateway1), gateway4: sum(checkIns.runs.gateway4) }
  const checkInStatements = server.statStatements && process.env.BENCH_PG_PROFILE ? await topStatements(store) : null

  // The same tickets scanned again on the other gateways (another desk, a new nonce): 已签到, nothing new stored.
  const again = checkInActivities.gateway4
  const againKey = deriveActivityKey(MASTER_KEY, again.id)
  const repeats = await Promise.all(
    Array.from({ length: SCANNERS }, async (_, s) => {
      const at = new Date().toISOString()
      const r = await call(gateways[(s + 1) % GATEWAYS].port, 'checkin', scannerToken(s), 'scan', { activityId: again.id, code: ticketCode(againKey, again.id, ticketOf(s, 0).reg(again), slotAt(at)), nonce: `bench-repeat-${s}`, deviceId: `desk-${s}`, at })
      return r.ok && r.data.verdict === 'already'
    }),
  )

  if (server.statStatements) await store.db.query('SELECT pg_stat_statements_reset()')

  // ---- Dashboard: the admin's 总览 through one gateway, one request after the other.
  const dashboardTimings: number[] = []
  let dashboard: any = null
  for (let i = 0; i < DASHBOARDS; i++) {
    const s = performance.now()
    const r = await call(gateways[0].port, 'ledger', ADMIN_TOKEN, 'dashboard', i % 2 ? { planId: PLAN_ID, areaId: AREA } : { planId: PLAN_ID })
    dashboardTimings.push(performance.now() - s)
    if (!r.ok) refuse('dashboard', r)
    else if (i % 2 === 0) dashboard = r
  }
  dashboardTimings.sort((a, b) => a - b)
  const dashboardStatements = server.statStatements && process.env.BENCH_PG_PROFILE ? await topStatements(store) : null

  // ---- What is stored.
  const q = async <R>(text: string, params: unknown[] = []) => (await raw.query(text, params)).rows as R[]
  const signUpRows = await Promise.all(
    WAYS.map(async (way) => {
      const [r] = await q<{ n: number; confirmed: number; seqs: number; max_seq: number }>(
        `SELECT count(*)::int AS n, count(*) FILTER (WHERE status = 'confirmed')::int AS confirmed, count(DISTINCT seq)::int AS seqs, coalesce(max(seq), 0)::int AS max_seq FROM registrations WHERE activity_id = $1`,
        [`act-su-${way}`],
      )
      const [a] = await q<{ confirmed: number; next_seq: number }>(`SELECT (doc->>'confirmedCount')::int AS confirmed, (doc->>'nextSeq')::int AS next_seq FROM activities WHERE id = $1`, [`act-su-${way}`])
      return { way, ...r, counter: a.confirmed, nextSeq: a.next_seq }
    }),
  )
  const [spreadRows] = await q<{ n: number; confirmed: number }>(
    `SELECT count(*)::int AS n, count(*) FILTER (WHERE status = 'confirmed')::int AS confirmed FROM registrations WHERE activity_id LIKE 'act-sp-%'`,
  )
  const checkInRows = await Promise.all(
    CHECKIN_WAYS.map(async (way) => {
      const id = checkInActivities[way].id
      const [r] = await q<{ checkins: number; attended: number; facts: number }>(
        `SELECT (SELECT count(*)::int FROM checkins WHERE activity_id = $1) AS checkins,
                (SELECT count(*)::int FROM registrations WHERE activity_id = $1 AND doc->>'attendance' = 'attended') AS attended,
                (SELECT count(*)::int FROM ledger_facts WHERE activity_id = $1) AS facts`,
        [id],
      )
      return { way, ...r }
    }),
  )
  // The dashboard's figures equal the domain's count over the stored facts.
  const facts = await store.listFacts()
  const indicators = await store.listIndicators(PLAN_ID)
  let compared = 0
  let disagreements = 0
  for (const card of dashboard?.data.cards ?? []) {
    const ind = indicators.find((x) => x.id === card.id)
    if (!ind || (ind.rule !== 'person_times' && ind.rule !== 'unique_persons') || !card.period) continue
    compared++
    if (card.value !== countFacts({ rule: ind.rule, period: card.period, filters: ind.filters }, facts)) disagreements++
  }

  const ratio = (a: number, b: number) => +(a / b).toFixed(3)
  const result = {
    server: { durable: server.durable, socket: !!process.env.BENCH_PG_SOCKET, setupSeconds: +setupSeconds.toFixed(1), gateways: GATEWAYS, gatewayPool: GATEWAY_POOL ?? 'default (10)', rawPool: RAW_POOL, rounds: ROUNDS },
    signUp: {
      clients: CLIENTS,
      signUpsPerWay: SIGNUPS,
      opsPerSec: { raw: Math.round(signUpStats.raw.opsPerSec), gateway1: Math.round(signUpStats.gateway1.opsPerSec), gateway4: Math.round(signUpStats.gateway4.opsPerSec) },
      latencyMs: { raw: { p50: signUpStats.raw.p50, p99: signUpStats.raw.p99 }, gateway1: { p50: signUpStats.gateway1.p50, p99: signUpStats.gateway1.p99 }, gateway4: { p50: signUpStats.gateway4.p50, p99: signUpStats.gateway4.p99 } },
      cpuMsPerOp: signUps.cpuMsPerOp,
      stored: signUpRows,
    },
    signUpSpread: {
      activitiesPerWay: CLIENTS,
      signUpsPerWay: CLIENTS * SPREAD_PER_CLIENT,
      opsPerSec: { raw: Math.round(spreadStats.raw.opsPerSec), gateway1: Math.round(spreadStats.gateway1.opsPerSec), gateway4: Math.round(spreadStats.gateway4.opsPerSec) },
      cpuMsPerOp: spread.cpuMsPerOp,
      stored: spreadRows,
    },
    checkIn: {
      scanners: SCANNERS,
      ticketsPerWay: TICKETS,
      opsPerSec: { raw: Math.round(checkInStats.raw.opsPerSec), rawExclusive: Math.round(checkInStats.rawExclusive.opsPerSec), gateway1: Math.round(checkInStats.gateway1.opsPerSec), gateway4: Math.round(checkInStats.gateway4.opsPerSec) },
      latencyMs: { raw: { p50: checkInStats.raw.p50, p99: checkInStats.raw.p99 }, gateway1: { p50: checkInStats.gateway1.p50, p99: checkInStats.gateway1.p99 }, gateway4: { p50: checkInStats.gateway4.p50, p99: checkInStats.gateway4.p99 } },
      cpuMsPerOp: checkIns.cpuMsPerOp,
      stored: checkInRows,
      repeatsAnsweredAlready: repeats.filter(Boolean).length,
    },
    dashboard: { facts: facts.length, requests: DASHBOARDS, p50: +dashboardTimings[Math.floor(DASHBOARDS / 2)].toFixed(1), p99: +dashboardTimings[Math.min(DASHBOARDS - 1, Math.floor(DASHBOARDS * 0.99))].toFixed(1), cardsCompared: compared, disagreements },
    refused,
    refusals,
    ...(signUpStatements ? { signUpStatements, checkInStatements, dashboardStatements } : {}),
  }
  console.log(JSON.stringify(result, null, 2))

  await raw.end()
  await Promise.all(gateways.map(stopGateway))
  await store.close()
  server.stop()
  fs.rmSync(dir, { recursive: true, force: true })

  const su1 = ratio(signUpStats.gateway1.opsPerSec, signUpStats.raw.opsPerSec)
  const su4 = ratio(signUpStats.gateway4.opsPerSec, signUpStats.raw.opsPerSec)
  const su41 = ratio(signUpStats.gateway4.opsPerSec, signUpStats.gateway1.opsPerSec)
  bench('pg_signup_gateway1_over_raw_sql', su1, 'ratio', '>=0.5', su1 >= 0.5)
  bench('pg_signup_gateway4_over_raw_sql', su4, 'ratio', '>=0.5', su4 >= 0.5)
  bench('pg_signup_gateway4_over_gateway1', su41, 'ratio', '>=1', su41 >= 1)
  bench('pg_signup_gateway1_p99', signUpStats.gateway1.p99, 'ms', '-', true)
  bench('pg_signup_gateway4_p99', signUpStats.gateway4.p99, 'ms', '-', true)
  bench('pg_signup_spread_gateway1_over_raw_sql', ratio(spreadStats.gateway1.opsPerSec, spreadStats.raw.opsPerSec), 'ratio', '-', true)
  bench('pg_signup_spread_gateway4_over_gateway1', ratio(spreadStats.gateway4.opsPerSec, spreadStats.gateway1.opsPerSec), 'ratio', '-', true)
  const ci1 = ratio(checkInStats.gateway1.opsPerSec, checkInStats.raw.opsPerSec)
  const ci4 = ratio(checkInStats.gateway4.opsPerSec, checkInStats.raw.opsPerSec)
  const ci41 = ratio(checkInStats.gateway4.opsPerSec, checkInStats.gateway1.opsPerSec)
  const duplicates = checkInRows.reduce((n, r) => n + Math.max(0, r.checkins - TICKETS), 0)
  bench('pg_checkin_gateway1_over_raw_sql', ci1, 'ratio', '>=0.5', ci1 >= 0.5)
  bench('pg_checkin_gateway4_over_raw_sql', ci4, 'ratio', '>=0.5', ci4 >= 0.5)
  bench('pg_checkin_gateway4_over_gateway1', ci41, 'ratio', '>=1', ci41 >= 1)
  bench('pg_checkin_duplicates', duplicates, 'records', '0', duplicates === 0)
  bench('pg_checkin_gateway1_p99', checkInStats.gateway1.p99, 'ms', '-', true)
  bench('pg_checkin_raw_sql_exclusive_activity_lock_over_raw_sql', ratio(checkInStats.rawExclusive.opsPerSec, checkInStats.raw.opsPerSec), 'ratio', '-', true)
  bench(`pg_dashboard_gateway1_p99_at_${facts.length}_facts`, result.dashboard.p99, 'ms', '<=50', result.dashboard.p99 <= 50)
  if (refusals.length) console.error(refusals.join('\n'))
  requireInvariants('PostgreSQL benchmark', {
    'a request was refused': refused > 0,
    'a gateway seeded the benchmark database': seeded,
    'a sign-up is missing, duplicated or not confirmed': signUpRows.some((r) => r.n !== SIGNUPS || r.confirmed !== SIGNUPS),
    'a sign-up for an activity of its own is missing or not confirmed': spreadRows.n !== 3 * CLIENTS * SPREAD_PER_CLIENT || spreadRows.confirmed !== spreadRows.n,
    'sign-up seqs are not 1…n, each once': signUpRows.some((r) => r.seqs !== SIGNUPS || r.max_seq !== SIGNUPS),
    'the activity counters differ from the rows': signUpRows.some((r) => r.counter !== SIGNUPS || r.nextSeq !== SIGNUPS + 1),
    'duplicate check-ins were stored': duplicates !== 0,
    'a ticket is not attended once with one fact': checkInRows.some((r) => r.checkins !== TICKETS || r.attended !== TICKETS || r.facts !== TICKETS),
    'a repeated scan on another gateway was not answered 已签到': repeats.some((ok) => !ok),
    'the dashboard disagrees with the count over the stored facts': compared === 0 || disagreements > 0,
  })
}

/** The statements that took the server's time since the last reset (pg_stat_statements). */
async function topStatements(store: PgStore) {
  const rows = await store.db.query<{ query: string; calls: number; total_ms: number; mean_ms: number; plan_ms: number }>(
    `SELECT left(regexp_replace(query, '\\s+', ' ', 'g'), 110) AS query, calls::int, round(total_exec_time::numeric, 1)::float AS total_ms, round(mean_exec_time::numeric, 3)::float AS mean_ms,
            round(total_plan_time::numeric, 1)::float AS plan_ms
     FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) ORDER BY total_exec_time DESC LIMIT 25`,
  )
  return rows
}

main().catch((e) => {
  console.error(e)
  console.error(gatewayReport())
  process.exit(1)
})

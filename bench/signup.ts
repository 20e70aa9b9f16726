// Sign-up benchmark: throughput and latency through the local HTTP gateway (50 clients in a worker
// thread, bench/lib/load.ts) against the same transaction in raw better-sqlite3, measured in one run;
// then 500 concurrent sign-ups for 100 seats.
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import { createGateway } from '../server/gateway'
import { openSqliteStore, type SqliteStore } from '../server/sqlite/store'
import type { ActivityId, AreaId, PersonId, UserId } from '../src/domain/ids'
import type { Activity } from '../src/domain/types'
import { runLoad } from './lib/load'
import { bench, requireInvariants, size } from './lib/report'
import { PRIVACY_NOTICE_VERSION, privacyConsentId } from '../src/domain/privacy/notice'

const CLIENTS = 50
const ROUNDS = 3
const SIGNUPS = Number(process.env.BENCH_SIGNUPS ?? size(5000, 500))
const NOW = new Date().toISOString()
const DAY = 86_400_000

const iso = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY).toISOString()
function activity(id: string, capacity: number, waitlistLimit: number): Activity {
  return {
    id: id as ActivityId, title: '基准测试活动', type: 'lecture', description: '', startAt: iso(7), endAt: iso(7.1), place: '报告厅',
    areaId: 'area-bench' as AreaId, departmentCode: 'kx', targetGroups: ['public'], actions: [], projects: [], tags: [], capacity, waitlistLimit,
    signupOpensAt: iso(-1), signupClosesAt: iso(6), status: 'published', confirmedCount: 0, waitlistCount: 0, nextSeq: 1, checkoutEnabled: false, walkInsAllowed: false, attendanceClosedAt: null, createdAt: NOW, updatedAt: NOW,
  }
}

async function populate(store: SqliteStore, prefix: string, users: number, personsPerUser: number) {
  const sessions: string[] = []
  const persons: { user: number; id: string }[] = []
  for (let u = 0; u < users; u++) {
    const userId = `${prefix}-u${u}` as UserId
    await store.putUser({ id: userId, role: 'resident', displayName: '居民', createdAt: NOW })
    // Sign-up requires the current privacy notice agreed (registrations.signUp → PRIVACY.NOT_AGREED).
    await store.putConsent({ id: privacyConsentId(userId), userId, kind: 'privacy_notice', version: PRIVACY_NOTICE_VERSION, subjectId: null, at: NOW })
    const token = `${prefix}-token-${u}`
    await store.createSession(token, userId, iso(1))
    sessions.push(token)
    for (let p = 0; p < personsPerUser; p++) {
      const id = `${prefix}-p${u}-${p}`
      await store.putPerson({ id: id as PersonId, ownerId: userId, isSelf: p === 0, name: '居民', birthYear: 1960, targetGroup: 'senior', areaId: 'area-bench' as AreaId, phone: null, guardianConsentAt: null, cardVersion: 0, createdAt: NOW, updatedAt: NOW })
      persons.push({ user: u, id })
    }
  }
  return { sessions, persons }
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS * 2 })
function post(port: number, token: string, body: unknown): Promise<any> {
  const data = JSON.stringify(body)
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: '/api/registrations', method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data), cookie: `kepu_sid=${token}` } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c) => chunks.push(c))
      res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString())))
    })
    req.on('error', reject)
    req.end(data)
  })
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kepu-bench-'))
  const store = openSqliteStore(path.join(dir, 'bench.sqlite'))
  await store.putArea({ id: 'area-bench' as AreaId, name: '基准街道', kind: 'street', sort: 1 })
  const server = createGateway({ deps: { store, clock: { now: () => new Date().toISOString() }, random: Math.random }, sessions: store, staticDir: null, sessionHours: 24 })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as AddressInfo).port

  // 1. and 2. Gateway throughput (CLIENTS concurrent clients in a worker thread) and the same
  // transaction in raw better-sqlite3 (prepared statements, no HTTP, no validation), in ROUNDS
  // interleaved rounds on fresh activities, so a noisy machine slows both alike.
  const db = store.db
  const getActivity = db.prepare('SELECT confirmed_count, waitlist_count, next_seq, capacity FROM activities WHERE id = ?')
  const getReg = db.prepare('SELECT status FROM registrations WHERE id = ?')
  const updActivity = db.prepare('UPDATE activities SET confirmed_count = ?, next_seq = ?, updated_at = ? WHERE id = ?')
  const regColumns = (db.prepare('PRAGMA table_info(registrations)').all() as { name: string }[]).map((c) => c.name)
  const insReg = db.prepare(`INSERT INTO registrations (${regColumns.join(',')}) VALUES (${regColumns.map((c) => '@' + c).join(',')})`)
  const signUpRaw = db.transaction((activityId: string, personId: string, ownerId: string) => {
    const a = getActivity.get(activityId) as { confirmed_count: number; next_seq: number; capacity: number }
    const id = `reg-${activityId}-${personId}`
    if (getReg.get(id)) throw new Error('duplicate')
    const now = new Date().toISOString()
    updActivity.run(a.confirmed_count + 1, a.next_seq + 1, now, activityId)
    const row: Record<string, unknown> = { id, activity_id: activityId, person_id: personId, owner_id: ownerId, created_by: ownerId, status: 'confirmed', seq: a.next_seq, created_at: now, updated_at: now, cancelled_at: null, promoted_at: null, walk_in: 0, attendance: null, checked_in_at: null, checked_out_at: null }
    insReg.run(Object.fromEntries(regColumns.map((c) => [c, row[c] ?? null])))
  })
  const perUser = Math.ceil(SIGNUPS / CLIENTS / ROUNDS)
  let gatewaySeconds = 0
  let rawSeconds = 0
  let errors = 0
  const latencies: number[] = []
  for (let round = 0; round < ROUNDS; round++) {
    const gatewayActivity = `act-gw${round}`
    await store.putActivity(activity(gatewayActivity, 10_000_000, 0))
    const t = await populate(store, `tp${round}`, CLIENTS, perUser)
    const run = await runLoad(
      port,
      Array.from({ length: CLIENTS }, (_, c) =>
        Array.from({ length: perUser }, (_, i) => ({ path: '/api/registrations', token: t.sessions[c], body: { action: 'signUp', data: { activityId: gatewayActivity, personId: `tp${round}-p${c}-${i}` } } })),
      ),
    )
    errors += run.replies.flat().filter((r) => !(r as { ok: boolean }).ok).length
    gatewaySeconds += (CLIENTS * perUser) / run.opsPerSec
    latencies.push(...run.latencies)

    const rawActivity = `act-raw${round}`
    await store.putActivity(activity(rawActivity, 10_000_000, 0))
    const raw = await populate(store, `raw${round}`, CLIENTS, perUser)
    const r0 = performance.now()
    for (const p of raw.persons) signUpRaw.immediate(rawActivity, p.id, `raw${round}-u${p.user}`)
    rawSeconds += (performance.now() - r0) / 1000
  }
  latencies.sort((x, y) => x - y)
  const gatewayOps = (ROUNDS * CLIENTS * perUser) / gatewaySeconds
  const rawOps = (ROUNDS * CLIENTS * perUser) / rawSeconds

  // 3. 500 concurrent sign-ups for a 100-seat activity.
  await store.putActivity(activity('act-rush', 100, 400))
  const rush = await populate(store, 'rush', 500, 1)
  const replies = await Promise.all(rush.persons.map((p) => post(port, rush.sessions[p.user], { action: 'signUp', data: { activityId: 'act-rush', personId: p.id } })))
  const count = (s: string) => replies.filter((r) => r.ok && r.data.status === s).length
  const stored = (await store.listRegistrationsByActivity('act-rush' as ActivityId))
  const rushActivity = await store.getActivity('act-rush' as ActivityId)

  const result = {
    signUpThroughput: {
      clients: CLIENTS,
      signUps: ROUNDS * CLIENTS * perUser,
      gatewayOpsPerSec: Math.round(gatewayOps),
      rawSqliteOpsPerSec: Math.round(rawOps),
      ratioRawOverGateway: +(rawOps / gatewayOps).toFixed(2),
      latencyMs: { p50: +pct(latencies, 50).toFixed(2), p99: +pct(latencies, 99).toFixed(2), max: +latencies[latencies.length - 1].toFixed(2) },
      errors,
    },
    rush500For100Seats: {
      confirmed: count('confirmed'),
      waitlisted: count('waitlisted'),
      errors: replies.filter((r) => !r.ok).length,
      storedConfirmed: stored.filter((r) => r.status === 'confirmed').length,
      storedWaitlisted: stored.filter((r) => r.status === 'waitlisted').length,
      activityCounters: { confirmed: rushActivity?.confirmedCount, waitlisted: rushActivity?.waitlistCount },
    },
  }
  console.log(JSON.stringify(result, null, 2))
  agent.destroy()
  await new Promise<void>((r) => server.close(() => r()))
  store.close()
  fs.rmSync(dir, { recursive: true, force: true })
  const ratio = +(gatewayOps / rawOps).toFixed(3)
  bench('signup_gateway_over_raw_sqlite', ratio, 'ratio', '>=0.5', ratio >= 0.5)
  bench('signup_gateway_p99', result.signUpThroughput.latencyMs.p99, 'ms', '-', true)
  const rushed = result.rush500For100Seats
  bench('signup_rush_confirmed_of_100', rushed.confirmed, 'seats', '100', rushed.confirmed === 100)
  requireInvariants('sign-up benchmark', {
    'a sign-up was refused': errors > 0 || rushed.errors > 0,
    'the rush did not seat exactly 100 and waitlist 400': rushed.confirmed !== 100 || rushed.waitlisted !== 400,
    'stored rows differ from the replies': rushed.storedConfirmed !== 100 || rushed.storedWaitlisted !== 400,
    'the counters differ from the rows': rushed.activityCounters.confirmed !== 100 || rushed.activityCounters.waitlisted !== 400,
  })
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})

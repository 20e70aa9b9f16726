// Check-in benchmark: 2,000 check-ins from 20 concurrent scanners (a worker thread) through the local
// gateway, the same batch synced again (records unchanged), and a bare Node HTTP server answering as
// many requests in the same run, in interleaved rounds, for the ratio.
import crypto from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import { createGateway } from '../server/gateway'
import { openSqliteStore } from '../server/sqlite/store'
import { deriveActivityKey, slotAt, ticketCode } from '../src/domain/checkin/codes'
import type { ActivityId, AreaId, PersonId, RegistrationId, UserId } from '../src/domain/ids'
import type { Activity } from '../src/domain/types'
import { percentile, runLoad } from './lib/load'
import { bench, requireInvariants, size } from './lib/report'

const SCANNERS = 20
const ROUNDS = 2
const CHECKINS = size(2000, 400)
const PER_SCANNER = CHECKINS / SCANNERS
const KEY = crypto.randomBytes(32)
const NOW = new Date().toISOString()
const iso = (offsetMinutes: number) => new Date(Date.now() + offsetMinutes * 60_000).toISOString()
const A = 'act-bench-checkin' as ActivityId

const agent = new http.Agent({ keepAlive: true, maxSockets: SCANNERS * 2 })
function post(port: number, pathname: string, token: string, body: unknown): Promise<any> {
  const data = JSON.stringify(body)
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: pathname, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data), cookie: `kepu_sid=${token}` } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c) => chunks.push(c))
      res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString())))
    })
    req.on('error', reject)
    req.end(data)
  })
}
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]

/** Runs `requests` from `clients` concurrent loops; returns ops/s and sorted latencies. */
async function load(clients: number, perClient: number, send: (client: number, i: number) => Promise<unknown>) {
  const latencies: number[] = []
  const t0 = performance.now()
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let i = 0; i < perClient; i++) {
        const s = performance.now()
        await send(c, i)
        latencies.push(performance.now() - s)
      }
    }),
  )
  const seconds = (performance.now() - t0) / 1000
  latencies.sort((a, b) => a - b)
  return { opsPerSec: (clients * perClient) / seconds, p50: pct(latencies, 50), p99: pct(latencies, 99) }
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kepu-bench-checkin-'))
  const store = openSqliteStore(path.join(dir, 'bench.sqlite'))
  await store.putArea({ id: 'area-bench' as AreaId, name: '基准街道', kind: 'street', sort: 1 })
  const activity: Activity = {
    id: A, title: '签到基准活动', type: 'lecture', description: '', startAt: iso(-10), endAt: iso(120), place: '报告厅', areaId: 'area-bench' as AreaId,
    departmentCode: 'kx', targetGroups: ['public'], actions: [], projects: [], tags: [], capacity: CHECKINS, waitlistLimit: 0, signupOpensAt: iso(-5000), signupClosesAt: iso(-60),
    status: 'published', confirmedCount: CHECKINS, waitlistCount: 0, nextSeq: CHECKINS + 1, checkoutEnabled: false, walkInsAllowed: false, attendanceClosedAt: null, createdAt: NOW, updatedAt: NOW,
  }
  await store.putActivity(activity)
  const regs: RegistrationId[] = []
  await store.transaction(async (tx) => {
    for (let i = 0; i < CHECKINS; i++) {
      const personId = `per-b-${i}` as PersonId
      const id = `reg-${A}-${personId}` as RegistrationId
      regs.push(id)
      await tx.putPerson({ id: personId, ownerId: 'usr-owner' as UserId, isSelf: false, name: `居民${i}`, birthYear: 1960, targetGroup: 'senior', areaId: 'area-bench' as AreaId, phone: null, guardianConsentAt: null, cardVersion: 0, createdAt: NOW, updatedAt: NOW })
      await tx.putRegistration({ id, activityId: A, personId, ownerId: 'usr-owner' as UserId, createdBy: 'usr-owner' as UserId, status: 'confirmed', seq: i + 1, createdAt: NOW, updatedAt: NOW, cancelledAt: null, promotedAt: null, walkIn: false, attendance: null, checkedInAt: null, checkedOutAt: null })
    }
  })
  const tokens: string[] = []
  for (let s = 0; s < SCANNERS; s++) {
    const id = `usr-scanner-${s}` as UserId
    await store.putUser({ id, role: 'organizer', departmentCode: 'kx', displayName: `扫码员${s}`, createdAt: NOW })
    await store.createSession(`scanner-token-${s}`, id, iso(600))
    tokens.push(`scanner-token-${s}`)
  }
  const server = createGateway({ deps: { store, clock: { now: () => new Date().toISOString() }, random: Math.random, signingKey: KEY }, sessions: store, staticDir: null, sessionHours: 24 })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as AddressInfo).port
  const key = deriveActivityKey(KEY, A)
  const item = (c: number, i: number) => {
    const reg = regs[c * PER_SCANNER + i]
    return { reg, nonce: `bench-${c}-${i}-nonce`, at: new Date().toISOString() }
  }

  // The scans (from SCANNERS clients in a worker thread, bench/lib/load.ts) and a bare Node HTTP
  // server answering as many requests, in ROUNDS interleaved rounds, so a noisy machine slows both alike.
  const bare = http.createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end('{"ok":true,"data":{"verdict":"ok"}}')
    })
  })
  await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r))
  const barePort = (bare.address() as AddressInfo).port
  let failures = 0
  const sent: Array<{ nonce: string; at: string; code: string }[]> = Array.from({ length: SCANNERS }, () => [])
  const perRound = PER_SCANNER / ROUNDS
  const scanLatencies: number[] = []
  const bareLatencies: number[] = []
  let scanSeconds = 0
  let bareSeconds = 0
  for (let round = 0; round < ROUNDS; round++) {
    const requests = Array.from({ length: SCANNERS }, (_, c) =>
      Array.from({ length: perRound }, (_, j) => {
        const it = item(c, round * perRound + j)
        const code = ticketCode(key, A, it.reg, slotAt(it.at))
        sent[c].push({ nonce: it.nonce, at: it.at, code })
        return { path: '/api/checkin', token: tokens[c], body: { action: 'scan', data: { activityId: A, code, nonce: it.nonce, deviceId: `scanner-${c}`, at: it.at } } }
      }),
    )
    const scans = await runLoad(port, requests)
    failures += scans.replies.flat().filter((r) => {
      const reply = r as { ok: boolean; data?: { verdict?: string } }
      return !reply.ok || reply.data?.verdict !== 'ok'
    }).length
    scanSeconds += (SCANNERS * perRound) / scans.opsPerSec
    scanLatencies.push(...scans.latencies)
    const bareRound = await runLoad(barePort, requests.map((list) => list.map((r) => ({ ...r, body: { action: 'scan' } }))))
    bareSeconds += (SCANNERS * perRound) / bareRound.opsPerSec
    bareLatencies.push(...bareRound.latencies)
  }
  scanLatencies.sort((x, y) => x - y)
  bareLatencies.sort((x, y) => x - y)
  const scanRun = { opsPerSec: CHECKINS / scanSeconds, p50: percentile(scanLatencies, 50), p99: percentile(scanLatencies, 99) }
  const bareRun = { opsPerSec: CHECKINS / bareSeconds, p50: percentile(bareLatencies, 50), p99: percentile(bareLatencies, 99) }

  const db = store.db
  const rows = () => JSON.stringify([db.prepare('SELECT * FROM checkins ORDER BY id').all(), db.prepare('SELECT * FROM registrations ORDER BY id').all()])
  const checkins = (db.prepare('SELECT COUNT(*) AS n FROM checkins').get() as { n: number }).n
  const attended = (db.prepare("SELECT COUNT(*) AS n FROM registrations WHERE attendance = 'attended'").get() as { n: number }).n
  const before = rows()

  // The same batch synced again (as an offline console would), in batches of 100 per scanner.
  let resynced = 0
  const syncRun = await load(SCANNERS, 1, async (c) => {
    for (let b = 0; b < PER_SCANNER; b += 100) {
      const items = sent[c].slice(b, b + 100)
      const r = await post(port, '/api/checkin', tokens[c], { action: 'sync', data: { activityId: A, deviceId: `scanner-${c}`, items } })
      resynced += r.data.results.filter((x: any) => x.ok && x.verdict === 'already').length
    }
  })
  const unchanged = rows() === before

  const result = {
    checkIns: {
      scanners: SCANNERS,
      requests: CHECKINS,
      gatewayOpsPerSec: Math.round(scanRun.opsPerSec),
      latencyMs: { p50: +scanRun.p50.toFixed(2), p99: +scanRun.p99.toFixed(2) },
      failures,
      storedCheckIns: checkins,
      attended,
      duplicates: checkins - CHECKINS,
    },
    resync: { items: CHECKINS, answeredAlready: resynced, recordsUnchanged: unchanged, seconds: +(SCANNERS / syncRun.opsPerSec).toFixed(2) },
    bareNodeHttp: { opsPerSec: Math.round(bareRun.opsPerSec), latencyMs: { p50: +bareRun.p50.toFixed(2), p99: +bareRun.p99.toFixed(2) } },
    ratioBareOverGateway: +(bareRun.opsPerSec / scanRun.opsPerSec).toFixed(2),
  }
  console.log(JSON.stringify(result, null, 2))
  agent.destroy()
  await new Promise<void>((r) => server.close(() => r()))
  await new Promise<void>((r) => bare.close(() => r()))
  store.close()
  fs.rmSync(dir, { recursive: true, force: true })
  const ratio = +(scanRun.opsPerSec / bareRun.opsPerSec).toFixed(3)
  bench('checkin_gateway_over_bare_http', ratio, 'ratio', '>=0.5', ratio >= 0.5)
  bench('checkin_duplicates', result.checkIns.duplicates, 'records', '0', result.checkIns.duplicates === 0)
  bench('checkin_gateway_p99', result.checkIns.latencyMs.p99, 'ms', '-', true)
  requireInvariants('check-in benchmark', {
    'a scan failed': failures > 0,
    'duplicate check-ins were stored': result.checkIns.duplicates !== 0,
    'not every ticket is attended': attended !== CHECKINS,
    'the resync changed records or did not answer 已签到 for each': !unchanged || resynced !== CHECKINS,
  })
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})

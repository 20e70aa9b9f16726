// Local server cold start on an existing database: a SQLite file with 1,000,000 ledger facts (quick:
// 20,000) and their checked-in registrations, activities and areas, 100,000 residents' accounts (quick: 2,000), an admin session and
// the dashboard's aggregate targets already built, as a district's database is after years of use. The
// real bundled server (dist/server/main.js) is started as `npm start` starts it, in a fresh Node
// process, and timed from the spawn to its first answered request (an activity list, read from the
// database) and to its first answered dashboard. Repeated RUNS times; the medians are the figures. Then
// the same on statistics out of date (the facts grown 50-fold since their last ANALYZE).
//
// BENCH_COLDSTART_DB=<file> keeps the prepared database there and reuses it on the next run (the 1M
// load takes minutes); BENCH_COLDSTART_NODE_ARGS="--cpu-prof --cpu-prof-dir=…" is handed to the server's Node;
// BENCH_COLDSTART_SERVER=<bundle> times that build instead of building dist/server/main.js (before/after).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import Database from 'better-sqlite3'
import { base64url } from '../src/domain/checkin/codes'
import type { UserId } from '../src/domain/ids'
import { PLAN_2021_2025 } from '../src/domain/ledger/indicators'
import { createGateway } from '../server/gateway'
import { openSqliteStore } from '../server/sqlite/store'
import { writeLedgerData } from './lib/ledger-data'
import { bench, requireInvariants, size } from './lib/report'

const FACTS = Number(process.env.BENCH_FACTS ?? size(1_000_000, 20_000))
const PERSONS = size(200_000, 4_000)
const ACTIVITIES = size(5_000, 200)
/** Residents' accounts: a district's database after years has many (the seed check must not read them all). */
const USERS = size(100_000, 2_000)
const RUNS = size(5, 3)
const STALE_RUNS = size(3, 1)
/** How many times the facts outgrow their last analysis in the stale-statistics starts (SQLite re-analyzes past 25). */
const STALE_GROWTH = 50
const GOAL_FIRST_ANSWER_MS = 2000
/** How often a start that is not listening yet is asked again. */
const POLL_MS = 5
/** A server that has not answered in this long is broken, not slow. */
const START_TIMEOUT_MS = 120_000
const SERVER_BUNDLE = process.env.BENCH_COLDSTART_SERVER ?? 'dist/server/main.js'
const ADMIN_TOKEN = 'bench-coldstart-admin'
const DAY_MS = 86_400_000

interface Reply {
  readonly status: number
  readonly body: any
}

function post(port: number, fn: string, body: unknown, cookie?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const data = JSON.stringify(body)
    const headers: http.OutgoingHttpHeaders = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) }
    if (cookie) headers.cookie = cookie
    const req = http.request({ host: '127.0.0.1', port, path: `/api/${fn}`, method: 'POST', agent: false, headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c) => chunks.push(c))
      res.on('end', () => {
        try {
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString()) })
        } catch (err) {
          reject(err)
        }
      })
    })
    req.on('error', reject)
    req.end(data)
  })
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = net.createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo
      s.close(() => resolve(port))
    })
  })

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

interface Counts {
  readonly users: number
  readonly activities: number
  readonly facts: number
  readonly targets: number
  readonly registrations: number
}

function countsOf(file: string): Counts {
  const db = new Database(file, { readonly: true })
  try {
    const n = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n
    return { users: n('users'), activities: n('activities'), facts: n('ledger_facts'), targets: n('ledger_agg_targets'), registrations: n('registrations') }
  } finally {
    db.close()
  }
}

/** Rewrites the fact table's statistics as if its last ANALYZE had seen 1/STALE_GROWTH of its rows. */
function makeStatisticsStale(file: string): void {
  const db = new Database(file)
  try {
    const rows = Math.max(1, Math.floor((db.prepare('SELECT count(*) AS n FROM ledger_facts').get() as { n: number }).n / STALE_GROWTH))
    db.prepare("UPDATE sqlite_stat1 SET stat = ? || substr(stat, instr(stat, ' ')) WHERE tbl = 'ledger_facts' AND instr(stat, ' ') > 0").run(String(rows))
  } finally {
    db.close()
  }
}

/** The database as a district's is after years: facts, activities, areas, an admin and the dashboard's targets built. */
async function prepare(file: string): Promise<{ loadSeconds: number; firstDashboardMs: number }> {
  const store = openSqliteStore(file)
  try {
    // The facts fill the plan's period up to today (the server runs on the real clock).
    const now = new Date(Math.min(Date.now(), Date.parse(PLAN_2021_2025.period.to) - DAY_MS)).toISOString()
    const { loadSeconds } = await writeLedgerData(store, { facts: FACTS, persons: PERSONS, activities: ACTIVITIES, now })
    const createdAt = new Date().toISOString()
    for (let i = 0; i < USERS; i++) await store.putUser({ id: `usr-b${i}` as UserId, role: 'resident', displayName: '居民', createdAt })
    await store.putUser({ id: 'usr-bench-admin' as UserId, role: 'admin', displayName: '管理员', createdAt })
    await store.createSession(ADMIN_TOKEN, 'usr-bench-admin' as UserId, '2999-01-01T00:00:00.000Z', createdAt)
    // The first dashboard builds the aggregate targets of its figures, on the clock the server will use.
    const server = createGateway({
      deps: { store, clock: { now: () => new Date().toISOString() }, random: Math.random, signingKey: crypto.randomBytes(32) },
      sessions: store,
      staticDir: null,
      sessionHours: 24,
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    try {
      const t0 = performance.now()
      const first = await post((server.address() as AddressInfo).port, 'ledger', { action: 'dashboard', data: {} }, `kepu_sid=${ADMIN_TOKEN}`)
      if (!first.body?.ok) throw new Error(`first dashboard refused: ${JSON.stringify(first.body)}`)
      return { loadSeconds, firstDashboardMs: performance.now() - t0 }
    } finally {
      await new Promise<void>((r) => server.close(() => r()))
    }
  } finally {
    store.close()
  }
}

interface Run {
  readonly listeningMs: number | null
  readonly firstAnswerMs: number
  readonly firstDashboardMs: number
  readonly firstOk: boolean
  readonly dashboardOk: boolean
  readonly dashboardCards: number
}

const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', () => r()))

/** The floor: a bare Node HTTP server answering JSON, started and asked the same way. */
const BARE_SERVER = `require('http').createServer((q, r) => { q.resume(); q.on('end', () => r.end('{"ok":true}')) }).listen(Number(process.env.PORT), '127.0.0.1')`

/** One cold start of the bundled server on `file`, as `npm start` runs it (demo sign-in on, loopback); `bare` starts BARE_SERVER instead. */
async function coldStart(file: string, bare = false): Promise<Run> {
  const port = await freePort()
  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('KEPU_')))
  Object.assign(env, { KEPU_DB: file, PORT: String(port), HOST: '127.0.0.1', KEPU_DEMO_LOGIN: '1', KEPU_STATIC: 'dist/h5' })
  const nodeArgs = (process.env.BENCH_COLDSTART_NODE_ARGS ?? '').split(/\s+/).filter(Boolean)
  const t0 = performance.now()
  const child = spawn(process.execPath, bare ? ['-e', BARE_SERVER] : [...nodeArgs, SERVER_BUNDLE], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let listeningMs: number | null = null
  let output = ''
  child.stdout!.on('data', (c: Buffer) => {
    if (listeningMs === null && c.toString().includes('local server:')) listeningMs = performance.now() - t0
    output += c.toString()
  })
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()))
  try {
    let first: Reply | null = null
    while (!first) {
      if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}) before answering:\n${output}`)
      if (performance.now() - t0 > START_TIMEOUT_MS) throw new Error(`server did not answer in ${START_TIMEOUT_MS} ms:\n${output}`)
      first = await post(port, 'activities', { action: 'list', data: {} }).catch(() => null)
      if (!first) await new Promise((r) => setTimeout(r, POLL_MS))
    }
    const firstAnswerMs = performance.now() - t0
    if (bare) return { listeningMs: null, firstAnswerMs, firstDashboardMs: firstAnswerMs, firstOk: first.body?.ok === true, dashboardOk: true, dashboardCards: 1 }
    const dashboard = await post(port, 'ledger', { action: 'dashboard', data: {} }, `kepu_sid=${ADMIN_TOKEN}`)
    const firstDashboardMs = performance.now() - t0
    if (!first.body?.ok || !dashboard.body?.ok) console.error(`refused: ${JSON.stringify(first.body).slice(0, 300)} ${JSON.stringify(dashboard.body).slice(0, 300)}\n${output}`)
    return {
      listeningMs,
      firstAnswerMs,
      firstDashboardMs,
      firstOk: first.body?.ok === true,
      dashboardOk: dashboard.body?.ok === true,
      dashboardCards: dashboard.body?.data?.cards?.length ?? 0,
    }
  } finally {
    // SIGTERM: the server closes its store as on Ctrl-C, so the next start finds the file as users leave it.
    child.kill('SIGTERM')
    await exited(child)
  }
}

/** What the starts measured, on the database at `file` (prepared there unless BENCH_COLDSTART_DB names one already made). */
async function measure(file: string, reuse: boolean) {
  let prep: { loadSeconds: number; firstDashboardMs: number } | null = null
  if (!reuse) prep = await prepare(file)
  // An existing install has its signing key beside the database; the server must not spend its start creating one.
  const keyFile = path.join(path.dirname(file), 'signing.key')
  if (!fs.existsSync(keyFile)) fs.writeFileSync(keyFile, base64url(crypto.randomBytes(32)), { mode: 0o600 })
  const before = countsOf(file)

  // The bundle users run, built from the current sources.
  if (!process.env.BENCH_COLDSTART_SERVER) {
    const built = spawnSync(process.execPath, ['scripts/build-server.mjs'], { stdio: 'inherit' })
    if (built.status !== 0) throw new Error('scripts/build-server.mjs failed')
  }

  const runs: Run[] = []
  const bareRuns: Run[] = []
  for (let i = 0; i < RUNS; i++) {
    runs.push(await coldStart(file))
    bareRuns.push(await coldStart(file, true))
  }
  // The same start on statistics 50 times out of date (a database grown since its last analysis and not
  // closed cleanly since): the server must not analyze a 1,000,000-fact table before it answers.
  const staleRuns: Run[] = []
  for (let i = 0; i < STALE_RUNS; i++) {
    makeStatisticsStale(file)
    staleRuns.push(await coldStart(file))
  }
  return { prep, before, after: countsOf(file), runs, bareRuns, staleRuns }
}

async function main() {
  const kept = process.env.BENCH_COLDSTART_DB ? path.resolve(process.env.BENCH_COLDSTART_DB) : null
  const dir = kept ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'kepu-bench-coldstart-'))
  let measured: Awaited<ReturnType<typeof measure>>
  try {
    measured = kept ? await measure(kept, fs.existsSync(kept)) : await measure(path.join(dir!, 'kepu.sqlite'), false)
  } finally {
    // A 1,000,000-fact database is about 1 GB: never left behind, also when a start failed.
    if (dir) fs.rmSync(dir, { recursive: true, force: true })
  }
  const { prep, before, after, runs, bareRuns, staleRuns } = measured

  const firstAnswerMs = Math.round(median(runs.map((r) => r.firstAnswerMs)))
  const firstDashboardMs = Math.round(median(runs.map((r) => r.firstDashboardMs)))
  const staleFirstAnswerMs = Math.round(median(staleRuns.map((r) => r.firstAnswerMs)))
  console.log(
    JSON.stringify(
      {
        facts: before.facts,
        activities: before.activities,
        users: before.users,
        targets: before.targets,
        prepared: prep ? { loadSeconds: +prep.loadSeconds.toFixed(1), firstDashboardBuildingTargetsMs: Math.round(prep.firstDashboardMs) } : 'reused',
        runs: runs.map((r) => ({ listeningMs: r.listeningMs === null ? null : Math.round(r.listeningMs), firstAnswerMs: Math.round(r.firstAnswerMs), firstDashboardMs: Math.round(r.firstDashboardMs) })),
        median: { firstAnswerMs, firstDashboardMs, bareNodeServerFirstAnswerMs: Math.round(median(bareRuns.map((r) => r.firstAnswerMs))) },
        staleStatistics: { runs: staleRuns.map((r) => Math.round(r.firstAnswerMs)), firstAnswerMs: staleFirstAnswerMs },
      },
      null,
      2,
    ),
  )
  bench('local_server_cold_start_to_first_answer', firstAnswerMs, 'ms', `<=${GOAL_FIRST_ANSWER_MS}`, firstAnswerMs <= GOAL_FIRST_ANSWER_MS)
  bench('local_server_cold_start_to_first_dashboard', firstDashboardMs, 'ms', '-', true)
  bench('local_server_cold_start_stale_statistics_to_first_answer', staleFirstAnswerMs, 'ms', `<=${GOAL_FIRST_ANSWER_MS}`, staleFirstAnswerMs <= GOAL_FIRST_ANSWER_MS)
  requireInvariants('cold-start benchmark', {
    'the database lacks the facts, registrations or users it was given': prep !== null && (before.facts !== FACTS || before.registrations !== FACTS || before.users !== USERS + 1),
    'a first request was refused': [...runs, ...bareRuns, ...staleRuns].some((r) => !r.firstOk),
    'a first dashboard was refused or empty': [...runs, ...staleRuns].some((r) => !r.dashboardOk || r.dashboardCards === 0),
    // The server must start on the database as it is: no demo seed, no target built by the timed dashboard.
    'the server seeded demo data into an existing database': after.users !== before.users || after.activities !== before.activities || after.registrations !== before.registrations,
    'the facts changed': after.facts !== before.facts,
    'the timed dashboard built aggregate targets': after.targets !== before.targets,
  })
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})

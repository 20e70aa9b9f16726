// Four gateway processes of the real local server (the esbuild bundle of server/cli.ts, as deployed)
// on one PostgreSQL database: 1,000 residents sign up at once for 100 seats across them while one
// gateway is killed with SIGKILL mid-burst; one ticket is scanned on two gateways at the same instant;
// the ledger's dashboard is compared with the domain's own count over the stored facts.
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Client } from 'pg'
import { openPgStore, type PgStore } from '../../server/postgres/store'
import { base64url } from '../../src/domain/checkin/codes'
import type { ActivityId, PersonId, UserId } from '../../src/domain/ids'
import { registrationIdFor } from '../../src/domain/ids'
import { breakdown, countFacts, type BreakdownKey } from '../../src/domain/ledger/count'
import { seedIndicators, TAGS } from '../../src/domain/ledger/indicators'
import { shanghaiInstant } from '../../src/domain/time'
import type { TargetGroup } from '../../src/domain/catalog'
import { testDatabaseUrl } from '../support/pg-store'
import { bundleServer, startServerProcess, type ServerProcess } from '../support/server-process'
import { agreePrivacy } from '../support/world'
import { makeActivity, makeArea, makePerson, makeUser } from '../support/factories'

const GATEWAYS = 4
const RESIDENTS = 1000
const SEATS = 100
// The victim gateway is killed once it has answered this many of its own ~250 sign-ups, so the rest of
// its share is in flight or not yet sent (either way unanswered) however the load spreads the burst.
const VICTIM_ACKS_BEFORE_KILL = 60
const ACTIVITY = 'act-multi-gateway' as ActivityId
const PLAN_ID = 'plan-mg'
const GROUPS: readonly TargetGroup[] = ['public', 'senior', 'youth', 'farmer', 'worker']
const SIGNING_KEY = base64url(randomBytes(32))

const resident = (i: number) => `usr-mg-${String(i).padStart(4, '0')}` as UserId
const personOf = (i: number) => `per-mg-${String(i).padStart(4, '0')}` as PersonId
const tokenOf = (i: number) => `mg-session-${String(i).padStart(4, '0')}-${'x'.repeat(16)}`
const ORGANIZER = 'usr-mg-organizer' as UserId
const ADMIN = 'usr-mg-admin' as UserId

type Gateway = ServerProcess

const startGateway = (bundle: string, databaseUrl: string, dir: string): Promise<Gateway> =>
  startServerProcess(bundle, dir, { KEPU_DATABASE_URL: databaseUrl, KEPU_DATABASE_POOL: '8', KEPU_SIGNING_KEY: SIGNING_KEY })

async function call(g: Gateway, token: string, fn: string, action: string, data: unknown): Promise<any> {
  const res = await fetch(`${g.url}api/${fn}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: `kepu_sid=${token}` }, body: JSON.stringify({ action, data }) })
  return res.json()
}

/**
 * `call` once more when a kept-alive socket turned out closed by the gateway before the request went
 * out (`other side closed`, ECONNRESET): for reads and nonce-keyed scans, which may safely be repeated.
 */
async function callAgainIfClosed(g: Gateway, token: string, fn: string, action: string, data: unknown): Promise<any> {
  try {
    return await call(g, token, fn, action, data)
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause
    if (!(cause?.code === 'ECONNRESET' || cause?.code === 'UND_ERR_SOCKET' || /other side closed/.test(cause?.message ?? ''))) throw err
    return call(g, token, fn, action, data)
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('four gateways on one PostgreSQL', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kepu-mg-'))
  const database = `kepu_mg_${randomBytes(6).toString('hex')}`
  let serverUrl: string
  let databaseUrl: string
  let store: PgStore
  let gateways: Gateway[] = []

  beforeAll(async () => {
    serverUrl = await testDatabaseUrl()
    const admin = new Client({ connectionString: serverUrl })
    await admin.connect()
    await admin.query(`CREATE DATABASE ${database}`)
    await admin.end()
    const u = new URL(serverUrl)
    u.pathname = `/${database}`
    databaseUrl = u.toString()
    const [bundle] = await Promise.all([bundleServer(path.join(dir, 'bundle')), (async () => (store = await openPgStore(databaseUrl, { max: 10 })))()])

    // The world, written before the gateways start (the database then needs no seed): an area, an
    // organizer of 区科协 (kx), an admin, a plan covering today, and 1,000 residents who agreed to the
    // privacy notice, each with a person of their own and a session.
    const now = new Date()
    const iso = (minutes: number) => new Date(now.getTime() + minutes * 60_000).toISOString()
    await store.putArea(makeArea())
    await store.putUser(makeUser({ id: ORGANIZER, role: 'organizer', departmentCode: 'kx', displayName: '陈静' }))
    await store.putUser(makeUser({ id: ADMIN, role: 'admin', displayName: '区科协管理员' }))
    await store.createSession(tokenOf(-1), ORGANIZER, iso(600))
    await store.createSession(tokenOf(-2), ADMIN, iso(600))
    await store.putPlan({ id: PLAN_ID, name: '测试规划（2026—2030年）', period: { from: shanghaiInstant(2026, 1, 1), to: shanghaiInstant(2031, 1, 1) } })
    for (const ind of seedIndicators(PLAN_ID)) await store.putIndicator(ind)
    // Check-in opens 2 hours before the start: open now; sign-up open until 30 minutes from now.
    await store.putActivity(
      makeActivity({ id: ACTIVITY, title: '科技辅导员培训', departmentCode: 'kx', capacity: SEATS, waitlistLimit: RESIDENTS, tags: [TAGS.scienceTutorTraining], startAt: iso(60), endAt: iso(120), signupOpensAt: iso(-60), signupClosesAt: iso(30), createdAt: iso(-120), updatedAt: iso(-120) }),
    )
    const ids = Array.from({ length: RESIDENTS }, (_, k) => k + 1)
    for (let k = 0; k < ids.length; k += 50) {
      await Promise.all(
        ids.slice(k, k + 50).map(async (i) => {
          await store.putUser(makeUser({ id: resident(i), displayName: `居民${i}` }))
          await agreePrivacy(store, resident(i))
          await store.putPerson(makePerson({ id: personOf(i), ownerId: resident(i), name: `居民${i}`, targetGroup: GROUPS[i % GROUPS.length], birthYear: GROUPS[i % GROUPS.length] === 'youth' ? 2008 : 1970 }))
          await store.createSession(tokenOf(i), resident(i), iso(600))
        }),
      )
    }
    gateways = await Promise.all(Array.from({ length: GATEWAYS }, () => startGateway(bundle, databaseUrl, dir)))
  }, 120_000)

  afterAll(async () => {
    for (const g of gateways) if (g.child.exitCode === null && g.child.signalCode === null) g.child.kill('SIGKILL')
    await store?.close()
    if (serverUrl) {
      const admin = new Client({ connectionString: serverUrl })
      await admin.connect()
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
      await admin.end()
    }
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('seats exactly 100 of 1,000 concurrent sign-ups in arrival order, loses no acknowledged write to a kill -9, checks a ticket in once, and keeps the ledger equal to a recount', async () => {
    const timings: Record<string, number> = {}
    // Nobody seeded: the database already had accounts.
    for (const g of gateways) expect(g.output()).not.toContain('Seeded')

    // ---- The burst: each resident once, spread over 1.5 s, round-robin over the gateways.
    interface Attempt { i: number; sentAt: number; ackAt: number; reply: any }
    const acked: Attempt[] = []
    const unanswered: number[] = []
    let victimAcks = 0
    const victim = gateways[GATEWAYS - 1]
    let killedAt = 0
    let ordered = 0
    const burst = Array.from({ length: RESIDENTS }, (_, k) => k + 1).map(async (i) => {
      await sleep(Math.random() * 1500)
      const g = gateways[i % GATEWAYS]
      const sentAt = performance.now()
      try {
        const reply = await call(g, tokenOf(i), 'registrations', 'signUp', { activityId: ACTIVITY, personId: personOf(i) })
        acked.push({ i, sentAt, ackAt: performance.now(), reply })
        if (g === victim && ++victimAcks === VICTIM_ACKS_BEFORE_KILL) {
          killedAt = performance.now()
          victim.child.kill('SIGKILL')
        }
      } catch {
        // The connection died with the gateway: the client does not know whether it was written.
        unanswered.push(i)
      }
    })
    const burstStart = performance.now()
    await Promise.all(burst)
    timings.burst = Math.round(performance.now() - burstStart)
    expect(killedAt).toBeGreaterThan(0)
    expect(acked.every((a) => a.reply.ok === true)).toBe(true)
    // Normally ~190 of the victim's share are unanswered. On a starved CI machine the client's event loop
    // can fall so far behind that the victim has answered its whole share before the 60th answer is
    // even read; the kill then tests only that acknowledged writes survive (checked below), not retries.
    if (unanswered.length === 0) console.warn(`multi-gateway: the kill landed after the victim had answered all ${victimAcks} of its sign-ups`)

    // Every acknowledged sign-up is in the database, as acknowledged.
    const rows = await store.listRegistrationsByActivity(ACTIVITY)
    const byId = new Map(rows.map((r) => [r.id as string, r]))
    for (const a of acked) expect(byId.get(a.reply.data.id)).toMatchObject({ status: a.reply.data.status, personId: personOf(a.i) })

    // The clients that got no answer try again on a surviving gateway: written once, or now.
    for (const i of unanswered) {
      const reply = await call(gateways[i % (GATEWAYS - 1)], tokenOf(i), 'registrations', 'signUp', { activityId: ACTIVITY, personId: personOf(i) })
      expect(reply.ok || reply.error.code === 'REGISTRATION.DUPLICATE').toBe(true)
    }
    const all = await store.listRegistrationsByActivity(ACTIVITY)
    expect(all).toHaveLength(RESIDENTS)
    const confirmed = all.filter((r) => r.status === 'confirmed')
    const waitlisted = all.filter((r) => r.status === 'waitlisted')
    expect(confirmed).toHaveLength(SEATS)
    expect(waitlisted).toHaveLength(RESIDENTS - SEATS)
    // Seqs unique and dense; the seats went to the first 100 in line.
    expect(all.map((r) => r.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: RESIDENTS }, (_, k) => k + 1))
    expect(Math.max(...confirmed.map((r) => r.seq))).toBe(SEATS)
    // Counters equal rows.
    const activity = (await store.getActivity(ACTIVITY))!
    expect([activity.confirmedCount, activity.waitlistCount, activity.nextSeq]).toEqual([SEATS, RESIDENTS - SEATS, RESIDENTS + 1])
    // Arrival order: a sign-up acknowledged before another was sent has the earlier seq; each
    // acknowledged waitlist place is its seq's rank among the waitlisted.
    const seqOf = (a: Attempt) => byId.get(a.reply.data.id)!.seq
    const bySent = [...acked].sort((x, y) => x.sentAt - y.sentAt)
    const byAck = [...acked].sort((x, y) => x.ackAt - y.ackAt)
    ordered = 0
    let maxSeqAcked = 0
    let j = 0
    for (const b of bySent) {
      while (j < byAck.length && byAck[j].ackAt < b.sentAt) maxSeqAcked = Math.max(maxSeqAcked, seqOf(byAck[j++]))
      if (j > 0) ordered++
      expect(seqOf(b)).toBeGreaterThan(maxSeqAcked)
    }
    // Usually 700+ pairs; a starved client that sent everything at once leaves few to compare.
    if (ordered < 150) console.warn(`multi-gateway: only ${ordered} sign-ups were sent after an earlier one was answered`)
    for (const a of acked) {
      if (a.reply.data.status === 'waitlisted') expect(a.reply.data.waitlistPosition).toBe(seqOf(a) - SEATS)
      else expect(a.reply.data.waitlistPosition).toBeNull()
    }

    timings.retriesAndChecks = Math.round(performance.now() - burstStart) - timings.burst
    // ---- One ticket, scanned at the same instant on two gateways: one check-in, one 已签到.
    const live = gateways.slice(0, GATEWAYS - 1)
    const seatOwners = confirmed.map((r) => Number(r.personId.slice(-4)))
    const ticketOf = async (i: number, g: Gateway): Promise<string> => {
      const reply = await callAgainIfClosed(g, tokenOf(i), 'checkin', 'myTickets', {})
      expect(reply.ok).toBe(true)
      return reply.data.tickets.find((t: { registrationId: string }) => t.registrationId === registrationIdFor(ACTIVITY, personOf(i))).code
    }
    const scan = (g: Gateway, code: string, n: number) =>
      callAgainIfClosed(g, tokenOf(-1), 'checkin', 'scan', { activityId: ACTIVITY, code, nonce: `nonce-${n}-${randomBytes(6).toString('hex')}`, deviceId: `desk-${n}` })
    const first = seatOwners[0]
    // Signed by one gateway, verified by two others: the key is the same everywhere.
    const code = await ticketOf(first, live[0])
    const twin = await Promise.all([scan(live[1], code, 1), scan(live[2], code, 2)])
    expect(twin.map((r) => r.ok && r.data.verdict).sort()).toEqual(['already', 'ok'])
    expect((await store.listCheckInsByActivity(ACTIVITY)).filter((c) => c.kind === 'in')).toHaveLength(1)

    // ---- More of the seated check in at once across the gateways; the ledger follows.
    const more = seatOwners.slice(1, 41)
    const codes = await Promise.all(more.map((i, k) => ticketOf(i, live[k % live.length])))
    const scans = await Promise.all(codes.map((c, k) => scan(live[(k + 1) % live.length], c, 10 + k)))
    expect(scans.every((r) => r.ok && r.data.verdict === 'ok')).toBe(true)
    const checkIns = (await store.listCheckInsByActivity(ACTIVITY)).filter((c) => c.kind === 'in')
    expect(checkIns).toHaveLength(1 + more.length)
    expect((await store.listRegistrationsByActivity(ACTIVITY)).filter((r) => r.checkedInAt !== null)).toHaveLength(1 + more.length)

    // The dashboard's figures, from any gateway, equal the domain's count over the stored facts.
    const facts = await store.listFacts()
    expect(facts.filter((f) => f.activity.activityId === ACTIVITY)).toHaveLength(1 + more.length)
    const dashboard = await call(live[1], tokenOf(-2), 'ledger', 'dashboard', { planId: PLAN_ID })
    expect(dashboard.ok).toBe(true)
    const indicators = await store.listIndicators(PLAN_ID)
    let compared = 0
    for (const card of dashboard.data.cards) {
      const ind = indicators.find((x) => x.id === card.id)!
      if ((ind.rule !== 'person_times' && ind.rule !== 'unique_persons') || !card.period) continue
      expect([card.id, card.value]).toEqual([card.id, countFacts({ rule: ind.rule, period: card.period, filters: ind.filters }, facts)])
      compared++
    }
    expect(compared).toBeGreaterThan(0)
    const tutors = dashboard.data.cards.find((c: { id: string }) => c.id === `${PLAN_ID}-science-tutors`)
    expect(tutors.value).toBe(1 + more.length)
    const spec = { rule: 'person_times' as const, period: { from: shanghaiInstant(2026, 1, 1), to: shanghaiInstant(2031, 1, 1) }, filters: {} }
    const rowsOf = (list: Array<{ key: string; value: number }>) => list.map((r) => [r.key, r.value]).sort()
    for (const [field, by] of [['byMonth', 'month'], ['byTargetGroup', 'targetGroup'], ['byDepartment', 'department'], ['byArea', 'area']] as const) {
      expect(rowsOf(dashboard.data[field])).toEqual([...breakdown(spec, facts, by as BreakdownKey).entries()].filter(([, n]) => n > 0).sort())
    }
    timings.total = Math.round(performance.now() - burstStart)
    console.log(`multi-gateway: ${JSON.stringify({ ...timings, unanswered: unanswered.length, acked: acked.length, ordered })}`)
  }, 120_000)
})

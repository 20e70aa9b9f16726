// The local server on SQLite (the esbuild bundle of server/cli.ts, as `npm start` runs it) killed with
// SIGKILL in the middle of a sign-up rush: every sign-up it acknowledged is in the database afterwards,
// with the status it was answered with, and the activity's counters equal its rows. The transactions
// of a rush share commits (group commit, server/sqlite/store.ts), so this is what proves that a reply
// is only sent after its own commit.
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openSqliteStore } from '../../server/sqlite/store'
import { base64url } from '../../src/domain/checkin/codes'
import { registrationIdFor, type ActivityId, type PersonId, type UserId } from '../../src/domain/ids'
import { agreePrivacy } from '../support/world'
import { bundleServer, startServerProcess, type ServerProcess } from '../support/server-process'
import { makeActivity, makeArea, makePerson, makeUser } from '../support/factories'

/** Rounds of a rush and a kill, each with residents of its own: one kill can land between two groups' commits. */
const ROUNDS = 4
const PER_ROUND = 800
const RESIDENTS = ROUNDS * PER_ROUND
/** Concurrent clients, each signing its share of the residents up one after another. */
const CLIENTS = 200
const SEATS = 100
const ACKS_BEFORE_KILL = 100
const ACTIVITY = 'act-durability' as ActivityId
const resident = (i: number) => `usr-du-${String(i).padStart(4, '0')}` as UserId
const personOf = (i: number) => `per-du-${String(i).padStart(4, '0')}` as PersonId
const tokenOf = (i: number) => `du-session-${String(i).padStart(4, '0')}-${'x'.repeat(16)}`

const startServer = (bundle: string, dbFile: string, dir: string): Promise<ServerProcess> =>
  startServerProcess(bundle, dir, { KEPU_DB: dbFile, KEPU_SIGNING_KEY: base64url(randomBytes(32)) })

describe('the local server on SQLite, killed mid-rush', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kepu-durability-'))
  const dbFile = path.join(dir, 'kepu.sqlite')
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

  it('keeps every acknowledged sign-up, with the status it was answered with', async () => {
    const [bundle] = await Promise.all([
      bundleServer(path.join(dir, 'bundle')),
      (async () => {
        // The world, written before the server starts (so it seeds nothing).
        const store = openSqliteStore(dbFile)
        const now = Date.now()
        const iso = (minutes: number) => new Date(now + minutes * 60_000).toISOString()
        await store.putArea(makeArea())
        await store.putActivity(makeActivity({ id: ACTIVITY, capacity: SEATS, waitlistLimit: RESIDENTS, startAt: iso(7 * 24 * 60), endAt: iso(7 * 24 * 60 + 120), signupOpensAt: iso(-60), signupClosesAt: iso(6 * 24 * 60) }))
        for (let i = 0; i < RESIDENTS; i++) {
          await store.putUser(makeUser({ id: resident(i), role: 'resident', displayName: `居民${i}` }))
          await agreePrivacy(store, resident(i))
          await store.putPerson(makePerson({ id: personOf(i), ownerId: resident(i), isSelf: true, name: `居民${i}` }))
          await store.createSession(tokenOf(i), resident(i), iso(600))
        }
        store.close()
      })(),
    ])
    // ROUNDS times: start the server, let its residents' sign-ups pour in, kill it after
    // ACKS_BEFORE_KILL answers (the next round's server opens what the kill left).
    const acked = new Map<number, string>()
    for (let round = 0; round < ROUNDS; round++) {
      const server = await startServer(bundle, dbFile, dir)
      const exited = new Promise((r) => server.child.once('exit', r))
      const first = round * PER_ROUND
      let answered = 0
      let killed = false
      // Each client sends its sign-ups one after another, so most are still to come when the kill
      // lands however fast the server answers.
      const burst = Array.from({ length: CLIENTS }, async (_, c) => {
        for (let i = first + c; i < first + PER_ROUND && !killed; i += CLIENTS) {
          try {
            const res = await fetch(`${server.url}api/registrations`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', cookie: `kepu_sid=${tokenOf(i)}` },
              body: JSON.stringify({ action: 'signUp', data: { activityId: ACTIVITY, personId: personOf(i) } }),
            })
            const reply = (await res.json()) as { ok: boolean; data?: { status: string }; error?: unknown }
            if (!reply.ok) throw new Error(`sign-up ${i} refused: ${JSON.stringify(reply.error)}`)
            acked.set(i, reply.data!.status)
            if (++answered >= ACKS_BEFORE_KILL && !killed) {
              killed = true
              server.child.kill('SIGKILL')
            }
          } catch (err) {
            // Only the kill may cut a request short.
            if (!killed) throw err
          }
        }
      })
      await Promise.all(burst)
      await exited
      expect([round, killed]).toStrictEqual([round, true])
      expect(answered).toBeLessThan(PER_ROUND)
    }

    const store = openSqliteStore(dbFile)
    try {
      const stored = new Map((await store.listRegistrationsByActivity(ACTIVITY)).map((r) => [r.id as string, r]))
      const lost = [...acked].filter(([i, status]) => stored.get(registrationIdFor(ACTIVITY, personOf(i)))?.status !== status)
      expect(lost).toStrictEqual([])
      const activity = (await store.getActivity(ACTIVITY))!
      const rows = [...stored.values()]
      expect({ confirmed: activity.confirmedCount, waitlisted: activity.waitlistCount }).toStrictEqual({
        confirmed: rows.filter((r) => r.status === 'confirmed').length,
        waitlisted: rows.filter((r) => r.status === 'waitlisted').length,
      })
      expect(activity.confirmedCount).toBeLessThanOrEqual(SEATS)
    } finally {
      store.close()
    }
  }, 180_000)
})

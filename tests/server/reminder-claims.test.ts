// Several reminder schedulers on one PostgreSQL database, as when every gateway runs its own: each
// (registration, kind) is planned once and each message sent once, the subscription credits taken
// one per message, however the two runs interleave.
import { openPgStore, type PgStore } from '../../server/postgres/store'
import type { Notifier, OutgoingMessage, SendOutcome } from '../../src/domain/ports'
import { runReminderTick, type TickReport } from '../../src/handlers/reminder-scheduler'
import { dropSchema, freshSchema, testDatabaseUrl } from '../support/pg-store'
import { activityId, at, makeActivity, makeArea, makePerson, makeRegistration, makeUser, personId, userId } from '../support/factories'

const RESIDENTS = 40
const LECTURE = activityId('claims')

/** A sender that records every message and takes a few milliseconds, so two runs overlap. */
function slowNotifier(sent: OutgoingMessage[]): Notifier {
  return {
    channel: 'wechat',
    templates: { day_before: 'tmpl-day', hour_before: 'tmpl-hour' },
    async send(m): Promise<SendOutcome> {
      await new Promise((r) => setTimeout(r, Math.random() * 4))
      sent.push(m)
      return { ok: true }
    },
  }
}

const sum = (reports: TickReport[], key: keyof TickReport) => reports.reduce((n, r) => n + r[key], 0)

describe('reminder scheduler: two gateways on one PostgreSQL', () => {
  let url: string
  const schema = freshSchema()
  let a: PgStore
  let b: PgStore

  beforeAll(async () => {
    url = await testDatabaseUrl()
    // Two stores with pools of their own on one schema: two gateways' views of one database.
    a = await openPgStore(url, { schema, max: 4 })
    b = await openPgStore(url, { schema, max: 4 })
    await a.putArea(makeArea())
    // Starts 14:00 Shanghai on 2 September: the day-before reminder is due at 14:00 on the 1st.
    await a.putActivity(makeActivity({ id: LECTURE, startAt: at(30), endAt: at(32), signupClosesAt: at(29), capacity: RESIDENTS, confirmedCount: RESIDENTS, nextSeq: RESIDENTS + 1 }))
    for (let i = 1; i <= RESIDENTS; i++) {
      await a.putUser(makeUser({ id: userId(i) }))
      await a.putPerson(makePerson({ id: personId(i), ownerId: userId(i) }))
      await a.transaction(async (tx) => {
        await tx.putRegistration(makeRegistration({ activityId: LECTURE, personId: personId(i), ownerId: userId(i), createdBy: userId(i), seq: i }))
        await tx.putSubscription({ userId: userId(i), kind: 'day_before', credits: 1, updatedAt: at(0) })
        await tx.putSubscription({ userId: userId(i), kind: 'hour_before', credits: 1, updatedAt: at(0) })
      })
    }
  }, 120_000)

  afterAll(async () => {
    await a?.close()
    await b?.close()
    if (url) await dropSchema(url, schema)
  })

  it('plans each reminder once and sends each message once when both run at the same instants', async () => {
    const sentA: OutgoingMessage[] = []
    const sentB: OutgoingMessage[] = []
    const gatewayA = { store: a, notifier: slowNotifier(sentA) }
    const gatewayB = { store: b, notifier: slowNotifier(sentB) }

    // 13:30: four runs on two gateways plan the same 80 reminders at once; each is created by exactly one of them.
    const planned = await Promise.all([gatewayA, gatewayB, gatewayA, gatewayB].map((g) => runReminderTick(g, at(5.5))))
    const reminders = await a.listReminders(1000)
    expect(reminders).toHaveLength(RESIDENTS * 2)
    expect(sum(planned, 'planned')).toBe(RESIDENTS * 2)

    // 14:00: the day-before reminders are due; both runs claim from the same list.
    const due = await Promise.all([runReminderTick(gatewayA, at(6)), runReminderTick(gatewayB, at(6)), runReminderTick(gatewayA, at(6))])
    const sent = [...sentA, ...sentB]
    expect(sum(due, 'sent')).toBe(RESIDENTS)
    expect(sent).toHaveLength(RESIDENTS)
    expect(new Set(sent.map((m) => m.reminderId)).size).toBe(RESIDENTS)
    expect(sent.every((m) => m.kind === 'day_before')).toBe(true)
    // Both gateways did part of the work (the claims really raced), and neither sent a message twice.
    expect(sentA.length).toBeGreaterThan(0)
    expect(sentB.length).toBeGreaterThan(0)

    const after = await a.listReminders(1000)
    expect(after.filter((r) => r.kind === 'day_before').map((r) => [r.status, r.attempts])).toEqual(Array(RESIDENTS).fill(['sent', 1]))
    for (let i = 1; i <= RESIDENTS; i++) {
      expect((await a.listSubscriptionsByUser(userId(i))).map((s) => [s.kind, s.credits]).sort()).toEqual([['day_before', 0], ['hour_before', 1]])
    }

    // Later runs on either gateway send nothing again.
    await Promise.all([runReminderTick(gatewayA, at(7)), runReminderTick(gatewayB, at(7))])
    expect(sentA.length + sentB.length).toBe(RESIDENTS)
  }, 120_000)
})

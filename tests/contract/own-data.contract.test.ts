// The Store port's own-data and reminder methods (consents, reminders, subscriptions, link codes,
// registrations by person, account deletion), run against every adapter.
import type { Store } from '../../src/domain/ports'
import type { LinkCode } from '../../src/domain/family/link-codes'
import type { Consent } from '../../src/domain/privacy/notice'
import { reminderIdFor, type Reminder, type Subscription } from '../../src/domain/reminders/schedule'
import { registrationIdFor, type UserId } from '../../src/domain/ids'
import { activityId, at, makeRegistration, makeUser, personId, userId } from '../support/factories'
import { ADAPTERS, BEYOND_ONE_BATCH, openStoreEach } from './adapters'

const makeConsent = (o: Partial<Consent> = {}): Consent => ({ id: 'con-1', userId: userId(1), kind: 'privacy_notice', version: '2025-01', subjectId: null, at: at(0), ...o })

function makeReminder(o: Partial<Reminder> & { n?: number } = {}): Reminder {
  const { n = 1, ...rest } = o
  const registrationId = registrationIdFor(activityId(1), personId(n))
  return {
    id: reminderIdFor(rest.kind ?? 'day_before', registrationId),
    kind: 'day_before',
    registrationId,
    activityId: activityId(1),
    personId: personId(n),
    userId: userId(1),
    dueAt: at(1),
    nextAttemptAt: at(1),
    status: 'pending',
    attempts: 0,
    note: null,
    sentAt: null,
    createdAt: at(0),
    updatedAt: at(0),
    ...rest,
  }
}

const makeLinkCode = (o: Partial<LinkCode> = {}): LinkCode => ({
  id: 'lnk-0123abcd',
  personId: personId(1),
  createdBy: userId(1),
  createdAt: at(0),
  expiresAt: at(24),
  usedBy: null,
  usedAt: null,
  ...o,
})

describe.each(ADAPTERS)('Store contract (own data, reminders): $name', (adapter) => {
  let store: Store
  openStoreEach(adapter, (s) => (store = s))

  const putReminder = (m: Reminder) => store.transaction((tx) => tx.putReminder(m))

  describe('consents', () => {
    it('round-trips a consent with and without a subject, lists one user’s by time, deletes one', async () => {
      const privacy = makeConsent({ id: 'con-a', at: at(2) })
      const proxy = makeConsent({ id: 'con-b', kind: 'proxy_management', version: '1', subjectId: 'per-mother', at: at(1) })
      const someoneElse = makeConsent({ id: 'con-c', userId: userId(2) })
      for (const c of [privacy, proxy, someoneElse]) await store.putConsent(c)
      expect(await store.getConsent('con-a')).toStrictEqual(privacy)
      expect(await store.getConsent('con-missing')).toBeNull()
      expect(await store.listConsentsByUser(userId(1))).toStrictEqual([proxy, privacy])
      await store.deleteConsent('con-b')
      expect(await store.listConsentsByUser(userId(1))).toStrictEqual([privacy])
      await store.deleteConsent('con-missing')
    })

    it('overwrites a consent with the same id', async () => {
      await store.putConsent(makeConsent())
      await store.putConsent(makeConsent({ at: at(5) }))
      expect(await store.listConsentsByUser(userId(1))).toStrictEqual([makeConsent({ at: at(5) })])
    })
  })

  describe('reminders', () => {
    it('round-trips a reminder through a transaction, with nulls and with every value', async () => {
      const bare = makeReminder()
      const full = makeReminder({ n: 2, kind: 'promoted', status: 'sent', attempts: 3, note: 'errcode 45009', sentAt: at(1.5), nextAttemptAt: at(1.2), updatedAt: at(1.5) })
      await putReminder(bare)
      await putReminder(full)
      expect(await store.getReminder(bare.id)).toStrictEqual(bare)
      expect(await store.getReminder(full.id)).toStrictEqual(full)
      expect(await store.transaction((tx) => tx.getReminder(full.id))).toStrictEqual(full)
      expect(await store.getReminder('rem-none')).toBeNull()
    })

    it('lists due reminders: pending or sending, due by now, soonest first, at most the limit', async () => {
      const due1 = makeReminder({ n: 1, nextAttemptAt: at(2) })
      const due2 = makeReminder({ n: 2, nextAttemptAt: at(1), status: 'sending' })
      const dueTie = makeReminder({ n: 3, nextAttemptAt: at(2) })
      const later = makeReminder({ n: 4, nextAttemptAt: at(3) })
      const sent = makeReminder({ n: 5, nextAttemptAt: at(0), status: 'sent' })
      const failed = makeReminder({ n: 6, nextAttemptAt: at(0), status: 'failed' })
      for (const m of [later, due1, sent, dueTie, failed, due2]) await putReminder(m)
      expect((await store.listDueReminders(at(2), 10)).map((m) => m.id)).toEqual([due2.id, ...[due1.id, dueTie.id].sort()])
      expect(await store.listDueReminders(at(2), 1)).toStrictEqual([due2])
      expect(await store.listDueReminders(at(0.5), 10)).toEqual([])
    })

    it(`lists all ${BEYOND_ONE_BATCH} due reminders when asked for that many`, async () => {
      for (let i = 0; i < BEYOND_ONE_BATCH; i++) await putReminder(makeReminder({ n: i, nextAttemptAt: at(i / 100) }))
      const due = await store.listDueReminders(at(10), 500)
      expect(due).toHaveLength(BEYOND_ONE_BATCH)
      expect(new Set(due.map((m) => m.id)).size).toBe(BEYOND_ONE_BATCH)
      expect((await store.listDueReminders(at(10), 120)).length).toBe(120)
    })

    it('lists the outbox newest first and reminders by recipient', async () => {
      const a = makeReminder({ n: 1, updatedAt: at(1) })
      const b = makeReminder({ n: 2, updatedAt: at(3), userId: userId(2) })
      const c = makeReminder({ n: 3, updatedAt: at(2), createdAt: at(-1) })
      for (const m of [a, b, c]) await putReminder(m)
      expect((await store.listReminders(10)).map((m) => m.id)).toEqual([b.id, c.id, a.id])
      expect((await store.listReminders(2)).map((m) => m.id)).toEqual([b.id, c.id])
      expect(await store.listRemindersByUser(userId(1))).toStrictEqual([c, a])
    })
  })

  describe('subscriptions', () => {
    const sub = (o: Partial<Subscription> = {}): Subscription => ({ userId: userId(1), kind: 'day_before', credits: 2, updatedAt: at(0), ...o })

    it('round-trips credits per user and kind inside transactions, lists and deletes them', async () => {
      await store.transaction(async (tx) => {
        await tx.putSubscription(sub())
        await tx.putSubscription(sub({ kind: 'promoted', credits: 1 }))
        await tx.putSubscription(sub({ userId: userId(2), credits: 7 }))
      })
      expect(await store.transaction((tx) => tx.getSubscription(userId(1), 'day_before'))).toStrictEqual(sub())
      expect(await store.transaction((tx) => tx.getSubscription(userId(1), 'hour_before'))).toBeNull()
      await store.transaction((tx) => tx.putSubscription(sub({ credits: 0, updatedAt: at(1) })))
      expect(await store.listSubscriptionsByUser(userId(1))).toStrictEqual([sub({ credits: 0, updatedAt: at(1) }), sub({ kind: 'promoted', credits: 1 })])
      await store.deleteSubscription(userId(1), 'day_before')
      expect(await store.listSubscriptionsByUser(userId(1))).toStrictEqual([sub({ kind: 'promoted', credits: 1 })])
      expect(await store.listSubscriptionsByUser(userId(2))).toHaveLength(1)
    })
  })

  describe('link codes', () => {
    it('round-trips a code before and after it is used, and reads it back inside a transaction', async () => {
      await store.transaction((tx) => tx.putLinkCode(makeLinkCode()))
      expect(await store.getLinkCode('lnk-0123abcd')).toStrictEqual(makeLinkCode())
      const used = makeLinkCode({ usedBy: userId(9), usedAt: at(2) })
      await store.transaction(async (tx) => {
        expect(await tx.getLinkCode(used.id)).toStrictEqual(makeLinkCode())
        await tx.putLinkCode(used)
      })
      expect(await store.getLinkCode(used.id)).toStrictEqual(used)
      expect(await store.getLinkCode('lnk-none')).toBeNull()
    })

    it('writes no code, reminder or subscription when the work throws', async () => {
      await expect(
        store.transaction(async (tx) => {
          await tx.putLinkCode(makeLinkCode())
          await tx.putReminder(makeReminder())
          await tx.putSubscription({ userId: userId(1), kind: 'promoted', credits: 1, updatedAt: at(0) })
          throw new Error('boom')
        }),
      ).rejects.toThrow('boom')
      expect(await store.getLinkCode('lnk-0123abcd')).toBeNull()
      expect(await store.getReminder(makeReminder().id)).toBeNull()
      expect(await store.listSubscriptionsByUser(userId(1))).toEqual([])
    })
  })

  describe('registrations by person and account deletion', () => {
    it('lists every registration of one person, any status, and nobody else’s', async () => {
      const mine = [
        makeRegistration({ activityId: activityId(1), personId: personId(1), createdAt: at(1) }),
        makeRegistration({ activityId: activityId(2), personId: personId(1), status: 'cancelled', cancelledAt: at(3), createdAt: at(2) }),
        makeRegistration({ activityId: activityId(3), personId: personId(1), status: 'waitlisted', createdAt: at(3) }),
      ]
      const theirs = makeRegistration({ activityId: activityId(1), personId: personId(2) })
      await store.transaction(async (tx) => {
        for (const r of [theirs, ...mine]) await tx.putRegistration(r)
      })
      expect(await store.listRegistrationsByPerson(personId(1))).toStrictEqual(mine)
      expect(await store.listRegistrationsByPerson(personId(3))).toEqual([])
    })

    it('deletes a user and leaves the others', async () => {
      const keep = makeUser({ id: userId('keep') })
      await store.putUser(makeUser())
      await store.putUser(keep)
      await store.deleteUser(userId(1) as UserId)
      expect(await store.getUser(userId(1))).toBeNull()
      expect(await store.getUser(keep.id)).toStrictEqual(keep)
    })
  })
})

// Reminders (the outbox) and one-time subscriptions on CloudBase (ReminderRepository, ReminderTx in
// src/domain/ports.ts): collections `reminders` and `subscriptions` (mapping: cloudbase-own-data.ts).

import type { ReminderRepository, ReminderTx } from '../src/domain/ports'
import type { Subscription } from '../src/domain/reminders/schedule'
import type { Transaction } from './cloudbase-types'
import { byIdCollection, fetchRange, type CloudContext } from './cloudbase-collection'
import { fromReminder, fromSubscription, subscriptionDocId, toReminder, toSubscription } from './cloudbase-own-data'
import { msOrNull } from './cloudbase-reader'

export function cloudBaseReminders(ctx: CloudContext): { repository: ReminderRepository; tx(t: Transaction): ReminderTx } {
  const { _ } = ctx
  const reminders = byIdCollection(ctx, { collection: 'reminders', toDomain: toReminder, toDocument: fromReminder })
  const subscriptions = byIdCollection(ctx, {
    collection: 'subscriptions',
    toDomain: toSubscription,
    toDocument: fromSubscription,
    idOf: (s: Subscription) => subscriptionDocId(s.userId, s.kind),
  })
  return {
    repository: {
      getReminder: (id) => reminders.get(id),
      async listDueReminders(now, limit) {
        const nowMs = msOrNull(now)
        if (nowMs === null || limit <= 0) return []
        const query = reminders
          .query()
          .where({ status: _.in(['pending', 'sending']), nextAttemptAtMs: _.lte(nowMs) })
          .orderBy('nextAttemptAtMs', 'asc')
          .orderBy('_id', 'asc')
        return (await fetchRange(query, 0, Math.floor(limit))).map(toReminder)
      },
      async listReminders(limit) {
        if (limit <= 0) return []
        return (await fetchRange(reminders.query().orderBy('updatedAtMs', 'desc').orderBy('_id', 'desc'), 0, Math.floor(limit))).map(toReminder)
      },
      listRemindersByUser: (userId) => reminders.list(reminders.query().where({ userId }).orderBy('createdAtMs', 'asc').orderBy('_id', 'asc')),
      listSubscriptionsByUser: (userId) => subscriptions.list(subscriptions.query().where({ userId }).orderBy('kind', 'asc')),
      deleteSubscription: (userId, kind) => subscriptions.remove(subscriptionDocId(userId, kind)),
    },
    tx(t) {
      const r = reminders.inTx(t)
      const s = subscriptions.inTx(t)
      return {
        getReminder: (id) => r.get(id),
        putReminder: (m) => r.put(m),
        getSubscription: (userId, kind) => s.get(subscriptionDocId(userId, kind)),
        putSubscription: (x) => s.put(x),
      }
    },
  }
}

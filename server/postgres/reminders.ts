// The reminder outbox and one-time subscribe credits on PostgreSQL. Several gateways share them: a
// run claims a reminder inside a transaction whose by-id read locks its row, so no two send it.

import type { ReminderRepository, ReminderTx } from '../../src/domain/ports'
import type { Reminder, ReminderKind, Subscription } from '../../src/domain/reminders/schedule'
import type { UserId } from '../../src/domain/ids'
import type { Sql } from './db'
import { docTable } from './doc-table'
import { c, canonicalInstant, nonNegativeInt } from './columns'

const reminders = docTable<Reminder>({
  table: 'reminders',
  id: (r) => r.id,
  columns: {
    status: (r) => r.status,
    user_id: (r) => r.userId,
    next_attempt_at: (r) => canonicalInstant(r.nextAttemptAt),
    created_at: (r) => canonicalInstant(r.createdAt),
    updated_at: (r) => canonicalInstant(r.updatedAt),
  },
})

/** One row per (user, kind); the id says both, unambiguously. */
const subscriptionId = (userId: UserId, kind: ReminderKind): string => JSON.stringify([userId, kind])
const subscriptions = docTable<Subscription>({
  table: 'subscriptions',
  id: (s) => subscriptionId(s.userId, s.kind),
  columns: { user_id: (s) => s.userId, kind: (s) => s.kind },
})

export function pgReminders(sql: Sql): ReminderRepository {
  return {
    getReminder: (id) => reminders.get(sql, id),
    listDueReminders: (now, limit) =>
      reminders.select(
        sql,
        `WHERE status IN ('pending', 'sending') AND ${c('next_attempt_at')} <= $1 ORDER BY ${c('next_attempt_at')}, ${c('id')} LIMIT $2`,
        [canonicalInstant(now), nonNegativeInt(limit)],
      ),
    listReminders: (limit) => reminders.select(sql, `ORDER BY ${c('updated_at')} DESC, ${c('id')} DESC LIMIT $1`, [nonNegativeInt(limit)]),
    listRemindersByUser: (userId) => reminders.select(sql, `WHERE user_id = $1 ORDER BY ${c('created_at')}, ${c('id')}`, [userId]),
    listSubscriptionsByUser: (userId) => subscriptions.select(sql, `WHERE user_id = $1 ORDER BY ${c('kind')}`, [userId]),
    deleteSubscription: (userId, kind) => subscriptions.remove(sql, subscriptionId(userId, kind)),
  }
}

export function pgReminderTx(sql: Sql): ReminderTx {
  return {
    getReminder: (id) => reminders.get(sql, id),
    putReminder: (reminder) => reminders.put(sql, reminder),
    getSubscription: (userId, kind) => subscriptions.get(sql, subscriptionId(userId, kind)),
    putSubscription: (subscription) => subscriptions.put(sql, subscription),
  }
}

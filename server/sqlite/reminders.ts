// Reminders, the outbox, and one-time subscribe credits (ReminderRepository, ReminderTx in
// src/domain/ports.ts): claimed and settled inside transactions. Tables: reminders and subscriptions
// (the migration "Own-data rights and reminders").

import type { ActivityId, PersonId, RegistrationId, UserId } from '../../src/domain/ids'
import type { ReminderRepository, ReminderTx } from '../../src/domain/ports'
import { REMINDER_KINDS, REMINDER_STATUSES, type Reminder, type Subscription } from '../../src/domain/reminders/schedule'
import { canonicalInstant, nullableInstant, reader } from './rows'
import { byIdTable, guard, nonNegativeInt, upsertSql, type SqliteContext, type SyncPort } from './table'

export interface ReminderRow {
  id: string
  kind: string
  registration_id: string
  activity_id: string
  person_id: string
  user_id: string
  due_at: string
  next_attempt_at: string
  status: string
  attempts: number
  note: string | null
  sent_at: string | null
  created_at: string
  updated_at: string
}

export const reminderToRow = (m: Reminder): ReminderRow => ({
  id: m.id,
  kind: m.kind,
  registration_id: m.registrationId,
  activity_id: m.activityId,
  person_id: m.personId,
  user_id: m.userId,
  due_at: canonicalInstant(m.dueAt),
  next_attempt_at: canonicalInstant(m.nextAttemptAt),
  status: m.status,
  attempts: m.attempts,
  note: m.note,
  sent_at: nullableInstant(m.sentAt),
  created_at: canonicalInstant(m.createdAt),
  updated_at: canonicalInstant(m.updatedAt),
})

export function rowToReminder(row: ReminderRow): Reminder {
  const r = reader('reminders', row as unknown as Record<string, unknown>)
  return {
    id: r.str('id'),
    kind: r.oneOf('kind', REMINDER_KINDS),
    registrationId: r.str('registration_id') as RegistrationId,
    activityId: r.str('activity_id') as ActivityId,
    personId: r.str('person_id') as PersonId,
    userId: r.str('user_id') as UserId,
    dueAt: r.str('due_at'),
    nextAttemptAt: r.str('next_attempt_at'),
    status: r.oneOf('status', REMINDER_STATUSES),
    attempts: r.int('attempts'),
    note: r.optStr('note'),
    sentAt: r.optStr('sent_at'),
    createdAt: r.str('created_at'),
    updatedAt: r.str('updated_at'),
  }
}

export interface SubscriptionRow {
  user_id: string
  kind: string
  credits: number
  updated_at: string
}

export const subscriptionToRow = (s: Subscription): SubscriptionRow => ({
  user_id: s.userId,
  kind: s.kind,
  credits: s.credits,
  updated_at: canonicalInstant(s.updatedAt),
})

export function rowToSubscription(row: SubscriptionRow): Subscription {
  const r = reader('subscriptions', { ...row, id: `${row.user_id}/${row.kind}` } as unknown as Record<string, unknown>)
  return { userId: r.str('user_id') as UserId, kind: r.oneOf('kind', REMINDER_KINDS), credits: r.int('credits'), updatedAt: r.str('updated_at') }
}

const REMINDER_COLUMNS = [
  'id', 'kind', 'registration_id', 'activity_id', 'person_id', 'user_id', 'due_at', 'next_attempt_at', 'status', 'attempts', 'note',
  'sent_at', 'created_at', 'updated_at',
] as const satisfies readonly (keyof ReminderRow)[]
const SUBSCRIPTION_COLUMNS = ['user_id', 'kind', 'credits', 'updated_at'] as const satisfies readonly (keyof SubscriptionRow)[]

export function sqliteReminders(ctx: SqliteContext): { repository: ReminderRepository; tx: SyncPort<ReminderTx> } {
  const { db } = ctx
  const reminders = byIdTable(db, { table: 'reminders', columns: REMINDER_COLUMNS, toRow: reminderToRow, fromRow: rowToReminder })
  const due = reminders.query<[string, number]>(`WHERE status IN ('pending', 'sending') AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`)
  const latest = reminders.query<[number]>('ORDER BY updated_at DESC, id DESC LIMIT ?')
  const byUser = reminders.query<[string]>('WHERE user_id = ? ORDER BY created_at, id')
  // Subscriptions are keyed by (user, kind), not by id.
  const subscriptionColumns = SUBSCRIPTION_COLUMNS.join(', ')
  const getSubscription = db.prepare<[string, string], SubscriptionRow>(`SELECT ${subscriptionColumns} FROM subscriptions WHERE user_id = ? AND kind = ?`)
  const putSubscription = db.prepare<[SubscriptionRow]>(upsertSql('subscriptions', SUBSCRIPTION_COLUMNS, ['user_id', 'kind']))
  const subscriptionsByUser = db.prepare<[string], SubscriptionRow>(`SELECT ${subscriptionColumns} FROM subscriptions WHERE user_id = ? ORDER BY kind`)
  const deleteSubscription = db.prepare<[string, string]>('DELETE FROM subscriptions WHERE user_id = ? AND kind = ?')
  return {
    repository: {
      getReminder: async (id) => reminders.get(id),
      listDueReminders: async (now, limit) => reminders.all(due, canonicalInstant(now), nonNegativeInt(limit)),
      listReminders: async (limit) => reminders.all(latest, nonNegativeInt(limit)),
      listRemindersByUser: async (userId) => reminders.all(byUser, userId),
      listSubscriptionsByUser: async (userId) => guard(() => subscriptionsByUser.all(userId)).map(rowToSubscription),
      deleteSubscription: (userId, kind) => ctx.write('deleteSubscription', () => deleteSubscription.run(userId, kind)),
    },
    tx: {
      getReminder: (id) => reminders.get(id),
      putReminder: (reminder) => reminders.put(reminder),
      getSubscription: (userId, kind) => {
        const row = guard(() => getSubscription.get(userId, kind))
        return row ? rowToSubscription(row) : null
      },
      putSubscription: (subscription) => {
        const row = subscriptionToRow(subscription)
        guard(() => putSubscription.run(row))
      },
    },
  }
}

// SQLite statements for own-data rights and reminders: consents, the reminder outbox, one-time
// subscribe credits and link codes (rows and their mapping are in rows.ts; tables: the migration
// "Own-data rights and reminders" in migrations.ts).

import type Database from 'better-sqlite3'
import type { ConsentRow, LinkCodeRow, ReminderRow, SubscriptionRow, RegistrationRow } from './rows'

const CONSENT_COLUMNS = 'id, user_id, kind, version, subject_id, at'
const REMINDER_COLUMNS =
  'id, kind, registration_id, activity_id, person_id, user_id, due_at, next_attempt_at, status, attempts, note, sent_at, created_at, updated_at'
const LINK_CODE_COLUMNS = 'id, person_id, created_by, created_at, expires_at, used_by, used_at'
const REGISTRATION_COLUMNS =
  'id, activity_id, person_id, owner_id, created_by, status, seq, created_at, updated_at, cancelled_at, promoted_at, walk_in, attendance, checked_in_at, checked_out_at'

const upsert = (table: string, columns: string, key: string): string => {
  const cols = columns.split(', ')
  const keys = key.split(', ')
  return `INSERT INTO ${table} (${columns}) VALUES (${cols.map((c) => `@${c}`).join(', ')})
    ON CONFLICT (${key}) DO UPDATE SET ${cols.filter((c) => !keys.includes(c)).map((c) => `${c} = excluded.${c}`).join(', ')}`
}

export function prepareOwnDataStatements(db: Database.Database) {
  return {
    deleteUser: db.prepare<[string]>('DELETE FROM users WHERE id = ?'),
    listRegistrationsByPerson: db.prepare<[string], RegistrationRow>(
      `SELECT ${REGISTRATION_COLUMNS} FROM registrations WHERE person_id = ? ORDER BY created_at, id`,
    ),

    getConsent: db.prepare<[string], ConsentRow>(`SELECT ${CONSENT_COLUMNS} FROM consents WHERE id = ?`),
    putConsent: db.prepare<[ConsentRow]>(upsert('consents', CONSENT_COLUMNS, 'id')),
    listConsentsByUser: db.prepare<[string], ConsentRow>(`SELECT ${CONSENT_COLUMNS} FROM consents WHERE user_id = ? ORDER BY at, id`),
    deleteConsent: db.prepare<[string]>('DELETE FROM consents WHERE id = ?'),

    getReminder: db.prepare<[string], ReminderRow>(`SELECT ${REMINDER_COLUMNS} FROM reminders WHERE id = ?`),
    putReminder: db.prepare<[ReminderRow]>(upsert('reminders', REMINDER_COLUMNS, 'id')),
    listDueReminders: db.prepare<[string, number], ReminderRow>(
      `SELECT ${REMINDER_COLUMNS} FROM reminders
       WHERE status IN ('pending', 'sending') AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`,
    ),
    listReminders: db.prepare<[number], ReminderRow>(`SELECT ${REMINDER_COLUMNS} FROM reminders ORDER BY updated_at DESC, id DESC LIMIT ?`),
    listRemindersByUser: db.prepare<[string], ReminderRow>(`SELECT ${REMINDER_COLUMNS} FROM reminders WHERE user_id = ? ORDER BY created_at, id`),

    getSubscription: db.prepare<[string, string], SubscriptionRow>('SELECT user_id, kind, credits, updated_at FROM subscriptions WHERE user_id = ? AND kind = ?'),
    putSubscription: db.prepare<[SubscriptionRow]>(upsert('subscriptions', 'user_id, kind, credits, updated_at', 'user_id, kind')),
    listSubscriptionsByUser: db.prepare<[string], SubscriptionRow>('SELECT user_id, kind, credits, updated_at FROM subscriptions WHERE user_id = ? ORDER BY kind'),
    deleteSubscription: db.prepare<[string, string]>('DELETE FROM subscriptions WHERE user_id = ? AND kind = ?'),

    getLinkCode: db.prepare<[string], LinkCodeRow>(`SELECT ${LINK_CODE_COLUMNS} FROM link_codes WHERE id = ?`),
    putLinkCode: db.prepare<[LinkCodeRow]>(upsert('link_codes', LINK_CODE_COLUMNS, 'id')),
  }
}

export type OwnDataStatements = ReturnType<typeof prepareOwnDataStatements>

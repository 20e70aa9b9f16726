// CloudBase documents of own-data rights and reminders: `consents`, `reminders` (the outbox),
// `subscriptions` (one-time subscribe credits, id `<userId>:<kind>`) and `linkCodes` (id = digest).
// Instants used for ordering or ranges carry an epoch-ms twin (`…Ms`), as activities do.

import type { ActivityId, PersonId, RegistrationId, UserId } from '../src/domain/ids'
import type { LinkCode } from '../src/domain/family/link-codes'
import { CONSENT_KINDS, type Consent } from '../src/domain/privacy/notice'
import { REMINDER_KINDS, REMINDER_STATUSES, type Reminder, type ReminderKind, type Subscription } from '../src/domain/reminders/schedule'
import { ms } from '../src/domain/time'
import type { CloudDocument, DocData } from './cloudbase-types'
import { msOrNull, reader } from './cloudbase-reader'

export const subscriptionDocId = (userId: UserId, kind: ReminderKind): string => `${userId}:${kind}`

export function toConsent(doc: CloudDocument): Consent {
  const r = reader('consents', doc)
  return { id: r.id(), userId: r.str('userId') as UserId, kind: r.oneOf('kind', CONSENT_KINDS), version: r.str('version'), subjectId: r.strOrNull('subjectId'), at: r.str('at') }
}

export const fromConsent = (c: Consent): DocData => ({ userId: c.userId, kind: c.kind, version: c.version, subjectId: c.subjectId, at: c.at, atMs: msOrNull(c.at) })

export function toReminder(doc: CloudDocument): Reminder {
  const r = reader('reminders', doc)
  return {
    id: r.id(),
    kind: r.oneOf('kind', REMINDER_KINDS),
    registrationId: r.str('registrationId') as RegistrationId,
    activityId: r.str('activityId') as ActivityId,
    personId: r.str('personId') as PersonId,
    userId: r.str('userId') as UserId,
    dueAt: r.str('dueAt'),
    nextAttemptAt: r.str('nextAttemptAt'),
    status: r.oneOf('status', REMINDER_STATUSES),
    attempts: r.num('attempts'),
    note: r.strOrNull('note'),
    sentAt: r.strOrNull('sentAt'),
    createdAt: r.str('createdAt'),
    updatedAt: r.str('updatedAt'),
  }
}

export const fromReminder = (m: Reminder): DocData => ({
  kind: m.kind,
  registrationId: m.registrationId,
  activityId: m.activityId,
  personId: m.personId,
  userId: m.userId,
  dueAt: m.dueAt,
  nextAttemptAt: m.nextAttemptAt,
  nextAttemptAtMs: msOrNull(m.nextAttemptAt),
  status: m.status,
  attempts: m.attempts,
  note: m.note,
  sentAt: m.sentAt,
  createdAt: m.createdAt,
  createdAtMs: msOrNull(m.createdAt),
  updatedAt: m.updatedAt,
  updatedAtMs: msOrNull(m.updatedAt),
})

export function toSubscription(doc: CloudDocument): Subscription {
  const r = reader('subscriptions', doc)
  return { userId: r.str('userId') as UserId, kind: r.oneOf('kind', REMINDER_KINDS), credits: r.num('credits'), updatedAt: r.str('updatedAt') }
}

export const fromSubscription = (s: Subscription): DocData => ({ userId: s.userId, kind: s.kind, credits: s.credits, updatedAt: s.updatedAt })

export function toLinkCode(doc: CloudDocument): LinkCode {
  const r = reader('linkCodes', doc)
  return {
    id: r.id(),
    personId: r.str('personId') as PersonId,
    createdBy: r.str('createdBy') as UserId,
    createdAt: r.str('createdAt'),
    expiresAt: r.str('expiresAt'),
    usedBy: r.strOrNull('usedBy') as UserId | null,
    usedAt: r.strOrNull('usedAt'),
  }
}

export const fromLinkCode = (c: LinkCode): DocData => ({
  personId: c.personId,
  createdBy: c.createdBy,
  createdAt: c.createdAt,
  expiresAt: c.expiresAt,
  usedBy: c.usedBy,
  usedAt: c.usedAt,
})

/** Orders reminders as the outbox lists them: updatedAt descending, then id descending. */
export const newestFirst = (a: Reminder, b: Reminder): number =>
  ms(b.updatedAt) - ms(a.updatedAt) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)

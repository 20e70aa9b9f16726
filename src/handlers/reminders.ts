// Cloud function `reminders`: one-time subscribe messages (what the user accepted), the outbox for
// admins, and a manual scheduler run. The timer trigger calls runReminderTick directly (cloud/entry.ts).

import { schemas } from '../domain/contracts'
import type { UserId } from '../domain/ids'
import {
  REMINDER_KIND_LABELS,
  REMINDER_KINDS,
  REMINDER_NOTE_LABELS,
  REMINDER_STATUS_LABELS,
  SUBSCRIPTION_CREDITS_MAX,
  type ReminderKind,
  type ReminderStatus,
} from '../domain/reminders/schedule'
import { outboxNotifier, runReminderTick, type TickReport } from './reminder-scheduler'
import { DELETED_PERSON_NAME } from './views'
import { action, userOf } from './table'

const OUTBOX_DEFAULT_LIMIT = 200

export interface ReminderInfoView {
  /** `outbox` locally (messages are recorded, never leave the machine), `wechat` in the cloud. */
  readonly channel: 'outbox' | 'wechat'
  /** Template ids for wx.requestSubscribeMessage; null where none is configured. */
  readonly templates: Record<ReminderKind, string | null>
  readonly credits: Record<ReminderKind, number>
}

export interface OutboxEntryView {
  readonly id: string
  readonly kind: ReminderKind
  readonly kindLabel: string
  readonly status: ReminderStatus
  readonly statusLabel: string
  readonly note: string | null
  readonly attempts: number
  readonly dueAt: string
  readonly nextAttemptAt: string
  readonly sentAt: string | null
  readonly updatedAt: string
  readonly activityTitle: string
  readonly startAt: string | null
  readonly personName: string
  readonly recipientName: string
}

const emptyCounts = (): Record<ReminderKind, number> => ({ day_before: 0, hour_before: 0, promoted: 0, notice: 0 })

export const remindersHandlers = {
  info: action({
    access: 'signedIn',
    input: schemas.reminders.info,
    run: async (_input, ctx): Promise<ReminderInfoView> => {
      const notifier = ctx.deps.notifier ?? outboxNotifier
      const credits = emptyCounts()
      for (const s of await ctx.deps.store.listSubscriptionsByUser(userOf(ctx).id)) credits[s.kind] = s.credits
      const templates = Object.fromEntries(REMINDER_KINDS.map((k) => [k, notifier.templates[k] ?? null])) as Record<ReminderKind, string | null>
      return { channel: notifier.channel, templates, credits }
    },
  }),
  subscribe: action({
    access: 'signedIn',
    input: schemas.reminders.subscribe,
    /** Each accepted one-time subscription is one message of that kind. */
    run: async (input, ctx): Promise<{ credits: Record<ReminderKind, number> }> => {
      const { store, clock } = ctx.deps
      const user = userOf(ctx)
      const now = clock.now()
      const kinds = [...new Set(input.accepted)]
      await store.transaction(async (tx) => {
        for (const kind of kinds) {
          const current = await tx.getSubscription(user.id, kind)
          const credits = Math.min((current?.credits ?? 0) + 1, SUBSCRIPTION_CREDITS_MAX)
          await tx.putSubscription({ userId: user.id, kind, credits, updatedAt: now })
        }
      })
      const credits = emptyCounts()
      for (const s of await store.listSubscriptionsByUser(user.id)) credits[s.kind] = s.credits
      return { credits }
    },
  }),
  outbox: action({
    access: ['admin'],
    input: schemas.reminders.outbox,
    run: async (input, ctx): Promise<OutboxEntryView[]> => {
      const { store } = ctx.deps
      const reminders = await store.listReminders(input.limit ?? OUTBOX_DEFAULT_LIMIT)
      const activities = new Map((await store.getActivities([...new Set(reminders.map((r) => r.activityId))])).map((a) => [a.id as string, a]))
      const persons = new Map((await store.getPersons(reminders.map((r) => r.personId))).map((p) => [p.id as string, p.name]))
      const userIds = [...new Set(reminders.map((r) => r.userId as string))]
      const users = new Map((await Promise.all(userIds.map((id) => store.getUser(id as UserId)))).flatMap((u) => (u ? [[u.id as string, u.displayName] as const] : [])))
      return reminders.map((r) => {
        const a = activities.get(r.activityId)
        return {
          id: r.id,
          kind: r.kind,
          kindLabel: REMINDER_KIND_LABELS[r.kind],
          status: r.status,
          statusLabel: REMINDER_STATUS_LABELS[r.status],
          note: r.note === null ? null : (REMINDER_NOTE_LABELS[r.note] ?? r.note),
          attempts: r.attempts,
          dueAt: r.dueAt,
          nextAttemptAt: r.nextAttemptAt,
          sentAt: r.sentAt,
          updatedAt: r.updatedAt,
          activityTitle: a?.title ?? '（活动已删除）',
          startAt: a?.startAt ?? null,
          personName: persons.get(r.personId) ?? DELETED_PERSON_NAME,
          recipientName: users.get(r.userId) ?? '（已注销）',
        }
      })
    },
  }),
  run: action({
    access: ['admin'],
    input: schemas.reminders.run,
    run: async (_input, ctx): Promise<TickReport> => runReminderTick(ctx.deps, ctx.deps.clock.now()),
  }),
}

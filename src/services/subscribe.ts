// Asking for one-time subscribe messages at sign-up. Taro resolves './subscribe' to subscribe.weapp.ts
// or subscribe.h5.ts; this file is the shared interface and the fallback. WeChat requires the request
// to come straight from a tap, so callers invoke it first thing in the tap handler.

import type { ReminderKind } from '../domain/reminders/schedule'

/** Template ids per kind, from `reminders.info` (null where none is configured). */
export type TemplateIds = Record<ReminderKind, string | null>

/**
 * Asks for the given kinds and resolves with those the user accepted. `wanted` is the explicit
 * choice on the page (the H5 checkbox); in WeChat the platform's own dialog is the choice.
 */
export async function requestReminders(_templates: TemplateIds | null, kinds: readonly ReminderKind[], wanted: boolean): Promise<ReminderKind[]> {
  return wanted ? [...kinds] : []
}

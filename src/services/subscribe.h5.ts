// H5: there is no WeChat subscribe dialog; the checkbox on the page is the explicit choice, and the
// local server puts every message in the outbox instead of sending it.


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

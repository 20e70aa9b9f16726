// Tables of the ledger ports (facts, plans, indicators, corrections) and the ports kept beside the
// Store (drafts, staff, feedback, wishes, posters). See migrations.ts for the conventions.
import type { Migration } from './migrations'

export const LEDGER_MIGRATIONS: readonly Migration[] = []

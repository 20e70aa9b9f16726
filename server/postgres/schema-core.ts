// Tables of the core ports (accounts, sessions, areas, activities, persons, registrations, check-ins,
// reminders, courses). See migrations.ts for the conventions.
import type { Migration } from './migrations'

export const CORE_MIGRATIONS: readonly Migration[] = []

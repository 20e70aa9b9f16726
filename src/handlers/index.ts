import { activitiesHandlers } from './activities'
import { catalogHandlers } from './catalog'
import { checkinHandlers } from './checkin'
import { ledgerHandlers } from './ledger'
import { personsHandlers } from './persons'
import { registrationsHandlers } from './registrations'
import { sessionHandlers } from './session'
import type { HandlerTable } from './table'

/** One handler table per cloud function; the cloud entries and the local gateway both dispatch into these. */
export const FUNCTIONS = {
  session: sessionHandlers,
  catalog: catalogHandlers,
  activities: activitiesHandlers,
  persons: personsHandlers,
  registrations: registrationsHandlers,
  checkin: checkinHandlers,
  ledger: ledgerHandlers,
} satisfies Record<string, HandlerTable>

export type FunctionsTable = typeof FUNCTIONS
export type FunctionName = keyof FunctionsTable
export { dispatch, type Reply } from './dispatch'

import { accountHandlers } from './account'
import { activitiesHandlers } from './activities'
import { activityAdminHandlers } from './activity-admin'
import { catalogHandlers } from './catalog'
import { checkinHandlers } from './checkin'
import { coursesHandlers } from './courses'
import { ledgerHandlers } from './ledger'
import { personsHandlers } from './persons'
import { registrationsHandlers } from './registrations'
import { remindersHandlers } from './reminders'
import { sessionHandlers } from './session'
import { staffHandlers } from './staff'
import { uploadsHandlers } from './uploads'
import { feedbackHandlers } from './feedback'
import { wishesHandlers } from './wishes'
import type { HandlerTable } from './table'

/** One handler table per cloud function; the cloud entries and the local gateway both dispatch into these. */
export const FUNCTIONS = {
  session: sessionHandlers,
  catalog: catalogHandlers,
  // Residents' reading and the organizer's publishing side share the `activities` function.
  activities: { ...activitiesHandlers, ...activityAdminHandlers },
  persons: personsHandlers,
  registrations: registrationsHandlers,
  checkin: checkinHandlers,
  account: accountHandlers,
  reminders: remindersHandlers,
  ledger: ledgerHandlers,
  courses: coursesHandlers,
  staff: staffHandlers,
  uploads: uploadsHandlers,
  feedback: feedbackHandlers,
  wishes: wishesHandlers,
} satisfies Record<string, HandlerTable>

export type FunctionsTable = typeof FUNCTIONS
export type FunctionName = keyof FunctionsTable
export { dispatch, type Reply } from './dispatch'

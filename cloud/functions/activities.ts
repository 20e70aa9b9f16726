// Cloud function `activities`: bundled by scripts/build-functions.mjs into cloudfunctions/activities/index.js.
import { activitiesHandlers } from '../../src/handlers/activities'
import { activityAdminHandlers } from '../../src/handlers/activity-admin'
import { makeMain } from '../entry'

export const main = makeMain('activities', { ...activitiesHandlers, ...activityAdminHandlers })

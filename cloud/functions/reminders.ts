// Cloud function `reminders`: bundled by scripts/build-functions.mjs into cloudfunctions/reminders/index.js.
import { remindersHandlers } from '../../src/handlers/reminders'
import { makeMain } from '../entry'

export const main = makeMain('reminders', remindersHandlers)

// Cloud function `reminders`: bundled by scripts/build-functions.mjs into cloudfunctions/reminders/index.js.
import { makeMain } from '../entry'

export const main = makeMain('reminders')

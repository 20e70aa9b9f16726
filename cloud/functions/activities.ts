// Cloud function `activities`: bundled by scripts/build-functions.mjs into cloudfunctions/activities/index.js.
import { makeMain } from '../entry'

export const main = makeMain('activities')

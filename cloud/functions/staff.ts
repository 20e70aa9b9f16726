// Cloud function `staff`: bundled by scripts/build-functions.mjs into cloudfunctions/staff/index.js.
import { makeMain } from '../entry'

export const main = makeMain('staff')

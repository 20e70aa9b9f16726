// Cloud function `staff`: bundled by scripts/build-functions.mjs into cloudfunctions/staff/index.js.
import { staffHandlers } from '../../src/handlers/staff'
import { makeMain } from '../entry'

export const main = makeMain('staff', staffHandlers)

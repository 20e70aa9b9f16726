// Cloud function `registrations`: bundled by scripts/build-functions.mjs into cloudfunctions/registrations/index.js.
import { registrationsHandlers } from '../../src/handlers/registrations'
import { makeMain } from '../entry'

export const main = makeMain('registrations', registrationsHandlers)

// Cloud function `session`: bundled by scripts/build-functions.mjs into cloudfunctions/session/index.js.
import { sessionHandlers } from '../../src/handlers/session'
import { makeMain } from '../entry'

export const main = makeMain('session', sessionHandlers)

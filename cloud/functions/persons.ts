// Cloud function `persons`: bundled by scripts/build-functions.mjs into cloudfunctions/persons/index.js.
import { personsHandlers } from '../../src/handlers/persons'
import { makeMain } from '../entry'

export const main = makeMain('persons', personsHandlers)

// Cloud function `persons`: bundled by scripts/build-functions.mjs into cloudfunctions/persons/index.js.
import { makeMain } from '../entry'

export const main = makeMain('persons')

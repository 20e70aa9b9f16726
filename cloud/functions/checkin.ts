// Cloud function `checkin`: bundled by scripts/build-functions.mjs into cloudfunctions/checkin/index.js.
import { makeMain } from '../entry'

export const main = makeMain('checkin')

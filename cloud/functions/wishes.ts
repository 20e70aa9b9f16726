// Cloud function `wishes`: bundled by scripts/build-functions.mjs into cloudfunctions/wishes/index.js.
import { makeMain } from '../entry'

export const main = makeMain('wishes')

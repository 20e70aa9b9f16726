// Cloud function `catalog`: bundled by scripts/build-functions.mjs into cloudfunctions/catalog/index.js.
import { makeMain } from '../entry'

export const main = makeMain('catalog')

// Cloud function `catalog`: bundled by scripts/build-functions.mjs into cloudfunctions/catalog/index.js.
import { catalogHandlers } from '../../src/handlers/catalog'
import { makeMain } from '../entry'

export const main = makeMain('catalog', catalogHandlers)

// Cloud function `wishes`: bundled by scripts/build-functions.mjs into cloudfunctions/wishes/index.js.
import { wishesHandlers } from '../../src/handlers/wishes'
import { makeMain } from '../entry'

export const main = makeMain('wishes', wishesHandlers)

// Cloud function `feedback`: bundled by scripts/build-functions.mjs into cloudfunctions/feedback/index.js.
import { makeMain } from '../entry'

export const main = makeMain('feedback')

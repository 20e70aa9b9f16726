// Cloud function `courses`: bundled by scripts/build-functions.mjs into cloudfunctions/courses/index.js.
import { makeMain } from '../entry'

export const main = makeMain('courses')
